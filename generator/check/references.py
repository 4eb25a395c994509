"""References between records and pages resolve; facts stay within the site's scope."""

from __future__ import annotations

from collections.abc import Iterable

from ..model.findings import Finding, Severity, did_you_mean
from ..model.project import Project

RULE_IDS = {
    "unknown-safeguard": "a page explains a safeguard that has no record",
    "unknown-resource": "a safeguard refers to a resource that has no record",
    "age-out-of-range": "an age band lies outside the ages the site covers (it may run to adult_age, \"18+\")",
    "age-bands-overlap": "two age bands of one safeguard share an age",
    "related-self": "a safeguard lists itself in its own related safeguards",
    "unknown-platform": "a safeguard names a platform that has no record in content/platforms/",
    "platform-missing": "a center has several platforms and a safeguard does not say which it belongs to",
}


def references_resolve(project: Project) -> Iterable[Finding]:
    """Pages name known safeguards; safeguards name known resources.

    A record whose file exists but cannot be read has its problems reported in that file; what
    refers to it is not reported again (one YAML slip would otherwise be an error in every locale).
    """
    unreadable = project.unreadable_records
    for page in project.pages:
        target = page.safeguard_id
        if target is not None and target not in project.safeguards and f"safeguards/{target}" not in unreadable:
            yield Finding(
                "unknown-safeguard", Severity.ERROR, page.origin,
                f"page explains safeguard '{target}', which has no record",
                did_you_mean(target, project.safeguards)
                or f"add content/safeguards/{target}.yml",
            )
    for safeguard in project.safeguards.values():
        for resource_id in safeguard.resources:
            if resource_id not in project.resources and f"resources/{resource_id}" not in unreadable:
                yield Finding(
                    "unknown-resource", Severity.ERROR, safeguard.location_of("resources"),
                    f"safeguard '{safeguard.id}' refers to resource '{resource_id}', which has no record",
                    did_you_mean(resource_id, project.resources)
                    or f"add content/resources/{resource_id}.yml",
                )


def platforms_resolve(project: Project) -> Iterable[Finding]:
    """Each safeguard names a known platform, or there is at most one to default to."""
    platforms = project.platforms
    for safeguard in project.safeguards.values():
        named = safeguard.platform
        if named is not None and named not in platforms and f"platforms/{named}" not in project.unreadable_records:
            yield Finding(
                "unknown-platform", Severity.ERROR, safeguard.location_of("platform"),
                f"safeguard '{safeguard.id}' names platform '{named}', which has no record",
                did_you_mean(named, platforms) or (f"platforms: {', '.join(sorted(platforms))}" if platforms
                                                   else f"add content/platforms/{named}.yml"),
            )
        elif named is None and len(platforms) > 1:
            yield Finding(
                "platform-missing", Severity.ERROR, safeguard.location_of("title"),
                f"safeguard '{safeguard.id}' does not say which platform it belongs to, "
                f"and the center has {len(platforms)}",
                f"add 'platform:' with one of: {', '.join(sorted(platforms))}",
            )


def ages_in_range(project: Project) -> Iterable[Finding]:
    """Age bands start within the site's ages and end by adulthood; bands do not overlap."""
    ages, adult = project.config.ages, project.config.adult_age
    for safeguard in project.safeguards.values():
        for index, rule in enumerate(safeguard.age_rules):
            band = rule.ages
            if band.min_age < ages.min_age or band.last_age > adult:
                yield Finding(
                    "age-out-of-range", Severity.WARNING, safeguard.location_of(f"age_rules[{index}]"),
                    f"age band {band} of '{safeguard.id}' is outside the site's ages {ages} "
                    f"(bands may run to adult_age {adult}, written {adult}+)",
                    "change the band, or 'ages' / 'adult_age' in mkdocs.yml",
                )
            for earlier in safeguard.age_rules[:index]:
                if band.overlaps(earlier.ages):
                    yield Finding(
                        "age-bands-overlap", Severity.ERROR, safeguard.location_of(f"age_rules[{index}]"),
                        f"age band {band} of '{safeguard.id}' overlaps the band {earlier.ages} before it",
                        "give each age exactly one band: end the earlier band before this one starts",
                    )


def related_are_others(project: Project) -> Iterable[Finding]:
    """A safeguard's related safeguards are other safeguards."""
    for safeguard in project.safeguards.values():
        for index, related_id in enumerate(safeguard.related):
            if related_id == safeguard.id:
                yield Finding(
                    "related-self", Severity.ERROR, safeguard.location_of(f"related[{index}]"),
                    f"safeguard '{safeguard.id}' lists itself as related",
                    "remove it from related: list other safeguards a parent should read next",
                )
