"""A locale's catalog: the translators' gettext entries, read with Babel.

A ``LocaleCatalog`` answers "what is this string in my language?" for records
(looked up by message context) and for templates (gettext callables). Each string
is looked up in the project's catalog first, then in the interface catalog the
package ships for the locale (the words of its templates and code), entry by entry
(message context + msgid). A string that is missing, empty or fuzzy in both falls
back to the source text and counts as untranslated: fuzzy entries are never
shipped as translations.
"""

from __future__ import annotations

import functools
import gettext
import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.support import NullTranslations, Translations

from .findings import SourceLocation

CATALOG_DOMAIN = "messages"

#: The placeholder ngettext fills with the count (``%(num)d safeguards``).
COUNT_PLACEHOLDER = "num"

#: The numbers over which two plural rules are compared, and single-number forms found.
PLURAL_SAMPLE = range(0, 1001)

_NAMED = re.compile(r"%\((\w+)\)[#0\- +]*(?:\d+)?(?:\.\d+)?[diouxXeEfFgGcrsa]")
_POSITIONAL = re.compile(r"%(?!\()[#0\- +]*(?:\d+)?(?:\.\d+)?[diouxXeEfFgGcrsa]")
_BRACE = re.compile(r"(?<!\{)\{([A-Za-z_][\w.]*)\}(?!\})")


def named_placeholders(text: str) -> set[str]:
    """The names of the %-style placeholders in a string: "%(age)s år" -> {"age"}.

    >>> sorted(named_placeholders("%(num)d of %(total)d, 100%%"))
    ['num', 'total']
    """
    return set(_NAMED.findall(text.replace("%%", "")))


def positional_placeholders(text: str) -> int:
    """How many unnamed %-placeholders (%s, %d) a string has."""
    return len(_POSITIONAL.findall(text.replace("%%", "")))


def brace_placeholders(text: str) -> set[str]:
    """The names of the {name} placeholders in a string ("{{" and "}}" are literal braces)."""
    return set(_BRACE.findall(text))


@functools.cache
def plural_function(expression: str):
    """gettext's plural expression as a function of n (the standard library's safe parser)."""
    return gettext.c2py(expression)


def single_number_forms(plural: str | Callable[[int], int]) -> frozenset[int]:
    """The plural form indexes that cover exactly one number (in 0..1000), for an expression or function.

    Only these may leave out the count: Arabic's zero, one and two; English's one.

    >>> sorted(single_number_forms("(n != 1)"))
    [0]
    """
    function = plural_function(plural) if isinstance(plural, str) else plural
    counts = Counter(function(n) for n in PLURAL_SAMPLE)
    return frozenset(index for index, count in counts.items() if count == 1)


def catalog_path(locales_dir: Path, locale: str) -> Path:
    """Where a locale's catalog lives: locales/<locale>/LC_MESSAGES/messages.po.

    >>> catalog_path(Path("locales"), "nb").as_posix()
    'locales/nb/LC_MESSAGES/messages.po'
    """
    return locales_dir / locale / "LC_MESSAGES" / f"{CATALOG_DOMAIN}.po"


def is_usable(message: Message | None) -> bool:
    """Whether an entry is a translation to show: present, not fuzzy, every form filled in."""
    if message is None or message.fuzzy or not message.id:
        return False
    if isinstance(message.string, (tuple, list)):
        return all(message.string)
    return bool(message.string)


@dataclass
class LocaleCatalog:
    """One locale's translations: the project's catalog over the package's interface catalog.

    The default locale's project catalog holds only what the project overrides (often nothing).
    """

    locale: str
    catalog: Catalog
    file: str | None = None  # project-relative path of the .po file, if there is one
    #: The line of each header field in the .po file ("Plural-Forms" -> 19), for findings.
    header_lines: dict[str, int] = field(default_factory=dict)
    #: The interface words the package ships for this locale, if it ships them (read only).
    interface: Catalog | None = None

    @classmethod
    def empty(cls, locale: str, file: str | None = None, interface: Catalog | None = None) -> LocaleCatalog:
        return cls(locale, Catalog(locale=locale, domain=CATALOG_DOMAIN), file, interface=interface)

    def entry(self, msgid: str, context: str | None) -> Message | None:
        """The project's own entry (where a translator edits it), if it has one."""
        return self.catalog.get(msgid, context=context)

    def _usable(self, msgid: str, context: str | None) -> Message | None:
        """The entry that is shown: the project's when usable, else the package's when usable."""
        own = self.entry(msgid, context)
        if is_usable(own):
            return own
        shipped = self.interface.get(msgid, context=context) if self.interface is not None else None
        return shipped if is_usable(shipped) else None

    def is_translated(self, msgid: str, context: str | None) -> bool:
        """Whether the project or the package has a usable (non-empty, non-fuzzy) translation."""
        return self._usable(msgid, context) is not None

    def gettext(self, msgid: str, context: str | None) -> str:
        """The translation of a string, or the source text when there is none."""
        message = self._usable(msgid, context)
        if message is None:
            return msgid
        string = message.string
        if isinstance(string, (tuple, list)):
            return str(string[0])
        return string or msgid

    def translations(self) -> NullTranslations:
        """gettext callables for templates (compiled in memory, fuzzy left out), project entries first."""
        shown = self._shown_catalog()
        if not len(shown):
            return NullTranslations()
        buffer = io.BytesIO()
        write_mo(buffer, shown, use_fuzzy=False)
        buffer.seek(0)
        return Translations(buffer, domain=CATALOG_DOMAIN)

    def _shown_catalog(self) -> Catalog:
        """The package's usable entries overlaid with the project's usable ones, under the project's header."""
        if self.interface is None:
            return self.catalog
        shown = Catalog(locale=self.locale, domain=CATALOG_DOMAIN)
        # The plural rule a translator wrote in the project's file wins (check reports a bad one).
        shown.mime_headers = (self.catalog if "Plural-Forms" in self.header_lines else self.interface).mime_headers
        for source in (self.catalog, self.interface):  # Babel keeps the first string added for a key
            for message in source:
                if is_usable(message) and shown.get(message.id, context=message.context) is None:
                    shown[message.id] = Message(message.id, message.string, context=message.context)
        return shown

    def location_of(self, msgid: str, context: str | None) -> SourceLocation:
        """Where an entry is in the .po file (its first line), or the file's top."""
        message = self.entry(msgid, context)
        line = getattr(message, "lineno", None) or 1
        return SourceLocation(self.file or "", line)
