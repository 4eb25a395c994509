"""Nothing an editor writes may run script in a parent's browser."""

from __future__ import annotations

import re
from typing import Iterable

from ..model.findings import Finding, Severity, SourceLocation
from ..model.project import Project

RULE_IDS = {"unsafe-markup": "an editor's page contains script, an event handler or a script URL"}

#: Markup that can run script. Links count in every Markdown form: inline,
#: reference definitions, autolinks and raw attributes.
UNSAFE_MARKUP = (
    (re.compile(r"<\s*(script|iframe|object|embed|style|form|base|meta|link|svg|math)\b", re.I), "a <{0}> tag"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an event handler attribute"),
    (re.compile(r"(?:\]\(\s*<?|\]:\s*|=\s*[\"']?\s*|<)(javascript|vbscript|data)\s*:", re.I), "a {0}: URL"),
)


def unsafe_markup(text: str) -> list[str]:
    """What in ``text`` could run script, described for a person ([] when nothing)."""
    found = []
    for pattern, what in UNSAFE_MARKUP:
        for match in pattern.finditer(text):
            found.append(what.format(*(group.lower() for group in match.groups())))
    return found


def markup_is_safe(project: Project) -> Iterable[Finding]:
    """Editors' Markdown may not carry script: no script tags, handlers or script URLs."""
    for page in project.pages:
        for offset, text in enumerate(page.body.splitlines()):
            for what in unsafe_markup(text):
                yield Finding(
                    "unsafe-markup", Severity.ERROR, SourceLocation(page.origin.file, page.body_line + offset),
                    f"page contains {what}, which could run script",
                    "use plain Markdown: links with https:// addresses, no raw HTML scripts or handlers",
                )
