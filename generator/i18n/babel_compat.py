"""Babel's known gaps, worked around in one place, each naming its upstream report.

Checked against Babel 2.18.0. When Babel fixes one, its function here goes (and the
test that pins the behaviour tells us). One workaround lives lower down because the
loader needs it and may not import from here: ``load.catalogs.lint_po`` covers
python-babel/babel#1151 (``read_po`` accepts a string without its closing quote and
drops its last character; the fix is an open pull request).
"""

from __future__ import annotations

from babel.messages.catalog import Catalog
from babel.messages.pofile import normalize


def drop_reviewed_previous_texts(catalog: Catalog) -> None:
    """Forget the ``#|`` previous texts of entries that are no longer fuzzy.

    ``read_po`` does not parse previous-string comments (python-babel/babel#206, open):
    it reads ``#| msgid "..."`` back as a translator comment, "| msgid ...", which
    ``write_po`` then writes as "# | msgid ...". On an entry that is not fuzzy the
    translator has reviewed the change, so the text is dropped, as PO editors do when
    the fuzzy flag is cleared; ``Catalog.update`` sets ``previous_id`` again where
    an entry becomes fuzzy.
    """
    for message in catalog:
        message.user_comments = [c for c in message.user_comments if not c.startswith("| ")]


def drop_revived_obsolete(catalog: Catalog) -> None:
    """Drop obsolete (``#~``) entries whose message is active again after ``Catalog.update``.

    Babel 2.18.0 keeps an obsolete entry even when the template brings the same msgid and
    context back; ``msgfmt`` and Poedit then reject the file with "duplicate message
    definition" (reported against ``pybabel update`` as python-babel/flask-babel#188; no
    python-babel/babel issue found). The active entry is the one that counts.
    """
    for key, message in list(catalog.obsolete.items()):
        if catalog.get(message.id, context=message.context) is not None:
            del catalog.obsolete[key]


def with_sound_previous_ids(text: str, catalog: Catalog, width: int) -> str:
    """Rewrite the ``#|`` previous-msgid lines that ``write_po(include_previous=True)`` writes.

    Babel 2.18.0 wraps them like prose comments (the comment wrapping python-babel/babel#865
    describes), which can split a quoted string across lines; GNU gettext, Poedit and
    Weblate then reject the file. Each run of ``#|`` lines belongs, in order, to the next
    message that has a previous msgid; it is written again with the PO string wrapping.
    """
    messages = iter([m for m in catalog if m.id and m.previous_id])
    lines, out, i = text.split("\n"), [], 0
    while i < len(lines):
        if not lines[i].startswith("#| "):
            out.append(lines[i])
            i += 1
            continue
        while i < len(lines) and lines[i].startswith("#| "):
            i += 1
        previous = next(messages).previous_id
        out.append(f"#| msgid {normalize(previous[0], prefix='#| ', width=width)}")
        if len(previous) > 1:
            out.append(f"#| msgid_plural {normalize(previous[1], prefix='#| ', width=width)}")
    return "\n".join(out)
