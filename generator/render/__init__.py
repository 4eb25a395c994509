"""Render: per locale, records, explanations and catalogs become the site's pages (plain data)."""

from .locale_site import LocaleSite, NavItem, RenderedFile, RenderedPage, render_site

__all__ = ["LocaleSite", "NavItem", "RenderedFile", "RenderedPage", "render_site"]
