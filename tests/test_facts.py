"""Facts live once: helpers in explanations, and the rules that catch prose that disagrees."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import findings, replace_in, run_cli

from generator.check.facts import records_are_sourced_and_recent, stated_ages
from generator.load import load_project
from generator.render.facts import render_body
from generator.render.locale_site import render_site


def append_to_section(path: Path, heading: str, sentence: str) -> int:
    """Add a paragraph under a heading; return its line number in the file."""
    replace_in(path, f"{heading}\n\n", f"{heading}\n\n{sentence}\n\n")
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines.index(sentence) + 1


# -- helpers -------------------------------------------------------------------------


def test_a_helper_renders_the_records_value_in_each_locale(example):
    project = load_project(example / "mkdocs.yml").project
    en, sv = project.explanation("private-account", "en"), project.explanation("private-account", "sv")
    body = ("From {{ age_from('live') }}: {{ ages('live') }}; {{ default() }}; {{ default(age=14) }}; "
            "{{ phone('bris') }}")
    assert render_body(project, replace(en, body=body)).markdown == \
        "From 16: 16–17; private; private; [116 111](tel:116111)"
    assert render_body(project, replace(sv, body=body)).markdown == \
        "From 16: 16–17; privat; privat; [116 111](tel:116111)"


def test_a_changed_record_changes_every_locales_page(example):
    replace_in(example / "content/safeguards/direct-messages.yml", "ages: 13-15", "ages: 13-16")
    replace_in(example / "content/safeguards/direct-messages.yml", "ages: 16-17", "ages: 17")
    project = load_project(example / "mkdocs.yml").project
    for code, words in (("en", "teens aged 17 and over"), ("sv", "tonåringar som fyllt 17 år")):
        page = next(p for p in render_site(project, code).pages if p.path == "safeguards/direct-messages.md")
        assert words in page.markdown


@pytest.mark.parametrize("call, rule, message, hint", [
    ("{{ age_from('lvie') }}", "unknown-fact", "unknown safeguard 'lvie'", "did you mean 'live'?"),
    ("{{ phone('briss') }}", "unknown-fact", "unknown resource 'briss'", "did you mean 'bris'?"),
    ("{{ phone('fosi') }}", "unknown-fact", "resource 'fosi' has no phone number", "use link() instead"),
    ("{{ age_fom() }}", "page-template", "'age_fom' is undefined", "did you mean 'age_from'?"),
    ("{{ age_from( }}", "page-template", "template syntax", "helpers are written"),
    ("{{ ''.__class__ }}", "page-template-unsafe", "a Getattr expression", "age_from"),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "page-template-unsafe", "only call the fact helpers", ""),
    ("{% include '/etc/passwd' %}", "page-template-unsafe", "statements", "helper('argument')"),
])
def test_a_bad_helper_is_a_finding_at_its_line_not_a_crash(example, call, rule, message, hint):
    page = example / "content/sv/safeguards/live.md"
    line = append_to_section(page, "## Så ändrar du den", f"Text {call} här.")
    [finding] = findings(example, rule)
    assert (finding.location.file, finding.location.line) == ("content/sv/safeguards/live.md", line)
    assert message in finding.message and hint in finding.hint
    result = run_cli("build", "--config", str(example / "mkdocs.yml"))
    assert result.exit_code == 1 and "Traceback" not in result.output


# -- ages ------------------------------------------------------------------------------


def move_direct_messages_to_adults(project: Path) -> None:
    """The change DESIGN.md imagines: direct messages move from 16+ to 18+."""
    record = project / "content/safeguards/direct-messages.yml"
    text = record.read_text(encoding="utf-8")
    start, end = text.index("age_rules:"), text.index("last_verified:")
    record.write_text(text[:start] + "age_rules:\n  - ages: 13-17\n    availability: unavailable\n"
                      "    changed_by: [nobody]\n" + text[end:], encoding="utf-8")


def test_a_changed_age_makes_every_hard_coded_statement_fail_in_every_locale(example):
    en = example / "content/en/safeguards/direct-messages.md"
    sv = example / "content/sv/safeguards/direct-messages.md"
    en_line = append_to_section(en, "## How to change it", "Teens can send messages from age 16.")
    sv_word = append_to_section(sv, "## Vad den gör", "En sextonåring kan skriva till vem som helst.")
    sv_line = append_to_section(sv, "## Så ändrar du den", "Från 16 år kan tonåringar skicka meddelanden.")
    assert findings(example, "age-contradiction") == []  # true today: 16 is where the rule changes
    move_direct_messages_to_adults(example)
    found = {(f.location.file, f.location.line): f for f in findings(example, "age-contradiction")}
    assert set(found) == {("content/en/safeguards/direct-messages.md", en_line),
                          ("content/sv/safeguards/direct-messages.md", sv_line),
                          ("content/sv/safeguards/direct-messages.md", sv_word)}
    en_finding = found[("content/en/safeguards/direct-messages.md", en_line)]
    assert "“Teens can send messages from age 16.”" in en_finding.message
    assert "age_from()" in found[("content/en/safeguards/direct-messages.md", en_line)].hint
    # The helper follows the record by itself and is never reported.
    assert not any("{{" in f.message for f in found.values())


@pytest.mark.parametrize("locale, sentence, ages", [
    ("en", "Teens aged 16 and over; sixteen-year-olds too.", [16, 16]),
    ("en", "Ages 13–15 are private.", [13, 15]),
    ("en", "Call 116 111 or wait 10 minutes; it is 20 November 2026.", []),
    ("sv", "Från 16 år, och en sextonåring.", [16, 16]),
    ("sv", "Sparar 30 % av tiden, 15 minuter om dagen.", []),
    ("fi", "Yli 15-vuotiaat ja kuusitoista.", [15, 16]),
])
def test_ages_in_prose_are_found_in_the_pages_own_language(locale, sentence, ages):
    assert [age for age, _ in stated_ages(sentence, locale)] == ages


# -- phones, sources, dates ------------------------------------------------------------------


def test_a_phone_number_in_prose_must_be_a_resources(example):
    guide = example / "content/en/guides/talking-about-online-safety.md"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text + "\nIn Sweden, call 116 111 or Bris on 116 123.\n", encoding="utf-8")
    [finding] = findings(example, "phone-unknown")
    assert "116 123" in finding.message
    assert finding.location.line == len(text.splitlines()) + 2


def test_a_safeguard_needs_a_source_and_recent_verification(example):
    record = example / "content/safeguards/live.yml"
    text = record.read_text(encoding="utf-8")
    start = text.index("sources:")
    end = text.index("resources:")
    record.write_text(text[:start] + "sources: []\n" + text[end:], encoding="utf-8")
    [missing] = findings(example, "source-missing")
    assert missing.severity.value == "error" and "'live' lists no source" in missing.message
    project = load_project(example / "mkdocs.yml").project
    later = max(r.last_verified for r in project.safeguards.values()) + timedelta(days=400)
    outdated = list(records_are_sourced_and_recent(project, today=later))
    assert {f.rule for f in outdated} == {"source-missing", "verification-outdated"}
    assert all(f.severity.value == "warning" for f in outdated if f.rule == "verification-outdated")
    assert list(records_are_sourced_and_recent(project, today=date(2026, 12, 1))) == [missing]


def test_the_verification_limit_is_configurable(example):
    project = load_project(example / "mkdocs.yml").project
    project = replace(project, config=project.config.model_copy(update={"verification_max_age_months": 1}))
    newest = max(r.last_verified for r in project.resources.values())
    stale = [f for f in records_are_sourced_and_recent(project, today=newest + timedelta(days=40))
             if f.rule == "verification-outdated"]
    assert len(stale) == len(project.safeguards) + len(project.resources) + len(project.platforms)


# -- links ------------------------------------------------------------------------------------


def test_links_must_be_https_and_resolve_in_every_locale(example):
    page = example / "content/en/safeguards/live.md"
    line = append_to_section(page, "## How to change it",
                             "See [old](http://example.org/), [help](../help/index.md), "
                             "[age guide](../ages/), [nowhere](../nowhere.md) and [mail](mailto:a@b.se).")
    insecure = findings(example, "link-insecure")
    assert [(f.location.line, "http://example.org/" in f.message) for f in insecure] == [(line, True)]
    [broken] = findings(example, "link-broken")
    assert broken.location.line == line and "../nowhere.md" in broken.message


def test_a_link_to_a_guide_only_one_locale_has_is_broken_for_the_others(example):
    only_swedish = example / "content/sv/guides/bara-svenska.md"
    only_swedish.write_text("---\ntitle: Bara svenska\n---\nText.\n", encoding="utf-8")
    replace_in(example / "content/sv/safeguards/live.md", "## Så ändrar du den\n\n",
         "## Så ändrar du den\n\nLäs [guiden](../guides/bara-svenska.md).\n\n")
    [broken] = findings(example, "link-broken")
    assert "locale(s) en" in broken.message


# -- explanations are real content -----------------------------------------------------------


def test_an_explanation_needs_its_required_sections(example):
    page = example / "content/sv/safeguards/live.md"
    replace_in(page, "## Så ändrar du den", "## Ändra")
    [finding] = findings(example, "explanation-section-missing")
    assert "no section 'Så ändrar du den'" in finding.message
    assert finding.location.file.endswith("sv/safeguards/live.md")
    english = example / "content/en/safeguards/live.md"
    english.write_text("---\nsafeguard: live\n---\n## What it does\n", encoding="utf-8")
    [empty] = findings(example, "explanation-empty")
    assert empty.location.file == "content/en/safeguards/live.md"


def test_a_site_can_turn_a_rule_off_with_a_reason(example):
    replace_in(example / "content/en/safeguards/live.md", "## How to change it", "## Changing it")
    assert findings(example, "explanation-section-missing")
    replace_in(example / "mkdocs.yml", "safety_center:\n",
               "safety_center:\n  rules:\n    explanation-section-missing:\n"
               "      severity: \"off\"\n      reason: our editors use free headings\n")
    assert findings(example, "explanation-section-missing") == []
