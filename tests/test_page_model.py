"""The page model: each page read once, parsed as the build parses it; rules point at the right line."""

from __future__ import annotations

import time
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
from conftest import findings, replace_in, run_cli

from generator.check import run_checks
from generator.check.safety import unsafe_markup
from generator.editor.scaffold import ScaffoldError, new_safeguard
from generator.load import load_project
from generator.render.page_parse import parse_markdown, split_blocks

LIVE_EN = "content/en/safeguards/live.md"


def replace_section(project: Path, heading: str, text: str, page: str = LIVE_EN) -> int:
    """Put ``text`` right under ``heading`` in a page; return the file line of its first line."""
    path = project / page
    replace_in(path, f"{heading}\n\n", f"{heading}\n\n{text}\n\n")
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines.index(text.splitlines()[0]) + 1


# -- the parse keeps lines ------------------------------------------------------------------


def test_blocks_keep_their_source_line_through_fences_and_html():
    text = "# Title\n\nPara one\nstill one\n\n```\ncode\n\nstill code\n```\n\n<div>\n\n<p>x</p>\n\n</div>\n\nLast"
    assert [offset for offset, _ in split_blocks(text)] == [0, 2, 5, 11, 17]
    body = parse_markdown(text, first_line=4)
    assert [block.line for block in body.blocks] == [4, 6, 9, 15, 21]
    assert [heading.text for heading in body.headings()] == ["Title"]


def test_a_reference_defined_after_its_use_resolves():
    body = parse_markdown("See [the guide][g].\n\n[g]: https://example.org/guide")
    assert [element.get("href") for _, element in body.elements() if element.tag == "a"] == [
        "https://example.org/guide"]


def test_setext_headings_satisfy_required_sections(example):
    path = example / LIVE_EN
    replace_in(path, "## What it does\n", "What it does\n------------\n")
    replace_in(path, "## How to change it\n", "How to change it\n================\n")
    assert findings(example, "explanation-section-missing") == []
    replace_in(path, "How to change it\n================\n", "Changing it\n===========\n")
    [missing] = findings(example, "explanation-section-missing")
    assert missing.location.file == LIVE_EN and "How to change it" in missing.message


def test_an_empty_required_section_is_reported_at_its_heading(example):
    path = example / LIVE_EN
    text = path.read_text(encoding="utf-8")
    start, end = text.index("## How to change it"), text.index("## Talking with your teen")
    path.write_text(text[:start] + "## How to change it\n\n" + text[end:], encoding="utf-8")
    [empty] = findings(example, "explanation-section-missing")
    line = path.read_text(encoding="utf-8").splitlines().index("## How to change it") + 1
    assert (empty.location.file, empty.location.line) == (LIVE_EN, line) and "is empty" in empty.message


@pytest.mark.parametrize("content", ["---\nsafeguard: live\n---\n", "---\nsafeguard: live\n---\n\n   \n", ""])
def test_an_emptied_explanation_is_reported_at_that_page(example, content):
    (example / LIVE_EN).write_text(content, encoding="utf-8")
    [empty] = findings(example, "explanation-empty")
    assert (empty.location.file, empty.location.line) == (LIVE_EN, 1)


def test_front_matter_values_are_findings_at_their_line_never_a_traceback(example):
    replace_in(example / LIVE_EN, "safeguard: live\n", "safeguard: live\ndescription: 2026-01-05\ntitel: Live\n")
    result = run_checks(example / "mkdocs.yml")
    located = {(f.rule, f.location.line) for f in result.findings if f.location.file == LIVE_EN}
    assert located == {("invalid-value", 3), ("unknown-key", 4)}
    assert not [f for f in result.findings if f.rule == "explanation-missing"]  # the page still counts
    # A day that does not exist is no date: YAML gives its text (a record's date field then reports it).
    replace_in(example / LIVE_EN, "description: 2026-01-05\n", "description: 2026-02-30\n")
    located = {(f.rule, f.location.line) for f in run_checks(example / "mkdocs.yml").findings
               if f.location.file == LIVE_EN}
    assert located == {("unknown-key", 4)}
    assert "Traceback" not in run_cli("check", "--config", str(example / "mkdocs.yml")).output


# -- unsafe markup, every spelling --------------------------------------------------------------


