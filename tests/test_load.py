"""load: every kind of bad input becomes one finding with file, line and a hint."""

from __future__ import annotations

import contextlib
import ctypes
import os
from pathlib import Path

import pytest
from conftest import line_of, replace_in, run_cli, write

from generator.load import load_project


def findings_for(project: Path):
    return load_project(project / "mkdocs.yml").findings


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


def test_an_unquoted_colon_in_a_value_is_explained(example):
    write(example / "content/resources/bris.yml", "name: Bris\ndescription: Help: call us\n")
    [finding] = [f for f in findings_for(example) if f.location.file == "content/resources/bris.yml"]
    assert (finding.rule, finding.location.line) == ("yaml-syntax", 2)
    assert "a value that holds ': ' must be in quotes" in finding.message


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
    assert "safety-center init" in result.output, "a newcomer without a center learns how to start one"


def test_a_record_that_is_not_a_mapping_is_record_invalid_at_line_1(example):
    write(example / "content/resources/bris.yml", "- name: Bris\n- kind: helpline\n")
    [finding] = findings_for(example)
    assert (finding.rule, finding.location.file, finding.location.line) == (
        "record-invalid", "content/resources/bris.yml", 1)
    assert "must be a mapping" in finding.message and finding.hint == "start each line with 'key: value'"


def test_two_record_files_with_one_id_are_a_duplicate_id(example):
    resources = example / "content/resources"
    write(resources / "bris.yaml", (resources / "bris.yml").read_text(encoding="utf-8"))
    [finding] = findings_for(example)
    assert finding.rule == "duplicate-id" and finding.location.line == 1
    other = ({"content/resources/bris.yml", "content/resources/bris.yaml"} - {finding.location.file}).pop()
    assert finding.message == f"id 'bris' is already used by {other}"
    assert "the file name is the id" in finding.hint


def test_a_file_that_is_not_utf8_is_an_encoding_finding_at_the_bad_byte(example):
    record = example / "content/resources/bris.yml"
    lines = record.read_text(encoding="utf-8").splitlines(keepends=True)
    record.write_bytes("".join(lines[:2]).encode("utf-8") + "Barnens rätt\n".encode("latin-1"))
    [finding] = findings_for(example)
    assert (finding.rule, finding.location.file, finding.location.line) == (
        "encoding", "content/resources/bris.yml", 3)
    assert "not UTF-8 text: byte 0xE4 at column 10" in finding.message
    assert "save the file as UTF-8" in finding.hint


def test_front_matter_that_never_ends_or_is_not_keys_is_a_front_matter_finding(example):
    unclosed = example / "content/sv/safeguards/live.md"
    _, front, body = unclosed.read_text(encoding="utf-8").split("---\n", 2)
    write(unclosed, "---\n" + front + body)  # the closing '---' is gone
    listed = example / "content/da/safeguards/live.md"
    body = listed.read_text(encoding="utf-8").split("---\n", 2)[2]
    write(listed, "---\n- safeguard\n- live\n---\n" + body)
    findings = {f.location.file: f for f in findings_for(example) if f.rule == "front-matter"}
    assert set(findings) == {"content/sv/safeguards/live.md", "content/da/safeguards/live.md"}
    assert findings["content/sv/safeguards/live.md"].location.line == 1
    assert "starts with '---' but never ends" in findings["content/sv/safeguards/live.md"].message
    assert findings["content/da/safeguards/live.md"].location.line == 2
    assert "must be 'key: value' lines" in findings["content/da/safeguards/live.md"].message


def test_a_mkdocs_yml_without_the_safety_center_section_is_config_invalid(example):
    config = example / "mkdocs.yml"
    write(config, config.read_text(encoding="utf-8").replace("safety_center:", "safety_centre:"))
    result = run_cli("check", "--config", str(config))
    assert result.exit_code == 1 and "Traceback" not in result.output
    line = next(line.strip() for line in result.output.splitlines() if "[config-invalid]" in line)
    assert line == "mkdocs.yml:1: error [config-invalid] mkdocs.yml has no 'safety_center:' section"
    assert [f.rule for f in findings_for(example)] == ["config-invalid"]


@contextlib.contextmanager
def without_root_privileges():
    """Let file permissions apply to this thread even when the tests run as root.

    Root reads any file (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH); an editor's account does not.
    Clearing those two from the thread's effective capabilities, and restoring them after,
    makes a mode-000 file as unreadable for the tests as it is for the editor.
    """
    if os.geteuid() != 0:
        yield
        return

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Sets(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]

    libc = ctypes.CDLL(None, use_errno=True)
    header, sets = Header(0x20080522, 0), (Sets * 2)()  # _LINUX_CAPABILITY_VERSION_3: two sets of 32 bits
    if libc.capget(ctypes.byref(header), sets) != 0:
        pytest.skip("cannot read this thread's capabilities")
    granted = sets[0].effective
    sets[0].effective &= ~(1 << 1 | 1 << 2)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
    assert libc.capset(ctypes.byref(header), sets) == 0, os.strerror(ctypes.get_errno())
    try:
        yield
    finally:
        sets[0].effective = granted
        assert libc.capset(ctypes.byref(header), sets) == 0, os.strerror(ctypes.get_errno())


