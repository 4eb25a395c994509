"""check: the core rule (explained and translated everywhere) and the consistency rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

from babel.messages.pofile import read_po, write_po
from conftest import findings, line_of, replace_in, run_cli, write

from generator.check import check_project, run_checks
from generator.load import load_project
from generator.model.findings import Severity, SourceLocation


def findings_for(project: Path):
    loaded = load_project(project / "mkdocs.yml")
    return loaded.findings + check_project(loaded.project)


def edit_catalog(project: Path, change) -> None:
    path = project / "locales/sv/LC_MESSAGES/messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="sv")
    change(catalog)
    with path.open("wb") as handle:
        write_po(handle, catalog)


def test_the_example_is_clean(example):
    result = run_cli("check", "--strict", "--config", str(example / "mkdocs.yml"))
    assert result.exit_code == 0, result.output
    assert "No problems found." in result.output


def test_a_missing_swedish_explanation_names_the_safeguard_and_locale(example):
    (example / "content/sv/safeguards/live.md").unlink()
    result = run_cli("check", "--config", str(example / "mkdocs.yml"))
    assert result.exit_code == 1
    assert "content/safeguards/live.yml:1: error [explanation-missing] " \
           "safeguard 'live' has no explanation in locale 'sv'" in result.output
    assert "add content/sv/safeguards/live.md" in result.output


def test_a_removed_catalog_entry_names_the_safeguard_and_locale(example):
    edit_catalog(example, lambda c: c.delete("LIVE for older teens only", context="safeguard/live/title"))
    [finding] = findings_for(example)
    assert finding.rule == "string-untranslated"
    assert "safeguard 'live'" in finding.message and "locale 'sv'" in finding.message
    assert "safeguard/live/title" in finding.message
    assert "i18n update sv" in finding.hint


def test_a_fuzzy_entry_counts_as_untranslated(example):
    def make_fuzzy(catalog):
        catalog.get("LIVE for older teens only", context="safeguard/live/title").flags.add("fuzzy")

    edit_catalog(example, make_fuzzy)
    [finding] = findings_for(example)
    assert finding.rule == "string-untranslated"
    assert "fuzzy" in finding.message
    assert finding.location.file == "locales/sv/LC_MESSAGES/messages.po"
    assert finding.location.line > 1


def test_a_missing_catalog_is_one_clear_error(example):
    (example / "locales/sv/LC_MESSAGES/messages.po").unlink()
    findings = findings_for(example)
    assert [f.rule for f in findings] == ["catalog-missing"]
    assert "i18n update sv" in findings[0].hint


def test_dangling_references_suggest_the_closest_id(example):
    record = example / "content/safeguards/live.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("  - bris\n", "  - briss\n", 1), encoding="utf-8")
    page = example / "content/en/safeguards/live.md"
    page.write_text(page.read_text(encoding="utf-8").replace("safeguard: live", "safeguard: lvie"), encoding="utf-8")
    findings = {f.rule: f for f in findings_for(example)}
    assert findings["unknown-resource"].hint == "did you mean 'bris'?"
    assert findings["unknown-resource"].location.file == "content/safeguards/live.yml"
    assert findings["unknown-safeguard"].hint == "did you mean 'live'?"
    assert findings["unknown-safeguard"].location.file == "content/en/safeguards/live.md"


def test_a_record_that_cannot_be_read_is_not_also_unknown_in_every_page(example):
    """One YAML slip in a record used to be an unknown-safeguard error in every locale's page too."""
    record = example / "content/safeguards/live.yml"
    record.write_text("title: LIVE: for older teens\n" + record.read_text(encoding="utf-8").split("\n", 1)[1],
                      encoding="utf-8")
    errors = [f for f in findings_for(example) if f.severity is Severity.ERROR]
    assert ("yaml-syntax", "content/safeguards/live.yml") in [(f.rule, f.location.file) for f in errors]
    assert "unknown-safeguard" not in {f.rule for f in errors}
    (example / "content/safeguards/live.yml").unlink()  # a record that is not there at all is still missing
    assert {f.location.file for f in findings_for(example) if f.rule == "unknown-safeguard"} == {
        f"content/{code}/safeguards/live.md" for code in ("en", "sv", "da", "nb", "fi")}


