"""Does every rule have a test that notices when it breaks? Switch each rule off in turn and see.

For each rule id in ``generator.check.RULE_IDS`` this runs the non-browser tests that name the
rule, with the rule switched off (``SAFETY_CENTER_MUTATE_RULE``, read by tests/conftest.py: the
rule's findings are dropped, as if the rule were gone). A rule "survives" when those tests still
pass, or when no test names it: then nothing would notice it breaking.

    python tools/rule_mutation.py            # every rule
    python tools/rule_mutation.py RULE...    # some rules

Prints one line per rule and, last, how many survived; exits 1 if any did.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"


def tests_naming(rule: str) -> list[Path]:
    """The test files that mention the rule id (as a quoted string)."""
    quoted = (f'"{rule}"', f"'{rule}'")
    return sorted(path for path in TESTS.rglob("test_*.py")
                  if any(q in path.read_text(encoding="utf-8") for q in quoted))


def caught(rule: str, files: list[Path]) -> bool:
    """Whether the tests fail with the rule switched off."""
    env = dict(os.environ, SAFETY_CENTER_MUTATE_RULE=rule, PYTHONPATH=str(REPO))
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-m", "not browser", "-p", "no:cacheprovider",
               *map(str, files)]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    return result.returncode == 1  # 1: tests failed; 0: all passed; others: could not run


def main(rules: list[str]) -> int:
    sys.path.insert(0, str(REPO))
    from generator.check import RULE_IDS

    survivors = []
    for rule in rules or sorted(RULE_IDS):
        files = tests_naming(rule)
        verdict = "caught" if files and caught(rule, files) else "SURVIVED"
        if verdict == "SURVIVED":
            survivors.append(rule)
        print(f"{verdict:8} {rule} ({len(files)} test file(s))", flush=True)
    print(f"{len(survivors)} of {len(rules or RULE_IDS)} rule(s) survived: {', '.join(survivors) or 'none'}")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
