"""Editors' schemas: the project's copy of the record schemas describes the records this version reads.

Editors' tools complete and validate record files with the schemas in ``schemas/``
(each record's first line names its schema). After an upgrade of the generator the
models may have changed (a new key, a renamed value): a stale copy would then mark
right records wrong, or wrong ones right, while the editor types.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from ..load.files import FileKind, read_text
from ..model.findings import Finding, Severity, SourceLocation
from ..model.project import Project
from ..model.schema import SCHEMA_DIR, record_schemas, schema_text

RULE_IDS = {
    "schema-outdated": "the project's schemas/ differ from the record schemas of this generator version",
}


@functools.cache
def _current_schemas() -> dict[str, str]:
    """Each schema file's text as this version's models generate it (the same for every project)."""
    return {name: schema_text(schema) for name, schema in record_schemas().items()}


def schemas_are_current(project: Project) -> Iterable[Finding]:
    """When the project keeps ``schemas/``, each schema file there is the one the models generate."""
    folder = project.root / SCHEMA_DIR
    if not folder.is_dir():
        return
    for name, current in _current_schemas().items():
        path = folder / name
        where = SourceLocation(f"{SCHEMA_DIR}/{name}", 1)
        if not path.is_file():
            yield Finding("schema-outdated", Severity.WARNING, where,
                          f"{SCHEMA_DIR}/ has no {name}: editors get no completion or validation for these records",
                          "run 'safety-center schema' and commit the result")
            continue
        problems: list[Finding] = []
        text = read_text(project.root, path, FileKind.SCHEMA, problems)
        if text is None:
            yield from problems
        elif text != current:
            yield Finding("schema-outdated", Severity.WARNING, where,
                          f"{SCHEMA_DIR}/{name} is not the schema this version of the generator reads records "
                          "with: editors' completion and validation follow the old one",
                          "run 'safety-center schema' and commit the result")
