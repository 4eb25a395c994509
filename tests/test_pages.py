"""Every page type a parent gets, in every locale, read from the built HTML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest
from conftest import REPO

from generator.load import load_project

PROJECT = load_project(REPO / "mkdocs.yml").project
LOCALES = PROJECT.config.locale_codes
ATOM = "{http://www.w3.org/2005/Atom}"

PAGE_TYPES = ["index.html", "safeguards/index.html", "safeguards/private-account/index.html",
              "ages/index.html", *(f"ages/{age}/index.html" for age in range(13, 18)),
              "something-happened/index.html", "help/index.html", "setup/index.html",
              "changes/index.html", "privacy/index.html", "accessibility/index.html", "404.html"]


def text_of(site: Path, path: str) -> str:
    """What a parent reads on a page: its main content, tags removed, entities decoded."""
    html = (site / path).read_text(encoding="utf-8")
    main = html[html.index('<article'):html.index('</article>')] if "<article" in html else html
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).split())


def catalog_text(locale: str, msgid: str, context: str) -> str:
    return PROJECT.catalogs[locale].gettext(msgid, context)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("path", PAGE_TYPES)
def test_every_page_type_exists_in_every_locale(built_site, locale, path):
    assert (built_site / locale / path).is_file()


@pytest.mark.parametrize("locale", LOCALES)
def test_the_facts_card_values_come_from_the_record(built_site, locale):
    for safeguard in PROJECT.safeguards.values():
        html = (built_site / locale / f"safeguards/{safeguard.id}/index.html").read_text(encoding="utf-8")
        card = html[html.index('class="sc-facts"'):html.index("</section>", html.index('class="sc-facts"'))]
        availability = re.findall(r'data-fact="availability">([^<]+)<', card)
        yes = catalog_text(locale, "Yes", "facts card")
        no = catalog_text(locale, "No", "facts card")
        assert availability == [yes if r.availability == "available" else no for r in safeguard.age_rules]
        defaults = [unescape(d) for d in re.findall(r'data-fact="default">([^<]+)<', card)]
        labels = {"private": "Private", "off": "Off", "on": "On", "not-stated": "Not stated by the platform",
                  "public": "Public", "everyone": "Everyone", "friends": "Friends", "nobody": "Nobody"}
        assert defaults == [catalog_text(locale, labels[r.default], "setting default")
                            for r in safeguard.age_rules if r.default]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_age_page_for_15_lists_private_by_default_and_not_direct_messages(built_site, locale):
    text = text_of(built_site, f"{locale}/ages/15/index.html")
    private = PROJECT.safeguards["private-account"]
    messages = PROJECT.safeguards["direct-messages"]
    # What applies comes first; direct messages are only named under what is not available yet.
    not_available = catalog_text(locale, "Not available at this age", "age guide")
    applies, unavailable = text.split(not_available)
    assert catalog_text(locale, private.title, "safeguard/private-account/title") in applies
    assert catalog_text(locale, "Private", "setting default") in applies
    assert catalog_text(locale, messages.title, "safeguard/direct-messages/title") not in applies
    assert catalog_text(locale, messages.title, "safeguard/direct-messages/title") in unavailable
    assert catalog_text(locale, messages.title, "safeguard/direct-messages/title") in \
        text_of(built_site, f"{locale}/ages/16/index.html")


def test_the_age_picker_works_without_javascript(built_site):
    html = (built_site / "sv/ages/index.html").read_text(encoding="utf-8")
    picker = html[html.index('class="sc-age-picker"'):html.index("</nav>", html.index('class="sc-age-picker"'))]
    assert re.findall(r'<a href="([^"]+)"', picker) == [f"../ages/{age}/" for age in range(13, 18)]
    assert "<script" not in picker and "<form" not in picker


@pytest.mark.parametrize("locale", LOCALES)
def test_the_change_feed_is_valid_atom_with_localized_titles_and_dates(built_site, locale):
    feed = ET.parse(built_site / locale / "changes/feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == locale
    title = feed.find(f"{ATOM}title").text
    assert title.startswith(catalog_text(locale, "What's changed", "page title"))
    for required in ("id", "updated", "title"):
        assert feed.find(f"{ATOM}{required}") is not None
    entries = feed.findall(f"{ATOM}entry")
    changes = sorted(((c.date, s) for s in PROJECT.safeguards.values() for c in s.changes),
                     key=lambda pair: pair[0], reverse=True)
    assert len(entries) == len(changes) > 0
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", u) for u in updated)
    newest_date, newest = changes[0]
    summary = entries[0].find(f"{ATOM}summary").text
    from generator.render.localized import LocaleFormat
    assert summary.startswith(LocaleFormat(locale).date(newest_date))
    assert len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)


def test_the_swedish_help_page_lists_swedish_helplines_first_with_tel_links(built_site):
    html = (built_site / "sv/help/index.html").read_text(encoding="utf-8")
    first_section = html[html.index("<h2"):html.index("<h2", html.index("<h2") + 1)]
    assert "Sverige" in first_section
    assert 'href="tel:116111"' in first_section and ">116 111<" in first_section
    assert 'href="tel:11414"' in first_section
    swedish = [r for r in PROJECT.resources.values() if "SE" in r.regions]
    assert all(r.url in first_section for r in swedish)
    assert "Senast kontrollerad" in first_section


def test_something_happened_gives_the_steps_and_local_help(built_site):
    html = (built_site / "sv/something-happened/index.html").read_text(encoding="utf-8")
    assert 'href="tel:112"' in html and 'href="tel:116111"' in html
    article = html[html.index("<article"):]
    steps = re.findall(r"<li>(.*?)</li>", article[article.index("<ol>"):article.index("</ol>")], re.S)
    assert len(steps) >= 5
    for safeguard in PROJECT.safeguards:
        page = (built_site / f"sv/safeguards/{safeguard}/index.html").read_text(encoding="utf-8")
        assert 'href="../../something-happened/"' in page


def test_set_up_together_is_a_checklist_from_the_records(built_site):
    text = text_of(built_site, "en/setup/index.html")
    for safeguard in PROJECT.safeguards.values():
        for step in safeguard.steps.parent + safeguard.steps.child:
            assert step in text
    assert text.count("☐") >= 5


def test_privacy_statement_says_what_the_site_does_not_do(built_site):
    text = text_of(built_site, "en/privacy/index.html").lower()
    assert "cookie" in text and "track" in text


def test_a_safeguard_page_describes_itself_with_its_translated_summary(built_site):
    html = (built_site / "sv/safeguards/live/index.html").read_text(encoding="utf-8")
    summary = catalog_text("sv", PROJECT.safeguards["live"].summary, "safeguard/live/summary")
    [description] = re.findall(r'<meta name="description" content="([^"]*)"', html)
    assert unescape(description) == summary
