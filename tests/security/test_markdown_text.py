"""Every value that enters generated Markdown reads as exactly its own text.

``escape_text`` is the Jinja finalize of the page templates, so record fields,
catalog strings, Babel's dates and numbers, and config values all pass through it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
from conftest import REPO
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.build.mkdocs_adapter import REQUIRED_EXTENSIONS
from generator.load import load_project
from generator.render.localized import escape_text


def _site_markdown() -> markdown.Markdown:
    """Python-Markdown with the bundled example's extensions (as its build uses them)."""
    configured = load_project(REPO / "mkdocs.yml").project.mkdocs_config["markdown_extensions"]
    names, configs = [], {}
    for entry in [*configured, *REQUIRED_EXTENSIONS]:
        name = next(iter(entry)) if isinstance(entry, dict) else entry
        if name not in names:
            names.append(name)
        if isinstance(entry, dict):
            configs[name] = entry[name] or {}
    return markdown.Markdown(extensions=names, extension_configs=configs)


class _Outline(HTMLParser):
    """The elements of a rendered fragment, in order, and its text content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data


def _outline(html: str) -> _Outline:
    outline = _Outline()
    outline.feed(html)
    outline.close()
    return outline


MD = _site_markdown()
#: Control characters are refused at load (and become U+FFFD here); everything else is fair game.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\r\t"), min_size=1)
#: Markdown's and its extensions' block starts, to make sure hypothesis tries them.
BLOCK_STARTS = ["# h", "> q", "- a", "* a", "+ a", "1. a", "1) a", "20. marraskuuta 2026", "---", "===", "- - -",
                "::: note", "!!! danger", "| a | b |", "    code", "<div>x</div>", "{: #id }", "```", "~~~", "[TOC]",
                "*[HTML]: x", "[^1]: x", ": definition", "a  ", "\tx", "<!-- c -->", "&#106;avascript:x"]


def _rendered(template: str, value: str) -> _Outline:
    MD.reset()
    return _outline(MD.convert(template.format(escape_text(value))))


def _as_text(value: str) -> str:
    return re.sub("[\r\n]", " ", value)


@settings(max_examples=400, deadline=None)
@given(TEXT)
@example("20. marraskuuta 2026")
@example("- item")
@example("---")
@example("    indented")
def test_any_value_alone_on_a_line_is_one_paragraph_of_its_own_text(value):
    outline = _rendered("{}", value)
    assert outline.tags == ["p"]
    assert outline.text == _as_text(value)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_any_value_at_the_start_of_a_list_item_is_that_items_text(value):
    # changes.md.j2 and safeguard.md.j2 write "- {{ date }}: ..." in the change logs
    outline = _rendered("- {}: x", value)
    assert outline.tags == ["ul", "li"]
    assert outline.text.strip("\n") == _as_text(value) + ": x"


def test_every_block_start_is_text():
    for value in BLOCK_STARTS:
        for template in ("{}", "- {}", "text\n{}", "{}\n\ntext"):
            outline = _rendered(template, value)
            text = outline.text.replace("\n", " ")
            assert value.strip() in text or _as_text(value) in outline.text, (template, value)
            assert set(outline.tags) <= {"p", "ul", "li"}, (template, value, outline.tags)


def test_finnish_danish_and_norwegian_change_logs_keep_the_day_of_each_date(built_site):
    expected = {"fi": "20. marraskuuta 2026", "da": "20. november 2026", "nb": "20. november 2026"}
    for locale, day in expected.items():
        for page in ("changes/index.html", "safeguards/live/index.html"):
            html = (built_site / locale / page).read_text(encoding="utf-8")
            article = html[html.index("<article"):html.index("</article>")]
            assert day in _outline(article).text, f"{locale}/{page} lost the day of its dates"
            assert "<li>\n<ol" not in article and "<li><ol" not in article, f"{locale}/{page}: a date became a list"
