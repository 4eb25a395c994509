"""The translators' workflow: extract the catalog template, update locale catalogs.

Catalogs are standard gettext files written by Babel, so Poedit, Weblate and
Crowdin read them as they are. Writing is stable: the same input gives the same
bytes, so catalogs diff cleanly and an update without changes rewrites nothing.
"""

from __future__ import annotations

import functools
import io
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.core import get_global
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
import yaml

from ..load.catalogs import read_catalog, ships_interface
from ..load.files import FileKind, WriteRefused, read_text, write_text
from ..load.languages import is_known_language
from ..load.yamlfile import LineDict, LineList, parse_yaml
from ..model.catalog import CATALOG_DOMAIN, catalog_path
from ..model.findings import Finding
from ..model.placeholders import TODO
from ..model.project import Project
from .babel_compat import (
    drop_reviewed_previous_texts,
    drop_revived_obsolete,
    with_sound_previous_ids,
)
from .messages import catalog_messages, project_messages, template_catalog
from .page_versions import DIGEST_KEY, digest, keep_version, prune_versions

POT_NAME = f"{CATALOG_DOMAIN}.pot"


@dataclass(frozen=True)
class CatalogChange:
    """What writing one catalog did."""

    path: Path
    written: bool  # False when the file already had exactly these bytes


def extract(project: Project) -> CatalogChange:
    """Write locales/messages.pot: every translatable record field and the project's own theme strings.

    The package's interface strings are not in it: the package ships their translations
    (``update`` adds them to a locale it does not translate).
    """
    catalog = template_catalog(project_messages(project))
    return write_catalog(project.locales_dir / POT_NAME, catalog, project.root)


def update(project: Project, locales: list[str] | None = None) -> list[CatalogChange]:
    """Merge the current strings into each locale catalog (new, fuzzy, obsolete entries).

    By default every non-default locale, and the default one too when the package does not
    ship its interface words (they are English in the source).
    """
    default = project.default_locale
    codes = locales or [c for c in project.config.locale_codes if c != default or not ships_interface(c)]
    changes = []
    for code in codes:
        path = catalog_path(project.locales_dir, code)
        catalog = _readable_catalog(project, path, code) if path.is_file() else new_catalog(code)
        template = template_catalog(catalog_messages(project, code, catalog))
        drop_reviewed_previous_texts(catalog)
        catalog.update(template, update_header_comment=False)
        drop_revived_obsolete(catalog)
        changes.append(write_catalog(path, catalog, project.root))
    return changes


class I18nError(Exception):
    """A translator command cannot do what was asked; the message says why and what to do."""


def _readable_catalog(project: Project, path: Path, code: str) -> Catalog:
    """The catalog as check reads it; one check cannot read (bad quoting, wrong charset) is not rewritten.

    Babel would read a UTF-8 file whose header says ISO-8859-1 as mojibake and write it back so.
    """
    problems: list[Finding] = []
    loaded = read_catalog(project.root, path, code, problems)
    if loaded is None:
        first = problems[0]
        raise I18nError(f"{first.location.file}:{first.location.line}: [{first.rule}] {first.message}; "
                        f"{first.hint}, then run the update again")
    return loaded.catalog


@dataclass(frozen=True)
class MarkResult:
    """What ``mark`` changed: pages whose recorded source changed, and the store of source versions."""

    pages: list[Path]
    versions_kept: list[Path]
    versions_removed: list[Path]


def mark(project: Project, locale: str, pages: list[Path]) -> MarkResult:
    """Record in each translated page which version of its source page it now matches.

    ``pages`` are translated page files; empty means every translation in ``locale``. Each
    marked source version is kept in the project's store (``locales/source-versions/``) so
    that ``i18n status --diff`` can show later what changed without git; versions no page
    refers to any more are removed from it.
    """
    by_file = {project.root / p.origin.file: p for p in project.pages_of(locale)}
    if not pages:
        targets = list(by_file.values())
    else:
        targets = []
        for path in pages:
            page = by_file.get(path.resolve())
            if page is None:
                raise I18nError(f"{path} is not a page of locale '{locale}' (pages live in content/{locale}/)")
            targets.append(page)
    marked: dict[str, str] = {}  # page file -> the digest it now records
    changed, kept = [], []
    for page in targets:
        source = project.source_of(page)
        if source is None:
            if pages:
                raise I18nError(f"{page.origin.file} has no source page in '{project.default_locale}' to match")
            continue
        current = digest(source)
        with _writing():
            stored = keep_version(project, source)
            if set_front_matter_value(project.root, project.root / page.origin.file, DIGEST_KEY, current):
                changed.append(project.root / page.origin.file)
        kept += [stored] if stored else []
        marked[page.origin.file] = current
    referenced = {marked.get(p.origin.file, p.meta.source_digest) for p in project.pages
                  if p.locale != project.default_locale}
    removed = prune_versions(project, {d for d in referenced if d})
    return MarkResult(changed, kept, removed)


