"""Serve: a live preview that rebuilds what an edit touches and shows its problems.

The preview is built despite findings, so an editor sees work in progress, with
each finding in a box on the page it concerns and new findings printed in the
terminal. An edit that cannot be built (or a crash) leaves the last good preview
served: a broken edit never takes the preview down. So does a fact helper that
fails in a page: the raw ``{{ ... }}`` would show where the fact belongs, so the
locales showing that page keep their last good preview until it is fixed.
"""

from __future__ import annotations

import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from ..build.mkdocs_adapter import MkDocsBuildError, serve_directory
from ..build.site import PageNotes, Progress, build_into
from ..check import PROTECTED_RULES, run_checks
from ..model.findings import Finding, Severity
from ..model.project import SOURCE_VERSIONS_FOLDER, Project
from ..render.structure import page_paths

Report = Callable[[list[Finding]], None]
WATCHED = ("content", "locales")

#: Findings that stop even a preview: building would delete sources, read outside files or ship script.
ALWAYS_BLOCKING = PROTECTED_RULES

#: A page's fact helper failed: the page would show its raw ``{{ ... }}``, so its locales are held back.
HELPER_FAILURES = frozenset({"page-template", "unknown-fact"})


class Preview:
    """One preview: rebuilds into ``site_dir`` and remembers what it built from."""

    def __init__(self, config_file: Path, site_dir: Path, locales: list[str] | None,
                 progress: Progress, report: Report) -> None:
        self.config_file, self.site_dir, self.locales = config_file.resolve(), site_dir, locales
        self.root = self.config_file.parent
        self.progress, self.report = progress, report
        self.snapshot: dict[Path, tuple[int, int]] = {}
        self.findings: set[Finding] = set()
        self.built = False
        self.held: set[str] = set()  # locales kept at their last good preview while a fact helper fails
        self.overrides_dir: Path | None = None  # the project's theme.custom_dir, once mkdocs.yml is read

    @property
    def watched(self) -> list[Path]:
        folders = [*(self.root / name for name in WATCHED), *filter(None, [self.overrides_dir])]
        return [p for p in [*folders, self.config_file] if p.exists()]

    def rebuild(self) -> None:
        """Check, then rebuild the locales the changed files touch; never raises."""
        try:
            self._rebuild()
        except (MkDocsBuildError, OSError, ValueError) as error:
            self.progress(f"preview not rebuilt, the last good one stays: {error}")
        except Exception as error:  # noqa: BLE001 - a broken edit must never take the preview down
            self.progress(f"preview not rebuilt ({type(error).__name__}: {error}); the last good one stays")

    def _rebuild(self) -> None:
        changed = self._changed_files()
        checked = run_checks(self.config_file, drafts=True)  # a preview shows drafts, with a banner
        self._report_new(checked.findings)
        if checked.project is None:
            self.progress("preview kept: mkdocs.yml cannot be read")
            return
        project = checked.project
        self.overrides_dir = project.overrides_dir
        blocking = [f for f in checked.findings if f.rule in ALWAYS_BLOCKING and f.severity is Severity.ERROR]
        if blocking:
            self.progress("preview kept: fix the errors above first")
            return
        locales = [code for code in project.config.locale_codes if not self.locales or code in self.locales]
        touched = affected_locales(project, changed, locales) if self.built else set(locales)
        if self.built:  # else there is no last good preview to keep: build everything, boxes and all
            pending = touched | self.held  # a locale held back is rebuilt once its pages are fixed
            failing = helper_failures(project, checked.findings, locales)
            for code in sorted(pending & failing.keys()):
                self.progress(f"preview of {code} kept: a fact helper fails in {', '.join(failing[code])}; "
                              "fix it to see the locale's changes")
            self.held, touched = pending & failing.keys(), pending - failing.keys()
        if not touched:
            return
        build_into(_without_site_url(project), self.site_dir, locales, progress=self.progress,
                   notes=preview_notes(project, checked.findings, locales),
                   unchanged=frozenset(set(locales) - touched))
        self.built = True

    def _changed_files(self) -> set[Path]:
        current = {}
        for top in self.watched:
            for path in ([top] if top.is_file() else top.rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    current[path] = (stat.st_mtime_ns, stat.st_size)
        changed = {p for p in current.keys() | self.snapshot.keys() if current.get(p) != self.snapshot.get(p)}
        self.snapshot = current
        return changed

    def _report_new(self, findings: list[Finding]) -> None:
        new = [f for f in findings if f not in self.findings]
        self.findings = set(findings)
        if new:
            self.report(new)
        self.progress(f"{len(findings)} finding(s), {len(new)} new")


def _without_site_url(project: Project) -> Project:
    """The project as the preview builds it: links within the preview, never to the published host.

    With ``site_url`` the build writes absolute hreflang links, and Material's script fetches
    the sitemap next to each: a preview would ask the production site for them.
    """
    if project.config.site_url is None:
        return project
    return replace(project, config=project.config.model_copy(update={"site_url": None}),
                   mkdocs_config={key: value for key, value in project.mkdocs_config.items() if key != "site_url"})


def affected_locales(project: Project, changed: set[Path], locales: list[str]) -> set[str]:
    """The locales whose pages depend on the changed files.

    A locale's own pages and catalog touch only it; anything shared (records, the
    default locale's pages that others fall back to, the theme, mkdocs.yml) touches all.
    The store of marked source versions (``i18n mark``) touches none.
    """
    touched: set[str] = set()
    for path in changed:
        parts = path.relative_to(project.root).parts
        if parts[:2] == ("locales", SOURCE_VERSIONS_FOLDER):
            continue
        owner = parts[1] if len(parts) > 2 and parts[0] in ("content", "locales") else None
        if owner in locales and owner != project.default_locale:
            touched.add(owner)
        else:
            return set(locales)
    return touched


def helper_failures(project: Project, findings: list[Finding], locales: list[str]) -> dict[str, list[str]]:
    """The locales that show a page whose fact helper fails (its own page, or the default locale's
    page it falls back to), each with those pages' files."""
    failing: dict[str, list[str]] = {}
    for finding in findings:
        page = project.page_in_file(finding.location.file)
        if finding.rule not in HELPER_FAILURES or finding.severity is not Severity.ERROR or page is None:
            continue
        for code in locales:
            shows_it = code == page.locale or (
                page.locale == project.default_locale and project.counterpart(page, code) is None)
            if shows_it and finding.location.file not in failing.get(code, []):
                failing.setdefault(code, []).append(finding.location.file)
    return failing


def preview_notes(project: Project, findings: list[Finding], locales: list[str]) -> PageNotes:
    """Each finding, as a note on the page(s) it concerns."""
    notes: PageNotes = {code: {} for code in locales}
    paths = {code: page_paths(project, code) for code in locales}
    for finding in findings:
        note = f"{finding.location}: {finding.severity.value} [{finding.rule}] {finding.message}"
        for code, path in _pages_concerned(project, finding.location.file, locales):
            if path not in paths[code]:
                path = "index.md"
            notes[code].setdefault(path, []).append(note)
    return notes


def _pages_concerned(project: Project, file: str, locales: list[str]):
    parts = file.split("/")
    page = project.page_in_file(file)
    if parts[:2] == ["content", "safeguards"]:
        return [(code, f"safeguards/{Path(file).stem}.md") for code in locales]
    if parts[:2] == ["content", "resources"]:
        return [(code, "help/index.md") for code in locales]
    if page is not None and page.locale in locales:
        return [(page.locale, page.output_path)]
    if parts[0] == "locales" and len(parts) > 1 and parts[1] in locales:
        return [(parts[1], "index.md")]
    return [(code, "index.md") for code in locales]


def serve(config_file: Path, host: str, port: int, locales: list[str] | None,
          progress: Progress, report: Report) -> None:
    """Build a preview into a temporary folder, serve it, and rebuild on every change.

    Stopped by Ctrl+C or SIGTERM (a terminal closing, a process manager, ``kill``), it removes
    the temporary folder and exits cleanly.
    """
    with _stopped_by_sigterm_too(), tempfile.TemporaryDirectory(prefix="safety-center-preview-") as temp:
        preview = Preview(config_file, Path(temp) / "site", locales, progress, report)
        try:
            preview.rebuild()
        except KeyboardInterrupt:
            progress("stopped")
            return
        serve_directory(preview.site_dir, preview.rebuild, preview.watched, host, port, progress)


@contextmanager
def _stopped_by_sigterm_too() -> Iterator[None]:
    """SIGTERM stops the preview as Ctrl+C does, so that the temporary folder is removed on the way out."""
    def interrupt(signum, frame) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
