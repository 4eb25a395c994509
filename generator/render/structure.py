"""Which pages each locale's site has, and where an editor's page lands in it.

Shared by check (links must resolve) and render (which writes these pages), so
that both agree on the site's structure.
"""

from __future__ import annotations

from ..model.page import page_url
from ..model.project import Project

#: Pages every locale's site has, generated from the records (besides one per
#: safeguard and one per age).
FIXED_PAGES = ("index.md", "safeguards/index.md", "ages/index.md", "something-happened.md",
               "help/index.md", "setup.md", "changes/index.md")


#: URLs of a locale's site that MkDocs, the theme or the build use for files that are not
#: editors' pages. One ending in "/" reserves a whole folder. Scaffolding and check both use it.
RESERVED_URLS = ("assets/", "search/", "404", "404.html", "sitemap.xml", "sitemap.xml.gz",
                 "changes/feed.xml", "robots.txt", "favicon.ico")


def reserved_url(url: str) -> str | None:
    """The reserved URL that ``url`` (a page's directory URL, or a file's) would take, if any."""
    bare = url.rstrip("/")
    for reserved in RESERVED_URLS:
        if bare == reserved.rstrip("/") or (reserved.endswith("/") and url.startswith(reserved)):
            return reserved
    return None


def generated_paths(project: Project) -> list[str]:
    """The page files every locale's site generates from the records."""
    safeguards = [f"safeguards/{safeguard_id}.md" for safeguard_id in project.safeguards]
    ages = [f"ages/{age}.md" for age in range(project.config.ages.min_age, project.config.ages.last_age + 1)]
    return [*FIXED_PAGES, *safeguards, *ages]


def url_taken(project: Project, path: str) -> str | None:
    """What already uses the URL a page file at ``path`` would get: a reserved URL or a
    generated page ("help/index.md"), or None when the URL is free for an editor's page."""
    url = page_url(path)
    reserved = reserved_url(url)
    if reserved is not None:
        return f"the reserved URL {reserved}"
    return next((f"the generated page {generated}" for generated in generated_paths(project)
                 if page_url(generated) == url), None)


def guide_paths(project: Project, locale: str) -> list[str]:
    """Editors' own pages (not explanations, not the home intro) shown in ``locale``:
    its own, and the default locale's as fallback. Pages in folders (guides) come first,
    top-level pages (such as the privacy statement) last."""
    return sorted({
        page.path for page in project.pages
        if page.safeguard_id is None and page.path != "index.md"
        and page.locale in (locale, project.default_locale)
    }, key=lambda path: ("/" not in path, path))


def page_paths(project: Project, locale: str) -> set[str]:
    """Every page file of a locale's site."""
    return set(generated_paths(project)) | set(guide_paths(project, locale))
