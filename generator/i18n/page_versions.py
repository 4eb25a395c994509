"""Which version of its source page a translated page matches.

A page in a non-default locale translates a page of the default locale: the one
explaining the same safeguard, or the one at the same path. The translation
records a digest of the source it was written from (front matter
``source_digest``, written by ``safety-center i18n mark``). When the source
changes, the digests differ and the translation is *stale*; where git history
has the recorded version, the change can be shown as a diff.
"""

from __future__ import annotations

import difflib
import hashlib
import subprocess
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from ..load.pages import page_from_text
from ..model.findings import Finding
from ..model.page import ContentPage
from ..model.project import Project

DIGEST_KEY = "source_digest"
DIGEST_LENGTH = 12


class PageState(str, Enum):
    CURRENT = "current"
    STALE = "stale"
    MISSING = "missing"


@dataclass(frozen=True)
class PageVersion:
    """A default-locale page and the state of its translation in one locale."""

    source: ContentPage
    locale: str
    translation: ContentPage | None
    state: PageState

    @property
    def recorded_digest(self) -> str | None:
        if self.translation is None:
            return None
        return self.translation.meta.source_digest


def digest(page: ContentPage) -> str:
    """A short digest of what a translator translates: the body and the title."""
    text = f"{page.meta.title or ''}\n{page.body.strip()}"
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def page_versions(project: Project, locale: str) -> list[PageVersion]:
    """Every default-locale page with the state of its translation in ``locale``."""
    versions = []
    for source in project.pages_of(project.default_locale):
        translation = project.counterpart(source, locale)
        if translation is None:
            state = PageState.MISSING
        elif translation.meta.source_digest == digest(source):
            state = PageState.CURRENT
        else:
            state = PageState.STALE
        versions.append(PageVersion(source, locale, translation, state))
    return versions


@dataclass(frozen=True)
class SourceChange:
    """How a source page changed since the version a translation records."""

    revision: str  # abbreviated commit id of the recorded version
    date: str
    diff: str  # unified diff of that version's text against the current one

    @property
    def summary(self) -> str:
        lines = self.diff.splitlines()
        added = sum(1 for line in lines if line.startswith("+") and not line.startswith("+++"))
        removed = sum(1 for line in lines if line.startswith("-") and not line.startswith("---"))
        return f"changed since {self.revision} ({self.date}): {added} line(s) added, {removed} removed"


def source_change(project: Project, version: PageVersion, max_revisions: int = 200) -> SourceChange | None:
    """Find the recorded source version in git history and diff it against today's page."""
    recorded = version.recorded_digest
    if recorded is None:
        return None
    path = project.root / version.source.origin.file
    log = _git(project.root, "log", f"-{max_revisions}", "--format=%h %cs", "--", str(path))
    for entry in (log or "").splitlines():
        revision, date = entry.split(" ", 1)
        text = _git(project.root, "show", f"{revision}:{version.source.origin.file}")
        if text is None:
            continue
        old = _page_from_text(version.source, text)
        if old is not None and digest(old) == recorded:
            current = path.read_text(encoding="utf-8")
            diff = "".join(difflib.unified_diff(
                text.splitlines(keepends=True), current.splitlines(keepends=True),
                fromfile=f"{version.source.origin.file}@{revision}", tofile=version.source.origin.file,
            ))
            return SourceChange(revision, date, diff)
    return None


def _page_from_text(like: ContentPage, text: str) -> ContentPage | None:
    """An old version of a page; None when that version's front matter was broken."""
    problems: list[Finding] = []
    page = page_from_text(text, like.locale, like.path, like.origin, problems)
    return None if problems else page


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None
