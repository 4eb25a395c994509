"""Paths as findings show them: relative to the project root."""

from __future__ import annotations

from pathlib import Path


def relative(root: Path, path: Path) -> str:
    """A project-relative posix path for findings."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
