"""The site root: language chooser, 404 page and a sitemap with hreflang alternates.

These pages sit above the per-locale MkDocs sites, so they are plain HTML rendered
here (HTML-escaped by Jinja's autoescape).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..i18n.messages import TEMPLATES_DIR
from ..model.project import Project
from ..render.locale_site import LocaleSite, page_url
from ..render.localized import html_lang


@dataclass(frozen=True)
class LocaleLink:
    """A locale as the root pages show it: code, language name and that site's name."""

    code: str
    name: str
    site_name: Markup  # escaped already by render
    lang: str  # the code as an HTML lang value
    dir: str  # the language's writing direction


def page_urls(site: LocaleSite) -> list[str]:
    """The directory URLs of a locale's pages, relative to the locale root."""
    return [page_url(page.path) for page in site.pages]


def write_root(project: Project, site_dir: Path, sites: list[LocaleSite]) -> None:
    """Write index.html, 404.html and (with a site_url) sitemap.xml at the site root."""
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR / "root"),
                      autoescape=select_autoescape(["html", "xml", "j2"]), trim_blocks=True, lstrip_blocks=True)
    links = [LocaleLink(s.locale, s.language_name, Markup(s.site_name), html_lang(s.locale), s.direction)
             for s in sites]
    codes = [s.locale for s in sites]
    default = project.default_locale if project.default_locale in codes else codes[0]
    # The 404 page is served at any depth, so its links start from the site's root path.
    root_path = urlsplit(project.config.site_url or "/").path.rstrip("/") + "/"
    # hreflang links are absolute where the site's address is known (search engines want them so).
    root_url = project.config.site_url.rstrip("/") + "/" if project.config.site_url else ""
    default_link = links[codes.index(default)]
    context = dict(locales=links, default=default_link, site_name=default_link.site_name, root_path=root_path,
                   root_url=root_url)
    (site_dir / "index.html").write_text(env.get_template("index.html.j2").render(**context), encoding="utf-8")
    (site_dir / "404.html").write_text(env.get_template("404.html.j2").render(**context), encoding="utf-8")
    if project.config.site_url:
        sitemap = env.get_template("sitemap.xml.j2").render(root=root_url, locales=links, default=default_link,
                                                             urls=page_urls(sites[0]))
        (site_dir / "sitemap.xml").write_text(sitemap, encoding="utf-8")
