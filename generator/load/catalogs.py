"""Reading translators' gettext files (.po) with Babel, every problem a finding."""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, read_po

from ..model.catalog import (
    CATALOG_DOMAIN,
    PLURAL_SAMPLE,
    LocaleCatalog,
    plural_function,
)
from ..model.findings import Finding, Severity, SourceLocation
from .files import FileKind, display_name, read_text


def read_catalog(root: Path, path: Path, locale: str, findings: list[Finding]) -> LocaleCatalog | None:
    """Read a .po file; problems become findings at their lines, never a crash.

    Returns None when the catalog cannot be used (unreadable, wrong charset, broken syntax).
    """
    relative = display_name(root, path)
    text = read_text(root, path, FileKind.CATALOG, findings)
    if text is None:
        return None
    header_lines = _header_lines(text)
    charset_problem = _charset_problem(text, header_lines, relative)
    if charset_problem is not None:
        findings.append(charset_problem)
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
    findings += _usable_plural_rule(catalog, locale, SourceLocation(relative, header_lines.get("Plural-Forms", 1)))
    return LocaleCatalog(locale, catalog, relative, header_lines)


def _usable_plural_rule(catalog: Catalog, locale: str, where: SourceLocation) -> list[Finding]:
    """A Plural-Forms expression gettext cannot read is a finding, and CLDR's rule is used instead.

    Without this, compiling the catalog for the templates would stop with a traceback.
    """
    try:
        rule = plural_function(catalog.plural_expr)
        for n in PLURAL_SAMPLE:
            rule(n)
    except (ValueError, SyntaxError, RecursionError, ArithmeticError) as error:
        cldr = get_plural(locale)
        catalog.mime_headers = [("Plural-Forms", cldr.plural_forms)]
        return [Finding("po-plural-rule", Severity.ERROR, where, f"Plural-Forms cannot be read ({error})",
                        f"use the rule for '{locale}': {cldr.plural_forms}")]
    return []


_HEADER_FIELD = re.compile(r'^"([A-Za-z][\w-]*):')
_CHARSET = re.compile(r"charset=([^\s\\\";]+)", re.IGNORECASE)
_UTF8_NAMES = ("utf-8", "utf8", "charset")  # "CHARSET" is the template's unset placeholder


def _header_lines(text: str) -> dict[str, int]:
    """The line of each header field ("Content-Type", "Plural-Forms") in the first entry."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if lines and not line.strip():
            break  # the header entry ends at the first blank line after it
        match = _HEADER_FIELD.match(line.strip())
        if match:
            lines.setdefault(match.group(1), number)
    return lines


def _charset_problem(text: str, header_lines: dict[str, int], relative: str) -> Finding | None:
    """A header charset other than UTF-8 is named: catalogs are read (and written) as UTF-8.

    (A file that is not UTF-8 at all was reported at its bad byte by ``files.read_text``.)
    """
    line = header_lines.get("Content-Type")
    if line is None:
        return None
    match = _CHARSET.search(text.splitlines()[line - 1])
    declared = match.group(1) if match else ""
    if not declared or declared.lower() in _UTF8_NAMES or text.isascii():
        return None  # plain ASCII reads the same in any charset
    problem = f"the header declares charset={declared}, but the file is UTF-8"
    return Finding("po-charset", Severity.ERROR, SourceLocation(relative, line), problem,
                   "save the catalog as UTF-8 with 'Content-Type: text/plain; charset=UTF-8' "
                   "(msgconv --to-code=UTF-8, or any PO editor)")


_PO_STRING = r'"(?:[^"\\]|\\.)*"'
_PO_KEYWORD = re.compile(r"^(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)$")
_PO_LINE = re.compile(rf"^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?{_PO_STRING}$")


def lint_po(text: str) -> list[tuple[int, str]]:
    """Lines that are neither comments, blank, nor a keyword with a well-quoted string.

    Babel's reader accepts some of these silently (an unterminated string loses its
    last character: python-babel/babel#1151, an open pull request, Babel 2.18.0), so
    they are caught here first, all of them in one pass. Listed with the other Babel
    workarounds in ``i18n.babel_compat``.
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


# -- the package's interface catalogs -----------------------------------------------

#: Where the package keeps the words of its templates and code, per locale (package data).
INTERFACE_DIR = Path(__file__).resolve().parent.parent / "locales"
INTERFACE_DOMAIN = "interface"
INTERFACE_TEMPLATE = INTERFACE_DIR / f"{INTERFACE_DOMAIN}.pot"
#: The language the interface's msgids are written in: its words need no catalog.
INTERFACE_SOURCE_LANGUAGE = "en"


def interface_catalog_path(locale: str) -> Path:
    """Where the package's catalog for ``locale`` is: generator/locales/<l>/LC_MESSAGES/interface.po."""
    return INTERFACE_DIR / locale / "LC_MESSAGES" / f"{INTERFACE_DOMAIN}.po"


def _language(locale: str) -> str:
    return re.split(r"[-_]", locale, maxsplit=1)[0]


def ships_interface(locale: str) -> bool:
    """Whether the package carries the interface's words for a locale (or for its language)."""
    return _language(locale) == INTERFACE_SOURCE_LANGUAGE or any(
        interface_catalog_path(code).is_file() for code in (locale, _language(locale)))


@functools.cache
def interface_catalog(locale: str) -> Catalog | None:
    """The interface words the package ships for ``locale`` (or its language), None when it ships none.

    English is the interface's source language: its catalog is the template, each msgid its own
    translation, so a project's English catalog can override one word like any other locale's.
    Read once per process; the package's files are trusted, so a broken one is a crash for its maintainers.
    """
    if _language(locale) == INTERFACE_SOURCE_LANGUAGE:
        with INTERFACE_TEMPLATE.open("rb") as handle:
            catalog = read_po(handle, locale=locale, domain=INTERFACE_DOMAIN)
        for message in catalog:
            if message.id:
                message.string = message.id
        return catalog
    for code in (locale, _language(locale)):
        path = interface_catalog_path(code)
        if path.is_file():
            with path.open("rb") as handle:
                return read_po(handle, locale=locale, domain=INTERFACE_DOMAIN)
    return None
