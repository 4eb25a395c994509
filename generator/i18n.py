"""The translators' workflow: extract the catalog template, update locale catalogs.

Catalogs are standard gettext files written by Babel, so Poedit, Weblate and
Crowdin read them as they are. Writing is stable: the same input gives the same
bytes, so catalogs diff cleanly and an update without changes rewrites nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from .catalogs import CATALOG_DOMAIN, catalog_path
from .load import Project
from .messages import shown_messages, template_catalog
from .page_versions import DIGEST_KEY, digest, source_of

POT_NAME = f"{CATALOG_DOMAIN}.pot"


@dataclass(frozen=True)
class CatalogChange:
    """What writing one catalog did."""

    path: Path
    written: bool  # False when the file already had exactly these bytes


def extract(project: Project) -> CatalogChange:
    """Write locales/messages.pot from the templates and every translatable record field."""
    catalog = template_catalog(shown_messages(project))
    return _write(project.locales_dir / POT_NAME, catalog)


def update(project: Project, locales: list[str] | None = None) -> list[CatalogChange]:
    """Merge the current template into each locale catalog (new, fuzzy, obsolete entries)."""
    template = template_catalog(shown_messages(project))
    changes = []
    for code in locales or [c for c in project.config.locale_codes if c != project.default_locale]:
        path = catalog_path(project.locales_dir, code)
        if path.is_file():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=code, domain=CATALOG_DOMAIN)
        else:
            catalog = new_catalog(code)
        catalog.update(template, update_header_comment=False)
        changes.append(_write(path, catalog))
    return changes


class I18nError(Exception):
    """A translator command cannot do what was asked; the message says why and what to do."""


def mark(project: Project, locale: str, pages: list[Path]) -> list[Path]:
    """Record in each translated page which version of its source page it now matches.

    ``pages`` are translated page files; empty means every translation in ``locale``.
    Returns the files whose front matter changed.
    """
    by_file = {project.root / p.origin.file: p for p in project.pages_of(locale)}
    targets = [by_file.get(path.resolve()) for path in pages] if pages else list(by_file.values())
    for path, page in zip(pages, targets):
        if page is None:
            raise I18nError(f"{path} is not a page of locale '{locale}' (pages live in content/{locale}/)")
    changed = []
    for page in targets:
        source = source_of(project, page)
        if source is None:
            if pages:
                raise I18nError(f"{page.origin.file} has no source page in '{project.default_locale}' to match")
            continue
        path = project.root / page.origin.file
        if set_front_matter_value(path, DIGEST_KEY, digest(source)):
            changed.append(path)
    return changed


def set_front_matter_value(path: Path, key: str, value: str) -> bool:
    """Set ``key: value`` in a Markdown file's front matter, keeping everything else as is."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    entry = f"{key}: {value}\n"
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
    path.write_text("".join(lines), encoding="utf-8")
    return True


def new_catalog(code: str) -> Catalog:
    """An empty catalog for a locale, with its language and CLDR plural rule in the header."""
    locale = Locale.parse(code)
    catalog = Catalog(locale=locale, domain=CATALOG_DOMAIN, project="safety-center", fuzzy=False)
    return catalog


def _write(path: Path, catalog: Catalog) -> CatalogChange:
    buffer = io.BytesIO()
    # No dates in the header: they would change the file on every run.
    catalog.creation_date = catalog.revision_date = _EPOCH
    write_po(buffer, catalog, width=78, sort_output=False, sort_by_file=False,
             omit_header=False, include_previous=True, ignore_obsolete=False)
    data = _without_dates(buffer.getvalue())
    if path.is_file() and path.read_bytes() == data:
        return CatalogChange(path, written=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return CatalogChange(path, written=True)


def _without_dates(data: bytes) -> bytes:
    lines = data.split(b"\n")
    keep = [line for line in lines if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:'))]
    return b"\n".join(keep)


from datetime import datetime, timezone  # noqa: E402  (kept next to its one use)

_EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)
