"""Which locale codes name a language: CLDR's (through Babel), asked without an exception leaking out."""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError
from babel.localedata import locale_identifiers


def is_known_language(code: str) -> bool:
    """Whether Babel has data for ``code`` ("sv", "pt_BR": yes; "xx", "qq_ZZ": no).

    >>> is_known_language("nb"), is_known_language("xx")
    (True, False)
    """
    try:
        Locale.parse(code)
    except (ValueError, TypeError, UnknownLocaleError):
        return False
    return True


@functools.cache
def known_language_codes() -> tuple[str, ...]:
    """Every locale code CLDR has data for, for "did you mean" hints."""
    return tuple(sorted(locale_identifiers()))