@contextmanager
def _writing():
    """A file the tool may not write, or cannot, stops the command with one clear line."""
    try:
        yield
    except WriteRefused as error:
        raise I18nError(str(error)) from None
    except OSError as error:
        raise I18nError(f"cannot write {error.filename or 'a file'}: {error.strerror or error}") from None


def set_front_matter_value(root: Path, path: Path, key: str, value: str) -> bool:
    """Set ``key: "value"`` in a Markdown file's front matter, keeping everything else as is.

    The value is written quoted, so YAML reads it back as the text it is (an unquoted digest
    such as ``0123e4`` or ``1234`` would read as a number). A page check cannot read (not
    UTF-8, a control character) is not rewritten.
    """
    problems: list[Finding] = []
    text = read_text(root, path, FileKind.PAGE, problems)
    if text is None or problems:
        first = problems[0]
        raise I18nError(f"{first.location.file}:{first.location.line}: [{first.rule}] {first.message}; "
                        f"{first.hint}, then mark it again")
    lines = text.splitlines(keepends=True)
    entry = f"{key}: {json.dumps(value, ensure_ascii=False)}\n"
    if lines and lines[0].strip() == "---":
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() in ("---", "..."))
        for i in range(1, end):
            if lines[i].split(":", 1)[0].strip() == key:
                if lines[i] == entry:
                    return False
                lines[i] = entry
                break
        else:
            lines.insert(end, entry)
    else:
        lines[:0] = ["---\n", entry, "---\n"]
    return write_text(root, path, "".join(lines))


def new_catalog(code: str) -> Catalog:
    """An empty catalog for a locale, with its language and CLDR plural rule in the header."""
    locale = Locale.parse(code)
    return Catalog(
        locale=locale, domain=CATALOG_DOMAIN, project="safety-center", version="1", fuzzy=False,
        header_comment=(
            f"# {locale.english_name} translations of the parent safety center.\n"
            "# Edit this file in a PO editor (Poedit, Weblate, Crowdin); see README, Translations."
        ),
        language_team=f"{locale.english_name} <>",
    )


#: The standard explanation sections' headings in the languages the package knows.
SECTION_HEADINGS_FILE = Path(__file__).parent / "data" / "section_headings.yml"


@dataclass(frozen=True)
class AddedLocale:
    """What ``add_locale`` did: the new catalog and the entries written into mkdocs.yml."""

    code: str
    name: str
    region: str | None
    catalog: Path
    #: Section headings written as "TODO: ..." placeholders, to translate in mkdocs.yml.
    placeholder_headings: tuple[str, ...] = ()


def add_locale(project: Project, code: str, name: str | None = None, region: str | None = None) -> AddedLocale:
    """Start a new locale: its catalog (header and plural rule from CLDR), its mkdocs.yml entry
    and its explanation section headings (known ones from the package's table, else placeholders).

    ``name`` and ``region`` default to the language's own name and its likely country (CLDR).
    No pages are written: ``check`` and ``i18n status`` then list what is missing.
    """
    if not is_known_language(code):
        raise I18nError(f"'{code}' is not a language Babel knows; use a code such as da, nb or fi")
    if code in project.config.locale_codes:
        raise I18nError(f"locale '{code}' is already configured in {project.config_file.name}")
    if region is not None and not re.fullmatch(r"[A-Z]{2}", region):
        raise I18nError(f"'{region}' is not a region: use a country code such as SE")
    path = catalog_path(project.locales_dir, code)
    if path.exists():
        raise I18nError(f"{path.relative_to(project.root)} exists already; add the locale to mkdocs.yml by hand")
    name, region = name or language_name(code), region or likely_region(code)
    headings = [section_heading(section, project.default_locale, code) for section in
                project.config.explanation_sections]
    if headings:
        _add_section_headings(project.config_file, code, headings)
    _register_locale(project.config_file, code, name, region)
    write_new_catalog(project, code)
    return AddedLocale(code, name, region, path,
                       tuple(heading for heading in headings if heading.startswith(f"{TODO}:")))


def language_name(code: str) -> str:
    """A language's name in itself, capitalised: "fi" -> "Suomi"."""
    return _capitalized(Locale.parse(code).get_display_name(code) or code)


def likely_region(code: str) -> str | None:
    """The country a language is most likely written in (CLDR), such as FI for fi; None if unknown."""
    likely = get_global("likely_subtags").get(code)
    return Locale.parse(likely).territory if likely else None


