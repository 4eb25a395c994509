"""The attack matrix: kinds of script x the inputs people we do not control type x spellings.

Each case puts one payload into a copy of the bundled example. ``check`` must report
it (rule, file, line), and a build with the check bypassed must publish nothing that
runs. The browser test builds one payload per kind and loads the pages in Chromium.
Payloads set ``window.__pwned`` or open a dialog, so a browser shows whether one ran.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

GUIDE = "content/en/guides/talking-about-online-safety.md"
RECORD = "content/safeguards/live.yml"
CATALOG = "locales/sv/LC_MESSAGES/messages.po"
CONFIG = "mkdocs.yml"

#: Rules that may report a payload in a page: the template rules see template tricks first.
PAGE_RULES = frozenset({"unsafe-markup", "page-template-unsafe"})


@dataclass(frozen=True)
class Case:
    """One payload in one input, and where check must report it."""

    id: str
    kind: str  # script, handler, script-url, css, svg, embed
    input: str  # page, record, po, config
    payload: str
    rules: frozenset[str]
    #: The locales whose built pages show the payload (the build of a case makes only these).
    locales: tuple[str, ...] = ("en",)
    #: The page (URL path under the site root) where the payload lands, for the browser test.
    page: str = "en/guides/talking-about-online-safety/"

    @property
    def file(self) -> str:
        return {"page": GUIDE, "record": RECORD, "po": CATALOG, "config": CONFIG}[self.input]

    def apply(self, project: Path) -> int:
        """Put the payload into ``project``; return the line check should report."""
        return _APPLY[self.input](self, project)


def _append_to_page(case: Case, project: Path) -> int:
    path = project / GUIDE
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    line = text.count("\n") + 1
    path.write_text(text + case.payload + "\n", encoding="utf-8")
    return line


def _replace_line(path: Path, prefix: str, new: str) -> int:
    """Replace the first line starting (after its indent) with ``prefix`` by ``new``, indented alike."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.lstrip().startswith(prefix))
    indent = lines[index][:len(lines[index]) - len(lines[index].lstrip())]
    lines[index] = indent + new + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return index + 1


def _set_record_field(case: Case, project: Path) -> int:
    field, _, payload = case.payload.partition("=")
    # JSON strings are YAML double-quoted scalars: the payload arrives exactly as written.
    return _replace_line(project / RECORD, f"{field}:", f"{field}: {json.dumps(payload)}")


def _set_translation(case: Case, project: Path) -> int:
    # The Swedish "Messaging and LIVE" (a safeguard category: on every sv safeguard page).
    escaped = case.payload.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    line = _replace_line(project / CATALOG, 'msgstr "Meddelanden och LIVE"', f'msgstr "{escaped}"')
    return line - 1  # check reports an entry at its msgid, the line above


def _set_config_value(case: Case, project: Path) -> int:
    key, _, payload = case.payload.partition("=")
    path = project / CONFIG
    value = json.dumps(payload)
    if key == "locale-name":
        return _replace_line(path, 'name: "Dansk"', f"name: {value}")
    if key in ("site_name", "site_url", "site_description", "copyright"):
        if key in ("site_name", "site_url"):
            return _replace_line(path, f"{key}:", f"{key}: {value}")
        text = path.read_text(encoding="utf-8")
        path.write_text(f"{key}: {value}\n" + text, encoding="utf-8")
        return 1
    if key == "extra.homepage":
        text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
        path.write_text(text + f"extra:\n  homepage: {value}\n", encoding="utf-8")
        return text.count("\n") + 2
    if key == "palette.primary":
        return _replace_line(path, "primary: indigo", f"primary: {value}")
    raise ValueError(key)


_APPLY = {"page": _append_to_page, "record": _set_record_field, "po": _set_translation, "config": _set_config_value}

PWN = "window.__pwned=1"
SV_PAGE = "sv/safeguards/live/"
RECORD_PAGE = "en/safeguards/live/"
UNSAFE = frozenset({"unsafe-markup"})
PO = frozenset({"po-markup"})


def page(id: str, kind: str, payload: str) -> Case:
    return Case(id, kind, "page", payload, PAGE_RULES)


def record(id: str, kind: str, field: str, payload: str) -> Case:
    return Case(id, kind, "record", f"{field}={payload}", UNSAFE, page=RECORD_PAGE)


def po(id: str, kind: str, payload: str) -> Case:
    return Case(id, kind, "po", payload, PO, locales=("sv",), page=SV_PAGE)


def config(id: str, kind: str, key: str, payload: str, locales: tuple[str, ...] = ("en",)) -> Case:
    return Case(id, kind, "config", f"{key}={payload}", UNSAFE, locales=locales, page="en/")