def test_two_explanations_of_one_safeguard_in_a_locale(example):
    source = example / "content/sv/safeguards/live.md"
    (example / "content/sv/live-again.md").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    findings = [f for f in findings_for(example) if f.rule == "duplicate-explanation"]
    assert len(findings) == 1
    assert {findings[0].location.file, findings[0].message.rsplit(" by ", 1)[1]} == {
        "content/sv/safeguards/live.md", "content/sv/live-again.md"}


def test_script_in_an_editors_page_is_an_error_at_its_line(example):
    page = example / "content/sv/safeguards/live.md"
    text = page.read_text(encoding="utf-8")
    line = text.count("\n", 0, text.index("## Vad den gör")) + 1
    page.write_text(text.replace("## Vad den gör", "## Vad den gör\n<img src=x onerror=alert(1)>\n"
                                 "[klicka](javascript:alert(1))"), encoding="utf-8")
    findings = [f for f in findings_for(example) if f.rule == "unsafe-markup"]
    assert [(f.location.line, "event handler" in f.message or "javascript" in f.message)
            for f in findings] == [(line + 1, True), (line + 2, True)]


def test_json_output_carries_every_field(example):
    (example / "content/sv/safeguards/live.md").unlink()
    result = run_cli("check", "--format", "json", "--config", str(example / "mkdocs.yml"))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["errors"] == 1
    [finding] = report["findings"]
    assert finding == {
        "rule": "explanation-missing", "severity": "error", "file": "content/safeguards/live.yml",
        "line": 1, "message": "safeguard 'live' has no explanation in locale 'sv'",
        "hint": "add content/sv/safeguards/live.md with front matter 'safeguard: live'",
    }


def test_warnings_fail_only_with_strict(example):
    (example / "content/de").mkdir()
    config = str(example / "mkdocs.yml")
    assert run_cli("check", "--config", config).exit_code == 0
    assert run_cli("check", "--strict", "--config", config).exit_code == 1


def test_usage_errors_exit_2(example):
    assert run_cli("check", "--format", "xml").exit_code == 2


def reported(result, rule: str) -> list[str]:
    """The finding lines the CLI printed for ``rule``."""
    return [line.strip() for line in result.output.splitlines() if f"[{rule}]" in line]


def test_an_age_band_outside_the_sites_ages_is_a_warning_at_the_band(example):
    record = example / "content/safeguards/live.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("ages: 13-15", "ages: 11-15", 1), encoding="utf-8")
    [finding] = [f for f in findings_for(example) if f.rule == "age-out-of-range"]
    assert (finding.location.file, finding.location.line) == ("content/safeguards/live.yml", 6)  # the band
    assert finding.severity.value == "warning"
    assert finding.message.startswith("age band 11\u201315 of 'live' is outside the site's ages 13\u201317")
    result = run_cli("check", "--strict", "--config", str(example / "mkdocs.yml"))
    assert result.exit_code == 1
    assert reported(result, "age-out-of-range") == [
        f"content/safeguards/live.yml:6: warning [age-out-of-range] {finding.message}"]


def test_a_record_verified_too_long_ago_is_a_warning_at_last_verified(example):
    record = example / "content/resources/bris.yml"
    text = record.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if row.startswith("last_verified:"))
    record.write_text(re.sub(r"(?m)^last_verified: .*$", "last_verified: 2020-01-31", text), encoding="utf-8")
    result = run_cli("check", "--config", str(example / "mkdocs.yml"))
    assert result.exit_code == 0, result.output  # a warning: the site still builds
    message = "'bris' was last verified on 2020-01-31, more than 12 months ago"
    assert reported(result, "verification-outdated") == [
        f"content/resources/bris.yml:{line}: warning [verification-outdated] {message}"]
    assert run_cli("check", "--strict", "--config", str(example / "mkdocs.yml")).exit_code == 1
    assert [f.rule for f in findings_for(example)] == ["verification-outdated"]


def test_a_required_section_without_a_heading_for_a_locale_is_an_error_naming_it(example):
    config = example / "mkdocs.yml"
    replace_in(config, "      fi: Näin muutat sitä\n", "")
    [finding] = findings(example, "section-heading-missing")
    assert finding.location == SourceLocation("mkdocs.yml", line_of(config, "- en: How to change it"))
    assert "locale 'fi'" in finding.message and "How to change it" in finding.message
    assert finding.severity is Severity.ERROR
    # Finnish explanations are still checked against the sections that do name a Finnish heading.
    replace_in(example / "content/fi/safeguards/live.md", "## Mitä se tekee", "## Jotain muuta")
    assert [f.location.file for f in findings(example, "explanation-section-missing")] == [
        "content/fi/safeguards/live.md"]


