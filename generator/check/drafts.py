"""Drafts and scaffold text: what is not ready for parents.

A record or page with ``draft: true`` is previewed by ``serve`` and built by
``build --drafts``, and left out of a published build; ``check`` counts each as a
warning (``draft``). Text a scaffold wrote ("TODO", the placeholder source address)
in anything that is not a draft is an error (``placeholder-left``) at its line.
What a published page would lose with the drafts left out (a link to a draft page,
a draft resource) is ``draft-reference``; what is wrong in a draft is a warning until it
is published (``weigh_drafts``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ..model.findings import Finding, Severity, SourceLocation
from ..model.placeholders import placeholder_in
from ..model.project import Project
from ..model.records import LocatedRecord
from ..render.page_parse import parsed_page
from .links import links
from .plain_text import leaves

RULE_IDS = {
    "draft": "a record or page is a draft (draft: true): previewed, but left out of the published site",
    "draft-reference": "something published refers to a draft, which a published build leaves out",
    "placeholder-left": "a record or page that is not a draft still holds text a scaffold wrote (TODO, "
                        "the placeholder source address)",
}


def drafts_are_counted(project: Project) -> Iterable[Finding]:
    """One warning per draft, so that none is forgotten."""
    for record in _records(project):
        if record.draft:
            yield Finding("draft", Severity.WARNING, record.location_of("draft"),
                          f"'{record.id}' is a draft: serve shows it, a published build leaves it out",
                          "remove 'draft: true' when it is ready for parents")
    for page in project.pages:
        if page.meta.draft:
            yield Finding("draft", Severity.WARNING, page.location_of("draft"),
                          "this page is a draft: serve shows it, a published build leaves it out",
                          "remove 'draft: true' from the front matter when it is ready for parents")


def platforms_published_first(project: Project) -> Iterable[Finding]:
    """A published safeguard whose platform is a draft: published alone, its pages would lose what
    the platform record says (the parent tool's name in "who can change it")."""
    for safeguard in project.safeguards.values():
        platform = project.platform_of(safeguard)
        if not safeguard.draft and platform is not None and platform.draft:
            yield Finding(
                "draft-reference", Severity.ERROR, safeguard.location_of("platform"),
                f"safeguard '{safeguard.id}' is published, but its platform '{platform.id}' is a draft, "
                "which a published build leaves out",
                f"publish {platform.origin.file} first (remove its 'draft: true'), or mark the safeguard 'draft: true'")


def placeholders_left(project: Project) -> Iterable[Finding]:
    """Scaffold text in records and pages that are not drafts, at its line."""
    hint = "write the real text or source address, or mark the file 'draft: true' until it is ready"
    for record in _records(project):
        if record.draft:
            continue
        fields = record.model_dump(mode="json", exclude={"id", "origin", "field_lines"})
        for path, value in leaves((), fields):
            found = placeholder_in(value) if isinstance(value, str) else None
            if found is not None:
                field = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)[1:]
                yield Finding("placeholder-left", Severity.ERROR, record.location_of(field),
                              f"'{field}' still holds '{found}', written by a scaffold", hint)
    for page in project.pages:
        if project.is_draft(page):
            continue
        for key in ("title", "description"):
            found = placeholder_in(getattr(page.meta, key) or "")
            if found is not None:
                yield Finding("placeholder-left", Severity.ERROR, page.location_of(key),
                              f"the page's {key} still holds '{found}', written by a scaffold", hint)
        body = parsed_page(project, page)
        texts = [(block.line_of(found), found) for block, text in body.prose()
                 if (found := placeholder_in(text)) is not None]
        texts += [(line, found) for line, target in links(body) if (found := placeholder_in(target)) is not None]
        for line, found in sorted(set(texts)):
            yield Finding("placeholder-left", Severity.ERROR, SourceLocation(page.origin.file, line),
                          f"the page still holds '{found}', written by a scaffold", hint)


def weigh_drafts(findings: list[Finding], published: list[Finding], drafts: bool,
                protected: frozenset[str]) -> list[Finding]:
    """Findings with the drafts taken into account.

    ``findings`` come from the whole project, ``published`` from the project with its
    drafts left out. A finding only the whole project has is about a draft: a warning
    (unless its rule is ``protected``), so that work in progress never blocks a build. A
    finding only the published project has is something published losing a draft it refers
    to: a ``draft-reference`` error, unless ``drafts`` are built too.
    """
    in_published, in_whole = set(published), set(findings)
    kept = (*protected, "draft-reference")  # a draft-reference is about what is published
    weighed = [
        finding if finding in in_published or finding.rule in kept or finding.severity is Severity.WARNING
        else replace(finding, severity=Severity.WARNING, message=f"{finding.message} (in a draft)")
        for finding in findings if not (drafts and finding.rule == "draft-reference")
    ]
    if not drafts:
        weighed += [
            replace(finding, rule="draft-reference", severity=Severity.ERROR,
                    message=f"{finding.message} once drafts are left out",
                    hint="publish what it refers to (remove its 'draft: true'), refer to something published, "
                         "or preview with 'build --drafts'")
            for finding in published if finding not in in_whole
        ]
    return weighed


def _records(project: Project) -> list[LocatedRecord]:
    return [*project.safeguards.values(), *project.resources.values(), *project.platforms.values()]
