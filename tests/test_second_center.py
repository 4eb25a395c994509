"""Issue 10's "Done when", walked through the CLI: a second center, made with `init` and `new`.

A newcomer follows the README's "Start your own center": `init` a Roblox center for children
9-17 in Finnish (the default), Arabic (right to left) and English; `new safeguard` ten times;
fill in the records and pages (here by the test, as an editor would by hand); remove the
drafts; `i18n extract`, `i18n update`, translate the catalogs, `i18n mark`; `check` with no
problems; `build`. The tests read the HTML a parent gets. The facts are test data, not facts
about Roblox: nothing here is published.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from conftest import run_cli
from page_text import read_page

HELP = "https://en.help.roblox.com/hc/en-us/articles/"

#: id -> (title in fi, en, ar; its age bands (ages, availability, default, changed_by); help article)
SAFEGUARDS = {
    "voice-chat": (("Äänichat", "Voice chat", "الدردشة الصوتية"),
                   [("9-12", "unavailable", None, "nobody"), ("13-17", "available", "off", "child")],
                   "360047161454"),
    "private-messages": (("Yksityisviestit", "Private messages", "الرسائل الخاصة"),
                         [("9-12", "available", "friends", "parent"), ("13-17", "available", "friends", "child")],
                         "203313120"),
    "friend-requests": (("Kaveripyynnöt", "Friend requests", "طلبات الصداقة"),
                        [("9-17", "available", "everyone", "child, parent")], "203313910"),
    "spending-limits": (("Kulutusraja", "Spending limit", "حد الإنفاق"),
                        [("9-17", "available", "off", "parent")], "4403356264212"),
    "screen-time": (("Peliaika", "Screen time", "وقت الشاشة"),
                    [("9-17", "available", "{minutes: 60}", "parent")], "30428310121620"),
    "content-maturity": (("Sisällön ikäsuositus", "Content maturity", "نضج المحتوى"),
                         [("9-12", "available", "on", "parent"), ("13-17", "available", "on", "child-with-approval")],
                         "8862768451604"),
    "parent-pin": (("Vanhemman PIN-koodi", "Parent PIN", "رمز PIN للوالدين"),
                   [("9-17", "available", "off", "parent")], "360000376483"),
    "parent-account": (("Vanhemman tili", "Parent account", "حساب الوالدين"),
                       [("9-17", "available", "off", "parent")], "30428310121620"),
    "chat-filter": (("Chatin suodatin", "Chat filter", "مرشح الدردشة"),
                    [("9-17", "available", "on", "nobody")], "203313120"),
    "block-and-report": (("Estä ja ilmoita", "Block and report", "الحظر والإبلاغ"),
                         [("9-17", "available", "on", "child")], "203312410"),
}
LOCALES = ("fi", "ar", "en")
#: The explanation sections init writes TODO placeholders for in Arabic, and their translation.
ARABIC_SECTIONS = {"TODO: What it does": "ما الذي يفعله", "TODO: How to change it": "كيف تغيّره"}
SECTIONS = {"fi": ("Mitä se tekee", "Näin muutat sitä"), "en": ("What it does", "How to change it"),
            "ar": tuple(ARABIC_SECTIONS.values())}
PROSE = {"fi": "Tämä koskee lapsesi tiliä.", "en": "This applies to your child's account.",
         "ar": "ينطبق هذا على حساب طفلك."}
SUMMARY = {"fi": "Näin se toimii: {}.", "en": "How it works: {}.", "ar": "كيف يعمل: {}."}
CATEGORY = {"fi": "Asetukset", "en": "Settings", "ar": "الإعدادات"}
PARENT_TOOL = {"fi": "Lapsilukko", "en": "Parental Controls", "ar": "أدوات الرقابة الأبوية"}


def cli(center: Path, *args: str) -> str:
    result = run_cli(*args, "--config", str(center / "mkdocs.yml"))
    assert result.exit_code == 0, f"{args}: {result.output}"
    return result.output


def fill_records_and_pages(center: Path) -> None:
    """What an editor does after `new safeguard`: facts, sources, explanations, no drafts."""
    for safeguard_id, (titles, bands, article) in SAFEGUARDS.items():
        lines = [f"title: {titles[0]}", f"summary: {json.dumps(SUMMARY['fi'].format(titles[0]))}",
                 f"category: {CATEGORY['fi']}", "age_rules:"]
        for ages, availability, default, changed_by in bands:
            lines += [f"  - ages: {ages}", f"    availability: {availability}"]
            lines += [f"    default: {default}"] if default else []
            lines += [f"    changed_by: [{changed_by}]"]
        lines += ["last_verified: 2026-11-20", "sources:", f'  - title: "Roblox Help: {titles[1]}"',
                  f"    url: {HELP}{article}"]
        (center / f"content/safeguards/{safeguard_id}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        for locale in LOCALES:
            first, second = SECTIONS[locale]
            page = center / f"content/{locale}/safeguards/{safeguard_id}.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"---\nsafeguard: {safeguard_id}\n---\n## {first}\n\n{PROSE[locale]}\n\n"
                            f"## {second}\n\n{PROSE[locale]}\n", encoding="utf-8")
    for sample in ("content/safeguards/sample-safeguard.yml", "content/fi/safeguards/sample-safeguard.md"):
        (center / sample).unlink()
    (center / "content/platforms/roblox.yml").write_text(
        f"name: Roblox\nparent_tool: {PARENT_TOOL['fi']}\nlast_verified: 2026-11-20\nsources:\n"
        f"  - title: Roblox Help - Parental Controls\n    url: {HELP}30428310121620\n", encoding="utf-8")
    undraft(center / "content/resources/internet-watch-foundation.yml")
    config = center / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for placeholder, arabic in ARABIC_SECTIONS.items():
        assert placeholder in text, "init no longer writes Arabic section headings to translate"
        text = text.replace(placeholder, arabic)
    config.write_text(text, encoding="utf-8")
    for locale in LOCALES:
        for name in ("privacy", "accessibility"):
            undraft(center / f"content/{locale}/{name}.md", todo_becomes=PROSE[locale])
    # init writes the home introduction in fi and en; Arabic is left to translate.
    undraft(center / "content/ar/index.md", todo_becomes="مرحبًا. هذا الموقع لأهالي الأطفال الذين يستخدمون Roblox.")
    for locale in ("fi", "en"):
        assert "TODO" not in (center / f"content/{locale}/index.md").read_text(encoding="utf-8")


def undraft(path: Path, todo_becomes: str = "") -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = [todo_becomes if "TODO" in line else line for line in lines if line.strip() != "draft: true"]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")


def translate_catalogs(center: Path) -> None:
    """What translators do in Poedit: every string of the center in ar and en."""
    translations = {locale: {CATEGORY["fi"]: CATEGORY[locale], PARENT_TOOL["fi"]: PARENT_TOOL[locale]}
                    for locale in ("ar", "en")}
    for titles, _bands, _article in SAFEGUARDS.values():
        for locale, title in zip(("ar", "en"), (titles[2], titles[1]), strict=True):
            translations[locale][titles[0]] = title
            translations[locale][SUMMARY["fi"].format(titles[0])] = SUMMARY[locale].format(title)
    for locale, words in translations.items():
        po_file = center / f"locales/{locale}/LC_MESSAGES/messages.po"
        with po_file.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        for message in catalog:
            if message.id and not message.string:
                # Names (the site's, the platform's, the resource's) stay as they are.
                message.string = words.get(message.id, message.id)
        with po_file.open("wb") as handle:
            write_po(handle, catalog)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    center = tmp_path_factory.mktemp("second") / "kids-online"
    result = run_cli("init", str(center), "--name", "Kids Online", "--platform", "Roblox",
                     "--locales", "fi,ar,en", "--ages", "9-17")
    assert result.exit_code == 0, result.output
    for safeguard_id in SAFEGUARDS:
        cli(center, "new", "safeguard", safeguard_id)
    fill_records_and_pages(center)
    cli(center, "i18n", "extract")
    cli(center, "i18n", "update")
    translate_catalogs(center)
    for locale in ("ar", "en"):
        cli(center, "i18n", "mark", locale)
    assert "No problems found" in cli(center, "check", "--strict")
    cli(center, "build")
    return center / "site"


def html_of(site: Path, locale: str, page: str) -> str:
    return (site / locale / page / "index.html").read_text(encoding="utf-8")


def h1(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


def not_available_list(html: str, heading: str) -> str:
    """The list under the age page's "Not available at this age" heading ('' when there is none)."""
    found = re.search(rf"<h2[^>]*>{re.escape(heading)}</h2>\s*<ul>(.*?)</ul>", html, re.S)
    return found.group(1) if found else ""


