"""Links in editors' pages: external ones are https, internal ones resolve in every locale.

Links are read from each page as it will be built (``render.page_parse``).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator

from ..model.findings import Finding, Severity, SourceLocation
from ..model.page import ParsedBody
from ..model.project import Project
from ..render.page_parse import parsed_page
from ..render.structure import page_paths

RULE_IDS = {
    "link-insecure": "an external link does not use https",
    "link-broken": "an internal link leads to no page of the site",
}

#: Attributes whose URL a parent follows or loads (links and images, in any Markdown or HTML spelling).
LINK_ATTRIBUTES = ("href", "src")


def links(body: ParsedBody) -> Iterator[tuple[int, str]]:
    """(line, target) for every link and image in a parsed page: Markdown's inline and
    reference links, autolinks and raw HTML all become ``href``/``src`` attributes."""
    for block, element in body.elements():
        for name in LINK_ATTRIBUTES:
            target = element.get(name)
            if target is not None:
                yield block.line_of(target), target.strip()


def links_are_safe(project: Project) -> Iterable[Finding]:
    """External links use https; relative links lead to a page that exists in every locale."""
    paths = {code: page_paths(project, code) for code in project.config.locale_codes}
    for page in project.pages:
        source = page.output_path
        for line, target in links(parsed_page(project, page)):
            where = SourceLocation(page.origin.file, line)
            scheme = re.match(r"^([a-zA-Z][\w+.-]*):", target)
            if scheme:
                if target.lower().startswith("http:"):
                    yield Finding("link-insecure", Severity.ERROR, where, f"link to {target} is not https",
                                  "use the https:// address (a parent's connection should not be readable)")
                continue
            if target.startswith(("#", "/")):
                continue
            path = target.split("#", 1)[0].split("?", 1)[0]
            candidates = _page_files(posixpath.normpath(posixpath.join(posixpath.dirname(source), path)))
            missing = [code for code, existing in paths.items() if not candidates & existing]
            if missing:
                yield Finding(
                    "link-broken", Severity.ERROR, where,
                    f"link to {target} leads to no page in locale(s) {', '.join(missing)}",
                    "links are relative to the page as built (a safeguard's explanation is at "
                    "safeguards/<id>.md); link to the .md file of a page that exists",
                )


def _page_files(path: str) -> set[str]:
    """The page files a link target may name: "help/" is help/index.md, "help" either."""
    if path in ("", "."):
        return {"index.md"}
    if path.endswith(".md"):
        return {path}
    path = path.rstrip("/")
    return {f"{path}/index.md", f"{path}.md"}
