"""Every case of the attack matrix is reported by check, and a build without the check publishes nothing that runs."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pytest
from conftest import copy_example

from generator.build.site import build_unchecked
from generator.check import run_checks
from generator.model.findings import Severity

from .cases import CASES, Case
from .output import theme_scripts, what_could_run


@functools.cache
def _clean_build(locales: tuple[str, ...], workspace: Path) -> frozenset[str]:
    """The script elements of a clean build of ``locales``: the theme's own (and the root chooser's)."""
    project = workspace / f"clean-{'-'.join(locales)}"
    copy_example(project)
    build_unchecked(project / "mkdocs.yml", project / "site", list(locales))
    scripts = frozenset(theme_scripts(project / "site"))
    shutil.rmtree(project)
    return scripts


@pytest.fixture(scope="module")
def clean_scripts(tmp_path_factory):
    workspace = tmp_path_factory.mktemp("clean")
    return lambda locales: _clean_build(locales, workspace)


@pytest.fixture
def attacked(tmp_path: Path):
    """A copy of the example with one case's payload in it: (project folder, line to report)."""

    def make(case: Case) -> tuple[Path, int]:
        project = tmp_path / "project"
        copy_example(project)
        return project, case.apply(project)

    return make


def test_the_matrix_is_large_and_covers_every_kind_and_input():
    assert len(CASES) >= 30
    assert len({case.id for case in CASES}) == len(CASES)
    assert {case.kind for case in CASES} == {"script", "handler", "script-url", "css", "svg", "embed"}
    assert {case.input for case in CASES} == {"page", "record", "po", "config"}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_check_reports_the_payload_at_its_file_and_line(case: Case, attacked):
    project, line = attacked(case)
    findings = run_checks(project / "mkdocs.yml").findings
    reported = [f for f in findings if f.rule in case.rules and f.severity is Severity.ERROR
                and f.location.file == case.file]
    assert reported, f"{case.id}: check did not report it; it reported: " + "; ".join(map(str, findings))
    if case.input == "po":  # an entry: its msgid line, or the msgstr line below
        assert {f.location.line for f in reported} & {line, line + 1}, [str(f) for f in reported]
    else:  # the enclosing block's first line, or the line inside it where the payload's danger stands
        span = set(range(line, line + case.payload.count("\n") + 1))
        assert {f.location.line for f in reported} & span, [str(f) for f in reported]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_built_without_check_nothing_in_the_output_runs(case: Case, attacked, clean_scripts):
    project, _ = attacked(case)
    build_unchecked(project / "mkdocs.yml", project / "site", list(case.locales))
    assert what_could_run(project / "site", set(clean_scripts(case.locales))) == []
