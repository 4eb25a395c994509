"""Does every rule have a test that notices when it breaks? Switch each rule off in turn and see.

For each rule id in ``generator.check.RULE_IDS`` this runs the non-browser tests that name the
rule (the test functions, or the file where only a module-level table does), with the rule
switched off (``SAFETY_CENTER_MUTATE_RULE``, read by tests/conftest.py: the rule's findings are
dropped, as if the rule were gone). A rule "survives" when those tests still
pass, or when no test names it: then nothing would notice it breaking.

    python tools/rule_mutation.py            # every rule
    python tools/rule_mutation.py RULE...    # some rules

Prints one line per rule and, last, how many survived; exits 1 if any did.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"


def tests_naming(rule: str) -> list[str]:
    """The tests that mention the rule id (as a quoted string): test functions where they do,
    or the whole file where only its module-level tables do."""
    quoted = (f'"{rule}"', f"'{rule}'")
    selected = []
    for path in sorted(TESTS.rglob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        if not any(q in text for q in quoted):
            continue
        lines = text.splitlines()
        functions = [node.name for node in ast.parse(text).body
                     if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
                     and any(q in _source_with_decorators(lines, node) for q in quoted)]
        relative = path.relative_to(REPO).as_posix()
        selected += [f"{relative}::{name}" for name in functions] or [relative]
    return selected


def _source_with_decorators(lines: list[str], node: ast.FunctionDef) -> str:
    """A test function's text with its decorators: a parametrize table may be what names the rule."""
    first = min([node.lineno, *(decorator.lineno for decorator in node.decorator_list)])
    return "\n".join(lines[first - 1:node.end_lineno])


def caught(rule: str, tests: list[str]) -> bool:
    """Whether the tests fail with the rule switched off."""
    env = dict(os.environ, SAFETY_CENTER_MUTATE_RULE=rule, PYTHONPATH=str(REPO))
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-m", "not browser", "-p", "no:cacheprovider",
               *tests]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    return result.returncode == 1  # 1: tests failed; 0: all passed; others: could not run


def main(rules: list[str]) -> int:
    sys.path.insert(0, str(REPO))
    from generator.check import RULE_IDS

    survivors = []
    for rule in rules or sorted(RULE_IDS):
        tests = tests_naming(rule)
        verdict = "caught" if tests and caught(rule, tests) else "SURVIVED"
        if verdict == "SURVIVED":
            survivors.append(rule)
        print(f"{verdict:8} {rule} ({len(tests)} test(s) or file(s))", flush=True)
    print(f"{len(survivors)} of {len(rules or RULE_IDS)} rule(s) survived: {', '.join(survivors) or 'none'}")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
