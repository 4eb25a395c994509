"""The page model: an editor's Markdown page, read once, and its body as the build will see it.

A ``ContentPage`` is what load reads from a file: typed front matter and the raw
body. A ``ParsedBody`` is that body after the fact helpers, parsed once with the
build's Markdown into top-level blocks, each an element tree with the source line
it starts at. Rules walk ``ParsedBody``; none re-reads Markdown text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated
from xml.etree.ElementTree import Element

from pydantic import BaseModel, BeforeValidator, ConfigDict

from .findings import Finding, SourceLocation

#: Markdown extensions the generated pages rely on (attribute lists for anchors,
#: Markdown inside HTML for fallback content, admonitions for banners, a TOC).
#: Every build adds them to the site's own ``markdown_extensions``; check parses with the same list.
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "admonition", "toc", "tables")


def _plain_scalar(value: object) -> object:
    """Dates are refused with a hint (the loader passes numbers as the text written); lists and
    mappings stay wrong."""
    if isinstance(value, (date, datetime)):
        raise ValueError(f"reads as the date {value.isoformat()}; put it in quotes if it is text")
    return value


PlainText = Annotated[str, BeforeValidator(_plain_scalar)]


class FrontMatter(BaseModel):
    """The keys an editor's page may set in its front matter; any other key is an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    safeguard: PlainText | None = None
    title: PlainText | None = None
    description: PlainText | None = None
    #: Which version of its default-locale source a translation matches (``i18n mark`` writes it).
    source_digest: PlainText | None = None
    #: A draft page is previewed by ``serve`` and built with ``build --drafts``, never published.
    draft: bool = False


#: Front-matter keys an editor's page may use.
PAGE_META_KEYS = tuple(FrontMatter.model_fields)


@dataclass(frozen=True)
class ContentPage:
    """A Markdown page an editor wrote for one locale: an explanation or a guide."""

    locale: str
    path: str  # relative to content/<locale>/, posix
    meta: FrontMatter = field(hash=False)
    body: str
    body_line: int  # line in the file where the Markdown body starts
    origin: SourceLocation
    meta_lines: dict[str, int] = field(default_factory=dict, hash=False, compare=False)  # front-matter key -> line

    def location_of(self, key: str) -> SourceLocation:
        """Where a front-matter key is written (the file's top if it is not)."""
        return SourceLocation(self.origin.file, self.meta_lines.get(key, 1))

    @property
    def safeguard_id(self) -> str | None:
        return self.meta.safeguard

    @property
    def output_path(self) -> str:
        """The page of the locale's site this file is part of: an explanation joins its safeguard's page."""
        if self.safeguard_id is not None:
            return f"safeguards/{self.safeguard_id}.md"
        return self.path

    @property
    def url(self) -> str:
        """The page's URL, relative to its locale's site root."""
        return page_url(self.output_path)


def page_url(path: str) -> str:
    """The directory URL MkDocs gives a page file: "safeguards/live.md" -> "safeguards/live/"."""
    stem = path.removesuffix(".md")
    stem = "" if stem == "index" else stem.removesuffix("/index")
    return f"{stem}/" if stem else ""


# -- the parsed body -----------------------------------------------------------------------

HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
#: Elements whose text is code or script, not prose a parent reads as a statement.
CODE_TAGS = frozenset({"code", "pre", "kbd", "samp", "script", "style"})


@dataclass(frozen=True)
class Block:
    """One top-level block of a page body: its HTML tree (under a ``<div>``), where it starts, its source."""

    line: int  # line in the page file where the block starts
    source: str  # the block's Markdown, after the fact helpers
    tree: Element

    def line_of(self, needle: str) -> int:
        """The file line of the first source line of this block that contains ``needle``
        (case-insensitive), else the block's first line: a finding then points at the
        offending line of a paragraph, not only at its start."""
        needle = needle.casefold()
        if needle:
            for offset, text in enumerate(self.source.splitlines()):
                if needle in text.casefold():
                    return self.line + offset
        return self.line


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int


@dataclass(frozen=True)
class ParsedBody:
    """A page body after the fact helpers, parsed with the build's Markdown, block by block."""

    blocks: tuple[Block, ...]
    markdown: str = ""  # the body after the fact helpers (as written, when they failed)
    template_findings: tuple[Finding, ...] = ()  # what the fact helpers found wrong

    def elements(self) -> Iterator[tuple[Block, Element]]:
        """Every element of every block, in document order, with its block."""
        for block in self.blocks:
            for element in block.tree.iter():
                if element is not block.tree:
                    yield block, element

    def headings(self) -> list[Heading]:
        """Every heading (ATX or setext: both are ``<hN>`` once parsed)."""
        return [_heading(block, element) for block, element in self.elements() if element.tag in HEADING_TAGS]

    def sections(self) -> list[tuple[Heading | None, str]]:
        """(heading, prose under it up to the next heading) in order; text before any heading has None."""
        sections: list[tuple[Heading | None, list[str]]] = [(None, [])]
        for block in self.blocks:
            for child in block.tree:
                if child.tag in HEADING_TAGS:
                    sections.append((_heading(block, child), []))
                else:
                    sections[-1][1].append(text_of(child))
        return [(heading, "\n".join(texts)) for heading, texts in sections]

    def prose(self) -> Iterator[tuple[Block, str]]:
        """Each block's readable text (code left out), with its block."""
        for block in self.blocks:
            yield block, text_of(block.tree, skip=CODE_TAGS)


def _heading(block: Block, element: Element) -> Heading:
    text = text_of(element).strip()
    return Heading(int(element.tag[1]), text, block.line_of(text))


def text_of(element: Element, skip: frozenset[str] = frozenset()) -> str:
    """The text inside an element, with the elements named in ``skip`` left out."""
    parts: list[str] = []

    def walk(node: Element) -> None:
        if node.tag in skip:
            return
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")

    walk(element)
    return "".join(parts)
