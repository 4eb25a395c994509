"""render: locale-aware formatting, translated strings, and text that cannot become markup."""

from __future__ import annotations

from datetime import date

from conftest import override_interface_entry, run_cli

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


# -- platforms, who can change, typed setting values ---------------------------------------------


def test_who_can_change_names_the_platforms_parent_tool_or_none(example):
    project = load_project(example / "mkdocs.yml").project
    card = page(render_site(project, "en"), "safeguards/family-pairing.md").markdown
    assert 'data-fact="changed-by">A parent, with Family Pairing<' in card
    swedish = page(render_site(project, "sv"), "safeguards/family-pairing.md").markdown
    assert 'data-fact="changed-by">En förälder, med Family Pairing<' in swedish

    (example / "content/platforms/tiktok.yml").unlink()  # a center without platform records
    project = load_project(example / "mkdocs.yml").project
    card = page(render_site(project, "en"), "safeguards/family-pairing.md").markdown
    assert 'data-fact="changed-by">A parent<' in card
    assert "Family Pairing<" not in card


def test_quantities_are_formatted_by_babel_in_each_locale(example):
    record = example / "content/safeguards/private-account.yml"
    text = record.read_text(encoding="utf-8")
    text = text.replace("    default: private\n", "    default: {minutes: 60}\n", 1)
    record.write_text(text.replace("    default: not-stated\n", '    default: {time: "22:00"}\n', 1), encoding="utf-8")
    explanation = example / "content/sv/safeguards/private-account.md"
    explanation.write_text(explanation.read_text(encoding="utf-8") + "\nGräns: {{ default(age=13) }}.\n",
                           encoding="utf-8")
    loaded = load_project(example / "mkdocs.yml")
    assert loaded.findings == []
    expected = {"en": ("60 minutes", "10:00\u202fPM"), "sv": ("60 minuter", "22:00"),
                "fi": ("60 minuuttia", "22.00"), "da": ("60 minutter", "22.00")}
    for locale, (minutes, time) in expected.items():
        site = render_site(loaded.project, locale)
        card = page(site, "safeguards/private-account.md").markdown
        assert f'data-fact="default">{escape_text(minutes)}<' in card, locale
        assert f'data-fact="default">{escape_text(time)}<' in card, locale
        by_age = page(site, "ages/13.md").markdown
        assert f": {escape_text(minutes)}\n" in by_age, locale
    assert "Gräns: 60 minuter." in page(render_site(loaded.project, "sv"), "safeguards/private-account.md").markdown


def test_a_sites_own_setting_value_is_translated_through_the_catalogs(example):
    config = example / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "safety_center:\n", "safety_center:\n  setting_values: [friends-of-friends]\n", 1), encoding="utf-8")
    record = example / "content/safeguards/private-account.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("    default: private\n",
                                                                 "    default: friends-of-friends\n", 1),
                      encoding="utf-8")
    po = example / "locales/sv/LC_MESSAGES/messages.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgctxt "site/setting_values/friends-of-friends"\n'
                  'msgid "Friends of friends"\nmsgstr "Vänners vänner"\n', encoding="utf-8")
    project = load_project(config).project
    assert 'data-fact="default">Friends of friends<' in page(render_site(project, "en"),
                                                               "safeguards/private-account.md").markdown
    assert 'data-fact="default">Vänners vänner<' in page(render_site(project, "sv"),
                                                          "safeguards/private-account.md").markdown
    assert run_cli("i18n", "extract", "--config", str(config)).exit_code == 0
    pot = (example / "locales/messages.pot").read_text(encoding="utf-8")
    assert 'msgctxt "site/setting_values/friends-of-friends"\nmsgid "Friends of friends"' in pot


def test_with_several_platforms_the_overview_and_navigation_group_by_platform(example):
    (example / "content/platforms/snapchat.yml").write_text(
        "name: Snapchat\nparent_tool: Family Center\nlast_verified: 2026-11-20\n", encoding="utf-8")
    for path in (example / "content/safeguards").glob("*.yml"):
        platform = "snapchat" if path.stem == "live" else "tiktok"
        text = path.read_text(encoding="utf-8").replace("changed_by: []", "changed_by: [parent]")
        path.write_text(text.replace("\ncategory:", f"\nplatform: {platform}\ncategory:", 1), encoding="utf-8")
    project = load_project(example / "mkdocs.yml").project
    site = render_site(project, "en")
    overview = page(site, "safeguards/index.md").markdown
    headings = [line for line in overview.splitlines() if line.startswith("#")]
    assert headings[1:3] == ["## Snapchat", "### Messaging and LIVE"]
    assert headings.index("## TikTok") > headings.index("## Snapchat")
    assert overview.index("(live.md)") < overview.index("## TikTok") < overview.index("(private-account.md)")
    [section] = [item for item in site.nav if item.title == "Safeguards"]
    assert [child.title for child in section.children] == ["Overview", "Snapchat", "TikTok"]
    assert [c.path for c in section.children[1].children] == ["safeguards/live.md"]
    assert len(section.children[2].children) == len(project.safeguards) - 1
    live = page(site, "safeguards/live.md").markdown
    assert 'data-fact="changed-by">A parent, with Family Center<' in live  # its platform's parent tool
    pairing = page(site, "safeguards/family-pairing.md").markdown
    assert 'data-fact="changed-by">A parent, with Family Pairing<' in pairing
