"""Shared fixtures: a private copy of the bundled example, and one built site."""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import check
from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_PARTS = ("mkdocs.yml", "content", "locales")

# The browser fixtures (browser, new_context, site_url, axe_source) live with their helpers;
# registering the module here lets tests ask for them by name without importing them.
pytest_plugins = ["browser_support"]


def pytest_configure(config) -> None:
    """tools/rule_mutation.py switches one rule off, to see that some test notices."""
    rule = os.environ.get("SAFETY_CENTER_MUTATE_RULE")
    if rule:
        _switch_off(rule)


def _switch_off(rule: str) -> None:
    """Drop ``rule``'s findings wherever findings leave the loader, the checker or the build."""
    from generator.build import site as building
    from generator.load import project as loading

    def without(findings):
        return [finding for finding in findings if finding.rule != rule]

    def load_project(config_file):
        loaded = original_load(config_file)
        return dataclasses.replace(loaded, findings=without(loaded.findings))

    def build(*args, **kwargs):  # the output folder and MkDocs' own failures are found only here
        outcome = original_build(*args, **kwargs)
        return dataclasses.replace(outcome, findings=without(outcome.findings))

    original_load, original_check, original_apply = loading.load_project, check.check_project, check.apply_rule_settings
    original_build = building.build
    wrapped = {  # by identity: the same function may be imported under several names
        id(original_load): load_project,
        id(original_check): lambda project, *args: without(original_check(project, *args)),
        id(original_apply): lambda project, findings: without(original_apply(project, findings)),
        id(original_build): build,
    }
    for name, module in list(sys.modules.items()):
        if name == "generator" or name.startswith("generator."):
            for attribute, value in list(vars(module).items()):
                if id(value) in wrapped:
                    setattr(module, attribute, wrapped[id(value)])


def copy_example(target: Path) -> Path:
    """Copy the bundled example project into ``target``; return its mkdocs.yml."""
    target.mkdir(parents=True, exist_ok=True)
    for part in EXAMPLE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return target / "mkdocs.yml"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A writable copy of the bundled example; returns the project folder."""
    copy_example(tmp_path / "project")
    return tmp_path / "project"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The bundled example, built once for the session by the real CLI; returns site/."""
    project = tmp_path_factory.mktemp("built") / "project"
    copy_example(project)
    result = run_cli("build", "--config", str(project / "mkdocs.yml"))
    assert result.exit_code == 0, result.output
    return project / "site"


def run_cli(*args: str):
    """Run the safety-center command in-process and return click's Result."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# -- editing a copied project, in tests ----------------------------------------------------------


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a file, which must hold it."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    write(path, text.replace(old, new, 1))


def line_of(path: Path, needle: str, after: int = 0) -> int:
    """The number of the first line after line ``after`` that holds ``needle``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if i > after and needle in line)


def override_interface_entry(project: Path, locale: str, context: str | None, msgid: str) -> None:
    """Copy the package's entry for an interface string into the project's catalog of ``locale``,
    as a translator does to change the package's word: the entry is then the project's own."""
    package = REPO / "generator/locales" / locale / "LC_MESSAGES/interface.po"
    head = f'msgctxt "{context}"\nmsgid "{msgid}' if context else f'\nmsgid "{msgid}'
    blocks = package.read_text(encoding="utf-8").split("\n\n")
    [entry] = [block for block in blocks if head in "\n" + block and (context or "msgctxt" not in block)]
    catalog = project / "locales" / locale / "LC_MESSAGES/messages.po"
    write(catalog, catalog.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + entry.strip("\n") + "\n")


def findings(project: Path, rule: str | None = None) -> list:
    """What ``check`` finds in a project (of one rule, if given)."""
    found = check.run_checks(project / "mkdocs.yml").findings
    return [f for f in found if rule is None or f.rule == rule]