@pytest.mark.parametrize("markup, offset", [
    ("<img src=x\nonerror=alert(1)>", 1),                         # the handler on the line after its tag
    ("<div\n\nonclick=alert(1)>x</div>", 2),                       # even after a blank line
    ("Look <img/src=x/onerror=alert(1)> here", 0),                # a slash between attributes
    ("Look <svg/onload=alert(1)> here", 0),
    ("A paragraph\n{: onclick=\"alert(1)\" }", 1),                # attr_list adds a handler
    ("## Heading {onclick=alert(1)}", 0),
    ("[click][x]\n\n[x]: javascript:alert(1)", 0),                # a reference: at the link's block
    ("[click](\njavascript:alert(1))", 1),                        # the target on the next line
    ("<a href=\"&#106;ava&#x73;cript:alert(1)\">x</a>", 0),       # entity-encoded
    ("<a href=\"java\tscript:alert(1)\">x</a>", 0),               # a tab inside the scheme
    ("<a href=\" JaVaScRiPt:alert(1)\">x</a>", 0),                # case and a leading space
    ("<form action=\"javascript:alert(1)\"><button>x</button></form>", 0),
    ("<img srcset=\"a.png 1x, data:image/svg+xml,x 2x\">", 0),
    ("<p style=\"width: expression(alert(1))\">x</p>", 0),
    ("<div markdown>\n\n[x](vbscript:msgbox)\n\n</div>", 2),
    ("<SCRIPT>alert(1)</SCRIPT>", 0),
    ("<iframe src=\"https://example.org\"></iframe>", 0),
])
def test_every_spelling_of_script_is_unsafe_markup_at_its_line(example, markup, offset):
    line = replace_section(example, "## How to change it", markup)
    unsafe = findings(example, "unsafe-markup")
    assert unsafe and {(f.location.file, f.location.line) for f in unsafe} == {(LIVE_EN, line + offset)}


def test_a_template_splitting_script_never_reaches_the_build(example):
    line = replace_section(example, "## How to change it", "<scr{{ '' }}ipt>alert(1)</scr{{ '' }}ipt>")
    unsafe = findings(example, "page-template-unsafe")
    assert unsafe and {(f.location.file, f.location.line) for f in unsafe} == {(LIVE_EN, line)}
    result = run_cli("build", "--config", str(example / "mkdocs.yml"))
    assert result.exit_code == 1 and not (example / "site").exists()


def test_plain_markup_is_not_unsafe():
    assert unsafe_markup("See <a href=\"https://example.org\">this</a> and [that](../help/index.md).") == []
    assert unsafe_markup("Ring <a href=\"tel:116111\">116 111</a>") == []
    assert unsafe_markup("Only text about javascript: and onion=3") == []
    assert unsafe_markup("[x](javascript:alert(1))") == ["a javascript: URL"]
    assert unsafe_markup("<b onclick=x>") == ["an event handler attribute"]


# -- page templates ---------------------------------------------------------------------------


@pytest.mark.parametrize("template", [
    "{{ 'a' * 10**9 }}",
    "{{ range(10**9)|list }}",
    "{{ age_from('live' * 10**9) }}",
    "{{ age_from()|length }}",
    "{{ age_from().upper() }}",
    "{{ x }}",
    "{{ 'a' ~ 'b' }}",
    "{% for i in range(10**9) %}x{% endfor %}",
    "{% set x = 1 %}",
    "{{ age_from(*['live']) }}",
    "{{ age_from(safeguard=['live']) }}",
    "{{ (age_from, 1)[0]() }}",
    pytest.param("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", id="nested-5000-deep"),
])
def test_anything_but_a_helper_call_with_literals_is_page_template_unsafe(example, template):
    line = replace_section(example, "## How to change it", f"Text {template} here.")
    started = time.monotonic()
    result = run_checks(example / "mkdocs.yml")
    assert time.monotonic() - started < 60  # nothing was evaluated
    [unsafe] = [f for f in result.findings if f.rule == "page-template-unsafe"]
    assert (unsafe.location.file, unsafe.location.line) == (LIVE_EN, line)


