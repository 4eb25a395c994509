"""The project: everything the generator knows about one safety center, as loaded."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .catalog import LocaleCatalog
from .findings import SourceLocation
from .records import ContentPage, Resource, Safeguard, SiteConfig


@dataclass
class Project:
    """Everything the generator knows about one safety center, as loaded."""

    root: Path
    config_file: Path
    config: SiteConfig
    #: All of mkdocs.yml as MkDocs reads it (!ENV and INHERIT resolved), as plain data for the build.
    mkdocs_config: dict = field(default_factory=dict)
    #: Where each ``safety_center.rules`` setting is written, for findings about it.
    rule_locations: dict[str, SourceLocation] = field(default_factory=dict)
    safeguards: dict[str, Safeguard] = field(default_factory=dict)
    resources: dict[str, Resource] = field(default_factory=dict)
    pages: list[ContentPage] = field(default_factory=list)
    catalogs: dict[str, LocaleCatalog] = field(default_factory=dict)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def overrides_dir(self) -> Path:
        return self.root / "site_overrides"

    @property
    def default_locale(self) -> str:
        return self.config.default_locale

    def pages_of(self, locale: str) -> list[ContentPage]:
        return [page for page in self.pages if page.locale == locale]

    def explanation(self, safeguard_id: str, locale: str) -> ContentPage | None:
        """The editor's explanation of a safeguard in a locale, if one was written."""
        return next(
            (p for p in self.pages if p.locale == locale and p.safeguard_id == safeguard_id),
            None,
        )
