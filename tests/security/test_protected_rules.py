"""A site cannot downgrade or switch off the rules that keep script and outside files out."""

from __future__ import annotations

import pytest

from generator.check import PROTECTED_RULES, RULE_IDS, run_checks
from generator.model.findings import Severity

from .cases import CASES, GUIDE

SCRIPT_CASE = next(case for case in CASES if case.id == "page-script")


def _set_rule(project, rule: str, severity: str) -> int:
    """Add a setting for ``rule`` to mkdocs.yml; return the line of the rule's name."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    before, marker, after = text.partition("safety_center:\n")
    setting = f"  rules:\n    {rule}:\n      severity: \"{severity}\"\n      reason: we know better\n"
    config.write_text(before + marker + setting + after, encoding="utf-8")
    return (before + marker).count("\n") + 2


def test_the_protected_rules_include_the_safety_and_path_rules():
    assert {"unsafe-markup", "page-template-unsafe", "po-markup", "unsafe-site-dir", "symlink-outside",
            "path-outside", "control-character", "file-too-large"} <= PROTECTED_RULES
    assert "protected-rule" in RULE_IDS


@pytest.mark.parametrize("severity", ["off", "warning"])
def test_switching_off_unsafe_markup_is_refused_and_has_no_effect(example, severity):
    SCRIPT_CASE.apply(example)
    line = _set_rule(example, "unsafe-markup", severity)
    findings = run_checks(example / "mkdocs.yml").findings
    [refusal] = [f for f in findings if f.rule == "protected-rule"]
    assert refusal.severity is Severity.ERROR
    assert (refusal.location.file, refusal.location.line) == ("mkdocs.yml", line)
    assert "unsafe-markup" in refusal.message
    unsafe = [f for f in findings if f.rule == "unsafe-markup" and f.location.file == GUIDE]
    assert unsafe and all(f.severity is Severity.ERROR for f in unsafe)


@pytest.mark.parametrize("rule", sorted(PROTECTED_RULES - {"protected-rule"}))
def test_every_protected_rule_refuses_a_setting(example, rule):
    line = _set_rule(example, rule, "off")
    findings = run_checks(example / "mkdocs.yml").findings
    refusals = [f for f in findings if f.rule == "protected-rule"]
    assert [(f.location.line, rule in f.message) for f in refusals] == [(line, True)]


def test_the_build_refuses_when_a_protected_rule_is_switched_off(example):
    from conftest import run_cli

    SCRIPT_CASE.apply(example)
    _set_rule(example, "unsafe-markup", "off")
    result = run_cli("build", "--config", str(example / "mkdocs.yml"))
    assert result.exit_code == 1
    assert "[protected-rule]" in result.output and "[unsafe-markup]" in result.output
    assert not (example / "site").exists()


def test_other_rules_can_still_be_changed(example):
    _set_rule(example, "explanation-section-missing", "warning")
    assert not [f for f in run_checks(example / "mkdocs.yml").findings if f.rule == "protected-rule"]
