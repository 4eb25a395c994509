"""Shared fixtures: a private copy of the bundled example, and one built site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_PARTS = ("mkdocs.yml", "content", "locales", "site_overrides")


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
