"""Reading project files: only the project's own, bounded, UTF-8 text without invisible controls."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import line_of, replace_in, run_cli

from generator.build import build_into
from generator.load import load_project
from generator.load.files import FileKind

PAGE = "content/en/guides/talking-about-online-safety.md"
RECORD = "content/safeguards/live.yml"
CATALOG = "locales/sv/LC_MESSAGES/messages.po"


def findings_of(project: Path, rule: str | None = None):
    findings = load_project(project / "mkdocs.yml").findings
    return [f for f in findings if rule is None or f.rule == rule]


def located(findings) -> set[tuple[str, str, int]]:
    return {(f.rule, f.location.file, f.location.line) for f in findings}


def site_text(site: Path) -> str:
    """Everything the built site holds, as one text (binary files decoded leniently)."""
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in site.rglob("*") if p.is_file())


# -- symlinks ---------------------------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the project, with files an attacker would like published."""
    folder = tmp_path / "outside"
    (folder / "pages").mkdir(parents=True)
    (folder / "secret.md").write_text("---\ntitle: Secret\n---\nSECRET-FILE-BODY\n", encoding="utf-8")
    (folder / "pages/leak.md").write_text("---\ntitle: Leak\n---\nSECRET-FOLDER-BODY\n", encoding="utf-8")
    (folder / "record.yml").write_text("name: SECRET-RECORD\nkind: helpline\n", encoding="utf-8")
    return folder


def test_symlinks_leading_out_are_findings_and_never_published(example, outside, tmp_path):
    links = {
        "content/en/guides/secret.md": outside / "secret.md",
        "content/en/guides/passwd.md": Path("/etc/passwd"),
        "content/en/guides/outside": outside / "pages",
        "content/resources/leak.yml": outside / "record.yml",
    }
    catalog = example / CATALOG
    stolen = outside / "sv"
    (stolen / "LC_MESSAGES").mkdir(parents=True)
    (stolen / "LC_MESSAGES/messages.po").write_text(
        catalog.read_text(encoding="utf-8").replace("Trygghetscenter för föräldrar", "SECRET-CATALOG"),
        encoding="utf-8")
    for name, target in links.items():
        (example / name).symlink_to(target)
    # A whole locale folder of the catalogs, and a single catalog file, linked out.
    (example / "locales/sv").rename(tmp_path / "sv-moved")
    (example / "locales/sv").symlink_to(stolen)
    (example / "locales/da/LC_MESSAGES/messages.po").unlink()
    (example / "locales/da/LC_MESSAGES/messages.po").symlink_to(stolen / "LC_MESSAGES/messages.po")

    loaded = load_project(example / "mkdocs.yml")
    reported = {(f.location.file, f.location.line) for f in loaded.findings if f.rule == "symlink-outside"}
    assert reported == {(name, 1) for name in [*links, "locales/sv", "locales/da/LC_MESSAGES/messages.po"]}
    assert all(f.severity.value == "error" for f in loaded.findings if f.rule == "symlink-outside")

    # Built anyway (as serve would, bypassing check): nothing from the targets is in the site.
    site = tmp_path / "site"
    build_into(loaded.project, site, ["en", "sv", "da"], workers=1)
    text = site_text(site)
    assert "Talking about online safety" in text  # the site was really built
    for secret in ("SECRET-FILE-BODY", "SECRET-FOLDER-BODY", "SECRET-RECORD", "SECRET-CATALOG", "root:x:0:0"):
        assert secret not in text
    result = run_cli("check", "--config", str(example / "mkdocs.yml"))
    assert result.exit_code == 1 and "content/en/guides/passwd.md:1: error [symlink-outside]" in result.output


