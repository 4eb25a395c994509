"""Load: read mkdocs.yml, content/ and locales/ into a typed ``Project``.

Nothing here stops at the first problem: a record that does not validate becomes
findings (file, line, what is wrong, how to fix it) and loading goes on, so that
an editor sees every problem in one run.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..model.catalog import LocaleCatalog, catalog_path
from ..model.findings import Finding, Severity, SourceLocation, did_you_mean
from ..model.project import Project
from ..model.records import (
    LOADER_KEYS,
    Resource,
    Safeguard,
    SiteConfig,
)
from .catalogs import read_catalog
from .pages import load_pages
from .paths import relative
from .yamlfile import LineDict, YamlProblem, line_of, parse_yaml

CONFIG_SECTION = "safety_center"
RECORD_SUFFIXES = (".yml", ".yaml")


@dataclass
class LoadResult:
    project: Project | None
    findings: list[Finding]


def load_project(config_file: Path) -> LoadResult:
    """Read a whole project. ``project`` is None only when mkdocs.yml itself is unusable."""
    config_file = config_file.resolve()
    root = config_file.parent
    findings: list[Finding] = []
    config = _load_config(config_file, root, findings)
    if config is None:
        return LoadResult(None, findings)
    base = Project(root=root, config_file=config_file, config=config)  # where things are, for the loaders
    project = replace(
        base,
        safeguards=_load_records(base, "safeguards", Safeguard, findings),
        resources=_load_records(base, "resources", Resource, findings),
        pages=tuple(load_pages(base.content_dir, root, config.locale_codes, CONFIG_SECTION, findings)),
        catalogs=_load_catalogs(base, findings),
    )
    return LoadResult(project, findings)


# -- mkdocs.yml --------------------------------------------------------------------


def _load_config(config_file: Path, root: Path, findings: list[Finding]) -> SiteConfig | None:
    name = relative(root, config_file)
    if not config_file.is_file():
        findings.append(
            Finding("config-missing", Severity.ERROR, SourceLocation(name, 1),
                    "no mkdocs.yml here", "run in the project folder, or pass --config PATH")
        )
        return None
    data = _read_yaml(config_file, name, findings, tolerate_tags=True)
    if data is None:
        return None
    if not isinstance(data, dict) or not isinstance(data.get(CONFIG_SECTION), dict):
        findings.append(
            Finding("config-invalid", Severity.ERROR, SourceLocation(name, 1),
                    f"mkdocs.yml has no '{CONFIG_SECTION}:' section",
                    f"add '{CONFIG_SECTION}:' with default_locale and locales (see README)")
        )
        return None
    section = data[CONFIG_SECTION]
    values = dict(section, site_name=data.get("site_name"), site_url=data.get("site_url"),
                  markdown_extensions=data.get("markdown_extensions") or [])
    if values["site_name"] is None:
        del values["site_name"]
    return _validate(SiteConfig, values, data, name, findings, prefix=(CONFIG_SECTION,),
                     top_level={"site_name", "site_url", "markdown_extensions"})


# -- records -----------------------------------------------------------------------


def _load_records(project: Project, folder: str, model: type[BaseModel], findings: list[Finding]) -> dict:
    records: dict = {}
    directory = project.content_dir / folder
    if not directory.is_dir():
        return records
    for path in sorted(directory.iterdir()):
        if path.suffix not in RECORD_SUFFIXES:
            continue
        name = relative(project.root, path)
        data = _read_yaml(path, name, findings)
        if data is None:
            continue
        if not isinstance(data, LineDict):
            findings.append(Finding("record-invalid", Severity.ERROR, SourceLocation(name, 1),
                                    "a record file must be a mapping of keys to values",
                                    "start each line with 'key: value'"))
            continue
        for key in LOADER_KEYS & data.keys():
            hint = "the id is the file name" if key == "id" else "this key is reserved"
            findings.append(Finding("unknown-key", Severity.ERROR,
                                    SourceLocation(name, data.key_lines[key]),
                                    f"'{key}' cannot be set in a record", f"remove it: {hint}"))
        values = {k: v for k, v in data.items() if k not in LOADER_KEYS}
        values.update(id=path.stem, origin=SourceLocation(name, 1), field_lines=dict(data.key_lines))
        record = _validate(model, values, data, name, findings)
        if record is None:
            continue
        if record.id in records:
            findings.append(Finding("duplicate-id", Severity.ERROR, SourceLocation(name, 1),
                                    f"id '{record.id}' is already used by {records[record.id].origin.file}",
                                    "rename one of the files: the file name is the id"))
            continue
        records[record.id] = record
    return records


# -- catalogs ----------------------------------------------------------------------


def _load_catalogs(project: Project, findings: list[Finding]) -> dict[str, LocaleCatalog]:
    catalogs: dict[str, LocaleCatalog] = {}
    for code in project.config.locale_codes:
        if code == project.default_locale:
            catalogs[code] = LocaleCatalog.empty(code)  # the source language translates nothing
            continue
        path = catalog_path(project.locales_dir, code)
        name = relative(project.root, path)
        # A missing or unreadable catalog reads as empty: check then names what is untranslated.
        result = read_catalog(path, code, name) if path.is_file() else []
        if isinstance(result, list):
            findings.extend(result)
            result = LocaleCatalog.empty(code, name)
        catalogs[code] = result
    return catalogs


# -- shared helpers ----------------------------------------------------------------


def _read_text(path: Path, name: str, findings: list[Finding]) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        findings.append(Finding("encoding", Severity.ERROR, SourceLocation(name, 1),
                                f"not UTF-8 text ({error.reason})", "save the file as UTF-8"))
        return None


def _read_yaml(path: Path, name: str, findings: list[Finding], tolerate_tags: bool = False) -> Any:
    text = _read_text(path, name, findings)
    if text is None:
        return None
    data = parse_yaml(text, tolerate_tags=tolerate_tags)
    if isinstance(data, YamlProblem):
        findings.append(Finding("yaml-syntax", Severity.ERROR, SourceLocation(name, data.line),
                                data.message, "check indentation and quoting on that line"))
        return None
    return data


def _validate(model: type[BaseModel], values: dict, data: Any, name: str, findings: list[Finding],
              prefix: tuple = (), top_level: frozenset | set = frozenset()):
    """Validate ``values`` against ``model``; turn each pydantic error into a finding."""
    try:
        return model.model_validate(values)
    except ValidationError as error:
        for problem in error.errors():
            loc = tuple(problem["loc"])
            path = loc if loc[:1] and loc[0] in top_level else prefix + loc
            line = line_of(data, path) or 1
            findings.append(_finding_for(model, problem, loc, SourceLocation(name, line)))
        return None


def _finding_for(model: type[BaseModel], problem: dict, loc: tuple, where: SourceLocation) -> Finding:
    kind = problem["type"]
    field_path = ".".join(str(step) for step in loc) or model.__name__
    if kind == "extra_forbidden":
        key = loc[-1]
        known = _known_keys(model, loc[:-1])
        hint = did_you_mean(key, known) or f"known keys: {', '.join(sorted(known))}"
        return Finding("unknown-key", Severity.ERROR, where, f"unknown key '{key}'", hint)
    if kind == "missing":
        return Finding("missing-key", Severity.ERROR, where, f"'{field_path}' is required",
                       f"add '{loc[-1]}:' to the record")
    choices = _literal_choices(model, loc)
    given = problem.get("input")
    if choices and isinstance(given, str):
        hint = did_you_mean(given, choices) or f"use one of: {', '.join(choices)}"
        return Finding("invalid-value", Severity.ERROR, where,
                       f"'{field_path}': '{given}' is not allowed", hint)
    message = problem["msg"].removeprefix("Value error, ")
    return Finding("invalid-value", Severity.ERROR, where, f"'{field_path}': {message}",
                   _hint_for(kind, problem))


def _hint_for(kind: str, problem: dict) -> str:
    if kind == "string_pattern_mismatch":
        pattern = problem.get("ctx", {}).get("pattern", "")
        if pattern.startswith("^https://"):
            return "use a full https:// address"
        return f"the value must match {pattern}"
    if kind.startswith("date"):
        return "write dates as YYYY-MM-DD"
    if kind in ("list_type", "too_short"):
        return "write a list: one '- item' per line"
    return "see the record reference in README"


def _annotation_at(model: type[BaseModel], path: tuple):
    """The type annotation at a pydantic error location, walking models and lists."""
    annotation: Any = model
    for step in path:
        annotation = _unwrap(annotation)
        if isinstance(step, int):
            args = typing.get_args(annotation)
            annotation = args[0] if args else None
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(step)
            annotation = info.annotation if info else None
        else:
            return None
    return _unwrap(annotation)


def _unwrap(annotation):
    """Strip Annotated and Optional so the underlying model, list or Literal shows."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(options) == 1:
                annotation = options[0]
                continue
        return annotation


def _known_keys(model: type[BaseModel], path: tuple) -> list[str]:
    annotation = _annotation_at(model, path)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [name for name in annotation.model_fields if name not in LOADER_KEYS]
    return []


def _literal_choices(model: type[BaseModel], path: tuple) -> list[str]:
    annotation = _annotation_at(model, path)
    if typing.get_origin(annotation) is list:
        annotation = _unwrap(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) is typing.Literal:
        return [str(choice) for choice in typing.get_args(annotation)]
    return []
