"""The record format's renamed keys and values, and how an old record is still read.

Issue 10 made the format name roles, not one audience: ``teen`` became ``child``.
A record written in the old words is read as if it used the new ones, with a
``deprecated-key`` warning at each old word that names its replacement;
``safety-center migrate`` (editor.migrate) rewrites the files with the same table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..model.findings import Finding, Severity, SourceLocation
from .yamlfile import LineDict, LineList


@dataclass(frozen=True)
class Renamed:
    """One old word of a safeguard record and the word that replaces it.

    ``path`` leads to the mapping that holds the key (``"*"`` is every item of a
    list); for a renamed value, to the list whose items are renamed.
    """

    path: tuple[str, ...]
    old: str
    new: str
    is_key: bool

    def describe(self) -> str:
        where = ".".join(step if step != "*" else "[]" for step in self.path).replace(".[]", "[]")
        return f"{where}.{self.old}" if self.is_key else f"{where}: {self.old}"


#: Old -> new, for safeguard records (the README and CHANGELOG show the same table).
SAFEGUARD_RENAMES: tuple[Renamed, ...] = (
    Renamed(("steps",), "teen", "child", is_key=True),
    Renamed(("age_rules", "*"), "teen_notified", "child_notified", is_key=True),
    Renamed(("age_rules", "*", "changed_by"), "teen", "child", is_key=False),
    Renamed(("age_rules", "*", "changed_by"), "teen-with-approval", "child-with-approval", is_key=False),
)


def read_old_words(data: LineDict, file: str, findings: list[Finding]) -> LineDict:
    """A safeguard's data with its old keys and values in the new words (renamed in place, lines kept),
    and a warning for each old word."""
    for renamed in SAFEGUARD_RENAMES:
        for container in _containers(data, renamed.path):
            if renamed.is_key and isinstance(container, LineDict):
                _rename_key(container, renamed, file, findings)
            elif not renamed.is_key and isinstance(container, LineList):
                _rename_items(container, renamed, file, findings)
    return data


def _rename_key(mapping: LineDict, renamed: Renamed, file: str, findings: list[Finding]) -> None:
    if renamed.old not in mapping:
        return
    line = mapping.key_lines[renamed.old]
    if renamed.new in mapping:  # both written: the new one wins; the old one is only reported
        findings.append(_warning(file, line, f"'{renamed.old}' is the old name of '{renamed.new}', which is "
                                 "also set here; the old one is ignored", f"remove '{renamed.old}'"))
        del mapping[renamed.old]
        return
    findings.append(_warning(file, line, f"'{renamed.old}' is now called '{renamed.new}'",
                             f"rename it to '{renamed.new}' (safety-center migrate does it for every record)"))
    # Rebuild in the same order, so that later findings and messages keep the file's order.
    items = [(renamed.new if key == renamed.old else key, value) for key, value in mapping.items()]
    lines = {(renamed.new if key == renamed.old else key): at for key, at in mapping.key_lines.items()}
    mapping.clear()
    mapping.update(items)
    mapping.key_lines = lines


def _rename_items(items: LineList, renamed: Renamed, file: str, findings: list[Finding]) -> None:
    for index, value in enumerate(items):
        if value == renamed.old:
            findings.append(_warning(
                file, items.item_lines[index], f"the value '{renamed.old}' is now written '{renamed.new}'",
                f"write '{renamed.new}' (safety-center migrate does it for every record)"))
            items[index] = renamed.new


def _containers(data: Any, path: tuple[str, ...]) -> Iterator[Any]:
    """The values at ``path`` inside ``data``; ``"*"`` steps into every item of a list."""
    if not path:
        yield data
        return
    step, rest = path[0], path[1:]
    if step == "*":
        if isinstance(data, list):
            for item in data:
                yield from _containers(item, rest)
    elif isinstance(data, dict) and step in data:
        yield from _containers(data[step], rest)


def _warning(file: str, line: int, message: str, hint: str) -> Finding:
    return Finding("deprecated-key", Severity.WARNING, SourceLocation(file, line), message, hint)
