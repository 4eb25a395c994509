"""What a reader of a built page notices: its visible text, its links, its tooltips and labels.

Shared by the snapshot test of the bundled example and the pseudo-locale test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Elements whose content is never shown as text.
_HIDDEN = {"script", "style", "template", "noscript", "svg"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SPACE = re.compile(r"\s+")


def normalised(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@dataclass
class PageText:
    """One HTML page read as a reader meets it."""

    title: str = ""
    #: Visible text, one entry per text run (whitespace-normalised, empty runs dropped).
    text: list[str] = field(default_factory=list)
    #: Every link's target, in page order.
    links: list[str] = field(default_factory=list)
    #: The words of title, aria-label, alt and placeholder attributes, in page order.
    labels: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageText()
        self._hidden_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in _HIDDEN:
            self._hidden_depth += 1
        if tag == "title":
            self._in_title = True
        if tag == "a" and "href" in values:
            self.page.links.append(values["href"])
        if self._hidden_depth and tag not in _HIDDEN:
            return
        for name in ("title", "aria-label", "alt", "placeholder"):
            if normalised(values.get(name, "")):
                self.page.labels.append(normalised(values[name]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _HIDDEN:
            self._hidden_depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self._hidden_depth:
            self._hidden_depth -= 1
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        words = normalised(data)
        if not words:
            return
        if self._in_title:
            self.page.title = normalised(self.page.title + " " + words)
        elif not self._hidden_depth:
            self.page.text.append(words)


def read_page(html: str) -> PageText:
    """Read one HTML document."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.page
