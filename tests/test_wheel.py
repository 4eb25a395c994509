"""The product as a newcomer gets it: a wheel, installed into a fresh venv, starts and builds a center.

No repository on the import path: the venv's own copy of the package must carry everything a
build needs (templates, theme, starter files, section headings) as package data.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

#: What a wheel is built from (copied, so that building leaves nothing in the repository).
SOURCES = ("pyproject.toml", "README.md", "generator")


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A fresh venv (dependencies from the system's site-packages) with the package's wheel installed."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO / name, source / name)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    # With build isolation: pip fetches the build backend pyproject.toml names (setuptools>=68) from the
    # package registry, whatever setuptools the test environment has.
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(source)], work, env)
    [wheel] = (work / "dist").glob("safety_center-*.whl")
    run([sys.executable, "-m", "venv", "--system-site-packages", str(work / "venv")], work, env)
    run([str(work / "venv/bin/python"), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
        work, env)
    return work / "venv"


def test_the_installed_package_is_the_wheel_not_the_repository(venv):
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = run([str(venv / "bin/python"), "-c", "import generator; print(generator.__file__)"], venv.parent, env)
    location = Path(result.stdout.strip()).resolve()
    assert location.is_relative_to(venv.resolve()), location
    assert not location.is_relative_to(REPO.resolve())


def test_init_and_build_from_the_wheel(venv):
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    command = str(venv / "bin/safety-center")
    run([command, "init", "center", "--name", "Family Gaming Guide", "--platform", "Minecraft",
         "--ages", "9-17", "--locales", "en,fi,ar"], venv.parent, env)
    center = venv.parent / "center"
    checked = subprocess.run([command, "check"], cwd=center, env=env, capture_output=True, text=True, timeout=600)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    run([command, "build"], center, env)

    site = center / "site"
    home = (site / "en/index.html").read_text(encoding="utf-8")
    assert "Family Gaming Guide" in home and "children who use Minecraft" in home
    for page in ("safeguards", "ages", "ages/9", "ages/17", "help", "something-happened", "setup", "changes"):
        assert (site / "en" / page / "index.html").is_file(), page
    assert (site / "index.html").is_file() and (site / "en/404.html").is_file()
    # The package's theme: its stylesheet is shipped and linked, its language chooser is at the root.
    assert (site / "en/assets/stylesheets/safety-center.css").is_file()
    assert "assets/stylesheets/safety-center.css" in home
    assert "TikTok" not in home
    # Finnish from the package's starter text; Arabic, right to left, shows the English introduction until
    # its translation is published (its own page is a draft).
    finnish = (site / "fi/index.html").read_text(encoding="utf-8")
    assert "Family Gaming Guide" in finnish and "käyttävät palvelua Minecraft" in finnish
    arabic = (site / "ar/index.html").read_text(encoding="utf-8")
    assert 'dir="rtl"' in arabic and "children who use Minecraft" in arabic
    assert (site / "ar/ages/9/index.html").is_file()
