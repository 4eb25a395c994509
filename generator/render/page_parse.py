"""Parse an editor's page as the build will: fact helpers first, then the build's Markdown.

Each page is parsed once per project (``parsed_page`` remembers the result) into
top-level blocks that keep the line they start at, so that every rule walking the
parse can point at a line.

How lines are kept: the body is split into top-level blocks where Markdown itself
starts one, at a blank line followed by an unindented line, never inside a fenced
code block or a raw HTML block (which may hold blank lines), and each block is
converted on its own with one Markdown instance per page. Reference definitions
stay known across blocks; a block that came before a definition it uses is
converted again once all are known. The HTML of each block is read back with the
standard library's HTML parser (which decodes entities as a browser does) into an
element tree.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Sequence
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any
from xml.etree.ElementTree import Element, SubElement

import markdown

from ..model.page import REQUIRED_EXTENSIONS, Block, ContentPage, ParsedBody
from ..model.project import Project
from .facts import render_body
from .localized import LocaleText

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_HTML_BLOCK_START = re.compile(r"^<([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>]|$)")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr"})
#: Tags that start a raw HTML block in Markdown (a block that may hold blank lines).
_BLOCK_LEVEL = frozenset(markdown.Markdown().block_level_elements) - _VOID

#: Per project (the project is immutable, so a parse stays true): each page's parse, each locale's text.
_PARSES: weakref.WeakKeyDictionary[Project, dict[ContentPage, ParsedBody]] = weakref.WeakKeyDictionary()
_TEXTS: weakref.WeakKeyDictionary[Project, dict[str, LocaleText]] = weakref.WeakKeyDictionary()


def parsed_page(project: Project, page: ContentPage) -> ParsedBody:
    """A page's body as it will be built (helpers filled in, Markdown parsed), computed once."""
    parses = _PARSES.setdefault(project, {})
    if page not in parses:
        texts = _TEXTS.setdefault(project, {})
        if page.locale not in texts:
            texts[page.locale] = LocaleText(project, page.locale)
        rendered = render_body(project, page, texts[page.locale])
        parsed = parse_markdown(rendered.markdown, page.body_line, markdown_extensions(project))
        parses[page] = replace(parsed, markdown=rendered.markdown, template_findings=rendered.findings)
    return parses[page]


def markdown_extensions(project: Project) -> tuple[Any, ...]:
    """The build's extensions: the site's ``markdown_extensions`` plus the ones every build adds."""
    configured = list(project.config.markdown_extensions)
    names = {next(iter(entry)) if isinstance(entry, dict) else entry for entry in configured}
    return tuple(_freeze(entry) for entry in configured) + tuple(e for e in REQUIRED_EXTENSIONS if e not in names)


def parse_markdown(text: str, first_line: int = 1, extensions: Sequence[Any] = REQUIRED_EXTENSIONS) -> ParsedBody:
    """Parse Markdown block by block; ``first_line`` is the file line of the text's first line."""
    md = _markdown(tuple(extensions))
    md.reset()
    blocks: list[Block] = []
    reference_counts: list[int] = []
    for offset, source in split_blocks(text):
        blocks.append(Block(first_line + offset, source, html_tree(_convert(md, source))))
        reference_counts.append(len(md.references))
    known = len(md.references)
    for index, block in enumerate(blocks):
        if reference_counts[index] < known and "[" in block.source:  # it may use a later definition
            blocks[index] = Block(block.line, block.source, html_tree(_convert(md, block.source)))
    return ParsedBody(tuple(blocks), text)


def split_blocks(text: str) -> list[tuple[int, str]]:
    """(line offset, Markdown) of each top-level block, the way Markdown divides a document."""
    blocks: list[tuple[int, list[str]]] = []
    fence: str | None = None
    open_tag: str | None = None
    depth = 0
    blank_before = True
    for offset, line in enumerate(text.splitlines()):
        stripped = line.strip()
        if fence is None and open_tag is None and stripped:
            starts = blank_before and not line[:1].isspace() and not _inside_tag(blocks[-1][1] if blocks else [])
            if starts or not blocks:
                blocks.append((offset, []))
            match = _HTML_BLOCK_START.match(line) if blank_before else None
            if match and match.group(1).lower() in _BLOCK_LEVEL:
                open_tag, depth = match.group(1).lower(), 0
            elif line.lstrip().startswith("<!--"):
                open_tag, depth = "!--", 0
        if not blocks:
            blocks.append((offset, []))
        blocks[-1][1].append(line)
        if fence is not None:
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
        elif open_tag is not None:
            depth += _tag_balance(open_tag, line)
            if depth <= 0:
                open_tag = None
        else:
            match = _FENCE.match(line)
            if match:
                fence = match.group(1)
        blank_before = not stripped
    return [(offset, "\n".join(lines)) for offset, lines in blocks if any(line.strip() for line in lines)]


