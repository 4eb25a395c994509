"""Build: check, render, one MkDocs build per locale, the site root, then one atomic swap."""

from .site import BuildOutcome, build, build_into

__all__ = ["BuildOutcome", "build", "build_into"]
