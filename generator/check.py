"""Check: rules over a loaded project that produce findings.

Each rule is a plain function ``rule(project) -> iterable of Finding``; ``RULES``
lists them and ``check_project`` runs them all, so every problem shows in one run.
The core rule: every safeguard is explained in every locale, and every string it
shows is translated there.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Callable, Iterable

from .findings import Finding, Severity, SourceLocation, did_you_mean
from .load import Project
from .messages import SourceMessage, record_messages, template_messages, TEMPLATES_DIR

Rule = Callable[[Project], Iterable[Finding]]


def check_project(project: Project) -> list[Finding]:
    """Run every rule; return all findings."""
    return [finding for rule in RULES for finding in rule(project)]


def shown_messages(project: Project) -> list[SourceMessage]:
    """Every string the built site shows: record fields and template strings."""
    return record_messages(project) + template_messages([TEMPLATES_DIR, project.overrides_dir], project.root)


# -- the core rule -----------------------------------------------------------------


def explanations_exist(project: Project) -> Iterable[Finding]:
    """Every safeguard has an explanation page in every locale."""
    for safeguard in project.safeguards.values():
        for locale in project.config.locale_codes:
            if project.explanation(safeguard.id, locale) is None:
                yield Finding(
                    "explanation-missing", Severity.ERROR, safeguard.origin,
                    f"safeguard '{safeguard.id}' has no explanation in locale '{locale}'",
                    f"add content/{locale}/safeguards/{safeguard.id}.md with "
                    f"front matter 'safeguard: {safeguard.id}'",
                )


def strings_translated(project: Project) -> Iterable[Finding]:
    """Every string the site shows has a usable translation in every other locale."""
    messages = shown_messages(project)
    for locale in project.config.locale_codes:
        if locale == project.default_locale:
            continue
        catalog = project.catalogs[locale]
        if catalog.file and not (project.root / catalog.file).is_file():
            yield Finding(
                "catalog-missing", Severity.ERROR, SourceLocation(catalog.file, 1),
                f"locale '{locale}' has no catalog: none of its {len(messages)} strings is translated",
                f"create it with 'safety-center i18n update {locale}' and translate it",
            )
            continue
        for message in messages:
            msgid = message.msgid[0] if isinstance(message.msgid, tuple) else message.msgid
            if catalog.is_translated(msgid, message.context):
                continue
            entry = catalog.entry(msgid, message.context)
            state = "fuzzy (needs review)" if entry is not None and entry.fuzzy else "not translated"
            owner = f"safeguard '{message.subject.split('/', 1)[1]}'" if (
                message.subject or "").startswith("safeguard/") else (message.subject or "the page templates")
            yield Finding(
                "string-untranslated", Severity.ERROR, catalog.location_of(msgid, message.context),
                f"{owner}: {message.context or 'string'} \"{_short(msgid)}\" is {state} in locale '{locale}'",
                "translate it in the catalog (and clear the fuzzy flag)" if entry is not None
                else f"run 'safety-center i18n update {locale}', then translate the new entry",
            )


# -- references and ids ------------------------------------------------------------


def references_resolve(project: Project) -> Iterable[Finding]:
    """Pages name known safeguards; safeguards name known resources."""
    for page in project.pages:
        target = page.safeguard_id
        if target is not None and target not in project.safeguards:
            yield Finding(
                "unknown-safeguard", Severity.ERROR, page.origin,
                f"page explains safeguard '{target}', which has no record",
                did_you_mean(target, project.safeguards) or "add content/safeguards/" f"{target}.yml",
            )
    for safeguard in project.safeguards.values():
        for resource_id in safeguard.resources:
            if resource_id not in project.resources:
                line = safeguard.field_lines.get("resources", 1)
                yield Finding(
                    "unknown-resource", Severity.ERROR, SourceLocation(safeguard.origin.file, line),
                    f"safeguard '{safeguard.id}' refers to resource '{resource_id}', which has no record",
                    did_you_mean(resource_id, project.resources) or f"add content/resources/{resource_id}.yml",
                )


def explanations_unique(project: Project) -> Iterable[Finding]:
    """A safeguard has at most one explanation per locale."""
    seen: dict[tuple[str, str], SourceLocation] = {}
    for page in project.pages:
        if page.safeguard_id is None:
            continue
        key = (page.locale, page.safeguard_id)
        if key in seen:
            yield Finding(
                "duplicate-explanation", Severity.ERROR, page.origin,
                f"safeguard '{page.safeguard_id}' is already explained in locale '{page.locale}' by {seen[key].file}",
                "merge the two pages into one",
            )
        else:
            seen[key] = page.origin


def ages_in_range(project: Project) -> Iterable[Finding]:
    """Age bands stay within the ages the site covers."""
    ages = project.config.ages
    for safeguard in project.safeguards.values():
        for rule in safeguard.age_rules:
            if rule.ages.min_age < ages.min_age or rule.ages.max_age > ages.max_age:
                yield Finding(
                    "age-out-of-range", Severity.WARNING,
                    SourceLocation(safeguard.origin.file, safeguard.field_lines.get("age_rules", 1)),
                    f"age band {rule.ages} of '{safeguard.id}' is outside the site's ages {ages}",
                    "change the band, or 'ages' in mkdocs.yml",
                )


# -- safety of editors' Markdown ------------------------------------------------------

_UNSAFE = [
    (re.compile(r"<\s*(script|iframe|object|embed|style|form|base|meta|link)\b", re.I), "a <{0}> tag"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an event handler attribute"),
    (re.compile(r"(?:\]\(\s*<?|\]:\s*|=\s*[\"']?\s*|<)(javascript|vbscript|data)\s*:", re.I), "a {0}: URL"),
]


def markup_is_safe(project: Project) -> Iterable[Finding]:
    """Editors' Markdown may not carry script: no script tags, handlers or script URLs."""
    for page in project.pages:
        for offset, text in enumerate(page.body.splitlines()):
            for pattern, what in _UNSAFE:
                match = pattern.search(text)
                if match:
                    yield Finding(
                        "unsafe-markup", Severity.ERROR,
                        SourceLocation(page.origin.file, page.body_line + offset),
                        f"page contains {what.format(*(g.lower() for g in match.groups()))}, which could run script",
                        "use plain Markdown: links with https:// addresses, no raw HTML scripts or handlers",
                    )


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


RULES: tuple[Rule, ...] = (
    explanations_exist,
    strings_translated,
    references_resolve,
    explanations_unique,
    ages_in_range,
    markup_is_safe,
)
