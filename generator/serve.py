"""Serve: a live preview that rebuilds when content, catalogs or the theme change."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

from .build import Progress, build
from .findings import Finding
from .mkdocs_adapter import serve_directory


def serve(config_file: Path, host: str, port: int, progress: Progress,
          report: Callable[[list[Finding]], None]) -> None:
    """Build into a temporary folder, serve it on host:port and rebuild on every change.

    The preview is built despite findings (they are printed), so an editor sees work in
    progress; an edit that cannot be built leaves the last good build served.
    """
    config_file = config_file.resolve()
    root = config_file.parent
    with tempfile.TemporaryDirectory(prefix="safety-center-preview-") as temp:
        site_dir = Path(temp) / "site"

        def rebuild() -> None:
            outcome = build(config_file, site_dir, progress=progress, stop_on_errors=False)
            report(outcome.findings)

        rebuild()
        watched = [root / "content", root / "locales", root / "site_overrides", config_file]
        serve_directory(site_dir, rebuild, [p for p in watched if p.exists()], host, port, progress)