CASES: tuple[Case, ...] = (
    # -- an editor's page (Markdown) --------------------------------------------------------
    page("page-script", "script", f"<script>{PWN}</script>"),
    page("page-script-case", "script", f"<ScRiPt>{PWN}</sCrIpT>"),
    page("page-script-template-split", "script", f"<scr{{{{ '' }}}}ipt>{PWN}</script>"),
    page("page-handler", "handler", f'<img src="x" onerror="{PWN}">'),
    page("page-heading-handler", "handler", f'## Ask <img src="x" onerror="{PWN}"> early'),
    page("page-heading-attr-list", "handler", f'## Ask early {{: onclick="{PWN}" }}'),
    page("page-handler-next-line", "handler", f'<img src="x"\nonerror="{PWN}">'),
    page("page-handler-slash", "handler", f'<details/open/ontoggle="{PWN}">Read</details>'),
    page("page-handler-slash-in-block", "handler", f'<p>\n<img src="x"/onerror="{PWN}">\n</p>'),
    page("page-handler-attr-list", "handler", f'[Read more](https://example.org/){{: onclick="{PWN}" }}'),
    page("page-handler-attr-list-image", "handler", f'![photo](missing.png){{: onerror="{PWN}" }}'),
    page("page-url-padded-entity", "script-url", f'<a href="&#0000106;avascript&#58;{PWN}">Read more</a>'),
    page("page-url-markdown", "script-url", f"[Read more](javascript:{PWN})"),
    page("page-url-next-line", "script-url", f"[Read more](\njavascript:{PWN})"),
    page("page-url-entity", "script-url", f'<a href="&#106;avascript:{PWN}">Read more</a>'),
    page("page-url-hex-entity-case", "script-url", f'<a href="&#x4A;AVASCRIPT:{PWN}">Read more</a>'),
    page("page-url-tab", "script-url", f'<a href="java&#9;script:{PWN}">Read more</a>'),
    page("page-url-template-split", "script-url", f"[Read more](java{{{{ '' }}}}script:{PWN})"),
    page("page-url-data", "script-url", '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">Read</a>'),
    page("page-css-expression", "css", '<p style="width: expression(alert(1))">Read</p>'),
    page("page-css-url", "css", f'<p style="background: url(javascript:{PWN})">Read</p>'),
    page("page-style-element", "css", f'<style>body {{ background: url("javascript:{PWN}") }}</style>'),
    page("page-svg-script", "svg", f"<svg><script>{PWN}</script></svg>"),
    page("page-svg-onload", "svg", f"<svg onload=\"{PWN}\"></svg>"),
    page("page-svg-link", "svg", f'<svg><a href="javascript:{PWN}"><text x="0" y="15">Read</text></a></svg>'),
    page("page-iframe", "embed", f'<iframe src="javascript:{PWN}"></iframe>'),
    page("page-iframe-srcdoc", "embed", f"<iframe srcdoc=\"<script>parent.{PWN}</script>\"></iframe>"),
    page("page-object", "embed", '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>'),
    page("page-embed", "embed", "<embed src=\"data:image/svg+xml,<svg onload='alert(1)'/>\">"),
    # -- a record field (YAML) ----------------------------------------------------------------
    record("record-script", "script", "summary", f"<script>{PWN}</script>"),
    record("record-handler", "handler", "title", f"LIVE <img src=x onerror={PWN}>"),
    record("record-handler-case-slash", "handler", "summary", f"<IMG/SRC=x OnError={PWN}>"),
    record("record-url", "script-url", "summary", f"[Read more](javascript:{PWN})"),
    record("record-attr-list", "handler", "summary", f'Private {{: onclick="{PWN}" }}'),
    record("record-svg-entities", "svg", "summary", f"&#60;svg onload={PWN}&#62;"),
    record("record-iframe", "embed", "title", f"<iframe src=javascript:{PWN}>"),
    # -- a translation (.po) ---------------------------------------------------------------------
    po("po-script", "script", f"<script>{PWN}</script>"),
    po("po-handler-next-line", "handler", f"<img src=x\nonerror={PWN}>"),
    po("po-url", "script-url", f'<a href="javascript:{PWN}">LIVE</a>'),
    po("po-svg-case", "svg", f"<SVG OnLoad={PWN}>"),
    po("po-iframe", "embed", f'<iframe src="javascript:{PWN}"></iframe>'),
    # -- a value in mkdocs.yml ---------------------------------------------------------------------
    config("config-locale-name", "handler", "locale-name", f"<img src=x onerror={PWN}>", locales=("en", "da")),
    config("config-locale-name-script", "script", "locale-name", f"Dansk<script>{PWN}</script>",
           locales=("en", "da")),
    config("config-site-name", "svg", "site_name", f"<svg/onload={PWN}>"),
    config("config-description", "handler", "site_description", f'"><img src=x onerror="{PWN}">'),
    config("config-site-url", "script", "site_url", f'https://safety.example.org/"><script>{PWN}</script>'),
    config("config-homepage", "script-url", "extra.homepage", f"javascript:{PWN}"),
    config("config-copyright", "embed", "copyright", f"<iframe src=javascript:{PWN}></iframe>"),
    config("config-palette", "handler", "palette.primary", f'indigo" onmouseover="{PWN}'),
)

#: One case per kind of attack, for the browser test (a build per case would be slow there).
BROWSER_CASES: tuple[Case, ...] = tuple(
    next(case for case in CASES if case.id == id)
    for id in ("page-script", "page-handler-next-line", "page-handler-slash", "page-url-entity", "page-css-url",
               "page-svg-onload", "page-iframe-srcdoc", "record-handler", "po-handler-next-line", "config-locale-name")
)