def test_a_symlink_out_of_the_theme_overrides_is_a_finding(example):
    replace_in(example / "mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    (example / "overrides/assets").mkdir(parents=True)
    (example / "overrides/assets/passwd.txt").symlink_to("/etc/passwd")
    [finding] = findings_of(example, "symlink-outside")
    assert (finding.location.file, finding.location.line) == ("overrides/assets/passwd.txt", 1)


def test_symlinks_that_stay_inside_the_project_are_read(example):
    shared = example / "shared"
    shared.mkdir()
    (shared / "extra.md").write_text("---\ntitle: Extra\n---\nShared inside the project.\n", encoding="utf-8")
    (example / "content/en/guides/more").symlink_to(shared, target_is_directory=True)
    (example / "content/en/guides/loop").symlink_to(example / "content/en/guides", target_is_directory=True)
    loaded = load_project(example / "mkdocs.yml")
    assert not [f for f in loaded.findings if f.rule == "symlink-outside"]
    paths = [page.path for page in loaded.project.pages_of("en")]
    assert "guides/more/extra.md" in paths
    assert paths.count("guides/talking-about-online-safety.md") == 1  # the loop is entered once at most


# -- BOM and CRLF -------------------------------------------------------------------------


def test_bom_and_crlf_files_build_and_render_like_any_other(example):
    for name in (PAGE, RECORD, CATALOG):
        path = example / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert findings_of(example) == []
    result = run_cli("build", "--config", str(example / "mkdocs.yml"), "--locale", "en", "--locale", "sv")
    assert result.exit_code == 0, result.output
    site = example / "site"
    guide = (site / "en/guides/talking-about-online-safety/index.html").read_text(encoding="utf-8")
    assert "<h1" in guide and "Talking about online safety</h1>" in guide
    assert '<h2 id="start-early">Start early' in guide  # the heading after the front matter is a heading
    assert "\ufeff" not in guide and "\r" not in guide
    live = (site / "en/safeguards/live/index.html").read_text(encoding="utf-8")
    assert "LIVE for older teens only" in live
    assert "Trygghetscenter för föräldrar" in (site / "sv/index.html").read_text(encoding="utf-8")


def test_lines_are_counted_the_same_with_crlf(example):
    record = example / RECORD
    text = record.read_text(encoding="utf-8").replace("category: Messaging and LIVE", "categroy: x")
    record.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    [finding] = findings_of(example, "unknown-key")
    assert finding.location.line == 4 and "'categroy'" in finding.message


# -- control characters -------------------------------------------------------------------

CONTROL_CLASSES = {
    "C0": "\x01",
    "escape": "\x1b",
    "DEL": "\x7f",
    "C1": "\x85",
    "bidi override": "\u202e",
    "bidi embedding": "\u202a",
    "bidi isolate": "\u2067",
}


def insert_lines(path: Path, after: str, new_lines: list[str]) -> list[int]:
    """Insert lines after the first line holding ``after``; return their line numbers."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if after in line) + 1
    lines[at:at] = new_lines
    path.write_text("\n".join(lines), encoding="utf-8")
    return [at + 1 + offset for offset in range(len(new_lines))]


@pytest.mark.parametrize("name, after", [(PAGE, "## Start early"), (RECORD, "category:"),
                                         (CATALOG, 'msgstr "Trygghetscenter')])
def test_each_control_character_class_is_an_error_at_its_line(example, name, after):
    path = example / name
    comment = "# {} here" if path.suffix in (".yml", ".po") else "Text {} here."
    lines = insert_lines(path, after, [comment.format(c) for c in CONTROL_CLASSES.values()])
    findings = findings_of(example)
    controls = [f for f in findings if f.rule == "control-character"]
    assert located(controls) == {("control-character", name, line) for line in lines}
    messages = dict(zip(CONTROL_CLASSES, sorted(controls, key=lambda f: f.location.line), strict=True))
    assert "U+202E" in messages["bidi override"].message and "U+0085" in messages["C1"].message
    assert "U+2067" in messages["bidi isolate"].message and "LRM" in messages["bidi isolate"].hint
    assert all(f.severity.value == "error" for f in controls)
    # The rest of the file still reads: no other error follows from the characters.
    assert not [f for f in findings if f.severity.value == "error" and f.rule != "control-character"]


@pytest.mark.parametrize("name", [PAGE, RECORD, CATALOG])
def test_direction_marks_stay_allowed(example, name):
    path = example / name
    path.write_text(path.read_text(encoding="utf-8") + "\n# \u200e \u200f \u061c\n", encoding="utf-8")
    assert findings_of(example) == []


def test_a_control_character_never_reaches_the_page(example, tmp_path):
    page = example / PAGE
    page.write_text(page.read_text(encoding="utf-8").replace("## Start early", "## Start \u202eylrae"),
                    encoding="utf-8")
    loaded = load_project(example / "mkdocs.yml")
    assert [f.location.line for f in loaded.findings] == [line_of(page, "## Start")]
    build_into(loaded.project, tmp_path / "site", ["en"], workers=1)
    guide = (tmp_path / "site/en/guides/talking-about-online-safety/index.html").read_text(encoding="utf-8")
    assert "\u202e" not in guide and "Start \ufffdylrae" in guide


# -- encoding, size, YAML bombs ---------------------------------------------------------


@pytest.mark.parametrize("name", [PAGE, RECORD, CATALOG])
def test_a_file_that_is_not_utf8_is_reported_at_the_line_of_the_bad_byte(example, name):
    path = example / name
    lines = path.read_bytes().split(b"\n")
    lines[5] = lines[5] + b" caf\xe9"
    path.write_bytes(b"\r\n".join(lines))
    [finding] = findings_of(example, "encoding")
    assert (finding.location.file, finding.location.line) == (name, 6)
    assert "0xE9" in finding.message


@pytest.mark.parametrize("name, kind", [(PAGE, FileKind.PAGE), (RECORD, FileKind.RECORD),
                                        (CATALOG, FileKind.CATALOG)])
def test_a_file_beyond_its_size_bound_is_not_read(example, name, kind):
    path = example / name
    filler = "\n# padding" if path.suffix in (".yml", ".po") else "\nMore words."
    text = path.read_text(encoding="utf-8")
    path.write_text(text + filler * (kind.value.max_bytes // len(filler) + 1), encoding="utf-8")
    started = time.monotonic()
    findings = findings_of(example, "file-too-large")
    assert time.monotonic() - started < 30
    assert located(findings) == {("file-too-large", name, 1)}
    path.write_text(text + filler * ((kind.value.max_bytes - len(text.encode())) // len(filler) - 1),
                    encoding="utf-8")
    assert findings_of(example, "file-too-large") == []


BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
title: *i
"""


def test_nested_aliases_are_a_finding_not_a_hang(example):
    (example / RECORD).write_text(BILLION_LAUGHS, encoding="utf-8")
    started = time.monotonic()
    findings = findings_of(example, "yaml-syntax")
    assert time.monotonic() - started < 5
    assert [(f.location.file, f.location.line) for f in findings] == [(RECORD, 6)]
    assert "aliases expand" in findings[0].message


@pytest.mark.parametrize("text, line, words", [
    ("title: &a [*a]\n", 1, "refers to the value that contains it"),
    ("title: x\n\nsize: " + "9" * 5000 + "\n", 3, "cannot be read"),
    ("title: " + "[" * 100_000 + "\n", 1, "nested too deeply"),
])
def test_other_yaml_that_python_cannot_hold_is_a_finding(example, text, line, words):
    (example / RECORD).write_text(text, encoding="utf-8")
    [finding] = findings_of(example, "yaml-syntax")
    assert finding.location.line == line and words in finding.message


def test_a_fifo_named_like_a_page_does_not_hang_the_load(example):
    os.mkfifo(example / "content/en/guides/pipe.md")
    (example / RECORD).unlink()
    os.mkfifo(example / RECORD)
    started = time.monotonic()
    findings = findings_of(example)
    assert time.monotonic() - started < 30
    assert not [f for f in findings if "pipe.md" in f.location.file]  # not a plain file: not a page
