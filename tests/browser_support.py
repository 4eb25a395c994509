"""Support for the browser tests: Debian's Chromium through Playwright, axe-core, and the
built example site served on 127.0.0.1.

Locally a missing browser or axe-core skips the browser tests with a message saying how
to install it; with CI=true it fails them, so CI can never pass without running them.
tests/conftest.py registers this module as a plugin, so its fixtures are found by name.
"""

from __future__ import annotations

import functools
import os
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

import pytest
from conftest import REPO

from generator.load import load_project

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; Playwright's own download is not used
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

TIMEOUT_MS = 10_000  # for any one wait: everything is local, so this is long
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

_CONFIG = load_project(REPO / "mkdocs.yml").project.config
LOCALES: tuple[str, ...] = tuple(_CONFIG.locale_codes)
DEFAULT_LOCALE: str = _CONFIG.default_locale


# -- a missing tool: skip here, fail in CI -------------------------------------------------

def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def unavailable(what: str, how: str) -> None:
    """Skip (locally) or fail (CI=true) because ``what`` is missing; ``how`` installs it."""
    message = f"{what} is not available. Install it: {how}"
    if in_ci():
        pytest.fail(f"{message} (CI=true: the browser tests must run, not skip)", pytrace=False)
    pytest.skip(message)


# -- the site on a local server --------------------------------------------------------------

class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 at a free port; yield the base URL (ending in "/")."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def site_pages(site: Path, locale: str) -> list[str]:
    """Every page of a locale's built site as a URL path from the site root, e.g. "sv/ages/"."""
    root = site / locale
    assert (root / "index.html").is_file(), f"the built site has no {locale}/index.html"
    return [page.relative_to(site).as_posix().removesuffix("index.html") for page in sorted(root.rglob("*.html"))]


def page_type(path: str) -> str:
    """A page's type from its URL path: pages one folder deeper than a section share one."""
    locale, _, rest = path.partition("/")
    parts = rest.strip("/").split("/")
    return "/".join(parts[:-1]) + "/*" if len(parts) > 1 else (parts[0] or "home")


def one_page_per_type(site: Path, locale: str) -> list[str]:
    """The first page of every page type of a locale (home, each section, each kind of leaf, 404)."""
    chosen: dict[str, str] = {}
    for path in site_pages(site, locale):
        chosen.setdefault(page_type(path), path)
    return list(chosen.values())


def file_for(site: Path, url: str) -> Path | None:
    """The file of the built site that the local server answers ``url`` with, if any."""
    path = unquote(urlsplit(url).path).lstrip("/")
    file = site / path
    if file.is_dir() or path.endswith("/") or not path:
        file = file / "index.html"
    return file if file.is_file() else None


# -- fixtures ----------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built example site, served on 127.0.0.1 for the session; its base URL."""
    with serve_directory(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        unavailable("Playwright for Python", "pip install -e '.[test]'")
    if not CHROMIUM.exists():
        unavailable(f"Chromium ({CHROMIUM})", "apt-get install chromium")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        except Error as error:
            unavailable(f"A working Chromium ({CHROMIUM} did not start: {error.message.splitlines()[0]})",
                        "apt-get install chromium")
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, from the npm package pinned in package.json."""
    if not AXE_JS.is_file():
        unavailable(f"axe-core ({AXE_JS.relative_to(REPO)})", "npm ci (in the repository root)")
    return AXE_JS.read_text(encoding="utf-8")


def once_per_key(compute):
    """``compute(key)``, computed once per key; a failure is remembered and raised again,
    so the tests sharing a key fail at once instead of repeating a slow failure."""
    results: dict = {}

    def get(key):
        if key not in results:
            try:
                results[key] = (True, compute(key))
            except Exception as error:  # noqa: BLE001 - re-raised for every test using the key
                results[key] = (False, error)
        ok, value = results[key]
        if not ok:
            raise value
        return value

    return get


@pytest.fixture
def new_context(browser):
    """Make browser contexts (fresh profile: no cache, no cookies); all closed after the test."""
    contexts = []

    def make(**options):
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


# -- things done on a page -------------------------------------------------------------------

def run_axe(page, axe_source: str) -> list[dict]:
    """axe-core's WCAG 2.x A/AA violations on the loaded page."""
    if page.evaluate("typeof axe") == "undefined":  # not already there by context.add_init_script
        page.evaluate(axe_source + "\n;0")  # evaluated, not a <script>: works where page scripts cannot
    return page.evaluate("""tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                        resultTypes: ['violations']})
                              .then(result => result.violations)""", AXE_TAGS)


def describe_violations(page_path: str, violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        more = f" (+{len(violation['nodes']) - 5} more)" if len(violation["nodes"]) > 5 else ""
        lines.append(f"{page_path}: {violation['id']}: {violation['help']} -- {targets}{more}")
    return "\n".join(lines)


def without_page_scripts(route) -> None:
    """Answer a request as the server does, but forbid the page's own scripts (CSP).

    Like a browser with JavaScript off, except that the test can still run axe-core."""
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "content-security-policy": "script-src 'none'"})


def open_search(page) -> None:
    """Open Material's search (desktop header field, or the phone's search button)."""
    field = page.locator(".md-search__input")
    button = page.locator(".md-header label.md-header__button[for=__search]")  # shown on small screens
    if button.is_visible():
        button.click()  # Material opens the search dialog and focuses the field itself
    else:
        field.click()
    field.wait_for(state="visible")


_SEARCH_META = """() => {
  const text = document.querySelector('.md-search-result__meta').textContent.trim();
  const translations = JSON.parse(document.getElementById('__config').textContent).translations;
  const placeholder = translations['search.result.placeholder'];
  return text === placeholder ? 'ready' : text;
}"""


def search(page, query: str) -> list[str]:
    """Search with Material's search box; the result pages' URL paths (no query, no fragment)."""
    open_search(page)
    page.wait_for_function(f"({_SEARCH_META})() === 'ready'")  # the worker has loaded the index
    field = page.locator(".md-search__input")
    field.fill(query)
    field.press("End")  # Material searches on keyup: one search, for the whole query
    page.wait_for_function(f"!['ready', ''].includes(({_SEARCH_META})())")
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")
    return [urlsplit(href).path for href in hrefs]
