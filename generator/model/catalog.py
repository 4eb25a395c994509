"""A locale's catalog: the translators' gettext entries, read with Babel.

A ``LocaleCatalog`` answers "what is this string in my language?" for records
(looked up by message context) and for templates (gettext callables). A string
that is missing, empty or fuzzy falls back to the source text and counts as
untranslated: fuzzy entries are never shipped as translations.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.support import NullTranslations, Translations

from .findings import SourceLocation

CATALOG_DOMAIN = "messages"


def catalog_path(locales_dir: Path, locale: str) -> Path:
    """Where a locale's catalog lives: locales/<locale>/LC_MESSAGES/messages.po."""
    return locales_dir / locale / "LC_MESSAGES" / f"{CATALOG_DOMAIN}.po"


@dataclass
class LocaleCatalog:
    """One locale's translations. The default locale's catalog is empty: it is the source."""

    locale: str
    catalog: Catalog
    file: str | None = None  # project-relative path of the .po file, if there is one

    @classmethod
    def empty(cls, locale: str, file: str | None = None) -> "LocaleCatalog":
        return cls(locale, Catalog(locale=locale, domain=CATALOG_DOMAIN), file)

    def entry(self, msgid: str, context: str | None) -> Message | None:
        return self.catalog.get(msgid, context=context)

    def is_translated(self, msgid: str, context: str | None) -> bool:
        """Whether the catalog has a usable (non-empty, non-fuzzy) translation."""
        message = self.entry(msgid, context)
        if message is None or message.fuzzy:
            return False
        if isinstance(message.string, tuple):
            return all(message.string)
        return bool(message.string)

    def gettext(self, msgid: str, context: str | None) -> str:
        """The translation of a record string, or the source text when there is none."""
        if not self.is_translated(msgid, context):
            return msgid
        string = self.entry(msgid, context).string
        return string[0] if isinstance(string, tuple) else string

    def translations(self) -> NullTranslations:
        """gettext callables for templates (compiled in memory, fuzzy left out)."""
        if not len(self.catalog):
            return NullTranslations()
        buffer = io.BytesIO()
        write_mo(buffer, self.catalog, use_fuzzy=False)
        buffer.seek(0)
        return Translations(buffer, domain=CATALOG_DOMAIN)

    def location_of(self, msgid: str, context: str | None) -> SourceLocation:
        """Where an entry is in the .po file (its first line), or the file's top."""
        message = self.entry(msgid, context)
        line = getattr(message, "lineno", None) or 1
        return SourceLocation(self.file or "", line)
