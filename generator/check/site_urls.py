"""Every page of a locale's site has a URL of its own.

An editor's page whose URL a generated page, another page or a reserved file uses
(``help.md`` and the generated ``help/`` both become ``/help/``) would silently
replace it or be replaced; it is reported at the page instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model.findings import Finding, Severity
from ..model.project import Project
from ..render.structure import url_taken

RULE_IDS = {"page-collision": "an editor's page has the URL of a generated page, another page or a reserved file"}


def pages_have_own_urls(project: Project) -> Iterable[Finding]:
    """No editor's page takes a generated page's or a reserved URL, or another page's."""
    for locale in project.config.locale_codes:
        seen: dict[str, str] = {}
        for page in project.pages_of(locale):
            if page.safeguard_id is not None or page.path == "index.md":
                continue  # an explanation joins its safeguard's page; index.md is the home page's intro
            taken = url_taken(project, page.path)
            if taken is None and page.url in seen:
                taken = f"the page {seen[page.url]}"
            seen.setdefault(page.url, page.origin.file)
            if taken is not None:
                yield Finding(
                    "page-collision", Severity.ERROR, page.origin,
                    f"this page would be at /{locale}/{page.url}, which is already {taken}",
                    "rename or move the file (or, for an explanation, add 'safeguard: <id>' front matter)",
                )
