"""In Chromium: a site built (check bypassed) with one payload of each kind runs none of them.

The positive control builds the same payloads without the sanitiser and sees the page
payloads run, so this test can tell the difference.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import DESKTOP, search, serve_directory
from conftest import copy_example

from generator.build.site import build_unchecked

from .cases import BROWSER_CASES

pytestmark = pytest.mark.browser

#: Pages a payload lands on, and the site's root pages (chooser, 404).
PAGES = sorted({case.page for case in BROWSER_CASES} | {"", "404.html", "da/", "en/404.html"})
SEARCH = ("en/guides/talking-about-online-safety/", "Read")  # the page payloads follow a paragraph with "Read"
WAIT_MS = 600  # for onerror/ontoggle/onload, which fire just after load


def _build(tmp_path: Path, sanitize: bool) -> Path:
    project = copy_example(tmp_path / "project").parent
    for case in BROWSER_CASES:
        case.apply(project)
    build_unchecked(project / "mkdocs.yml", project / "site", sanitize=sanitize)
    return project / "site"


def _visit(context, url: str) -> tuple[list[str], bool]:
    """Open ``url``: the dialogs it opened and whether any payload set window.__pwned."""
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} did not load"
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(WAIT_MS)
    pwned = page.evaluate("Boolean(window.__pwned)")
    page.close()
    return dialogs, pwned


def test_no_payload_runs_on_any_affected_page_or_in_search(tmp_path, new_context):
    site = _build(tmp_path, sanitize=True)
    context = new_context(viewport=DESKTOP)
    with serve_directory(site) as base:
        ran = {path: _visit(context, base + path) for path in PAGES}
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(base + SEARCH[0])
        results = search(page, SEARCH[1])  # Material inserts the indexed HTML of each result
        page.wait_for_timeout(WAIT_MS)
        ran["search"] = (dialogs, page.evaluate("Boolean(window.__pwned)"))
    assert "/" + SEARCH[0] in results
    assert {path: outcome for path, outcome in ran.items() if outcome != ([], False)} == {}


def test_positive_control_without_the_sanitiser_the_page_payloads_run(tmp_path, new_context):
    site = _build(tmp_path, sanitize=False)
    with serve_directory(site) as base:
        dialogs, pwned = _visit(new_context(viewport=DESKTOP), base + "en/guides/talking-about-online-safety/")
    assert pwned
