"""End to end: the bundled example built by the real CLI, read as the HTML a parent gets."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import REPO, replace_in, run_cli

from generator.build.output_folder import MARKER, mark_as_build
from generator.load import load_project

LOCALES = tuple(load_project(REPO / "mkdocs.yml").project.config.locale_codes)


def html(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


class Elements(HTMLParser):
    """Collects start tags with their attributes."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def find(self, tag: str, **wanted) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in wanted.items())]


def all_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_both_locales_are_built_with_every_page_type(built_site):
    for code in LOCALES:
        for path in ("index.html", "safeguards/index.html", "safeguards/live/index.html",
                     "ages/index.html", "help/index.html", "404.html",
                     "guides/talking-about-online-safety/index.html"):
            assert (built_site / code / path).is_file(), f"{code}/{path}"
    assert (built_site / "index.html").is_file() and (built_site / "404.html").is_file()


def test_every_page_declares_its_language(built_site):
    for code in LOCALES:
        for path in all_pages(built_site / code):
            assert re.search(rf'<html lang="{code}"', path.read_text(encoding="utf-8")), path


def test_alternates_and_switcher_lead_to_the_same_page(built_site):
    page = Elements(html(built_site, "sv/safeguards/direct-messages/index.html"))
    here = "https://host/sv/safeguards/direct-messages/"
    # hreflang links are absolute, on the example's site_url; the switcher stays on the host it is read on.
    alternates = {a["hreflang"]: a["href"] for a in page.find("link", rel="alternate")}
    assert alternates == {
        **{code: f"https://safety.example.org/{code}/safeguards/direct-messages/" for code in LOCALES},
        "x-default": "https://safety.example.org/en/safeguards/direct-messages/",
    }
    switcher = {a["hreflang"]: urljoin(here, a["href"]) for a in page.find("a", **{"class": "md-select__link"})}
    assert switcher == {code: f"https://host/{code}/safeguards/direct-messages/" for code in LOCALES}
    for target in switcher.values():
        assert (built_site / urlsplit(target).path.lstrip("/") / "index.html").is_file()


def test_facts_card_shows_the_ages_and_defaults_from_the_record(built_site):
    project = load_project(REPO / "mkdocs.yml").project
    safeguard = project.safeguards["private-account"]
    text = html(built_site, "en/safeguards/private-account/index.html")
    card = text[text.index('<section class="sc-facts"'):text.index("</section>", text.index('class="sc-facts"'))]
    bands = re.findall(r'<p class="sc-band__ages">([^<]+)</p>', card)
    assert bands == [f"Ages {rule.ages.min_age}–{rule.ages.max_age}" for rule in safeguard.age_rules]
    assert re.findall(r'data-fact="default">([^<]+)<', card)[0] == "Private"
    sv = html(built_site, "sv/safeguards/private-account/index.html")
    assert f"{safeguard.age_rules[0].ages.min_age}–{safeguard.age_rules[0].ages.max_age} år" in sv
    assert 'data-fact="default">Privat<' in sv