def test_a_file_the_build_may_not_open_is_file_unreadable(example):
    record = example / "content/resources/bris.yml"
    record.chmod(0)
    with without_root_privileges():
        findings = findings_for(example)
        result = run_cli("check", "--config", str(example / "mkdocs.yml"))
    assert [(f.rule, f.location.file, f.location.line) for f in findings] == [
        ("file-unreadable", "content/resources/bris.yml", 1)]
    assert findings[0].message == "cannot read the file: Permission denied"
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "content/resources/bris.yml:1: error [file-unreadable] cannot read the file: Permission denied" in (
        result.output)


# -- the record format: old words, platforms, setting values ------------------------------------

OLD_FORMAT_RULES = """\
age_rules:
  - ages: 13-15
    availability: available
    default: private
    changed_by: [teen, parent]
    teen_notified: true
  - ages: 16-17
    availability: available
    default: not-stated
    changed_by:
      - teen-with-approval
"""


def test_old_record_words_are_read_with_a_warning_naming_the_new_word(example):
    record = example / "content/safeguards/private-account.yml"
    text = record.read_text(encoding="utf-8")
    start, end = text.index("age_rules:"), text.index("last_verified:")
    write(record, text[:start] + OLD_FORMAT_RULES + text[end:])
    replace_in(record, "steps:\n  child:\n", "steps:\n  teen:\n")
    loaded = load_project(example / "mkdocs.yml")
    first = line_of(record, "age_rules:")
    warnings = sorted((f.location.line, f.message) for f in loaded.findings)
    assert {f.rule for f in loaded.findings} == {"deprecated-key"}
    assert all(f.severity.value == "warning" and f.location.file == "content/safeguards/private-account.yml"
               for f in loaded.findings)
    assert warnings == [
        (first + 4, "the value 'teen' is now written 'child'"),
        (first + 5, "'teen_notified' is now called 'child_notified'"),
        (line_of(record, "- teen-with-approval"),
         "the value 'teen-with-approval' is now written 'child-with-approval'"),
        (line_of(record, "  teen:"), "'teen' is now called 'child'"),
    ]
    safeguard = loaded.project.safeguards["private-account"]
    assert safeguard.age_rules[0].changed_by == ["child", "parent"] and safeguard.age_rules[0].child_notified
    assert safeguard.age_rules[1].changed_by == ["child-with-approval"]
    assert safeguard.steps.child[0] == "Open the privacy settings in the app."


def test_a_platform_record_loads_and_its_mistakes_are_findings(example):
    platforms = example / "content/platforms"
    write(platforms / "snapchat.yml", """\
name: Snapchat
parent_tool: Family Center
minimum_age: 13
app_ratings:
  - store: App Store
    rating: 12+
links:
  - title: Family Safety Hub
    url: https://parents.snapchat.com/
last_verified: 2026-11-20
""")
    write(platforms / "roblox.yml", "name: Roblox\nminimum_age: -1\nparental_tool: Parental controls\n"
                                    "last_verified: 2026-11-20\n")
    loaded = load_project(example / "mkdocs.yml")
    snapchat = loaded.project.platforms["snapchat"]
    assert (snapchat.name, snapchat.parent_tool, snapchat.minimum_age) == ("Snapchat", "Family Center", 13)
    assert snapchat.app_ratings[0].rating == "12+" and snapchat.links[0].url == "https://parents.snapchat.com/"
    assert "roblox" not in loaded.project.platforms
    problems = {(f.rule, f.location.line, f.hint) for f in loaded.findings if f.location.file.endswith("roblox.yml")}
    assert ("unknown-key", 3, "did you mean 'parent_tool'?") in problems
    assert any(rule == "invalid-value" and line == 2 for rule, line, _ in problems)


def test_setting_values_are_the_built_in_words_the_sites_own_and_typed_quantities(example):
    record = example / "content/safeguards/private-account.yml"
    replace_in(record, "    default: private\n", "    default: friends-of-friends\n")
    replace_in(record, "    default: not-stated\n", "    default: {minutes: 60}\n")
    [finding] = findings_for(example)
    assert (finding.rule, finding.location.line) == ("invalid-value", line_of(record, "friends-of-friends"))
    assert "'friends-of-friends' is not a setting value" in finding.message
    assert finding.hint.startswith("did you mean 'friends'? Known values: on, off, private, public, everyone, "
                                   "friends, nobody, not-stated;")
    assert "setting_values in mkdocs.yml" in finding.hint

    replace_in(example / "mkdocs.yml", "safety_center:\n", "safety_center:\n  setting_values: [friends-of-friends]\n")
    loaded = load_project(example / "mkdocs.yml")
    assert loaded.findings == []
    rules = loaded.project.safeguards["private-account"].age_rules
    assert rules[0].default == "friends-of-friends" and rules[1].default.minutes == 60

    replace_in(record, "    default: {minutes: 60}\n", "    default: {time: 22:00}\n")
    [finding] = findings_for(example)
    assert finding.rule == "invalid-value" and 'write a time in quotes, such as {time: "22:00"}' in finding.message
    replace_in(record, "    default: {time: 22:00}\n", "    default: {hours: 2}\n")
    [finding] = findings_for(example)
    assert finding.rule == "invalid-value" and "{minutes: 60} or {time" in finding.message
