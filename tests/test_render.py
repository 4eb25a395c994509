"""render: locale-aware formatting, translated strings, and text that cannot become markup."""

from __future__ import annotations

from datetime import date

from conftest import override_interface_entry

from generator.load import load_project
from generator.render.locale_site import render_site
from generator.render.localized import LocaleFormat, escape_text


def page(site, path):
    return next(p for p in site.pages if p.path == path)


def test_swedish_dates_and_lists_come_out_as_babel_formats_them():
    fmt = LocaleFormat("sv")
    assert fmt.date(date(2026, 11, 24)) == "24 november 2026"
    assert fmt.list(["tonåringen", "en förälder", "ingen"]) == "tonåringen, en förälder och ingen"
    assert LocaleFormat("en").date(date(2026, 11, 24)) == "November 24, 2026"
    assert fmt.region("SE") == "Sverige"


def test_swedish_safeguard_page_uses_the_catalog_and_swedish_formats(example):
    project = load_project(example / "mkdocs.yml").project
    safeguard = project.safeguards["private-account"]
    markdown = page(render_site(project, "sv"), "safeguards/private-account.md").markdown
    title_sv = project.catalogs["sv"].gettext(safeguard.title, "safeguard/private-account/title")
    assert title_sv != safeguard.title
    assert markdown.splitlines()[1] == f'title: "{escape_text(title_sv)}"'
    assert f"{safeguard.last_verified.day} november {safeguard.last_verified.year}" in markdown
    assert "Senast kontrollerad" in markdown


def test_the_help_page_lists_the_locales_region_first(example):
    project = load_project(example / "mkdocs.yml").project
    markdown = page(render_site(project, "sv"), "help/index.md").markdown
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert headings[0] == "## Sverige"
    assert markdown.index("### Bris") < markdown.index("### Internet Watch Foundation")


def test_translator_text_cannot_become_markup(example):
    from babel.messages.pofile import read_po, write_po

    override_interface_entry(example, "sv", "facts card", "Available")
    path = example / "locales/sv/LC_MESSAGES/messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="sv")
    catalog.get("Available", context="facts card").string = (
        '<script>alert(1)</script>[x](javascript:alert(1)){: onclick="x" }')
    with path.open("wb") as handle:
        write_po(handle, catalog)
    project = load_project(example / "mkdocs.yml").project
    markdown = page(render_site(project, "sv"), "safeguards/live.md").markdown
    assert "<script>" not in markdown and "](javascript" not in markdown and "{:" not in markdown
    assert "&#60;script&#62;alert(1)&#60;/script&#62;" in markdown


def test_every_page_of_a_locale_is_rendered_with_the_same_paths(example):
    project = load_project(example / "mkdocs.yml").project
    en, sv = render_site(project, "en"), render_site(project, "sv")
    assert sorted(p.path for p in en.pages) == sorted(p.path for p in sv.pages)
    assert {"index.md", "safeguards/index.md", "ages/index.md", "help/index.md",
            "safeguards/live.md"} <= {p.path for p in sv.pages}


def test_every_string_the_pages_look_up_is_in_the_catalog_template(example, monkeypatch):
    """A string the extractor misses would never be translated: catch it here."""
    from babel.support import NullTranslations

    from generator.i18n.messages import shown_messages

    looked_up = set()
    for name in ("pgettext", "npgettext"):
        original = getattr(NullTranslations, name)

        def recording(self, context, *args, _original=original):
            looked_up.add((context, args[0]))
            return _original(self, context, *args)

        monkeypatch.setattr(NullTranslations, name, recording)
    project = load_project(example / "mkdocs.yml").project
    for code in project.config.locale_codes:
        render_site(project, code)
    extracted = {(m.context, m.key) for m in shown_messages(project)}
    assert looked_up and looked_up <= extracted, sorted(looked_up - extracted)
