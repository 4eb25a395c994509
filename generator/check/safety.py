"""Nothing an editor or translator writes may run script in a parent's browser.

The rule walks each page as it will be built (helpers filled in, parsed with the
build's Markdown, read back as a browser reads HTML), so every spelling of the same
thing looks the same here: raw HTML or Markdown, attr_list attributes, entities,
line breaks and slashes between attributes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from xml.etree.ElementTree import Element

from ..model.findings import Finding, Severity, SourceLocation
from ..model.page import ParsedBody
from ..model.project import Project
from ..render.page_parse import html_tree, parse_markdown, parsed_page

RULE_IDS = {"unsafe-markup": "an editor's page contains script, an event handler or a script URL"}

#: Elements that run script, load other documents, or change how the page is read.
UNSAFE_ELEMENTS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "form",
                             "base", "meta", "link", "svg", "math", "template", "noscript"})
#: Attributes that hold a URL (or, for srcset, several) that a browser follows or loads.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "srcset", "data",
                            "background", "cite", "codebase", "longdesc", "lowsrc", "dynsrc", "manifest", "ping",
                            "usemap", "icon", "archive", "classid", "imagesrcset"})
#: URL schemes that run script, and those a URL may not use at all (data: smuggles whole documents).
RUNNING_SCHEMES = ("javascript:", "vbscript:", "livescript:")
SCRIPT_SCHEMES = (*RUNNING_SCHEMES, "data:")
# Browsers skip control characters, spaces and invisible marks inside a URL's scheme ("java\tscript:").
_INVISIBLE_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")


def unsafe_parts(element: Element) -> Iterator[tuple[str, str]]:
    """(what, text to find it by in the source) for each part of one element that could run script."""
    if element.tag in UNSAFE_ELEMENTS:
        yield f"a <{element.tag}> tag", f"<{element.tag}"
    for name, value in element.attrib.items():
        name = name.lower()
        if name.startswith("on"):
            yield "an event handler attribute", name
        elif name in URL_ATTRIBUTES:
            urls = [part.strip().split(" ")[0] for part in value.split(",")] if name.endswith("srcset") else [value]
            for url in urls:
                scheme = script_scheme(url)
                if scheme:
                    yield f"a {scheme} URL", scheme
        elif name == "style" and _css_runs_script(value):
            yield "a style attribute with a CSS expression or script URL", "style"


def script_scheme(url: str) -> str | None:
    """The script or data scheme a URL uses, read as a browser does (tabs, newlines and
    control characters inside the scheme are dropped, case does not matter)."""
    cleaned = _INVISIBLE_IN_URL.sub("", url).lower()
    return next((scheme for scheme in SCRIPT_SCHEMES if cleaned.startswith(scheme)), None)


def _css_runs_script(css: str) -> bool:
    cleaned = "".join(char for char in css if not char.isspace()).lower()
    return "expression(" in cleaned or any(f"url({scheme}" in cleaned.replace("'", "").replace('"', "")
                                            for scheme in RUNNING_SCHEMES) or "behavior:" in cleaned


def unsafe_in_body(body: ParsedBody) -> Iterator[tuple[int, str]]:
    """(file line, what) for each part of a parsed body that could run script."""
    for block, element in body.elements():
        for what, needle in unsafe_parts(element):
            yield block.line_of(needle), what


def unsafe_markup(text: str) -> list[str]:
    """What in a string (a translation, a value) could run script, described for a person.

    The string is read both as HTML and as the Markdown it becomes part of.
    """
    trees = [html_tree(text), *(block.tree for block in parse_markdown(text).blocks)]
    found = [what for tree in trees for element in tree.iter() for what, _ in unsafe_parts(element)]
    return list(dict.fromkeys(found))


def markup_is_safe(project: Project) -> Iterable[Finding]:
    """Editors' pages may not carry script: no script elements, handlers or script URLs,
    in the body or in the front matter (a title becomes the page's heading and meta tags)."""
    hint = "use plain Markdown: links with https:// addresses, no raw HTML scripts or handlers"
    for page in project.pages:
        for line, what in unsafe_in_body(parsed_page(project, page)):
            yield Finding("unsafe-markup", Severity.ERROR, SourceLocation(page.origin.file, line),
                          f"page contains {what}, which could run script", hint)
        for key in ("title", "description"):
            for what in unsafe_markup(getattr(page.meta, key) or ""):
                yield Finding("unsafe-markup", Severity.ERROR, page.location_of(key),
                              f"the page's {key} contains {what}, which could run script",
                              "a title or description is plain text")
