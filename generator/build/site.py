"""Build: check, render every locale, build each with MkDocs in parallel, then swap.

The output folder is replaced only when everything succeeded: the new site is
built in a staging folder beside it and swapped into place in one step (see
``output_folder``), so a failed or interrupted build leaves the previous site
exactly as it was.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable

from ..check import run_checks
from ..load import load_project
from ..model.findings import Finding, Severity, SourceLocation, has_errors
from ..model.project import Project
from ..render.locale_site import render_site
from .mkdocs_adapter import LocaleBuild, MkDocsBuildError, build_locale, preload
from .output_folder import (
    UnsafeSiteDir,
    mark_as_build,
    refusal,
    replace_site,
    staging_for,
)
from .site_root import write_root

Progress = Callable[[str], None]
#: Messages to show at the top of pages, by locale and page path (previews only).
PageNotes = dict[str, dict[str, list[str]]]


@dataclass
class BuildOutcome:
    """What a build did: its findings, whether a new site is in place, and MkDocs' warnings."""

    findings: list[Finding]
    built: bool = False
    site_dir: Path | None = None
    locales: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def build(config_file: Path, site_dir: Path | None = None, locales: list[str] | None = None,
          strict: bool = False, progress: Progress = lambda message: None, drafts: bool = False) -> BuildOutcome:
    """Load and check the project, then build it into ``site_dir`` (default: <root>/site).

    Drafts (``draft: true``) are left out unless ``drafts``.
    """
    checked = run_checks(config_file, drafts=drafts)
    findings = list(checked.findings)
    if checked.project is None:
        return BuildOutcome(findings)
    project = checked.project if drafts else checked.project.without_drafts()
    if project is not checked.project:
        progress("drafts left out (draft: true); 'build --drafts' includes them")
    site_dir = (site_dir or project.root / "site").resolve()
    findings += _site_dir_problems(project, site_dir)
    unknown = [code for code in locales or [] if code not in project.config.locale_codes]
    findings += [
        Finding("unknown-locale", Severity.ERROR, SourceLocation(project.config_file.name, 1),
                f"--locale {code} is not a configured locale",
                f"configured: {', '.join(project.config.locale_codes)}")
        for code in unknown
    ]
    outcome = BuildOutcome(findings, site_dir=site_dir)
    if has_errors(findings, strict=strict):
        return outcome
    outcome.locales = locales or project.config.locale_codes
    try:
        outcome.warnings = build_into(project, site_dir, outcome.locales, strict, progress)
    except MkDocsBuildError as error:
        outcome.findings.append(Finding(
            "mkdocs-build", Severity.ERROR, SourceLocation(project.config_file.name, 1), str(error),
            "fix mkdocs.yml or the page named above; the previous site was left untouched",
        ))
        return outcome
    except UnsafeSiteDir as error:  # the folder changed while the site was being built
        outcome.findings.append(Finding("unsafe-site-dir", Severity.ERROR,
                                        SourceLocation(project.config_file.name, 1), str(error),
                                        "choose a new or empty output folder"))
        return outcome
    except OSError as error:
        outcome.findings.append(Finding(
            "site-dir-unwritable", Severity.ERROR, SourceLocation(project.config_file.name, 1),
            f"cannot write the output folder {site_dir}: {error.strerror or error}",
            "choose a folder you can write to, on a disk with room; the previous site was left untouched",
        ))
        return outcome
    outcome.built = True
    return outcome


def build_into(project: Project, site_dir: Path, locales: list[str], strict: bool = False,
               progress: Progress = lambda message: None, notes: PageNotes | None = None,
               unchanged: frozenset[str] = frozenset(), workers: int | None = None,
               sanitize: bool = True) -> list[str]:
    """Render and build ``locales`` into ``site_dir``, replacing it atomically on success.

    For previews: ``notes`` puts messages at the top of pages, and the ``unchanged``
    locales are copied from the current ``site_dir`` instead of being built again.
    ``workers`` caps the parallel MkDocs builds (default: one per core).
    ``sanitize=False`` is for tests only (see ``build_unchecked``).
    """
    with staging_for(site_dir, progress) as staging:
        jobs = []
        for code in locales:
            progress(f"rendering {code}")
            jobs.append(LocaleBuild(
                config_file=project.config_file,
                mkdocs_config=project.mkdocs_config,
                docs_dir=staging.docs / code,
                site_dir=staging.site / code,
                site=render_site(project, code, (notes or {}).get(code)),
                default_locale=project.default_locale,
                locales=tuple((language.code, language.name) for language in project.config.locales
                              if language.code in locales),
                root_url=project.config.site_url,
                strict=strict,
                sanitize=sanitize,
            ))
        reused = [job for job in jobs if job.site.locale in unchanged and (site_dir / job.site.locale).is_dir()]
        for job in reused:
            shutil.copytree(site_dir / job.site.locale, job.site_dir)
        warnings = _run_builds([job for job in jobs if job not in reused], progress, workers)
        write_root(project, staging.site, [job.site for job in jobs])
        mark_as_build(staging.site)
        replace_site(staging.site, site_dir)  # the previous site is now in staging, removed with it
        progress(f"built {', '.join(locales)} into {site_dir}")
        return warnings


def build_unchecked(config_file: Path, site_dir: Path, locales: list[str] | None = None,
                    sanitize: bool = True) -> list[str]:
    """TESTS ONLY: build ``locales`` (default: all) WITHOUT running ``check`` (and, with
    ``sanitize=False``, without the HTML sanitiser); return MkDocs' warnings.

    The security tests use it to show that hostile input which ``check`` would refuse
    still cannot reach a built page, and that sanitising leaves a clean site unchanged.
    Nothing in the CLI calls it: a real build always runs the checks first.
    """
    project = load_project(config_file).project
    if project is None:
        raise ValueError(f"{config_file} cannot be loaded")
    return build_into(project, site_dir.resolve(), locales or project.config.locale_codes, sanitize=sanitize)


def _run_builds(jobs: list[LocaleBuild], progress: Progress, workers: int | None = None) -> list[str]:
    """One MkDocs build per locale, in parallel worker processes."""
    if not jobs:
        return []
    workers = max(1, min(len(jobs), workers or os.cpu_count() or 1))
    if workers == 1:
        results = [build_locale(job) for job in jobs]
    else:
        preload()
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(build_locale, jobs))
    for job in jobs:
        progress(f"built {job.site.locale} ({len(job.site.pages)} pages)")
    return [f"{job.site.locale}: {w}" for job, result in zip(jobs, results, strict=True) for w in result]


def _site_dir_problems(project: Project, site_dir: Path) -> list[Finding]:
    """Refuse an output folder whose replacement would delete anything but a previous build."""
    sources = [project.content_dir, project.locales_dir, *filter(None, [project.overrides_dir])]
    refused = refusal(site_dir, project.root, sources)
    if refused is None:
        return []
    return [Finding("unsafe-site-dir", Severity.ERROR, SourceLocation(project.config_file.name, 1),
                    f"refusing to build into {site_dir}: {refused.reason}", refused.hint)]