# -- platforms and typed setting values ---------------------------------------------------------


def add_platform(project: Path, platform_id: str, name: str, parent_tool: str | None = None) -> None:
    tool = f"parent_tool: {parent_tool}\n" if parent_tool else ""
    (project / "content/platforms" / f"{platform_id}.yml").write_text(
        f"name: {name}\n{tool}last_verified: 2026-11-20\n", encoding="utf-8")


def test_an_unknown_platform_is_an_error_with_the_closest_id(example):
    record = example / "content/safeguards/live.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("category: Messaging and LIVE\n",
                                                                 "category: Messaging and LIVE\nplatform: tiktock\n"),
                      encoding="utf-8")
    [finding] = [f for f in findings_for(example) if f.rule == "unknown-platform"]
    assert (finding.severity.value, finding.location.file, finding.location.line) == (
        "error", "content/safeguards/live.yml", 5)
    assert "'tiktock'" in finding.message and finding.hint == "did you mean 'tiktok'?"


def test_with_several_platforms_a_safeguard_must_name_its_own(example):
    add_platform(example, "snapchat", "Snapchat", "Family Center")
    missing = [f for f in findings_for(example) if f.rule == "platform-missing"]
    assert sorted(f.location.file for f in missing) == sorted(
        f"content/safeguards/{path.name}" for path in (example / "content/safeguards").glob("*.yml"))
    assert missing[0].hint == "add 'platform:' with one of: snapchat, tiktok"
    for path in (example / "content/safeguards").glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\ncategory:", "\nplatform: tiktok\ncategory:", 1), encoding="utf-8")
    assert [f for f in findings_for(example) if f.rule in ("platform-missing", "unknown-platform")] == []


def test_a_center_without_platform_records_checks_clean(example):
    (example / "content/platforms/tiktok.yml").unlink()
    assert [f for f in findings_for(example) if f.severity.value == "error"] == []


def test_a_quantity_in_prose_is_not_read_as_an_age(example):
    record = example / "content/safeguards/private-account.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("    default: not-stated\n",
                                                                 "    default: {minutes: 60}\n"), encoding="utf-8")
    page = example / "content/en/safeguards/private-account.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "## How to change it\n", "## How to change it\n\nOlder teens get over {{ default(age=16) }} a day, "
        "or over 45 minutes, from 22:00. Over 14 though.\n"), encoding="utf-8")
    contradictions = [f for f in findings_for(example) if f.rule == "age-contradiction"]
    assert [f.message.split(",")[0] for f in contradictions] == [
        "states age 14"]  # only the age, not the minutes or the time


# -- drafts and scaffold text ------------------------------------------------------------------


def test_a_draft_is_a_warning_and_what_is_wrong_in_it_stays_a_warning(example):
    # A draft safeguard with no explanation anywhere: work in progress, not a broken site.
    write(example / "content/safeguards/screen-time.yml", (example / "content/safeguards/live.yml").read_text(
        encoding="utf-8") + "draft: true\n")
    result = run_cli("check", "--config", str(example / "mkdocs.yml"))
    assert result.exit_code == 0, result.output
    draft_line = line_of(example / "content/safeguards/screen-time.yml", "draft: true")
    assert (f"content/safeguards/screen-time.yml:{draft_line}: warning [draft] 'screen-time' is a draft: "
            "serve shows it, a published build leaves it out") in result.output
    assert ("warning [explanation-missing] safeguard 'screen-time' has no explanation in locale 'sv' (in a draft)"
            in result.output)
    assert "0 error(s)" in result.output
    assert run_cli("check", "--strict", "--config", str(example / "mkdocs.yml")).exit_code == 1


def test_a_draft_page_is_a_warning_at_its_draft_line(example):
    replace_in(example / "content/en/privacy.md", "---\n", "---\ndraft: true\n")
    [finding] = findings(example, "draft")
    assert (finding.severity.value, finding.location.file, finding.location.line) == (
        "warning", "content/en/privacy.md", 2)


