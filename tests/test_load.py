"""load: every kind of bad input becomes one finding with file, line and a hint."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

from generator.load import load_project


def findings_for(project: Path):
    return load_project(project / "mkdocs.yml").findings


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_the_example_loads_without_findings(example):
    loaded = load_project(example / "mkdocs.yml")
    assert loaded.findings == []
    assert {"private-account", "direct-messages", "live", "family-pairing"} <= set(loaded.project.safeguards)
    assert loaded.project.resources["bris"].phone == "116 111"
    assert loaded.project.config.locale_codes == ["en", "sv", "da", "nb", "fi"]


def test_unknown_key_names_its_line_and_the_closest_known_key(example):
    record = example / "content/safeguards/live.yml"
    lines = record.read_text(encoding="utf-8").splitlines()
    lines.insert(2, "sumary: A misspelt key")
    write(record, "\n".join(lines) + "\n")
    [finding] = findings_for(example)
    assert (finding.rule, finding.location.file, finding.location.line) == (
        "unknown-key", "content/safeguards/live.yml", 3)
    assert "'sumary'" in finding.message
    assert finding.hint == "did you mean 'summary'?"


def test_a_wrong_value_in_a_nested_list_points_at_its_line(example):
    write(example / "content/safeguards/live.yml", """\
title: LIVE
summary: Going live.
category: Messaging and LIVE
age_rules:
  - ages: 13-15
    availability: unavailable
    changed_by: [nobody]
  - ages: 16-17
    availability: availabel
    default: not-stated
last_verified: 2026-11-20
sources:
  - title: Community Guidelines
    url: https://www.tiktok.com/community-guidelines
""")
    [finding] = findings_for(example)
    assert finding.rule == "invalid-value"
    assert finding.location.line == 9
    assert "'availabel'" in finding.message and "age_rules.1.availability" in finding.message
    assert finding.hint == "did you mean 'available'?"


def test_several_problems_are_all_reported_in_one_run(example):
    write(example / "content/resources/bris.yml", """\
name: Bris
kind: helpline
url: http://www.bris.se/
phone: call us
regions: [Sweden]
description: Help.
last_verified: yesterday
""")
    findings = findings_for(example)
    by_line = {f.location.line: f for f in findings}
    assert set(by_line) == {3, 4, 5, 7}
    assert by_line[3].hint == "use a full https:// address"
    assert "is not a region" in by_line[5].message
    assert by_line[7].hint == "write dates as YYYY-MM-DD"
    assert all(f.location.file == "content/resources/bris.yml" for f in findings)


def test_missing_key_and_bad_age_band(example):
    write(example / "content/safeguards/live.yml", """\
title: LIVE
summary: Going live.
category: Messaging and LIVE
age_rules:
  - ages: 16 to 17
    availability: available
    default: not-stated
""")
    findings = findings_for(example)
    messages = {(f.rule, f.location.line): f.message for f in findings}
    assert ("invalid-value", 5) in messages and "write it like 13-15" in messages[("invalid-value", 5)]
    assert any(rule == "missing-key" and "last_verified" in m for (rule, _), m in messages.items())


def test_duplicate_yaml_keys_and_syntax_errors_name_the_line(example):
    write(example / "content/resources/bris.yml", "name: Bris\nname: Bris again\n")
    write(example / "content/resources/iwf.yml", "name: [IWF\nkind: hotline\n")
    findings = {f.location.file: f for f in findings_for(example)}
    duplicate = findings["content/resources/bris.yml"]
    assert (duplicate.rule, duplicate.location.line) == ("yaml-syntax", 2)
    assert "appears twice (first on line 1)" in duplicate.message
    syntax = findings["content/resources/iwf.yml"]
    assert (syntax.rule, syntax.location.line) == ("yaml-syntax", 2)


def test_yaml_is_read_safely(example):
    write(example / "content/resources/bris.yml", "name: !!python/object/apply:os.system ['echo hacked']\n")
    [finding] = findings_for(example)
    assert finding.rule == "yaml-syntax"
    assert finding.location.line == 1


def test_words_like_off_stay_words():
    from generator.load.yamlfile import parse_yaml

    assert parse_yaml("default: off\nother: on\nflag: true\n") == {"default": "off", "other": "on", "flag": True}


def test_unknown_front_matter_key_and_unknown_locale_folder(example):
    page = example / "content/sv/safeguards/live.md"
    write(page, page.read_text(encoding="utf-8").replace("safeguard: live", "safeguard: live\ntitel: LIVE", 1))
    (example / "content/se").mkdir()
    findings = {f.rule: f for f in findings_for(example)}
    assert findings["unknown-key"].location == findings["unknown-key"].location.__class__(
        "content/sv/safeguards/live.md", 3)
    assert findings["unknown-key"].hint == "did you mean 'title'?"
    assert findings["unknown-locale"].hint == "did you mean 'sv'?"


def test_a_broken_catalog_is_a_finding_at_its_line(example):
    catalog = example / "locales/sv/LC_MESSAGES/messages.po"
    lines = catalog.read_text(encoding="utf-8").splitlines()
    lines.insert(30, 'msgtsr "a typo in the keyword"')
    write(catalog, "\n".join(lines) + "\n")
    findings = [f for f in findings_for(example) if f.rule == "po-syntax"]
    assert len(findings) == 1
    assert findings[0].location.file == "locales/sv/LC_MESSAGES/messages.po"
    assert findings[0].location.line == 31


def test_bad_input_never_gives_a_traceback(example):
    write(example / "content/safeguards/live.yml", "- just\n- a list\n")
    write(example / "locales/sv/LC_MESSAGES/messages.po", "\x00\xff garbage")
    result = run_cli("check", "--config", str(example / "mkdocs.yml"))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "content/safeguards/live.yml:1: error [record-invalid]" in result.output


def test_missing_config_is_reported(tmp_path):
    result = run_cli("check", "--config", str(tmp_path / "mkdocs.yml"))
    assert result.exit_code == 1
    assert "config-missing" in result.output and "--config" in result.output
