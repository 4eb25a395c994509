"""Build: check, render, one MkDocs build per locale (content HTML sanitised), the site root, then one atomic swap."""

from .sanitize import sanitize_html
from .site import BuildOutcome, build, build_into

__all__ = ["BuildOutcome", "build", "build_into", "sanitize_html"]