def visible_text(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


def test_the_swedish_page_carries_the_swedish_explanation(built_site):
    body = (REPO / "content/sv/safeguards/live.md").read_text(encoding="utf-8").split("---", 2)[2]
    first_paragraph = next(p for p in body.split("\n\n") if p.strip() and not p.lstrip().startswith("#"))
    opening = " ".join(first_paragraph.split()[:8])
    assert opening in visible_text(html(built_site, "sv/safeguards/live/index.html"))
    assert opening not in visible_text(html(built_site, "en/safeguards/live/index.html"))
    assert ">Vad den gör<" in html(built_site, "sv/safeguards/live/index.html")


def test_no_page_loads_anything_from_another_host(built_site):
    loaders = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
               "video": "src", "embed": "src", "object": "data"}
    for path in all_pages(built_site):
        page = Elements(path.read_text(encoding="utf-8"))
        for tag, attrs in page.tags:
            url = attrs.get(loaders.get(tag, ""), "") or ""
            if tag == "link" and attrs.get("rel") not in ("alternate", "canonical"):
                url = attrs.get("href", "")
            assert not re.match(r"(https?:)?//", url), f"{path}: <{tag}> loads {url}"
    for css in built_site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css
        assert not re.search(r"@import\s+(url\()?\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css


def test_root_page_chooses_a_language_with_and_without_javascript(built_site):
    text = html(built_site, "index.html")
    page = Elements(text)
    links = {a["hreflang"]: a["href"] for a in page.find("a") if "hreflang" in a}
    assert links == {code: f"{code}/" for code in LOCALES}
    assert "navigator.languages" in text
    assert "Trygghetscenter för föräldrar" in text


@pytest.mark.parametrize("locale, search_language", [("en", "en"), ("sv", "sv"), ("da", "da"),
                                                     ("nb", "no"), ("fi", "fi")])
def test_each_locale_searches_in_its_own_language(built_site, locale, search_language):
    index = json.loads((built_site / locale / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == [search_language]  # lunr has no Bokmål stemmer: Norwegian
    assert f'<html lang="{locale}"' in html(built_site, f"{locale}/index.html")


def test_search_and_theme_language_follow_the_locale(built_site):
    index = json.loads((built_site / "sv/search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["sv"]
    assert any(doc["location"].startswith("safeguards/live/") for doc in index["docs"])
    assert 'placeholder="Sök"' in html(built_site, "sv/index.html")  # Material's own Swedish strings


def previous_site(example: Path) -> Path:
    """A site/ that a previous build left: a file of its own and the build's marker."""
    site = example / "site"
    site.mkdir()
    (site / "marker.txt").write_text("previous site", encoding="utf-8")
    mark_as_build(site)
    return site


def test_a_failed_build_leaves_the_previous_site_untouched(example):
    site = previous_site(example)
    (example / "content/sv/safeguards/live.md").unlink()
    result = run_cli("build", "--config", str(example / "mkdocs.yml"))
    assert result.exit_code == 1
    assert "explanation-missing" in result.output
    assert sorted(p.name for p in site.iterdir()) == [MARKER, "marker.txt"]
    assert not [p for p in example.iterdir() if p.name.startswith(".site")]


def test_a_failure_inside_mkdocs_leaves_the_previous_site_untouched(example):
    site = previous_site(example)
    config = example / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("name: material", "name: no-such-theme"),
                      encoding="utf-8")
    result = run_cli("build", "--config", str(config))
    assert result.exit_code == 1
    assert "mkdocs-build" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in site.iterdir()) == [MARKER, "marker.txt"]
    assert not [p for p in example.iterdir() if p.name.startswith(".site")]


@pytest.mark.parametrize("target", [".", "content", "locales", "content/site", ".."])
def test_a_site_dir_that_would_delete_sources_is_refused(example, target):
    before = sorted(p.relative_to(example) for p in example.rglob("*"))
    result = run_cli("build", "--config", str(example / "mkdocs.yml"), "--site-dir", str(example / target))
    assert result.exit_code == 1
    assert "unsafe-site-dir" in result.output
    assert sorted(p.relative_to(example) for p in example.rglob("*")) == before


def test_one_locale_can_be_built_alone(example):
    result = run_cli("build", "--config", str(example / "mkdocs.yml"), "--locale", "sv")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (example / "site").iterdir() if p.is_dir()) == ["sv"]
    result = run_cli("build", "--config", str(example / "mkdocs.yml"), "--locale", "de")
    assert result.exit_code == 1 and "--locale de is not a configured locale" in result.output


def test_the_root_sitemap_lists_every_page_with_its_alternates(built_site):
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(built_site / "sitemap.xml").getroot()
    urls = root.findall("s:url", ns)
    pages = [p for p in (built_site / "en").rglob("index.html") if "search" not in p.parts]
    assert len(urls) == len(pages) * len(LOCALES)
    entry = next(u for u in urls if u.find("s:loc", ns).text.endswith("/sv/safeguards/live/"))
    alternates = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", ns)}
    assert alternates["x-default"].endswith("/en/safeguards/live/")
    assert {code for code in alternates if code != "x-default"} == set(LOCALES)


def finding_lines(result, rule: str) -> list[str]:
    """The finding lines the CLI printed for ``rule``."""
    return [line.strip() for line in result.output.splitlines() if f"[{rule}]" in line]


def test_mkdocs_failing_on_a_broken_markdown_extension_is_a_located_finding(example):
    site = previous_site(example)
    config = example / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - admonition\n", "  - admonitoin\n", 1), encoding="utf-8")
    assert run_cli("check", "--config", str(config)).exit_code == 0  # only MkDocs itself notices
    result = run_cli("build", "--config", str(config), "--locale", "sv")
    assert result.exit_code == 1 and "Traceback" not in result.output
    [line] = finding_lines(result, "mkdocs-build")
    assert line.startswith("mkdocs.yml:1: error [mkdocs-build] ")
    assert "markdown_extensions: Failed to load extension 'admonitoin'" in line
    assert "the previous site was left untouched" in result.output
    assert sorted(p.name for p in site.iterdir()) == [MARKER, "marker.txt"]
    assert not [p for p in example.iterdir() if p.name.startswith(".site")]


def test_an_output_folder_that_cannot_be_written_is_site_dir_unwritable(example):
    site = previous_site(example)
    result = run_cli("build", "--config", str(example / "mkdocs.yml"), "--locale", "sv", "--site-dir", "/proc/site")
    assert result.exit_code == 1 and "Traceback" not in result.output
    [line] = finding_lines(result, "site-dir-unwritable")
    assert line.startswith("mkdocs.yml:1: error [site-dir-unwritable] cannot write the output folder /proc/site: ")
    assert "choose a folder you can write to" in result.output
    assert sorted(p.name for p in site.iterdir()) == [MARKER, "marker.txt"]


def test_a_center_of_two_platforms_with_quantities_reads_right_in_each_language(example):
    """Platforms group the navigation and overview; who can change names each platform's tool;
    a quantity is written as each language writes it."""
    (example / "content/platforms/snapchat.yml").write_text(
        "name: Snapchat\nparent_tool: Family Center\nlast_verified: 2026-11-20\nsources:\n"
        "  - title: Family Center\n    url: https://parents.snapchat.com/\n", encoding="utf-8")
    for path in (example / "content/safeguards").glob("*.yml"):
        text = path.read_text(encoding="utf-8").replace("changed_by: []", "changed_by: [parent]")
        platform = "snapchat" if path.stem == "live" else "tiktok"
        path.write_text(text.replace("\ncategory:", f"\nplatform: {platform}\ncategory:", 1), encoding="utf-8")
    record = example / "content/safeguards/private-account.yml"
    text = record.read_text(encoding="utf-8").replace("    default: private\n",
                                                      "    default: {minutes: 60}\n    child_notified: true\n", 1)
    record.write_text(text, encoding="utf-8")
    for po in (example / "locales").glob("*/LC_MESSAGES/messages.po"):  # proper names, kept as they are
        po.write_text(po.read_text(encoding="utf-8") + "".join(
            f'\nmsgctxt "platform/snapchat/{field}"\nmsgid "{text}"\nmsgstr "{text}"\n'
            for field, text in (("name", "Snapchat"), ("parent_tool", "Family Center"))), encoding="utf-8")
    result = run_cli("build", "--config", str(example / "mkdocs.yml"), "--locale", "en", "--locale", "sv")
    assert result.exit_code == 0, result.output
    site = example / "site"

    card = html(site, "en/safeguards/private-account/index.html")
    assert 'data-fact="default">60 minutes<' in card
    assert ">Teen told of changes<" in card  # the example keeps "teen" through its English catalog
    assert 'data-fact="default">60 minuter<' in html(site, "sv/safeguards/private-account/index.html")
    assert ">Tonåringen får veta om ändringar<" in html(site, "sv/safeguards/private-account/index.html")
    assert "60 minutes" in visible_text(html(site, "en/ages/13/index.html"))
    assert 'data-fact="changed-by">A parent, with Family Center<' in html(site, "en/safeguards/live/index.html")
    assert 'data-fact="changed-by">En förälder, med Family Pairing<' in html(
        site, "sv/safeguards/family-pairing/index.html")

    overview = visible_text(html(site, "en/safeguards/index.html"))
    assert overview.index("Snapchat") < overview.index("LIVE") < overview.index("TikTok")
    # Each platform's own facts open its group: store ratings, the parent tool, its pages for parents.
    snapchat, tiktok = overview.split("About TikTok:")
    assert "Tool for parents: Family Center" in snapchat and "12+" not in snapchat
    assert "Age rating in App Store: 12+" in tiktok and "Tool for parents: Family Pairing" in tiktok
    assert 'href="https://www.tiktok.com/safety/en/guardians-guide"' in html(site, "en/safeguards/index.html")
    assert "Åldersgräns i App Store: 12+" in visible_text(html(site, "sv/safeguards/index.html"))
    nav = html(site, "en/safeguards/index.html")
    labels = [visible_text(label) for label in re.findall(r'<label class="md-nav__link"[^>]*>(.*?)</label>', nav,
                                                           flags=re.S)]
    assert "Snapchat" in labels and "TikTok" in labels


def test_drafts_are_left_out_of_a_build_unless_asked_for(example, tmp_path):
    config = str(example / "mkdocs.yml")
    assert run_cli("new", "safeguard", "screen-time", "--config", config).exit_code == 0
    replace_in(example / "content/en/privacy.md", "---\n", "---\ndraft: true\n")
    result = run_cli("build", "--locale", "en", "--config", config)
    assert result.exit_code == 0, result.output
    site = example / "site/en"
    assert not (site / "safeguards/screen-time").exists() and not (site / "privacy").exists()
    assert "screen-time" not in html(site.parent, "en/safeguards/index.html")
    assert "screen-time" not in html(site.parent, "sitemap.xml")

    result = run_cli("build", "--drafts", "--locale", "en", "--config", config, "--site-dir", str(tmp_path / "drafts"))
    assert result.exit_code == 0, result.output
    for path in ("en/safeguards/screen-time/index.html", "en/privacy/index.html"):
        assert "This page is a draft" in html(tmp_path / "drafts", path), path
        # For editors, in English: marked so, also on a page in another language or direction.
        assert re.search(r'<div (?=[^>]*lang="en")(?=[^>]*dir="ltr")[^>]*>\s*<div class="admonition warning">',
                         html(tmp_path / "drafts", path)), path
    assert "This page is a draft" not in html(tmp_path / "drafts", "en/accessibility/index.html")
