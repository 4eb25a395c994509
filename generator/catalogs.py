"""Locale catalogs: the translators' gettext files, read with Babel.

A ``LocaleCatalog`` answers "what is this string in my language?" for records
(looked up by message context) and for templates (gettext callables). A string
that is missing, empty or fuzzy falls back to the source text and counts as
untranslated: fuzzy entries are never shipped as translations.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations

from .findings import Finding, Severity, SourceLocation

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


def read_catalog(path: Path, locale: str, relative: str) -> LocaleCatalog | list[Finding]:
    """Read a .po file; a broken one becomes findings at its lines, not a crash."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return [Finding("po-syntax", Severity.ERROR, SourceLocation(relative, 1),
                        f"cannot read the catalog: not UTF-8 ({error.reason})",
                        "save the file as UTF-8 (PO editors do by default)")]
    problems = [
        Finding("po-syntax", Severity.ERROR, SourceLocation(relative, line), message,
                "fix the quoting on that line, or open and save the file in a PO editor")
        for line, message in lint_po(text)
    ]
    if problems:
        return problems
    try:
        catalog = read_po(io.BytesIO(text.encode("utf-8")), locale=locale, domain=CATALOG_DOMAIN,
                          abort_invalid=True)
    except (PoFileError, ValueError) as error:
        line = getattr(error, "lineno", 0) + 1  # Babel counts these lines from 0
        return [Finding("po-syntax", Severity.ERROR, SourceLocation(relative, line),
                        f"invalid PO: {str(error).rsplit(' on ', 1)[0]}",
                        "open the file in a PO editor (Poedit, Weblate) and save it")]
    return LocaleCatalog(locale, catalog, relative)


_PO_STRING = r'"(?:[^"\\]|\\.)*"'
_PO_KEYWORD = re.compile(r"^(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)$")
_PO_LINE = re.compile(rf"^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?{_PO_STRING}$")


def lint_po(text: str) -> list[tuple[int, str]]:
    """Lines that are neither comments, blank, nor a keyword with a well-quoted string.

    Babel's reader accepts some of these silently (an unterminated string loses its
    last character), so they are caught here first, all of them in one pass.
    """
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or _PO_LINE.match(stripped):
            continue
        keyword = stripped.split(None, 1)[0]
        if keyword.startswith('"') or _PO_KEYWORD.match(keyword):
            problems.append((number, "string is not closed, or has an unescaped quote inside"))
        else:
            problems.append((number, f"'{keyword[:20]}' is not a PO keyword"))
    return problems