def _inside_tag(lines: list[str]) -> bool:
    """Whether the text ends inside an HTML tag (``<div`` then a blank line, then its attributes):
    Markdown keeps such a tag whole across the blank line, so the block goes on."""
    text = "\n".join(lines)
    start = text.rfind("<")
    return start != -1 and start + 1 < len(text) and text[start + 1].isalpha() and ">" not in text[start:]


def _tag_balance(tag: str, line: str) -> int:
    """How many more ``tag`` elements a line opens than it closes (comments: -1 when one ends)."""
    lower = line.lower()
    if tag == "!--":
        return lower.count("<!--") - lower.count("-->")
    return len(re.findall(rf"<{tag}(?=[\s/>]|$)", lower)) - lower.count(f"</{tag}")


def _convert(md: markdown.Markdown, source: str) -> str:
    md.htmlStash.reset()  # placeholders are per conversion; references stay for later blocks
    return md.convert(source)


@functools.lru_cache(maxsize=8)
def _markdown(extensions: tuple[Any, ...]) -> markdown.Markdown:
    """One Markdown instance per extension list. An extension whose settings cannot be
    used here (a value only MkDocs resolves) is loaded with its defaults, and one that
    does not load at all is left out: the build reports it."""
    names: list[str] = []
    configs: dict[str, dict] = {}
    for entry in extensions:
        name, options = (entry[0], dict(entry[1])) if isinstance(entry, tuple) else (entry, {})
        for attempt in (options, {}):
            try:
                markdown.Markdown(extensions=[name], extension_configs={name: attempt} if attempt else {})
            except Exception:  # noqa: BLE001 - any failure of a third-party extension means "not usable"
                continue
            names.append(name)
            if attempt:
                configs[name] = attempt
            break
    return markdown.Markdown(extensions=names, extension_configs=configs)


def _freeze(entry: Any) -> Any:
    """An extension entry as a hashable value: a name, or (name, ((option, value), ...))."""
    if isinstance(entry, dict):
        name, options = next(iter(entry.items()))
        return name, tuple((key, _hashable(value)) for key, value in (options or {}).items())
    return str(entry)


def _hashable(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple((key, _hashable(item)) for key, item in value.items())
    if isinstance(value, list):
        return tuple(_hashable(item) for item in value)
    return value


# -- HTML back into a tree -------------------------------------------------------------------


def html_tree(html: str) -> Element:
    """HTML as an element tree under a ``<div>``, read as a browser reads it (entities decoded)."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


class _TreeBuilder(HTMLParser):
    """Builds an element tree; closes what is left open and ignores stray end tags, like a browser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("div")
        self.stack: list[Element] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = SubElement(self.stack[-1], tag, self._attributes(attrs))
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        SubElement(self.stack[-1], tag, self._attributes(attrs))

    def _attributes(self, attrs: list[tuple[str, str | None]]) -> dict[str, str]:
        """The tag's attributes; where a slash could separate attributes (``<img/src=x/onerror=...>``),
        also the event handlers of that reading, so that a check sees the worst a lenient reader could."""
        attributes = {name: value or "" for name, value in attrs}
        raw = self.get_starttag_text() or ""
        if "/" in raw[1:-1]:
            lenient = _TreeBuilder()
            lenient.feed("<" + raw[1:-1].replace("/", " ") + ">")
            for element in lenient.root:
                for name, value in element.attrib.items():
                    if name.startswith("on") and name[2:].isalpha():
                        attributes.setdefault(name, value)
        return attributes

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        parent = self.stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data
