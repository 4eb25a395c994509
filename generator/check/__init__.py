"""Check: rules over a loaded project that produce findings.

Each rule is a plain function ``rule(project) -> iterable of Finding``, grouped by
theme in this package's modules; ``RULES`` lists them and ``check_project`` runs
them all, so every problem shows in one run. A site may change a rule's severity,
or switch it off, in mkdocs.yml (``safety_center.rules``), always with a reason,
except the ``PROTECTED_RULES``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from collections.abc import Callable, Iterable

from ..load import load_project
from ..load.config import RULE_IDS as CONFIG_RULE_IDS
from ..model.findings import Finding, Severity, SourceLocation, did_you_mean
from ..model.project import Project
from . import drafts as drafts_module
from . import (
    catalog_quality,
    coverage,
    facts,
    links,
    plain_text,
    references,
    safety,
    schemas,
    site_urls,
    upgrade,
)

Rule = Callable[[Project], Iterable[Finding]]

RULES: tuple[Rule, ...] = (
    coverage.explanations_exist,
    coverage.explanations_unique,
    coverage.strings_translated,
    coverage.translations_current,
    coverage.explanations_complete,
    coverage.section_headings_cover_every_locale,
    facts.page_templates_render,
    facts.ages_match_records,
    facts.phones_match_records,
    facts.records_are_sourced_and_recent,
    links.links_are_safe,
    site_urls.pages_have_own_urls,
    references.references_resolve,
    references.platforms_resolve,
    references.ages_in_range,
    references.related_are_others,
    catalog_quality.catalog_entries_are_sound,
    safety.markup_is_safe,
    plain_text.records_are_plain_text,
    plain_text.printed_config_is_plain_text,
    schemas.schemas_are_current,
    drafts_module.drafts_are_counted,
    drafts_module.platforms_published_first,
    drafts_module.placeholders_left,
    upgrade.generator_matches_center,
)

#: Rules a site may not downgrade or switch off in ``safety_center.rules``: they keep
#: script out of pages and the build inside the project. A setting for one is refused.
PROTECTED_RULES = frozenset({
    "unsafe-markup", "page-template-unsafe", "po-markup", "protected-rule",
    "unsafe-site-dir", "symlink-outside", "path-outside", "control-character", "file-too-large",
})

#: Every rule id a finding can carry, with what it means. Loading problems are
#: rules too, so that a site can see (though rarely should change) them.
RULE_IDS: dict[str, str] = {
    **coverage.RULE_IDS,
    **drafts_module.RULE_IDS,
    **upgrade.RULE_IDS,
    **facts.RULE_IDS,
    **links.RULE_IDS,
    **site_urls.RULE_IDS,
    **references.RULE_IDS,
    **catalog_quality.RULE_IDS,
    **safety.RULE_IDS,
    **schemas.RULE_IDS,
    **CONFIG_RULE_IDS,
    "yaml-syntax": "a YAML file or front matter cannot be parsed",
    "unknown-key": "a record or front matter has a key the model does not know",
    "missing-key": "a record lacks a required key",
    "invalid-value": "a value has the wrong type or is not one of the allowed values",
    "record-invalid": "a record file is empty or not a mapping",
    "duplicate-id": "two records share an id",
    "deprecated-key": "a record uses an old key or value of the record format (teen -> child); it is still read",
    "front-matter": "a page's front matter is malformed",
    "encoding": "a file is not UTF-8 text (reported at the line of the first bad byte)",
    "control-character": "a page, record or catalog holds an invisible control or bidi-override character",
    "symlink-outside": "a symlink under content/, locales/ or the theme overrides (theme.custom_dir) "
                       "leads out of the project",
    "file-too-large": "a page, record or catalog is beyond its size bound (1 MB, 256 KB, 2 MB); it is not read",
    "file-unreadable": "a project file cannot be opened (permissions, or not a plain file)",
    "po-syntax": "a catalog is not valid PO",
    "unknown-locale": "a content or catalog folder, or --locale, names a locale that is not configured",
    "unknown-language": "a configured locale code is well-formed but names no language CLDR knows",
    "config-missing": "there is no mkdocs.yml",
    "config-invalid": "mkdocs.yml lacks the safety_center section",
    "unsafe-site-dir": "the output folder would replace or land among something that is not a previous build",
    "site-dir-unwritable": "the output folder (or the folder beside it) cannot be written",
    "mkdocs-build": "MkDocs failed to build a locale",
    "protected-rule": "safety_center.rules tries to change a rule that keeps script or outside files out",
}


@dataclass
class CheckResult:
    """A loaded project (None when mkdocs.yml is unusable) and every finding about it."""

    project: Project | None
    findings: list[Finding]


def run_checks(config_file: Path, drafts: bool = False) -> CheckResult:
    """Load the project and run every rule, with the site's rule settings applied.

    ``drafts`` says whether drafts will be built (``serve``, ``build --drafts``); without
    them, what a published page would lose to a left-out draft is an error too.
    """
    loaded = load_project(config_file)
    if loaded.project is None:
        return CheckResult(None, loaded.findings)
    findings = loaded.findings + check_project(loaded.project, drafts)
    return CheckResult(loaded.project, apply_rule_settings(loaded.project, findings))


def check_project(project: Project, drafts: bool = False) -> list[Finding]:
    """Run every rule; return all findings (before the site's rule settings).

    With drafts in the project, the rules also run over the project as published (drafts
    left out): what is wrong only in a draft is a warning, and what a published page loses
    to a left-out draft is a ``draft-reference`` error unless ``drafts`` are built too.
    """
    findings = _run_rules(project)
    if not project.has_drafts:
        return findings
    return drafts_module.weigh_drafts(findings, _run_rules(project.without_drafts()), drafts, PROTECTED_RULES)


def _run_rules(project: Project) -> list[Finding]:
    return [finding for rule in RULES for finding in rule(project)]


def apply_rule_settings(project: Project, findings: list[Finding]) -> list[Finding]:
    """Apply ``safety_center.rules``: change severities, drop switched-off rules.

    A setting for one of the ``PROTECTED_RULES`` is refused with a finding and has no effect.
    """
    settings = project.config.rules
    result = [_unknown_rule(project, rule_id) for rule_id in settings if rule_id not in RULE_IDS]
    result += [_protected_rule(project, rule_id) for rule_id in settings if rule_id in PROTECTED_RULES]
    for finding in findings:
        setting = None if finding.rule in PROTECTED_RULES else settings.get(finding.rule)
        if setting is None:
            result.append(finding)
        elif setting.severity != "off":
            result.append(replace(finding, severity=Severity(setting.severity)))
    return result


def translator_findings(project: Project, locale: str) -> list[Finding]:
    """What check reports about one locale's translation (strings, catalog, pages), with the site's
    rule settings applied: ``i18n status --strict`` fails on its errors. As in ``check``, what is
    wrong only in a draft is a warning."""
    found = coverage.translator_workflow_findings(project, locale)
    if project.has_drafts:
        published = coverage.translator_workflow_findings(project.without_drafts(), locale)
        found = drafts_module.weigh_drafts(found, published, True, PROTECTED_RULES)
    return [finding for finding in apply_rule_settings(project, found) if finding.rule in coverage.TRANSLATOR_RULES]


def _unknown_rule(project: Project, rule_id: str) -> Finding:
    return Finding(
        "invalid-value", Severity.ERROR, SourceLocation(project.config_file.name, 1),
        f"safety_center.rules names '{rule_id}', which is not a rule",
        did_you_mean(rule_id, RULE_IDS) or "see the rule table in README",
    )


def _protected_rule(project: Project, rule_id: str) -> Finding:
    return Finding(
        "protected-rule", Severity.ERROR, project.rule_locations[rule_id],
        f"safety_center.rules may not change '{rule_id}': it keeps script or files outside the project "
        "out of the site, so it always reports errors",
        f"remove '{rule_id}' from safety_center.rules and fix what it reports",
    )
