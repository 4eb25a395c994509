"""Which version of its source page a translated page matches.

A page in a non-default locale translates a page of the default locale: the one
explaining the same safeguard, or the one at the same path. The translation
records a digest of the source it was written from (front matter
``source_digest``, written by ``safety-center i18n mark``). When the source
changes, the digests differ and the translation is *stale*.

To show *what* changed, ``i18n mark`` keeps each marked source version in the
project: ``locales/source-versions/<digest>.md``, one file per version, named by
the digest pages record (content-addressed), committed with the rest, and pruned
when no page refers to it any more. So an export, a shallow clone or a copy
without git still shows the change. Pages marked before the store existed are
looked up in git history instead.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import subprocess
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from ..load.files import FileKind, read_text, write_text
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

    since: str  # which version: "the marked version <digest>" or "<commit> (<date>)"
    diff: str  # unified diff of that version's text against the current one

    @property
    def summary(self) -> str:
        lines = self.diff.splitlines()
        added = sum(1 for line in lines if line.startswith("+") and not line.startswith("+++"))
        removed = sum(1 for line in lines if line.startswith("-") and not line.startswith("---"))
        return f"changed since {self.since}: {added} line(s) added, {removed} removed"


def source_change(project: Project, version: PageVersion, max_revisions: int = 200) -> SourceChange | None:
    """Diff the recorded source version against today's page: from the store, else from git history."""
    recorded = version.recorded_digest
    if recorded is None:
        return None
    current = _file_text(project, version.source.origin.file)
    if current is None:
        return None
    stored = stored_version(project, recorded, version.source)
    if stored is not None:
        store_file = version_path(project, recorded).relative_to(project.root).as_posix()
        return SourceChange(f"the marked version {recorded}",
                            _diff(stored, current, store_file, version.source.origin.file))
    return _change_in_git_history(project, version.source, recorded, current, max_revisions)


def _change_in_git_history(project: Project, source: ContentPage, recorded: str, current: str,
                           max_revisions: int) -> SourceChange | None:
    file = source.origin.file
    log = _git(project.root, "log", f"-{max_revisions}", "--format=%h %cs", "--", str(project.root / file))
    for entry in (log or "").splitlines():
        revision, date = entry.split(" ", 1)
        text = _git(project.root, "show", f"{revision}:{file}")
        if text is None:
            continue
        old = _page_from_text(source, text)
        if old is not None and digest(old) == recorded:
            return SourceChange(f"{revision} ({date})", _diff(text, current, f"{file}@{revision}", file))
    return None


def _diff(old: str, new: str, old_name: str, new_name: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        fromfile=old_name, tofile=new_name))


# -- the store of marked source versions ---------------------------------------------------

_STORED_NAME = re.compile(rf"^[0-9a-f]{{{DIGEST_LENGTH}}}\.md$")


def version_path(project: Project, recorded: str) -> Path:
    """Where the store keeps the source version with digest ``recorded``."""
    return project.source_versions_dir / f"{recorded}.md"


def keep_version(project: Project, source: ContentPage) -> Path | None:
    """Store the current version of a source page (once per version); the file, when it was written."""
    text = _file_text(project, source.origin.file)
    if text is None:
        return None
    path = version_path(project, digest(source))
    if path.is_file():  # content-addressed: a file of that name already holds this version
        return None
    write_text(project.root, path, text)
    return path


def stored_version(project: Project, recorded: str, like: ContentPage) -> str | None:
    """The stored text of the source version ``recorded``; None when the store lacks it, or when the
    file there (edited by hand?) is not that version."""
    if not _STORED_NAME.match(f"{recorded}.md"):
        return None
    path = version_path(project, recorded)
    if not path.is_file():
        return None
    text = read_text(project.root, path, FileKind.PAGE, [])
    old = None if text is None else _page_from_text(like, text)
    return text if old is not None and digest(old) == recorded else None


def prune_versions(project: Project, referenced: set[str]) -> list[Path]:
    """Remove the stored versions no page refers to any more; the files removed."""
    directory = project.source_versions_dir
    if not directory.is_dir():
        return []
    removed = []
    for path in sorted(directory.iterdir()):
        if _STORED_NAME.match(path.name) and path.stem not in referenced and path.is_file():
            path.unlink()
            removed.append(path)
    return removed


def _file_text(project: Project, file: str) -> str | None:
    return read_text(project.root, project.root / file, FileKind.PAGE, [])


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
