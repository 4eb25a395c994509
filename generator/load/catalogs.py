"""Reading translators' gettext files (.po) with Babel, every problem a finding."""

from __future__ import annotations

import io
import re
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po

from ..model.catalog import CATALOG_DOMAIN, LocaleCatalog
from ..model.findings import Finding, Severity, SourceLocation
from .files import FileKind, display_name, read_text


def read_catalog(root: Path, path: Path, locale: str, findings: list[Finding]) -> LocaleCatalog | None:
    """Read a .po file; a broken one becomes findings at its lines (and None), not a crash."""
    relative = display_name(root, path)
    text = read_text(root, path, FileKind.CATALOG, findings)
    if text is None:
        return None
    problems = [
        Finding("po-syntax", Severity.ERROR, SourceLocation(relative, line), message,
                "fix the quoting on that line, or open and save the file in a PO editor")
        for line, message in lint_po(text)
    ]
    if problems:
        findings.extend(problems)
        return None
    try:
        catalog = read_po(io.BytesIO(text.encode("utf-8")), locale=locale, domain=CATALOG_DOMAIN,
                          abort_invalid=True)
    except (PoFileError, ValueError) as error:
        line = getattr(error, "lineno", 0) + 1  # Babel counts these lines from 0
        findings.append(Finding("po-syntax", Severity.ERROR, SourceLocation(relative, line),
                                f"invalid PO: {str(error).rsplit(' on ', 1)[0]}",
                                "open the file in a PO editor (Poedit, Weblate) and save it"))
        return None
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
