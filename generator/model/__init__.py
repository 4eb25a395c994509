"""The model: typed records, pages, catalogs, the project and findings (plain data, no I/O)."""

from .catalog import CATALOG_DOMAIN, LocaleCatalog, catalog_path
from .findings import Finding, Severity, SourceLocation
from .page import ContentPage
from .project import Project
from .records import Resource, Safeguard, SiteConfig

__all__ = ["CATALOG_DOMAIN", "ContentPage", "Finding", "LocaleCatalog", "Project", "Resource", "Safeguard",
           "Severity", "SiteConfig", "SourceLocation", "catalog_path"]
