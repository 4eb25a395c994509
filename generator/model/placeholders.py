"""Text a scaffold writes for an editor to replace, and how to spot it.

``safety-center new ...`` and ``init`` write "TODO" where a fact or a sentence is
needed and a placeholder address where a source is; ``check`` reports either in
anything that is not a draft (rule ``placeholder-left``), so none reaches a parent.
"""

from __future__ import annotations

import re

#: The marker a scaffold writes where an editor still has to write something.
TODO = "TODO"
#: The source address a scaffold writes; never a real page.
PLACEHOLDER_URL = "https://example.org/replace-me"

_TODO_WORD = re.compile(rf"\b{TODO}\b")


def placeholder_in(text: str) -> str | None:
    """The scaffold text ``text`` still holds ("TODO" or the placeholder address), if any.

    >>> placeholder_in("TODO: name of the safeguard"), placeholder_in("See https://example.org/replace-me")
    ('TODO', 'https://example.org/replace-me')
    >>> placeholder_in("Todos los padres") is None
    True
    """
    if PLACEHOLDER_URL in text:
        return PLACEHOLDER_URL
    if _TODO_WORD.search(text):
        return TODO
    return None
