"""The output folder: only a previous build is ever replaced, in one step, and nothing is left behind."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from generator.build import output_folder
from generator.build.output_folder import (
    MARKER,
    SwapMethod,
    UnsafeSiteDir,
    mark_as_build,
    replace_site,
    site_lock,
    staging_for,
)


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` with its bytes (None for folders): a snapshot to compare."""
    return {p.relative_to(folder).as_posix(): None if p.is_dir() else p.read_bytes()
            for p in sorted(folder.rglob("*"))}


def leftovers(site: Path) -> list[str]:
    """What a build of ``site`` may have left beside it: staging folders and the lock file."""
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}."))


def build(example: Path, *args: str):
    return run_cli("build", "--config", str(example / "mkdocs.yml"), "--locale", "sv", *args)


# -- refused output folders ----------------------------------------------------------------


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "home"
    (folder / "Documents").mkdir(parents=True)
    (folder / "Documents/letter.txt").write_text("keep me", encoding="utf-8")
    monkeypatch.setenv("HOME", str(folder))
    return folder


@pytest.mark.parametrize("target, reason", [
    (".", "the project folder"),
    ("..", "it is or contains"),  # the project, and here the home folder beside it
    ("HOME", "your home folder"),
    ("/", "the file system root"),
    (".git", ".git"),
    (".git/site", ".git"),
    ("content", "content"),
    ("content/site", "content"),
    ("locales", "locales"),
    ("overrides/site", "overrides"),
    ("unrelated", "no previous build"),
])
def test_an_unsafe_site_dir_is_refused_and_left_untouched(example, home, target, reason):
    subprocess.run(["git", "init", "-q", str(example)], check=True)
    (example / "unrelated").mkdir()
    (example / "unrelated/notes.txt").write_text("not a build", encoding="utf-8")
    (example / "overrides").mkdir()  # the project's own theme overrides (theme.custom_dir)
    config = example / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  name: material\n",
                      "  name: material\n  custom_dir: overrides\n"), encoding="utf-8")
    site_dir = home if target == "HOME" else Path(target) if target == "/" else example / target
    before, home_before = tree(example), tree(home)
    result = build(example, "--site-dir", str(site_dir))
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "[unsafe-site-dir]" in line)
    assert line.strip().startswith("mkdocs.yml:1: error [unsafe-site-dir] refusing to build into")
    assert reason in line
    assert "hint: choose" in result.output
    assert "Traceback" not in result.output
    assert tree(example) == before and tree(home) == home_before


def test_a_site_dir_that_cannot_be_written_is_a_finding_not_a_traceback(example):
    result = build(example, "--site-dir", "/proc/site")  # /proc takes no new files, even from root
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "mkdocs.yml:1: error [site-dir-unwritable] cannot write the output folder /proc/site" in result.output


