"""The generator a center was made with, and the one installed.

``init`` records its version in ``safety_center.generator_version``. A newer generator
may bring interface strings the center's catalogs do not translate yet (and new
findings, listed in the changelog); an older one may not know what the center uses.
Either way ``check`` says so, as a warning: the site still builds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .. import installed_version
from ..load.yamlfile import YamlProblem, line_of, parse_yaml
from ..model.findings import Finding, Severity, SourceLocation
from ..model.project import Project

RULE_IDS = {
    "generator-version": "the installed generator is newer or older than the one the center records "
                         "(safety_center.generator_version)",
}


def generator_matches_center(project: Project) -> Iterable[Finding]:
    """A warning when the installed generator is not the version the center records."""
    recorded, installed = project.config.generator_version, installed_version()
    if recorded is None or installed is None or version_key(recorded) == version_key(installed):
        return
    where = SourceLocation(project.config_file.name, _line_of_version(project))
    if version_key(installed) > version_key(recorded):
        yield Finding(
            "generator-version", Severity.WARNING, where,
            f"this center records generator {recorded}; {installed} is installed, and may bring new interface "
            "strings to translate and new findings (see CHANGELOG.md of the generator)",
            f"run 'safety-center i18n extract && safety-center i18n update', translate what is new, "
            f"then set safety_center.generator_version: \"{installed}\"",
        )
    else:
        yield Finding(
            "generator-version", Severity.WARNING, where,
            f"this center records generator {recorded}, newer than the installed {installed}, which may not "
            "know everything the center uses",
            f"upgrade: pip install --upgrade 'safety-center>={recorded}'",
        )


def version_key(text: str) -> tuple[int, ...]:
    """A version's release numbers, for comparing: "0.10.1" > "0.9" (a suffix such as ".dev1" is ignored).

    >>> version_key("0.10.1") > version_key("0.9"), version_key("1.0") == version_key("1.0.0")
    (True, True)
    """
    release = re.match(r"[\d.]*", text)
    numbers = [int(part) for part in re.findall(r"\d+", release.group(0) if release else "")]
    while numbers and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def _line_of_version(project: Project) -> int:
    data = parse_yaml(project.config_file.read_text(encoding="utf-8"), tolerate_tags=True)
    if isinstance(data, YamlProblem):
        return 1
    return line_of(data, ("safety_center", "generator_version")) or 1
