"""Findings: what the loader and the checker report, and how they are shown."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from difflib import get_close_matches
from enum import Enum
from itertools import groupby
from pathlib import PurePosixPath
from collections.abc import Iterable


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class SourceLocation:
    """A place in a project file: path relative to the project root, 1-based line."""

    file: str
    line: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Finding:
    """One problem: which rule, how bad, where, what is wrong and how to fix it."""

    rule: str
    severity: Severity
    location: SourceLocation
    message: str
    hint: str = ""

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["file"], data["line"] = self.location.file, self.location.line
        del data["location"]
        return data


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A "did you mean 'x'?" hint for the closest choice, or "" when none is close.

    >>> did_you_mean("age_rule", ["age_rules", "availability", "sources"])
    "did you mean 'age_rules'?"
    >>> did_you_mean("platform", ["age_rules", "availability", "sources"])
    ''
    """
    close = get_close_matches(str(word), [str(choice) for choice in choices], n=1, cutoff=0.5)
    return f"did you mean '{close[0]}'?" if close else ""


def has_errors(findings: Iterable[Finding], *, strict: bool = False) -> bool:
    """Whether findings should fail a run: any error, or with ``strict`` any finding."""
    return any(strict or f.severity is Severity.ERROR for f in findings)


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.location, f.rule, f.message))


def format_text(findings: Iterable[Finding]) -> str:
    """Findings for people: grouped by file, one line each, the hint beneath."""
    findings = sorted_findings(findings)
    lines: list[str] = []
    for file, group in groupby(findings, key=lambda f: f.location.file):
        lines.append(str(PurePosixPath(file)))
        for f in group:
            lines.append(f"  {f.location}: {f.severity.value} [{f.rule}] {f.message}")
            if f.hint:
                lines.append(f"      hint: {f.hint}")
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    lines.append(f"{errors} error(s), {warnings} warning(s)" if findings else "No problems found.")
    return "\n".join(lines)


def format_json(findings: Iterable[Finding]) -> str:
    """Findings for tools: a JSON object with a list of findings and counts."""
    findings = sorted_findings(findings)
    errors = sum(f.severity is Severity.ERROR for f in findings)
    return json.dumps(
        {
            "findings": [f.to_dict() for f in findings],
            "errors": errors,
            "warnings": len(findings) - errors,
        },
        ensure_ascii=False,
        indent=2,
    )