def test_a_published_record_naming_a_draft_resource_is_a_draft_reference(example):
    replace_in(example / "content/resources/bris.yml", "last_verified:", "draft: true\nlast_verified:")
    referring = [path.name for path in (example / "content/safeguards").iterdir()
                 if "bris" in path.read_text(encoding="utf-8")]
    assert referring, "the example's safeguards refer to bris"
    found = findings(example, "draft-reference")
    assert found and all(f.severity.value == "error" for f in found)
    in_records = [f for f in found if f.location.file.startswith("content/safeguards/")]
    assert {Path(f.location.file).name for f in in_records} == set(referring)
    assert all("refers to resource 'bris', which has no record once drafts are left out" in f.message
               for f in in_records)
    # A page's fact helper naming the draft resource ({{ link('bris') }}) loses it too.
    assert any(f.location.file.startswith("content/sv/") and "'bris'" in f.message for f in found)
    assert "publish what it refers to" in found[0].hint
    # Built with its drafts, nothing is missing.
    assert not [f for f in run_checks(example / "mkdocs.yml", drafts=True).findings if f.rule == "draft-reference"]


def test_a_link_to_a_draft_page_is_a_draft_reference(example):
    for locale in ("en", "sv", "da", "nb", "fi"):
        replace_in(example / f"content/{locale}/privacy.md", "---\n", "---\ndraft: true\n")
    write(example / "content/en/accessibility.md",
          (example / "content/en/accessibility.md").read_text(encoding="utf-8") + "\nSee [privacy](privacy.md).\n")
    [finding] = findings(example, "draft-reference")
    assert finding.location == SourceLocation("content/en/accessibility.md",
                                              line_of(example / "content/en/accessibility.md", "See [privacy]"))
    assert "link to privacy.md leads to no page" in finding.message


def test_scaffold_text_in_a_published_record_is_placeholder_left_at_its_line(example):
    assert run_cli("new", "safeguard", "screen-time", "--config", str(example / "mkdocs.yml")).exit_code == 0
    assert not findings(example, "placeholder-left")  # a draft may hold TODOs
    record = example / "content/safeguards/screen-time.yml"
    replace_in(record, "draft: true\n", "")
    found = {(f.location.line, f.message) for f in findings(example, "placeholder-left")}
    assert (line_of(record, "title: "), "'title' still holds 'TODO', written by a scaffold") in found
    assert (line_of(record, "    url: https://example.org/replace-me"),
            "'sources[0].url' still holds 'https://example.org/replace-me', written by a scaffold") in found
    explanation = example / "content/en/safeguards/screen-time.md"
    assert (f"content/en/safeguards/screen-time.md:{line_of(explanation, 'TODO: write this section')}: error "
            "[placeholder-left] the page still holds 'TODO', written by a scaffold"
            in run_cli("check", "--config", str(example / "mkdocs.yml")).output)


def test_the_word_todo_inside_another_word_is_not_scaffold_text(example):
    write(example / "content/en/guides/spanish.md", "# Todos\n\nTodos los padres. Mastodon.\n")
    assert not findings(example, "placeholder-left")


def test_a_published_safeguard_on_a_draft_platform_is_a_draft_reference(example):
    """Published alone, the safeguard's pages would lose the platform's parent tool without a word."""
    replace_in(example / "content/platforms/tiktok.yml", "name: TikTok\n", "name: TikTok\ndraft: true\n")
    references = [f for f in findings_for(example) if f.rule == "draft-reference"]
    assert sorted(f.location.file for f in references) == sorted(
        f"content/safeguards/{path.name}" for path in (example / "content/safeguards").glob("*.yml"))
    assert all(f.severity is Severity.ERROR and "content/platforms/tiktok.yml" in f.hint for f in references)
    assert run_cli("check", "--config", str(example / "mkdocs.yml")).exit_code == 1
    drafts = run_cli("build", "--drafts", "--locale", "en", "--config", str(example / "mkdocs.yml"))
    assert drafts.exit_code == 0, drafts.output  # a review copy builds the platform too
    live = example / "content/safeguards/live.yml"
    replace_in(live, "title:", "draft: true\ntitle:")
    assert "content/safeguards/live.yml" not in {f.location.file for f in findings_for(example)
                                                 if f.rule == "draft-reference"}
