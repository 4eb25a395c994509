"""``safety-center migrate``: rewrite a project's record files in the current record format.

Only the renamed words change (the table in ``load.record_format``): every other
character of a file, its comments, key order, quoting and indentation, stays as
it was. The edits are made at the exact place YAML's parser found each word,
so the change is as small as a hand edit and reads well in a diff. (A YAML
round-trip library would keep comments too, but re-indents and re-quotes what it
writes; this needs no new dependency.) The catalogs follow: a translated step
keeps its translation under its new message context.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..load.files import FileKind, list_files, read_text
from ..load.paths import relative
from ..load.record_format import SAFEGUARD_RENAMES, Renamed
from ..model.findings import Finding

RECORD_SUFFIXES = (".yml", ".yaml")
#: The message context of a translated child's step, as the old format named it.
_OLD_STEP_CONTEXT = re.compile(r'^(msgctxt "safeguard/[a-z0-9-]+/steps/)teen(")', re.MULTILINE)


@dataclass
class Migration:
    """What ``migrate_project`` changed, and what it could not read or left alone."""

    changed: dict[str, int] = field(default_factory=dict)  # project-relative file -> words renamed
    left: list[str] = field(default_factory=list)  # why a file or word was left as it was
    findings: list[Finding] = field(default_factory=list)  # files that could not be read


def migrate_project(root: Path) -> Migration:
    """Rename the old record words in every safeguard record and catalog under ``root``."""
    migration = Migration()
    safeguards = root / "content" / "safeguards"
    if safeguards.is_dir():
        for path in list_files(root, safeguards, RECORD_SUFFIXES, migration.findings, recursive=False):
            _rewrite(root, path, FileKind.RECORD, lambda text, name: _migrate_record(text, name, migration),
                     migration)
    locales = root / "locales"
    if locales.is_dir():
        for path in list_files(root, locales, (".po", ".pot"), migration.findings, recursive=True):
            _rewrite(root, path, FileKind.CATALOG, lambda text, _: _OLD_STEP_CONTEXT.subn(r"\1child\2", text),
                     migration)
    return migration


def _rewrite(root: Path, path: Path, kind: FileKind, migrate, migration: Migration) -> None:
    text = read_text(root, path, kind, migration.findings)
    if text is None:
        return
    name = relative(root, path)
    new_text, count = migrate(text, name)
    if count:
        path.write_text(new_text, encoding="utf-8")
        migration.changed[name] = count


def migrate_record_text(text: str) -> tuple[str, int, list[str]]:
    """A safeguard record's text in the current format, how many words were renamed, and what was left.

    >>> migrate_record_text("steps:\\n  teen: [Say no]  # keep\\nage_rules:\\n  - changed_by: [teen, parent]\\n")[:2]
    ('steps:\\n  child: [Say no]  # keep\\nage_rules:\\n  - changed_by: [child, parent]\\n', 2)
    """
    try:
        document = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        return text, 0, [f"not migrated: its YAML cannot be read ({error.__class__.__name__}); fix it first"]
    edits: list[tuple[int, int, str]] = []
    left: list[str] = []
    for renamed in SAFEGUARD_RENAMES:
        for container in _nodes_at(document, renamed.path):
            edits += _edits_in(container, renamed, left)
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text, len(edits), left


def _migrate_record(text: str, name: str, migration: Migration) -> tuple[str, int]:
    new_text, count, left = migrate_record_text(text)
    migration.left += [f"{name}: {reason}" for reason in left]
    return new_text, count


def _edits_in(node: yaml.Node, renamed: Renamed, left: list[str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, new text) for each old word of ``renamed`` directly inside ``node``."""
    if renamed.is_key and isinstance(node, yaml.MappingNode):
        keys = [key for key, _ in node.value if isinstance(key, yaml.ScalarNode)]
        if any(key.value == renamed.new for key in keys):
            if any(key.value == renamed.old for key in keys):
                left.append(f"'{renamed.describe()}' kept: '{renamed.new}' is set beside it; remove one by hand")
            return
        scalars = [key for key in keys if key.value == renamed.old]
    elif not renamed.is_key and isinstance(node, yaml.SequenceNode):
        scalars = [item for item in node.value if isinstance(item, yaml.ScalarNode) and item.value == renamed.old]
    else:
        return
    for scalar in scalars:
        quote = scalar.style if scalar.style in ("'", '"') else ""
        yield scalar.start_mark.index, scalar.end_mark.index, f"{quote}{renamed.new}{quote}"


def _nodes_at(node: yaml.Node | None, path: tuple[str, ...]) -> Iterator[yaml.Node]:
    """The nodes at ``path`` (mapping keys; ``"*"`` is every item of a sequence)."""
    if node is None:
        return
    if not path:
        yield node
        return
    step, rest = path[0], path[1:]
    if step == "*" and isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _nodes_at(item, rest)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == step:
                yield from _nodes_at(value, rest)
