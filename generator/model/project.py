"""The project: everything the generator knows about one safety center, as loaded.

It is immutable once loaded, and its lookups (a locale's pages, the explanation of a
safeguard in a locale, the source page of a translation) are built once, on first use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

from .catalog import LocaleCatalog
from .findings import SourceLocation
from .page import ContentPage
from .records import Platform, Resource, Safeguard, SiteConfig


#: The folder under locales/ that keeps the source versions translations were marked against
#: (``i18n mark``): not a locale.
SOURCE_VERSIONS_FOLDER = "source-versions"


@dataclass(frozen=True, eq=False)
class Project:
    """Everything the generator knows about one safety center, as loaded (compared by identity)."""

    root: Path
    config_file: Path
    config: SiteConfig
    #: All of mkdocs.yml as MkDocs reads it (!ENV and INHERIT resolved), as plain data for the build.
    mkdocs_config: dict = field(default_factory=dict)
    #: Where each ``safety_center.rules`` setting is written, for findings about it.
    rule_locations: Mapping[str, SourceLocation] = field(default_factory=lambda: MappingProxyType({}))
    #: Where each ``safety_center.explanation_sections`` entry is written, in order.
    section_locations: tuple[SourceLocation, ...] = ()
    safeguards: Mapping[str, Safeguard] = field(default_factory=lambda: MappingProxyType({}))
    resources: Mapping[str, Resource] = field(default_factory=lambda: MappingProxyType({}))
    platforms: Mapping[str, Platform] = field(default_factory=lambda: MappingProxyType({}))
    pages: tuple[ContentPage, ...] = ()
    catalogs: Mapping[str, LocaleCatalog] = field(default_factory=lambda: MappingProxyType({}))
    #: Record files that exist but could not be read, as "<kind folder>/<id>" ("safeguards/live"):
    #: their problems are reported where they are, so what refers to them is not reported again.
    unreadable_records: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # Read-only views: nothing after load can change what was loaded.
        for name in ("rule_locations", "safeguards", "resources", "platforms", "catalogs"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))
        object.__setattr__(self, "pages", tuple(self.pages))

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def source_versions_dir(self) -> Path:
        return self.locales_dir / SOURCE_VERSIONS_FOLDER

    @property
    def overrides_dir(self) -> Path | None:
        """The project's own theme overrides (``theme.custom_dir``), layered over the package's theme."""
        theme = self.mkdocs_config.get("theme")
        custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
        return self.root / custom_dir if isinstance(custom_dir, str) else None

    @property
    def default_locale(self) -> str:
        return self.config.default_locale

    def platform_of(self, safeguard: Safeguard) -> Platform | None:
        """The platform a safeguard belongs to: the one it names, else the only one there is.

        None when it names no known platform, or names none among several (check reports both),
        or when the center has no platform record: pages then speak of the platform in general.
        """
        if safeguard.platform is not None:
            return self.platforms.get(safeguard.platform)
        if len(self.platforms) == 1:
            return next(iter(self.platforms.values()))
        return None

    @property
    def has_drafts(self) -> bool:
        """Whether any record or page is marked ``draft: true``."""
        records = [*self.safeguards.values(), *self.resources.values(), *self.platforms.values()]
        return any(record.draft for record in records) or any(page.meta.draft for page in self.pages)

    def without_drafts(self) -> Project:
        """The project as published: draft records and pages left out, and with a draft
        safeguard its explanations (which would explain nothing)."""
        if not self.has_drafts:
            return self
        return replace(
            self,
            safeguards={id: s for id, s in self.safeguards.items() if not s.draft},
            resources={id: r for id, r in self.resources.items() if not r.draft},
            platforms={id: p for id, p in self.platforms.items() if not p.draft},
            pages=tuple(page for page in self.pages if not self.is_draft(page)),
        )

    def is_draft(self, page: ContentPage) -> bool:
        """Whether a page is left out of a published build: it is a draft, or explains a draft safeguard."""
        safeguard = self.safeguards.get(page.safeguard_id) if page.safeguard_id is not None else None
        return page.meta.draft or (safeguard is not None and safeguard.draft)

    def pages_of(self, locale: str) -> list[ContentPage]:
        """A locale's pages, in file order."""
        return list(self._pages_by_locale.get(locale, ()))

    def explanation(self, safeguard_id: str, locale: str) -> ContentPage | None:
        """The editor's explanation of a safeguard in a locale, if one was written (the first, if two)."""
        return self._explanations.get((safeguard_id, locale))

    def guide(self, path: str, locale: str) -> ContentPage | None:
        """The editor's page (not an explanation) at ``path`` of a locale, if there is one."""
        return self._guides.get((path, locale))

    def page_in_file(self, file: str) -> ContentPage | None:
        """The page read from ``file`` (project-relative, as findings name it), if any."""
        return self._pages_by_file.get(file)

    def source_of(self, page: ContentPage) -> ContentPage | None:
        """The default-locale page a page translates: same safeguard, else same path."""
        return self.counterpart(page, self.default_locale)

    def counterpart(self, page: ContentPage, locale: str) -> ContentPage | None:
        """The page of ``locale`` that is the same page as ``page`` in another language."""
        if page.safeguard_id is not None:
            return self.explanation(page.safeguard_id, locale)
        return self.guide(page.path, locale)

    # -- lookups, built once ---------------------------------------------------------------

    @cached_property
    def _pages_by_locale(self) -> dict[str, tuple[ContentPage, ...]]:
        by_locale: dict[str, list[ContentPage]] = {}
        for page in self.pages:
            by_locale.setdefault(page.locale, []).append(page)
        return {locale: tuple(pages) for locale, pages in by_locale.items()}

    @cached_property
    def _pages_by_file(self) -> dict[str, ContentPage]:
        return {page.origin.file: page for page in self.pages}

    @cached_property
    def _explanations(self) -> dict[tuple[str, str], ContentPage]:
        found: dict[tuple[str, str], ContentPage] = {}
        for page in self.pages:
            if page.safeguard_id is not None:
                found.setdefault((page.safeguard_id, page.locale), page)
        return found

    @cached_property
    def _guides(self) -> dict[tuple[str, str], ContentPage]:
        return {(page.path, page.locale): page for page in self.pages if page.safeguard_id is None}
