"""Links in editors' pages: external ones are https, internal ones resolve in every locale."""

from __future__ import annotations

import posixpath
import re
from typing import Iterable, Iterator

from ..model.findings import Finding, Severity, SourceLocation
from ..model.project import Project
from ..model.records import ContentPage
from ..render.structure import page_paths, rendered_path

RULE_IDS = {
    "link-insecure": "an external link does not use https",
    "link-broken": "an internal link leads to no page of the site",
}

_LINKS = (
    re.compile(r"\]\(\s*<?([^)\s>]+)"),       # [text](target "title")
    re.compile(r"^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)"),  # [ref]: target
    re.compile(r"<((?:https?|ftp)://[^>\s]+)>"),  # <https://...>
    re.compile(r"\bhref\s*=\s*[\"']([^\"']+)"),  # raw HTML
)
_SAFE_SCHEMES = ("https:", "mailto:", "tel:")


def links(page: ContentPage) -> Iterator[tuple[int, str]]:
    """(line, target) for every link in a page's Markdown, outside code."""
    in_fence = False
    for offset, text in enumerate(page.body.splitlines()):
        if text.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        text = re.sub(r"`[^`]*`|\{\{.*?\}\}", "", text)
        for pattern in _LINKS:
            for match in pattern.finditer(text):
                yield page.body_line + offset, match.group(1)


def links_are_safe(project: Project) -> Iterable[Finding]:
    """External links use https; relative links lead to a page that exists in every locale."""
    paths = {code: page_paths(project, code) for code in project.config.locale_codes}
    for page in project.pages:
        source = rendered_path(page)
        for line, target in links(page):
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