def write_new_catalog(project: Project, code: str, kept_as_written: tuple[str, ...] = ()) -> Path:
    """Write a locale's first catalog: every string the site shows, untranslated, except the
    entries whose context is in ``kept_as_written`` (proper names), which keep their source text."""
    path = catalog_path(project.locales_dir, code)
    catalog = new_catalog(code)
    catalog.update(template_catalog(catalog_messages(project, code, None)), update_header_comment=False)
    for message in catalog:
        if message.context in kept_as_written:
            message.string = message.id
    write_catalog(path, catalog, project.root)
    return path


def section_heading(section: dict[str, str], source_locale: str, code: str) -> str:
    """A section's heading in ``code``: the package's translation of its English (or source)
    heading where the table has one, else a "TODO: ..." placeholder naming the source heading."""
    source = section.get("en") or section.get(source_locale) or next(iter(section.values()), "")
    for known in known_section_headings():
        if known.get("en") == source and code in known:
            return known[code]
    return f"{TODO}: {source}"


@functools.cache
def known_section_headings() -> list[dict[str, str]]:
    """The standard explanation sections, each as its heading by locale (the package's table)."""
    data = yaml.safe_load(SECTION_HEADINGS_FILE.read_text(encoding="utf-8"))
    return [dict(entry) for entry in data]


def _add_section_headings(config_file: Path, code: str, headings: list[str]) -> None:
    """Add ``code: heading`` to each item of safety_center.explanation_sections, keeping the rest as written."""
    text = config_file.read_text(encoding="utf-8")
    data = parse_yaml(text, tolerate_tags=True)
    sections = data.get("safety_center", {}).get("explanation_sections") if isinstance(data, dict) else None
    lines = text.splitlines(keepends=True)
    if not isinstance(sections, LineList) or len(sections) != len(headings) or not all(
            isinstance(item, LineDict) and item.key_lines and "{" not in lines[item_line - 1]
            for item, item_line in zip(sections, sections.item_lines, strict=True)):
        raise I18nError(f"cannot find a block list of safety_center.explanation_sections in {config_file.name}; "
                        f"add the '{code}' headings there by hand")
    for item, heading in reversed(list(zip(sections, headings, strict=True))):
        last = max(item.key_lines.values()) - 1
        line = lines[last]
        indent = len(line) - len(line.lstrip(" -")) if line.lstrip().startswith("-") else len(line) - len(line.lstrip())
        if not line.endswith("\n"):
            lines[last] += "\n"
        lines.insert(last + 1, f"{' ' * indent}{code}: {json.dumps(heading, ensure_ascii=False)}\n")
    config_file.write_text("".join(lines), encoding="utf-8")


def _register_locale(config_file: Path, code: str, name: str, region: str | None) -> None:
    """Append the locale to safety_center.locales in mkdocs.yml, keeping the rest as written."""
    text = config_file.read_text(encoding="utf-8")
    data = parse_yaml(text, tolerate_tags=True)
    locales = data.get("safety_center", {}).get("locales") if isinstance(data, dict) else None
    lines = text.splitlines(keepends=True)
    if not isinstance(locales, LineList) or not locales or "[" in lines[locales.line - 1]:
        raise I18nError(f"cannot find a block list of safety_center.locales in {config_file.name}; "
                        "add the locale there by hand")
    last = locales.item_lines[-1] - 1
    dash = lines[last].index("-")
    end = last + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > dash):
        end += 1
    while end > last + 1 and not lines[end - 1].strip():
        end -= 1
    indent = " " * dash
    entry = [f"{indent}- code: {code}\n", f"{indent}  name: {json.dumps(name, ensure_ascii=False)}\n"]
    if region:
        entry.append(f"{indent}  region: {region}\n")
    if not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    lines[end:end] = entry
    config_file.write_text("".join(lines), encoding="utf-8")


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


_WIDTH = 78


def write_catalog(path: Path, catalog: Catalog, root: Path | None = None) -> CatalogChange:
    """Write a catalog stably (no creation date; the same catalog gives the same bytes).

    ``root`` is the project the file must stay inside (default: the catalog's own folder).
    """
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=_WIDTH, sort_output=False, sort_by_file=False,
             omit_header=False, include_previous=True, ignore_obsolete=False)
    # No creation date in the header: it would change the file on every run. The
    # revision date is the translators' (their PO editor sets it when they save).
    text = _without_creation_date(with_sound_previous_ids(buffer.getvalue().decode("utf-8"), catalog, _WIDTH))
    with _writing():
        return CatalogChange(path, written=write_text(root or path.parent, path, text))


def _without_creation_date(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if not line.startswith('"POT-Creation-Date:'))

