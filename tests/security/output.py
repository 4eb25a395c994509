"""What in a built site could run script: every file the site publishes, read as a browser or reader would.

HTML pages are parsed; the feed and sitemaps are parsed as XML; the search index is
JSON-decoded and its titles and texts parsed as the HTML that Material's search
inserts into the page.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

from generator.check.plain_text import is_script_url

#: Elements that load another document or plugin; the theme uses none.
EMBEDDING = frozenset({"iframe", "frame", "object", "embed", "applet", "base"})
_CSS_SCRIPT = re.compile(r"expression\s*\(|javascript\s*:|behaviou?r\s*:|-moz-binding", re.I)


class _Scripts(HTMLParser):
    """The script elements of a page (by src, or by their inline text) and anything else that runs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.problems: list[str] = []
        self._open: str | None = None  # "script" or "style" while inside one
        self._attributes: dict[str, str] = {}
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        for name, value in attributes.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>: an event handler")
            if is_script_url(value):
                self.problems.append(f"<{tag} {name}={value[:60]!r}>: a script or data: URL")
            if name == "style" and _CSS_SCRIPT.search(html.unescape(value)):
                self.problems.append(f"<{tag} style={value[:60]!r}>: script in CSS")
        if tag in EMBEDDING:
            self.problems.append(f"<{tag}>: an embedded document")
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>: a redirect")
        if tag in ("script", "style"):
            self._open, self._attributes, self._text = tag, attributes, ""

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.handle_endtag(tag)

    def handle_data(self, data):
        if self._open:
            self._text += data

    def handle_endtag(self, tag):
        if tag != self._open:
            return
        if tag == "script":
            src = self._attributes.get("src")
            self.scripts.append(_theme_asset(src) if src else self._text.strip())
        elif _CSS_SCRIPT.search(self._text):
            self.problems.append("<style>: script in CSS")
        self._open = None


def _theme_asset(src: str) -> str:
    """A script's src from the site's own assets folder, whatever the path before it (404 pages
    use the site_url's path, which a case may change); other srcs stay whole."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", src, re.I) or "assets/" not in src:
        return src
    return "src:" + src[src.index("assets/"):]


def read_html(text: str) -> _Scripts:
    parser = _Scripts()
    parser.feed(text)
    parser.close()
    return parser


_STRING_LITERAL = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'""")


def skeleton(script: str) -> str:
    """A script with its string literals emptied: the theme's inline scripts hold the site's
    URL and words, which a case may change; what the script does stays the same."""
    return _STRING_LITERAL.sub('""', script)


def theme_scripts(site: Path) -> set[str]:
    """Every script element of a site (a clean build: the theme's and the root chooser's own), as skeletons."""
    return {skeleton(script) for file in site.rglob("*.html") for script in read_html(file.read_text("utf-8")).scripts}


def what_could_run(site: Path, allowed_scripts: set[str]) -> list[str]:
    """Everything in ``site`` that could run script, as "file: what" ([] when nothing)."""
    found = []
    for file in sorted(site.rglob("*")):
        name = file.relative_to(site).as_posix()
        if file.suffix == ".html":
            page = read_html(file.read_text("utf-8"))
            found += [f"{name}: {problem}" for problem in page.problems]
            found += [f"{name}: a script element not in a clean build: {script[:80]!r}"
                      for script in page.scripts if skeleton(script) not in allowed_scripts]
        elif file.suffix == ".xml":
            found += [f"{name}: {problem}" for problem in _xml_problems(file.read_text("utf-8"))]
        elif file.name == "search_index.json":
            for doc in json.loads(file.read_text("utf-8"))["docs"]:
                for key in ("title", "text", "location"):
                    indexed = read_html(doc[key])
                    found += [f"{name} ({doc['location']} {key}): {problem}" for problem in indexed.problems]
                    found += [f"{name} ({doc['location']} {key}): a script element" for _ in indexed.scripts]
    return found


def _xml_problems(text: str) -> list[str]:
    problems = []
    for element in ElementTree.fromstring(text).iter():
        local = element.tag.rsplit("}", 1)[-1].lower()
        if local in ("script", *EMBEDDING):
            problems.append(f"<{local}> element")
        for name, value in element.attrib.items():
            local_name = name.rsplit("}", 1)[-1].lower()
            if local_name.startswith("on"):
                problems.append(f"{local_name}= on <{local}>: an event handler")
            if is_script_url(value):
                problems.append(f"{local_name}={value[:60]!r} on <{local}>: a script or data: URL")
        if re.search(r"<\s*script", element.text or "", re.I) and element.get("type") in ("html", "xhtml"):
            problems.append(f"<{local} type=html> holds a script element")
    return problems
