"""References between records and pages resolve; facts stay within the site's scope."""

from __future__ import annotations

from typing import Iterable

from ..model.findings import Finding, Severity, did_you_mean
from ..model.project import Project

RULE_IDS = {
    "unknown-safeguard": "a page explains a safeguard that has no record",
    "unknown-resource": "a safeguard refers to a resource that has no record",
    "age-out-of-range": "an age band lies outside the ages the site covers",
}


def references_resolve(project: Project) -> Iterable[Finding]:
    """Pages name known safeguards; safeguards name known resources."""
    for page in project.pages:
        target = page.safeguard_id
        if target is not None and target not in project.safeguards:
            yield Finding(
                "unknown-safeguard", Severity.ERROR, page.origin,
                f"page explains safeguard '{target}', which has no record",
                did_you_mean(target, project.safeguards) or f"add content/safeguards/{target}.yml",
            )
    for safeguard in project.safeguards.values():
        for resource_id in safeguard.resources:
            if resource_id not in project.resources:
                yield Finding(
                    "unknown-resource", Severity.ERROR, safeguard.location_of("resources"),
                    f"safeguard '{safeguard.id}' refers to resource '{resource_id}', which has no record",
                    did_you_mean(resource_id, project.resources) or f"add content/resources/{resource_id}.yml",
                )


def ages_in_range(project: Project) -> Iterable[Finding]:
    """Age bands stay within the ages the site covers."""
    ages = project.config.ages
    for safeguard in project.safeguards.values():
        for rule in safeguard.age_rules:
            if rule.ages.min_age < ages.min_age or rule.ages.max_age > ages.max_age:
                yield Finding(
                    "age-out-of-range", Severity.WARNING, safeguard.location_of("age_rules"),
                    f"age band {rule.ages} of '{safeguard.id}' is outside the site's ages {ages}",
                    "change the band, or 'ages' in mkdocs.yml",
                )
