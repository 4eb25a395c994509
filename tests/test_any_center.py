"""A center unlike the bundled example, built for real: children 9-17 with an under-13 band,
English, Finnish and Arabic (right to left), published at a site_url.

The center is tests/centers/rtl-9-17. Its Arabic catalog translates only some interface
strings (the rest stand in from English, marked as English), and one safeguard has no
Arabic explanation (the English page stands in).
"""

from __future__ import annotations

import re
import shutil
from gettext import NullTranslations
from pathlib import Path

import pytest

from conftest import findings, line_of, replace_in, run_cli
from generator.load import load_project
from generator.render.locale_site import render_site
from generator.render.localized import ForeignText, LocaleText, gettext_callables, in_language

CENTER = Path(__file__).parent / "centers" / "rtl-9-17"
ROOT_URL = "https://guide.example.net/"
LOCALES = {"en": "ltr", "fi": "ltr", "ar": "rtl"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("center") / "project"
    shutil.copytree(CENTER, project)
    result = run_cli("build", "--config", str(project / "mkdocs.yml"))
    assert result.exit_code == 0, result.output
    return project / "site"


PROJECT = load_project(CENTER / "mkdocs.yml").project


def words_in(locale: str) -> LocaleText:
    return LocaleText(PROJECT, locale)


def arabic(context: str, message: str) -> str:
    """An interface string as the Arabic pages show it (from the package's catalog)."""
    return words_in("ar").pgettext(context, message)


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def heading(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)


def facts_bands(html: str) -> list[str]:
    card = html[html.index('class="sc-facts"'):html.index("</section>", html.index('class="sc-facts"'))]
    return re.findall(r'<li class="sc-band[^"]*">(.*?)</li>', card, re.S)


# -- direction and language ---------------------------------------------------------------------


@pytest.mark.parametrize(("locale", "direction"), LOCALES.items())
def test_every_page_has_its_direction_on_html_and_body(site, locale, direction):
    pages = sorted((site / locale).rglob("*.html"))
    assert len(pages) > 15 and (site / locale / "404.html") in pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert re.search(rf'<html lang="{locale}" dir="{direction}"[ >]', html), page
        assert f'<body dir="{direction}"' in html, page


def test_the_root_chooser_and_404_give_each_language_its_own_lang_and_dir(site):
    for name in ("index.html", "404.html"):
        html = read(site, name)
        assert '<html lang="en" dir="ltr">' in html
        assert '<li lang="ar" dir="rtl"><a href="' in html and "العربية" in html
        assert '<li lang="fi" dir="ltr">' in html


def test_english_words_standing_in_on_an_arabic_page_are_marked_english(site):
    page = read(site, "ar/safeguards/screen-time/index.html")
    # The explanation has no Arabic version: the English one stands in, marked as English.
    assert re.search(r'<div (?:dir="ltr" lang="en"|lang="en" dir="ltr")>\s*<h2[^>]*>What it does</h2>', page)
    # A record string without its Arabic translation.
    assert '<p><span lang="en" dir="ltr">A parent can set how long the app may be used each day.</span></p>' in page
    # Translated words are not marked; an attribute never carries the mark.
    assert "<h1" in page and "حد يومي لوقت الشاشة" in heading(page) and "<span" not in heading(page)
    assert f'aria-label="{arabic("facts card", "Facts at a glance")}"' in page


def test_an_interface_string_without_a_translation_is_marked_with_the_interfaces_language():
    """Every interface string has an Arabic translation in the package, so one is taken away here."""
    words = words_in("ar")
    callables = gettext_callables(NullTranslations(), lambda context, msgid: "en" if msgid == "Sources" else None)
    shown = callables["pgettext"]("safeguard page", "Sources")
    assert isinstance(shown, ForeignText) and in_language(shown) == '<span lang=en dir=ltr>Sources</span>'
    assert in_language(callables["pgettext"]("safeguard page", "Talk about it")) == "Talk about it"
    assert not isinstance(words.pgettext("safeguard page", "Sources"), ForeignText)  # the package's Arabic
    assert isinstance(words.tr(PROJECT.safeguards["screen-time"], "summary"), ForeignText)


def test_a_fully_translated_page_marks_nothing(site):
    assert 'lang="en"' not in read(site, "fi/safeguards/direct-messages/index.html").split("<article", 1)[1]


def test_hreflang_links_and_the_sitemap_are_absolute_with_a_site_url(site):
    html = read(site, "ar/ages/9/index.html")
    links = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    assert links == [("en", f"{ROOT_URL}en/ages/9/"), ("fi", f"{ROOT_URL}fi/ages/9/"),
                     ("ar", f"{ROOT_URL}ar/ages/9/"), ("x-default", f"{ROOT_URL}en/ages/9/")]
    sitemap = read(site, "sitemap.xml")
    assert f'<xhtml:link rel="alternate" hreflang="ar" href="{ROOT_URL}ar/ages/9/"/>' in sitemap
    assert 'href="/' not in sitemap and 'href="../' not in sitemap
    root = read(site, "index.html")
    assert f'<link rel="alternate" hreflang="ar" href="{ROOT_URL}ar/">' in root


# -- any age range ---------------------------------------------------------------------------------


def test_the_age_picker_covers_the_sites_ages(site):
    html = read(site, "fi/ages/index.html")
    picker = html[html.index('class="sc-age-picker"'):html.index("</nav>", html.index('class="sc-age-picker"'))]
    assert re.findall(r'<a href="([^"]+)"', picker) == [f"../ages/{age}/" for age in range(9, 18)]


@pytest.mark.parametrize(("age", "finnish", "arabic"), [
    (9, "9-vuotiaana", "بعمر 9 سنوات"),  # Arabic: 3-10 take the plural noun
    (10, "10-vuotiaana", "بعمر 10 سنوات"),
    (11, "11-vuotiaana", "بعمر 11 سنة"),  # 11-99 take the singular
    (17, "17-vuotiaana", "بعمر 17 سنة"),
])
def test_age_page_titles_take_the_plural_form_of_their_age(site, age, finnish, arabic):
    assert heading(read(site, f"fi/ages/{age}/index.html")) == finnish
    assert heading(read(site, f"ar/ages/{age}/index.html")) == arabic
    assert f"<title>{arabic} - " in read(site, f"ar/ages/{age}/index.html")


def test_an_age_where_nothing_is_available_says_so_and_names_what_is_not(site):
    fi = read(site, "fi/ages/9/index.html")
    assert "Mikään tämän keskuksen esittelemistä ominaisuuksista ei ole käytettävissä tässä iässä." in fi
    assert "Ei käytettävissä tässä iässä" in fi and "Yksityisviestit" in fi
    assert words_in("fi").pgettext("facts card", "Who can change it") not in fi  # nobody changes what is not there
    ar = read(site, "ar/ages/12/index.html")
    assert "غير متاحة في هذا العمر" in ar and "الرسائل المباشرة" in ar
    assert "حد يومي لوقت الشاشة" in ar  # screen time applies from 10
    assert ar.count(arabic("facts card", "Who can change it")) == 1


def test_an_age_page_lists_what_applies_with_who_can_change_it(site):
    fi = read(site, "fi/ages/13/index.html")
    assert "Yksityisviestit" in fi and "Päivittäinen ruutuaikaraja" in fi
    assert fi.count(words_in("fi").pgettext("facts card", "Who can change it")) == 2
    assert "Ei käytettävissä tässä iässä" not in fi


def test_the_facts_card_heads_bands_in_each_language_and_hides_who_can_change_an_unavailable_feature(site):
    fi = facts_bands(read(site, "fi/safeguards/direct-messages/index.html"))
    ar = facts_bands(read(site, "ar/safeguards/direct-messages/index.html"))
    assert [re.search(r'class="sc-band__ages">([^<]+)<', band).group(1) for band in fi] == \
        ["Ikä 9–12", "Ikä 13–15", "Ikä 16–17"]
    assert [re.search(r'class="sc-band__ages">([^<]+)<', band).group(1) for band in ar] == \
        ["من 9 إلى 12 سنة", "من 13 إلى 15 سنة", "من 16 إلى 17 سنة"]
    for bands in (fi, ar):
        assert ['data-fact="changed-by"' in band for band in bands] == [False, True, True]


def test_plural_forms_of_the_band_headings_in_arabic(tmp_path):
    """Every Arabic form of the band headings, through the gettext callables the pages use."""
    words = words_in("ar")
    single = {age: words.npgettext("facts card", "Age %(num)d", "Age %(num)d", age)
              for age in (0, 1, 2, 3, 10, 11, 99, 100)}
    assert single == {0: "العمر أقل من سنة", 1: "العمر سنة واحدة", 2: "العمر سنتان", 3: "العمر 3 سنوات",
                      10: "العمر 10 سنوات", 11: "العمر 11 سنة", 99: "العمر 99 سنة", 100: "العمر 100 سنة"}
    over = words.npgettext("facts card", "Age %(num)d and over", "Age %(num)d and over", 18)
    assert over == "من 18 سنة فما فوق"


# -- the organisation's identity -------------------------------------------------------------------

ORGANISATION = {"en": "Example Families Association", "fi": "Esimerkkiperheiden yhdistys",
                "ar": "جمعية الأسر النموذجية"}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_page_shows_the_organisation_its_logo_favicon_and_colours(site, locale):
    for page in sorted((site / locale).rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        footer = html[html.index('<div class="md-copyright">'):]
        assert re.search(rf'sc-organisation">\s*{ORGANISATION[locale]} · <a href="mailto:help@families.example.net">',
                         footer), page
        favicon = re.search(r'<link rel="icon" href="([^"]+)">', html).group(1)
        logo = re.search(r'<img src="([^"]+)" alt="logo">', html).group(1)
        for url in (favicon, logo):
            assert url.endswith(("assets/organisation/favicon.png", "assets/organisation/logo.png")), page
            if page.name != "404.html":  # the 404 page is served at any depth; its URLs are absolute
                assert (page.parent / url).resolve().is_file(), (page, url)
        assert "--md-primary-fg-color: #0b4f8a;" in html and "--md-accent-fg-color: rgb(217 72 15);" in html
        assert 'data-md-color-primary="custom"' in html
    assert (site / locale / "assets/organisation/logo.png").read_bytes() == (CENTER / "assets/logo.png").read_bytes()


def hostile_center(tmp_path: Path, organisation: str) -> Path:
    project = tmp_path / "project"
    shutil.copytree(CENTER, project)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start, end = text.index("  organisation:\n"), text.index("  explanation_sections:")
    config.write_text(text[:start] + organisation + text[end:], encoding="utf-8")
    return project


@pytest.mark.parametrize(("organisation", "rule", "key"), [
    ("  organisation:\n    name: <script>alert(1)</script>\n", "unsafe-markup", "name"),
    ("  organisation:\n    name: X\n    contact: javascript:alert(1)\n", "invalid-value", "contact"),
    ("  organisation:\n    name: X\n    contact: 'x@example.org\" onclick=\"alert(1)'\n", "invalid-value", "contact"),
    ("  organisation:\n    name: X\n    colours:\n      primary: 'red; } body { background: url(https://evil.example/)'\n",
     "invalid-value", "primary"),
    ("  organisation:\n    name: X\n    colours:\n      accent: '#fff</style><script>alert(1)</script>'\n",
     "invalid-value", "accent"),
    ("  organisation:\n    name: X\n    logo: ../../../etc/passwd.png\n", "invalid-value", "logo"),
    ("  organisation:\n    name: X\n    logo: assets/missing.png\n", "organisation-file", "logo"),
    ("  organisation:\n    name: X\n    favicon: assets/icon.svg\n", "invalid-value", "favicon"),
])
def test_a_hostile_or_wrong_organisation_value_is_refused_at_its_line(tmp_path, organisation, rule, key):
    project = hostile_center(tmp_path, organisation)
    found = [f for f in findings(project) if f.rule == rule]
    assert found, [f"{f.rule}: {f.message}" for f in findings(project)]
    config = project / "mkdocs.yml"
    assert found[0].location.line == line_of(config, f"{key}:", after=line_of(config, "organisation:"))
    result = run_cli("build", "--config", str(project / "mkdocs.yml"))
    assert result.exit_code == 1 and not (project / "site").exists()


def test_a_logo_that_leads_out_of_the_project_is_refused(tmp_path):
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG secret")
    project = hostile_center(tmp_path, "  organisation:\n    name: X\n    logo: assets/link.png\n")
    (project / "assets/link.png").symlink_to(outside)
    assert [f.rule for f in findings(project) if f.rule in ("path-outside", "organisation-file")] == ["path-outside"]
    assert load_project(project / "mkdocs.yml").project.config.organisation.logo is None  # never published


def test_the_organisation_is_escaped_wherever_it_is_printed(tmp_path):
    """Even a value check refuses (a site cannot switch unsafe-markup off) is printed as text."""
    project = hostile_center(tmp_path, "  organisation:\n    name: 'Parents & \"Kids\" <b onmouseover=x>'\n"
                                       "    contact: https://example.org/contact?a=1&b=2\n")
    loaded = load_project(project / "mkdocs.yml").project
    site = render_site(loaded, "en")
    assert site.organisation.name == "Parents &#38; &#34;Kids&#34; &#60;b onmouseover&#61;x&#62;"
    assert site.organisation.contact_url == "https://example.org/contact?a=1&amp;b=2"


@pytest.mark.parametrize(("locale", "name"), ORGANISATION.items())
def test_pages_can_name_the_organisation_and_link_its_contact(site, locale, name):
    html = read(site, f"{locale}/index.html")
    intro = html[html.index("<article"):]
    assert name in intro
    assert '<a href="mailto:help@families.example.net">help@families.example.net</a>' in intro


def test_a_center_for_young_adults_has_an_age_page_for_each_age(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(CENTER, project)
    replace_in(project / "mkdocs.yml", "  ages: 9-17\n", "  ages: 16-21\n  adult_age: 21\n")
    loaded = load_project(project / "mkdocs.yml")
    assert [f for f in loaded.findings if f.severity.value == "error"] == []
    pages = {page.path: page for page in render_site(loaded.project, "fi").pages}
    assert sorted(path for path in pages if path.startswith("ages/") and path != "ages/index.md") == \
        [f"ages/{age}.md" for age in range(16, 22)]
    assert 'href="../../ages/21/"' in pages["ages/16.md"].markdown and "ages/15/" not in pages["ages/16.md"].markdown


@pytest.mark.browser
def test_arabic_pages_read_right_to_left_and_pass_axe(site, new_context, axe_source):
    """In Chromium: the Arabic pages run right to left, English standing in runs left to right,
    and the pages (with the organisation's colours and logo) pass axe-core's WCAG A/AA checks."""
    from browser_support import describe_violations, run_axe, serve_directory

    with serve_directory(site) as base:
        page = new_context().new_page()
        found = []
        for path in ("ar/", "ar/ages/9/", "ar/safeguards/screen-time/", "ar/safeguards/direct-messages/"):
            page.goto(base + path)
            assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl", path
            assert page.evaluate("getComputedStyle(document.querySelector('article')).direction") == "rtl", path
            found.append(describe_violations(path, run_axe(page, axe_source)))
        page.goto(base + "ar/safeguards/screen-time/")
        english = page.locator("article div[lang=en]").first
        assert english.evaluate("element => getComputedStyle(element).direction") == "ltr"
        assert not [violations for violations in found if violations], "\n".join(v for v in found if v)
