"""The parent safety-center generator: load -> check -> render -> build."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

#: The distribution this package is installed as.
DISTRIBUTION = "safety-center"


def installed_version() -> str | None:
    """The installed generator's version (None when run from a source tree that was never installed)."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return None
