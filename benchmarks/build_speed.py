"""Benchmark: how long a full build of the bundled example takes, and what helps.

Run: python benchmarks/build_speed.py [--rounds N]

Times are for this machine only, which is shared and noisy, so the report is about
ratios measured in the same run, each against a baseline built alongside it:
- parallel locale builds (one MkDocs process per core) against one worker;
- an incremental preview rebuild (one locale touched) against a full rebuild;
- the stages before MkDocs (load + check + render) against the whole build.
The median of N interleaved rounds is reported. Nothing here is asserted: a test must
never depend on timing. Compare the ratios between commits instead.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from generator.build.site import build_into
from generator.check import run_checks
from generator.render.locale_site import render_site

REPO = Path(__file__).resolve().parent.parent


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds

    project = run_checks(REPO / "mkdocs.yml").project
    locales = project.config.locale_codes
    work = Path(tempfile.mkdtemp(prefix="safety-center-bench-"))
    site = work / "site"
    samples: dict[str, list[float]] = {"one worker": [], "parallel": [], "preview, one locale": [],
                                       "load+check+render": []}
    try:
        build_into(project, site, locales)  # warm caches (imports, theme files)
        for _ in range(rounds):
            samples["one worker"].append(timed(lambda: build_into(project, site, locales, workers=1)))
            samples["parallel"].append(timed(lambda: build_into(project, site, locales)))
            samples["preview, one locale"].append(timed(lambda: build_into(
                project, site, locales, unchanged=frozenset(locales) - {locales[-1]})))
            samples["load+check+render"].append(timed(lambda: [
                render_site(run_checks(REPO / "mkdocs.yml").project, code) for code in locales]))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    median = {name: statistics.median(values) for name, values in samples.items()}
    print(f"{len(locales)} locales, {rounds} rounds (median seconds)")
    for name, value in median.items():
        print(f"  {name:22} {value:6.2f}s")
    print("ratios (lower is better):")
    print(f"  parallel / one worker          {median['parallel'] / median['one worker']:.2f}")
    print(f"  preview one locale / full      {median['preview, one locale'] / median['parallel']:.2f}")
    print(f"  before MkDocs / full build     {median['load+check+render'] / median['parallel']:.2f}")


if __name__ == "__main__":
    main()