def test_helper_calls_with_literals_and_comments_render_and_keep_lines(example):
    text = ("{## a comment\nover two lines ##}From {{ age_from('live') }}; {{ default('live', age=16) }}\n"
            "{{ phone(\n'bris') }} and teens aged 11.")
    line = replace_section(example, "## How to change it", text)
    result = run_checks(example / "mkdocs.yml")
    assert [f for f in result.findings if f.rule.startswith("page-template") or f.rule == "unknown-fact"] == []
    [age] = [f for f in result.findings if f.rule == "age-contradiction"]
    assert (age.location.file, age.location.line) == (LIVE_EN, line + 3)


# -- pages and URLs ---------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["help.md", "ages/index.md", "safeguards/index.md", "assets/extra.md",
                                  "search/index.md", "404.md", "changes/feed.xml.md"])
def test_a_page_on_a_generated_or_reserved_url_is_a_collision(example, page):
    path = example / "content/en" / page
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\ntitle: Mine\n---\nText.\n", encoding="utf-8")
    [collision] = findings(example, "page-collision")
    assert collision.location.file == f"content/en/{page}" and collision.severity.value == "error"


def test_new_safeguard_refuses_an_id_whose_page_is_generated(example):
    project = load_project(example / "mkdocs.yml").project
    with pytest.raises(ScaffoldError, match="index"):
        new_safeguard(project, "index")


def test_the_project_is_immutable_and_its_lookups_agree_with_its_pages(example):
    project = load_project(example / "mkdocs.yml").project
    with pytest.raises(FrozenInstanceError):
        project.pages = ()  # type: ignore[misc]  (the assignment is the error under test)
    with pytest.raises(TypeError):
        project.safeguards["x"] = project.safeguards["live"]  # type: ignore[index]  (read-only mapping, under test)
    sv = project.explanation("live", "sv")
    assert sv is not None and project.source_of(sv) is project.explanation("live", "en")
    assert sv.url == "safeguards/live/" and sv.output_path == "safeguards/live.md"


def test_two_editor_pages_on_one_url_collide(example):
    for page in ("guides/together.md", "guides/together/index.md"):
        path = example / "content/en" / page
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\ntitle: Together\n---\nText.\n", encoding="utf-8")
    [collision] = findings(example, "page-collision")
    files = {"content/en/guides/together.md", "content/en/guides/together/index.md"}
    [other] = files - {collision.location.file}
    assert collision.location.file in files and other in collision.message


@pytest.mark.parametrize("markdown, offset", [
    ("See [the old site][old].\n\n[old]: http://example.org/", 0),
    ("See <a href=\"http://example.org/\">the old site</a>.", 0),
    ("See <http://example.org/>.", 0),
    ("One line\nthen ![a picture](http://example.org/a.png) on the next.", 1),
])
def test_links_are_read_from_the_parse_in_every_spelling(example, markdown, offset):
    line = replace_section(example, "## How to change it", markdown)
    insecure = findings(example, "link-insecure")
    assert [(f.location.file, f.location.line) for f in insecure] == [(LIVE_EN, line + offset)]


def test_code_is_not_prose_or_markup(example):
    replace_section(example, "## How to change it",
                    "    <script>alert(1)</script>\n    Teens aged 11 can call 555 123 456.\n\n"
                    "Inline `<img src=x onerror=alert(1)>` and `aged 11`.")
    result = run_checks(example / "mkdocs.yml")
    assert [f for f in result.findings if f.rule in ("unsafe-markup", "age-contradiction", "phone-unknown")] == []


def test_a_fence_is_code_only_when_the_site_has_fenced_code(example):
    fence = "```html\n<script>alert(1)</script>\n```"
    line = replace_section(example, "## How to change it", fence)
    # The example site does not enable fenced_code: its build would ship this script.
    assert [f.location.line for f in findings(example, "unsafe-markup")] == [line + 1]
    replace_in(example / "mkdocs.yml", "  - tables\n", "  - tables\n  - fenced_code\n")
    assert findings(example, "unsafe-markup") == []


def test_script_in_a_pages_title_is_unsafe_markup_at_its_line(example):
    (example / "content/en/guides/mine.md").write_text(
        "---\ndescription: Fine text\ntitle: \"<img src=x onerror=alert(1)>\"\n---\nText.\n", encoding="utf-8")
    unsafe = findings(example, "unsafe-markup")
    assert [(f.location.file, f.location.line) for f in unsafe] == [("content/en/guides/mine.md", 3)]
