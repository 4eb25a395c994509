"""The translator workflow: extract, update, locale add, mark, status and catalog QA."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import REPO, findings, override_interface_entry, replace_in, run_cli
from security.output import read_html

from generator.build.site import build_unchecked
from generator.check import run_checks
from generator.load import load_project

SV_PO = "locales/sv/LC_MESSAGES/messages.po"


def cli(project: Path, *args: str):
    """Run a command on ``project`` (click takes --config after the arguments too)."""
    return run_cli(*args, "--config", str(project / "mkdocs.yml"))


def set_translation(project: Path, context: str, msgid: str, msgstr: str) -> None:
    """Edit one msgstr the way a PO editor would: in place, nothing else touched.

    An interface string the package translates is first copied into the project's catalog (an override).
    """
    path = project / SV_PO
    text = path.read_text(encoding="utf-8")
    if f'msgctxt "{context}"\nmsgid "{msgid}"' not in text:
        override_interface_entry(project, "sv", context, msgid)
        text = path.read_text(encoding="utf-8")
    quoted = r'"(?:[^"\\]|\\.)*"'  # one PO string literal, escapes included
    head = r'msgctxt "' + re.escape(context) + r'"\nmsgid "' + re.escape(msgid) + r'"\nmsgstr '
    pattern = re.compile("(" + head + ")" + quoted + r"((?:\n" + quoted + ")*)")
    new, count = pattern.subn(lambda m: m.group(1) + json.dumps(msgstr, ensure_ascii=False), text, count=1)
    assert count == 1, msgid
    path.write_text(new, encoding="utf-8")


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@t", *args],
                   check=True, capture_output=True)


# -- extract and update -------------------------------------------------------------


def test_the_template_carries_context_location_and_comment(example):
    assert cli(example, "i18n", "extract").exit_code == 0
    text = (example / "locales/messages.pot").read_text(encoding="utf-8")
    assert ('#. Safeguard name, shown as page title and in menus (max. 60 characters)\n'
            '#: content/safeguards/live.yml:2\n'  # line 1: the schema comment
            'msgctxt "safeguard/live/title"\n'
            'msgid "LIVE for older teens only"\n') in text
    # The interface's strings are the package's (generator/locales/interface.pot), not the project's.
    assert 'msgctxt "facts card"' not in text
    interface = (REPO / "generator/locales/interface.pot").read_text(encoding="utf-8")
    assert re.search(r'#\. Translators?: heading of one age band|#\. heading of one age band', interface)
    assert re.search(r'#: generator/templates/partials/facts_card\.html\.j2:\d+\n(#, python-format\n)?'
                     r'msgctxt "facts card"\nmsgid "Ages %\(first\)d–%\(num\)d"\nmsgid_plural ', interface)


def test_update_marks_a_changed_source_fuzzy_and_keeps_the_previous_text(example):
    replace_in(example / "content/safeguards/live.yml", "title: LIVE for older teens only",
               "title: LIVE only for older teens")
    replace_in(example / "content/resources/iwf.yml", "description:", "# gone\nold_description:")
    (example / "content/resources/iwf.yml").unlink()
    assert cli(example, "i18n", "update", "sv").exit_code == 0
    text = (example / SV_PO).read_text(encoding="utf-8")
    entry = text[text.index('msgctxt "safeguard/live/title"') - 120:text.index('msgctxt "safeguard/live/title"') + 200]
    assert "#, fuzzy" in entry
    assert '#| msgid "LIVE for older teens only"' in entry
    assert 'msgid "LIVE only for older teens"' in entry
    assert '#~ msgctxt "resource/iwf/description"' in text
    [finding] = [f for f in findings(example, "string-untranslated") if f.location.file == SV_PO]
    assert "fuzzy" in finding.message and "safeguard 'live'" in finding.message


def test_previous_texts_stay_valid_po_when_they_are_long(example):
    bris = example / "content/resources/bris.yml"
    text = bris.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("description:"))
    bris.write_text(text.replace(old, old + " It has done so for many years."), encoding="utf-8")
    assert cli(example, "i18n", "update", "sv").exit_code == 0
    lines = (example / SV_PO).read_text(encoding="utf-8").splitlines()
    previous = [line for line in lines if line.startswith("#|")]
    assert len(previous) >= 2  # long enough to wrap
    assert all(re.fullmatch(r'#\| (msgid )?"(?:[^"\\]|\\.)*"', line) for line in previous), previous
    if shutil.which("msgfmt"):  # GNU gettext, where installed, is the strictest reader
        subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(example / SV_PO)], check=True)


def test_an_unchanged_update_is_byte_identical(example):
    assert cli(example, "i18n", "update").exit_code == 0  # brings source references up to date
    before = (example / SV_PO).read_bytes()
    result = cli(example, "i18n", "update")
    assert result.exit_code == 0 and "unchanged" in result.output
    assert (example / SV_PO).read_bytes() == before
    assert cli(example, "i18n", "extract").exit_code == 0
    pot = (example / "locales/messages.pot").read_bytes()
    assert cli(example, "i18n", "extract").exit_code == 0
    assert (example / "locales/messages.pot").read_bytes() == pot


# -- locale add and status ------------------------------------------------------------


def test_locale_add_creates_the_catalog_registers_it_and_reports_what_is_missing(example):
    result = cli(example, "locale", "add", "pl")
    assert result.exit_code == 0, result.output
    catalog = read_po((example / "locales/pl/LC_MESSAGES/messages.po").open("rb"))
    assert catalog.num_plurals == 3  # Polish has three plural forms in CLDR
    assert catalog.locale.language == "pl"
    config = (example / "mkdocs.yml").read_text(encoding="utf-8")
    assert '    - code: pl\n      name: "Polski"\n      region: PL\n' in config
    assert "# The example parent safety center." in config  # the rest kept as written
    assert not (example / "content/pl").exists()
    assert "pl      78" in result.output or re.search(r"^pl\s+\d+\s+0 \(0%\)", result.output, re.M)
    assert "missing: content/pl/safeguards/live.md" in result.output
    missing = findings(example, "explanation-missing")
    assert {f.message for f in missing} >= {"safeguard 'live' has no explanation in locale 'pl'"}


def test_locale_add_writes_section_headings_and_says_which_are_left(example):
    result = cli(example, "locale", "add", "ar", "--region", "EG", "--name", "العربية (مصر)")
    assert result.exit_code == 0, result.output
    config = load_project(example / "mkdocs.yml").project.config
    assert (config.locale("ar").name, config.locale("ar").region) == ("العربية (مصر)", "EG")
    # No Arabic headings in the package's table: placeholders, named in the output.
    assert config.section_headings("ar") == ["TODO: What it does", "TODO: How to change it"]
    assert config.section_headings("sv") == ["Vad den gör", "Så ändrar du den"]  # the rest kept as written
    assert ("Translate the section headings written as placeholders in mkdocs.yml "
            "(safety_center.explanation_sections, 'ar:'): TODO: What it does; TODO: How to change it") in result.output


def test_locale_add_takes_known_headings_from_the_package(example):
    replace_in(example / "mkdocs.yml", "      fi: Näin muutat sitä\n", "")
    replace_in(example / "mkdocs.yml", "      fi: Mitä se tekee\n", "")
    replace_in(example / "mkdocs.yml", "    - code: fi\n      name: \"Suomi\"\n      region: FI\n", "")
    for folder in (example / "content/fi", example / "locales/fi"):
        shutil.rmtree(folder)
    result = cli(example, "locale", "add", "fi")
    assert result.exit_code == 0, result.output
    assert load_project(example / "mkdocs.yml").project.config.section_headings("fi") == [
        "Mitä se tekee", "Näin muutat sitä"]
    assert "Translate the section headings" not in result.output


def test_locale_add_refuses_unknown_and_existing_locales(example):
    assert "not a language" in cli(example, "locale", "add", "xx").output
    assert "already configured" in cli(example, "locale", "add", "sv").output


def test_status_counts_strings_and_pages(example):
    set_translation(example, "safeguard/live/title", "LIVE for older teens only", "")
    summary_entry = 'msgctxt "safeguard/live/summary"\nmsgid "Younger teens cannot use LIVE'
    replace_in(example / SV_PO, summary_entry, "#, fuzzy\n" + summary_entry)
    (example / "content/sv/safeguards/live.md").unlink()
    replace_in(example / "content/en/safeguards/family-pairing.md", "## What it does",
               "## What it does\n\nNew sentence.")
    result = cli(example, "i18n", "status", "sv", "--format", "json")
    [sv] = json.loads(result.stdout)
    strings, pages = sv["strings"], sv["pages"]
    assert (strings["translated"] + 2, strings["fuzzy"], strings["untranslated"]) == (strings["total"], 1, 1)
    assert (pages["current"], pages["stale"], pages["missing"]) == (pages["total"] - 2, 1, 1)
    assert {(p["state"], p["translation"]) for p in pages["needing_work"]} == {
        ("missing", "content/sv/safeguards/live.md"), ("stale", "content/sv/safeguards/family-pairing.md")}
    table = cli(example, "i18n", "status", "sv").output
    assert re.search(r"^sv\s+(\d+)\s+\d+ \([\d.]+%\)\s+1 \([\d.]+%\)\s+1 \(", table, re.M)


def test_status_verbose_names_each_string_and_strict_fails_on_the_workflows_errors(example):
    assert cli(example, "i18n", "status", "sv", "--strict").exit_code == 0  # the example is complete
    title, summary = "LIVE for older teens only", "Younger teens cannot use LIVE (livestreaming); only older teens can."
    set_translation(example, "safeguard/live/title", title, "")
    summary_entry = f'msgctxt "safeguard/live/summary"\nmsgid "{summary}"'
    replace_in(example / SV_PO, summary_entry, "#, fuzzy\n" + summary_entry)
    text = cli(example, "i18n", "status", "sv", "--verbose").output
    title_line, summary_line = po_line(example, f'msgid "{title}"'), po_line(example, f'msgid "{summary}"')
    assert (f'sv: untranslated: {SV_PO}:{title_line} msgctxt "safeguard/live/title" msgid "{title}"'
            in text.splitlines())
    assert (f'sv: fuzzy: {SV_PO}:{summary_line} msgctxt "safeguard/live/summary" msgid "{summary}"'
            in text.splitlines())
    assert "msgid" not in cli(example, "i18n", "status", "sv").output  # only with --verbose

    strict = cli(example, "i18n", "status", "sv", "--strict", "--format", "json", "--verbose")
    assert strict.exit_code == 1
    [sv] = json.loads(strict.stdout)
    assert {(s["state"], s["msgctxt"], s["msgid"]) for s in sv["strings"]["needing_work"]} == {
        ("untranslated", "safeguard/live/title", title), ("fuzzy", "safeguard/live/summary", summary)}
    assert {e["rule"] for e in sv["errors"]} == {"string-untranslated"}
    assert cli(example, "i18n", "status", "da", "--strict").exit_code == 0  # only the locales asked for

    # The site's rule settings decide what is an error, as they do for check.
    replace_in(example / "mkdocs.yml", "safety_center:\n", "safety_center:\n  rules:\n    string-untranslated:\n"
               "      severity: warning\n      reason: Swedish strings are reviewed after launch\n")
    assert cli(example, "i18n", "status", "sv", "--strict").exit_code == 0
    replace_in(example / "content/en/safeguards/live.md", "## How to change it", "New text.\n\n## How to change it")
    assert cli(example, "i18n", "status", "sv", "--strict").exit_code == 0  # stale is a warning by default
    replace_in(example / "mkdocs.yml", "  rules:\n", "  rules:\n    translation-stale:\n      severity: error\n"
               "      reason: translations ship in step\n")
    result = cli(example, "i18n", "status", "sv", "--strict")
    assert result.exit_code == 1 and "sv: --strict fails: 1 translation-stale" in result.output
    (example / "content/sv/safeguards/family-pairing.md").unlink()
    result = cli(example, "i18n", "status", "sv", "--strict")
    assert "sv: --strict fails: 1 explanation-missing, 1 translation-stale" in result.output
    (example / SV_PO).unlink()
    result = cli(example, "i18n", "status", "sv", "--strict", "--format", "json")
    assert "catalog-missing" in {e["rule"] for e in json.loads(result.stdout)[0]["errors"]}


# -- stale explanations ---------------------------------------------------------------


def test_a_stale_swedish_explanation_is_reported_with_what_changed_and_built_with_a_banner(example):
    shutil.rmtree(example / "locales/source-versions")  # marked before the store existed: git history tells
    git(example, "init", "-q")
    git(example, "add", "-A")
    git(example, "commit", "-qm", "translated")
    replace_in(example / "content/en/safeguards/live.md", "## How to change it",
               "A new paragraph about LIVE gifts.\n\n## How to change it")
    stale_pages = {f.location.file: f for f in findings(example, "translation-stale")}
    assert set(stale_pages) == {f"content/{code}/safeguards/live.md" for code in ("sv", "da", "nb", "fi")}
    stale = stale_pages["content/sv/safeguards/live.md"]
    assert re.search(r"content/en/safeguards/live\.md changed since [0-9a-f]{7,} \(\d{4}-\d\d-\d\d\): "
                     r"2 line\(s\) added, 0 removed", stale.message)
    assert "i18n mark sv content/sv/safeguards/live.md" in stale.hint
    diff = cli(example, "i18n", "status", "sv", "--diff").output
    assert "+A new paragraph about LIVE gifts." in diff

    result = cli(example, "build")
    assert result.exit_code == 0, result.output
    page = (example / "site/sv/safeguards/live/index.html").read_text(encoding="utf-8")
    assert "Den här översättningen kan vara inaktuell" in page
    assert 'href="../../../en/safeguards/live/"' in page
    assert "Den här översättningen kan vara inaktuell" not in (
        example / "site/sv/safeguards/private-account/index.html").read_text(encoding="utf-8")

    mark = cli(example, "i18n", "mark", "sv", str(example / "content/sv/safeguards/live.md"))
    assert mark.exit_code == 0 and "marked content/sv/safeguards/live.md" in mark.output
    assert "content/sv/safeguards/live.md" not in {f.location.file for f in findings(example, "translation-stale")}


def test_a_missing_translation_falls_back_with_a_banner_in_the_right_language(example):
    (example / "content/sv/safeguards/live.md").unlink()
    config = example / "mkdocs.yml"
    replace_in(config, "safety_center:\n", "safety_center:\n  rules:\n    explanation-missing:\n"
               "      severity: warning\n      reason: Swedish launches before every page is translated\n")
    result = cli(example, "build")
    assert result.exit_code == 0, result.output
    page = (example / "site/sv/safeguards/live/index.html").read_text(encoding="utf-8")
    assert "Inte översatt än" in page
    english = (example / "content/en/safeguards/live.md").read_text(encoding="utf-8").split("---", 2)[2]
    opening = next(p for p in english.split("\n\n") if p.strip() and not p.strip().startswith("#")).split()[:5]
    fallback = page[page.index('<div dir="ltr" lang="en">'):]
    assert " ".join(opening) in " ".join(re.sub(r"<[^>]+>", " ", fallback).split())


# -- what parents never see -------------------------------------------------------------


def test_a_fuzzy_translation_is_never_shown(example):
    set_translation(example, "facts card", "Available", "Tillgänglig-FUZZY")
    available_entry = 'msgctxt "facts card"\nmsgid "Available"'
    replace_in(example / SV_PO, available_entry, "#, fuzzy\n" + available_entry)
    replace_in(example / "mkdocs.yml", "safety_center:\n", "safety_center:\n  rules:\n    string-untranslated:\n"
               "      severity: warning\n      reason: test\n")
    assert cli(example, "build").exit_code == 0
    page = (example / "site/sv/safeguards/live/index.html").read_text(encoding="utf-8")
    assert "FUZZY" not in page
    assert "<dt>Tillgängligt</dt>" in page  # the package's word stands in for the project's fuzzy one


@pytest.mark.parametrize("msgstr, problem", [
    ("<script>alert(1)</script>Tillgänglig", "a <script> tag"),
    ('<img src=x onerror="alert(1)">Tillgänglig', "an event handler attribute"),
    ('<a href="javascript:alert(1)">Tillgänglig</a>', "a javascript: URL"),
])
def test_script_in_a_translation_is_an_error_and_never_reaches_a_page(example, msgstr, problem):
    set_translation(example, "facts card", "Available", msgstr)
    [finding] = findings(example, "po-markup")[:1]
    assert finding.location.file == SV_PO and finding.location.line > 1
    assert problem in finding.message and "facts card \"Available\"" in finding.message
    result = cli(example, "build")
    assert result.exit_code == 1 and not (example / "site").exists()
    # po-markup cannot be switched off (a protected rule): the build still refuses.
    replace_in(example / "mkdocs.yml", "safety_center:\n", "safety_center:\n  rules:\n    po-markup:\n"
               "      severity: \"off\"\n      reason: proving the escaping\n")
    result = cli(example, "build")
    assert result.exit_code == 1 and "[protected-rule]" in result.output and not (example / "site").exists()
    # Built with the check bypassed (a test-only entry point), the text arrives escaped, never as markup.
    build_unchecked(example / "mkdocs.yml", example / "site", ["sv"])
    page = (example / "site/sv/safeguards/live/index.html").read_text(encoding="utf-8")
    parsed = read_html(page)  # as a browser reads it: the payload is text, not an element or attribute
    assert parsed.problems == [] and not [script for script in parsed.scripts if "alert" in script]
    assert f"<dt>{html.escape(msgstr, quote=False)}</dt>" in page


def test_placeholders_plurals_and_urls_are_checked(example):
    set_translation(example, "safeguard page", "Last verified: %(date)s", "Senast kontrollerad: %(datum)s")
    findings_by_rule = {f.rule: f for f in findings(example)}
    assert "po-placeholders" in findings_by_rule
    assert findings_by_rule["po-placeholders"].location.file == SV_PO


def test_swedish_percent_typography_is_not_a_false_positive(example):
    set_translation(example, "facts card", "Available", "Tillgänglig för 100 % av tonåringarna")
    set_translation(example, "resource kind", "Helpline", "Stödlinje, svarar 30 % snabbare")
    assert [f for f in findings(example) if f.rule.startswith("po-")] == []
    assert cli(example, "build").exit_code == 0
    page = (example / "site/sv/safeguards/live/index.html").read_text(encoding="utf-8")
    assert "Tillgänglig för 100 % av tonåringarna" in page


def test_a_broken_placeholder_never_breaks_a_page(example):
    set_translation(example, "safeguard page", "Last verified: %(date)s", "Senast kontrollerad: %(datum)s")
    replace_in(example / "mkdocs.yml", "safety_center:\n", "safety_center:\n  rules:\n    po-placeholders:\n"
               "      severity: warning\n      reason: test\n")
    assert cli(example, "build").exit_code == 0
    page = (example / "site/sv/safeguards/live/index.html").read_text(encoding="utf-8")
    assert re.search(r"Last verified: \d+ november \d{4}", html.unescape(page))  # the source stands in


def test_an_unterminated_string_is_a_finding_at_its_line(example):
    override_interface_entry(example, "sv", "facts card", "Available")
    path = example / SV_PO
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line == 'msgid "Available"') + 2
    lines[number - 1] = 'msgstr "Tillgänglig'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [finding] = findings(example, "po-syntax")
    assert finding.location.line == number
    assert "not closed" in finding.message


def test_rule_settings_need_a_known_rule_and_a_reason(example):
    replace_in(example / "mkdocs.yml", "safety_center:\n", "safety_center:\n  rules:\n    explanation-mising:\n"
               "      severity: warning\n      reason: typo\n    po-urls:\n      severity: \"off\"\n")
    found = run_checks(example / "mkdocs.yml").findings
    assert any(f.rule == "missing-key" and "reason" in f.message for f in found)


def test_a_reviewed_entry_loses_its_previous_text_on_update(example):
    replace_in(example / "content/safeguards/live.yml", "title: LIVE for older teens only",
               "title: LIVE only for older teens")
    assert cli(example, "i18n", "update", "sv").exit_code == 0
    replace_in(example / SV_PO, '#, fuzzy\n#| msgid "LIVE for older teens only"\n',
               '#| msgid "LIVE for older teens only"\n')  # the translator clears the flag only
    assert cli(example, "i18n", "update", "sv").exit_code == 0
    text = (example / SV_PO).read_text(encoding="utf-8")
    assert "LIVE for older teens only" not in text
    assert not [f for f in findings(example, "string-untranslated")
                if f.location.file == SV_PO and "safeguard/live/title" in f.message]


def test_the_example_catalogs_are_valid_for_gnu_gettext(example):
    from generator.load.catalogs import lint_po

    msgfmt = shutil.which("msgfmt")
    for catalog in sorted((example / "locales").glob("*/LC_MESSAGES/messages.po")):
        assert lint_po(catalog.read_text(encoding="utf-8")) == [], catalog
        if msgfmt:  # .ci/run installs GNU gettext, the strictest reader PO editors share
            subprocess.run([msgfmt, "-c", "-o", os.devnull, str(catalog)], check=True)


def test_a_message_that_returns_is_not_left_twice_in_the_catalog(example):
    page = example / "content/safeguards/live.yml"
    replace_in(page, "title: LIVE for older teens only", "title: LIVE for teens")
    assert cli(example, "i18n", "update", "sv").exit_code == 0
    replace_in(page, "title: LIVE for teens", "title: LIVE for older teens only")
    assert cli(example, "i18n", "update", "sv").exit_code == 0
    text = (example / SV_PO).read_text(encoding="utf-8")
    assert text.count('msgid "LIVE for older teens only"') == 1


def test_a_broken_version_in_the_history_does_not_stop_the_stale_report(example):
    shutil.rmtree(example / "locales/source-versions")  # marked before the store existed: git history tells
    git(example, "init", "-q")
    git(example, "add", "-A")
    git(example, "commit", "-qm", "translated")
    page = example / "content/en/safeguards/live.md"
    good = page.read_text(encoding="utf-8")
    page.write_text(good.replace("---\n", "", 2).replace("safeguard: live", "---\nsafeguard: live", 1),
                    encoding="utf-8")  # front matter opened, never closed
    git(example, "commit", "-qam", "broken")
    page.write_text(good.replace("## How to change it", "A new line.\n\n## How to change it"), encoding="utf-8")
    stale = {f.location.file: f for f in findings(example, "translation-stale")}
    assert "2 line(s) added" in stale["content/sv/safeguards/live.md"].message


def test_marked_source_versions_show_what_changed_in_an_export_without_git(example, tmp_path):
    git(example, "init", "-q")
    mark = cli(example, "i18n", "mark", "sv")
    assert mark.exit_code == 0, mark.output
    store = example / "locales/source-versions"
    kept = sorted(store.glob("*.md"))
    english = [p for p in (example / "content/en").rglob("*.md")]
    assert len(kept) == len(english)  # one copy per source version
    page = (example / "content/sv/safeguards/live.md").read_text(encoding="utf-8")
    [recorded] = re.findall(r'^source_digest: "([0-9a-f]{12})"$', page, re.M)  # always written quoted
    assert (store / f"{recorded}.md").read_text(encoding="utf-8") == (
        example / "content/en/safeguards/live.md").read_text(encoding="utf-8")
    assert not findings(example, "unknown-locale")  # the store is not a locale
    git(example, "add", "-A")
    git(example, "commit", "-qm", "translated")
    replace_in(example / "content/en/safeguards/live.md", "## How to change it",
               "A new paragraph about LIVE gifts.\n\n## How to change it")

    export = tmp_path / "export"  # an export of the project: everything but .git
    shutil.copytree(example, export, ignore=shutil.ignore_patterns(".git"))
    diff = cli(export, "i18n", "status", "sv", "--diff").output
    assert f"changed since the marked version {recorded}: 2 line(s) added, 0 removed" in diff
    assert "+A new paragraph about LIVE gifts." in diff
    [stale] = [f for f in findings(export, "translation-stale") if f.location.file == "content/sv/safeguards/live.md"]
    assert f"changed since the marked version {recorded}" in stale.message

    # Marking the update keeps the new version; the old one goes when no page refers to it any more.
    def mark_all(project: Path, *codes: str) -> None:
        for code in codes:
            assert cli(project, "i18n", "mark", code).exit_code == 0

    mark_all(export, "sv")
    assert (export / f"locales/source-versions/{recorded}.md").is_file()
    assert f'source_digest: "{recorded}"' in (export / "content/da/safeguards/live.md").read_text(encoding="utf-8")
    mark_all(export, "da", "nb", "fi")
    assert not (export / f"locales/source-versions/{recorded}.md").exists()
    assert len(list((export / "locales/source-versions").glob("*.md"))) == len(english)


@pytest.mark.parametrize("written", ["012345670123", "1234e5", "0123e4", "123456789012", "1_000"])
def test_an_unquoted_digest_is_read_as_the_text_it_was(example, written):
    page = example / "content/sv/safeguards/live.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"^source_digest: .*$", f"source_digest: {written}", text, count=1, flags=re.M),
                    encoding="utf-8")
    result = cli(example, "i18n", "status", "sv", "--format", "json")
    [sv] = json.loads(result.stdout)
    assert sv["pages"]["stale"] == 1  # read as written: a digest that does not match, not a crash
    project = load_project(example / "mkdocs.yml").project
    assert project is not None and project.page_in_file("content/sv/safeguards/live.md").meta.source_digest == written


def po_line(project: Path, text: str) -> int:
    """The line of the sv catalog that holds ``text``."""
    lines = (project / SV_PO).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def test_a_plural_translation_with_the_wrong_number_of_forms_is_reported_at_its_entry(example):
    # Babel pads or refuses forms against the Plural-Forms in force when it reads an entry, so the count can
    # only go wrong when the header changes after it: here a second header block, as catalogs joined by hand have.
    override_interface_entry(example, "sv", None, "This center explains %(num)d safeguard, each")
    with (example / SV_PO).open("a", encoding="utf-8") as catalog:
        catalog.write('\nmsgid ""\nmsgstr ""\n"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);\\n"\n')
    line = po_line(example, 'msgid "This center explains %(num)d safeguard, each')
    result = cli(example, "check")
    assert result.exit_code == 1 and "Traceback" not in result.output
    reported = [out.strip() for out in result.output.splitlines() if "[po-plurals]" in out]
    assert len(reported) == 1 and reported[0].startswith(f"{SV_PO}:{line}: error [po-plurals] ")
    assert "locale 'sv'" in reported[0] and "plural forms (expected 3)" in reported[0]
    assert [(f.location.file, f.location.line) for f in findings(example, "po-plurals")] == [(SV_PO, line)]


def test_a_translation_that_drops_the_sources_address_is_po_urls(example):
    summary = "Younger teens cannot use LIVE (livestreaming); only older teens can."
    linked = summary + " See https://www.tiktok.com/safety/en/."
    replace_in(example / "content/safeguards/live.yml", f"summary: {summary}", f"summary: {linked}")
    replace_in(example / SV_PO, f'msgid "{summary}"', f'msgid "{linked}"')  # as i18n update would
    [finding] = findings(example, "po-urls")
    assert (finding.location.file, finding.location.line) == (SV_PO, po_line(example, linked))
    assert "locale 'sv'" in finding.message
    assert finding.message.endswith("the translation drops https://www.tiktok.com/safety/en/.")
    assert finding.hint == "keep the address exactly as in the source"