def test_an_empty_folder_and_a_previous_build_may_be_replaced(example, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert build(example, "--site-dir", str(empty)).exit_code == 0
    assert (empty / MARKER).is_file() and (empty / "sv/index.html").is_file()
    (empty / "sv/stale.html").write_text("from the last build", encoding="utf-8")
    result = build(example, "--site-dir", str(empty))
    assert result.exit_code == 0, result.output
    assert not (empty / "sv/stale.html").exists() and (empty / "sv/index.html").is_file()
    assert leftovers(empty) == []


# -- permissions, swap, leftovers -------------------------------------------------------------


def test_the_site_gets_normal_permissions_from_the_umask(example):
    previous = os.umask(0o022)
    try:
        result = build(example)
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    site = example / "site"
    assert stat.S_IMODE(site.stat().st_mode) == 0o755
    modes = {p.relative_to(site).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in site.rglob("*")}
    assert {path for path, mode in modes.items() if mode not in (0o755, 0o644)} == set()
    assert modes["sv"] == 0o755 and modes["sv/index.html"] == 0o644 and modes["index.html"] == 0o644
    assert leftovers(site) == []


def folder_with(path: Path, name: str) -> Path:
    path.mkdir()
    (path / name).write_text(name, encoding="utf-8")
    return path


def test_the_swap_exchanges_the_folders_in_one_step_on_linux(tmp_path):
    site = folder_with(tmp_path / "site", "old.html")
    mark_as_build(site)
    new = folder_with(tmp_path / "new", "new.html")
    new_inode = new.stat().st_ino
    assert replace_site(new, site) is SwapMethod.EXCHANGE
    assert site.stat().st_ino == new_inode and (site / "new.html").is_file()
    assert (new / "old.html").is_file()  # the previous site, for the caller to remove


def test_the_first_build_is_a_plain_rename_and_the_fallback_two_renames(tmp_path, monkeypatch):
    site = tmp_path / "site"
    assert replace_site(folder_with(tmp_path / "first", "first.html"), site) is SwapMethod.RENAME
    assert (site / "first.html").is_file() and not (tmp_path / "first").exists()
    mark_as_build(site)
    monkeypatch.setattr(output_folder, "_renameat2", lambda: None)  # a system without renameat2
    second = folder_with(tmp_path / "second", "second.html")
    assert replace_site(second, site) is SwapMethod.TWO_RENAMES
    assert (site / "second.html").is_file() and (second / "first.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["second", "site"]


def test_there_is_never_a_moment_without_the_site(tmp_path):
    site = folder_with(tmp_path / "site", "index.html")
    mark_as_build(site)
    other = folder_with(tmp_path / "other", "index.html")
    mark_as_build(other)
    misses: list[int] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if not (site / "index.html").exists():
                misses.append(1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for _ in range(2000):
            assert replace_site(other, site) is SwapMethod.EXCHANGE
    finally:
        done.set()
        watcher.join()
    assert misses == []


def test_a_folder_that_is_not_a_build_is_never_swapped_away(tmp_path):
    site = folder_with(tmp_path / "site", "thesis.tex")
    new = folder_with(tmp_path / "new", "index.html")
    with pytest.raises(UnsafeSiteDir):
        replace_site(new, site)
    assert tree(site) == {"thesis.tex": b"thesis.tex"}


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_killed_build_leaves_nothing_behind_after_the_next_build(example):
    site = example / "site"
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--config", str(example / "mkdocs.yml")],
        env={**os.environ, "PYTHONPATH": str(REPO)}, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not any(example.glob(".site.staging-*/site/*")) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    [staging] = example.glob(".site.staging-*")
    assert staging.name.startswith(f".site.staging-{process.pid}-")
    assert (staging / "docs").is_dir()  # the rendered Markdown too: nothing of a build lives elsewhere
    # A dead owner's folder from another run too (owner gone, no lock held).
    stale = example / f".site.staging-{dead_pid()}-abcd"
    (stale / "site").mkdir(parents=True)
    assert build(example).exit_code == 0
    assert leftovers(site) == []
    assert (site / "sv/index.html").is_file()


HOLD_LOCK = """
import sys
from pathlib import Path
from generator.build.output_folder import staging_for
with staging_for(Path(sys.argv[1])) as staging:
    print(staging.folder, flush=True)
    sys.stdin.read()
"""


def test_builds_of_one_site_wait_for_each_other(tmp_path):
    site = tmp_path / "site"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(site)], env={**os.environ, "PYTHONPATH": str(REPO)},
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdin is not None
    theirs = Path(holder.stdout.readline().strip())
    assert theirs.is_dir() and theirs.name.startswith(f".site.staging-{holder.pid}-")
    messages: list[str] = []
    ours: list[Path] = []

    def build_meanwhile() -> None:
        with staging_for(site, messages.append) as staging:
            ours.append(staging.folder)

    waiting = threading.Thread(target=build_meanwhile)
    waiting.start()
    time.sleep(1)
    assert ours == [] and messages == [f"waiting for another build of {site} to finish"]
    assert theirs.is_dir()
    holder.stdin.close()
    holder.wait()
    waiting.join(timeout=30)
    assert len(ours) == 1 and not ours[0].exists()
    assert leftovers(site) == []


def test_a_live_processs_staging_folder_survives_another_build(tmp_path):
    site = tmp_path / "site"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = tmp_path / f".site.staging-{sleeper.pid}-abcd"
        (live / "site").mkdir(parents=True)
        dead = tmp_path / f".site.staging-{dead_pid()}-abcd"
        (dead / "site").mkdir(parents=True)
        with site_lock(site):
            removed = output_folder.remove_stale_staging(site)
        assert removed == [dead] and live.is_dir() and not dead.exists()
    finally:
        sleeper.kill()
        sleeper.wait()