PAGES = ("", "ages/9", "ages/12", "safeguards/voice-chat", "help", "privacy")


@pytest.mark.parametrize("locale, direction", [("fi", "ltr"), ("ar", "rtl"), ("en", "ltr")])
def test_every_locale_reads_in_its_language_and_direction(site, locale, direction):
    for page in PAGES:
        html = html_of(site, locale, page)
        assert f'<html lang="{locale}" dir="{direction}"' in html, page
        assert re.search(rf'<body dir="{direction}"', html), page


@pytest.mark.parametrize("locale, title, heading", [
    ("fi", "Äänichat", "Ei käytettävissä tässä iässä"),
    ("ar", "الدردشة الصوتية", "غير متاحة في هذا العمر"),
    ("en", "Voice chat", "Not available at this age"),
])
def test_the_under_13_band_lists_the_feature_as_not_available(site, locale, title, heading):
    for age in (9, 12):
        unavailable = not_available_list(html_of(site, locale, f"ages/{age}"), heading)
        assert title in unavailable and "safeguards/voice-chat/" in unavailable, (locale, age)
    assert not_available_list(html_of(site, locale, "ages/13"), heading) == ""
    assert title in read_page(html_of(site, locale, "ages/13")).text


def test_ages_9_to_17_each_have_a_page_and_titles_take_their_plural_form(site):
    for locale in LOCALES:
        assert sorted(int(p.name) for p in (site / locale / "ages").iterdir() if p.is_dir()) == list(range(9, 18))
    # Arabic: 3-10 take the plural (سنوات), 11-99 the singular accusative (سنة).
    assert h1(html_of(site, "ar", "ages/9")) == "بعمر 9 سنوات"
    assert h1(html_of(site, "ar", "ages/12")) == "بعمر 12 سنة"
    assert h1(html_of(site, "fi", "ages/9")) == "9-vuotiaana"
    assert h1(html_of(site, "en", "ages/12")) == "At 12"
    # Finnish plural of a count: ten safeguards, in the partitive.
    assert "10 suojakeinoa" in " ".join(read_page(html_of(site, "fi", "")).text)


def test_the_platform_and_its_parent_tool_are_named_and_nothing_of_the_example_or_scaffold_shows(site):
    for locale in LOCALES:
        for page in PAGES:
            seen = read_page(html_of(site, locale, page))
            words = " ".join([seen.title, *seen.text, *seen.labels])
            for foreign in ("TODO", "TikTok", "Family Pairing", "replace-me", "example.org"):
                assert foreign not in words, (locale, page, foreign)
            assert not re.search(r"\bteens?\b", words, re.I), (locale, page)
        home = " ".join(read_page(html_of(site, locale, "")).text)
        assert "Roblox" in home, locale
        who_changes = " ".join(read_page(html_of(site, locale, "ages/9")).text)
        assert PARENT_TOOL[locale] in who_changes, locale


def test_no_draft_reaches_the_site(site):
    assert not (site / "fi" / "safeguards" / "sample-safeguard").exists()
    assert all((site / locale / "privacy" / "index.html").exists() for locale in LOCALES)
