"""Which pages each locale's site has, and where an editor's page lands in it.

Shared by check (links must resolve) and render (which writes these pages), so
that both agree on the site's structure.
"""

from __future__ import annotations

from ..model.project import Project
from ..model.records import ContentPage

#: Pages every locale's site has, generated from the records (besides one per
#: safeguard and one per age).
FIXED_PAGES = ("index.md", "safeguards/index.md", "ages/index.md", "something-happened.md",
               "help/index.md", "setup.md", "changes/index.md")


def rendered_path(page: ContentPage) -> str:
    """The page an editor's file is part of: an explanation joins its safeguard's page."""
    if page.safeguard_id is not None:
        return f"safeguards/{page.safeguard_id}.md"
    return page.path


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
    safeguards = {f"safeguards/{safeguard_id}.md" for safeguard_id in project.safeguards}
    ages = {f"ages/{age}.md" for age in range(project.config.ages.min_age, project.config.ages.last_age + 1)}
    return set(FIXED_PAGES) | safeguards | ages | set(guide_paths(project, locale))
