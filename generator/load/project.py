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
from pydantic_core import ErrorDetails

from ..model.catalog import LocaleCatalog, catalog_path
from ..model.findings import Finding, Severity, SourceLocation, did_you_mean
from ..model.project import SOURCE_VERSIONS_FOLDER, Project
from ..model.records import (
    LOADER_KEYS,
    Platform,
    Resource,
    Safeguard,
    SiteConfig,
)
from .catalogs import interface_catalog, read_catalog
from .config import plain, read_mkdocs_yml
from .files import (
    FileKind,
    display_name,
    link_leading_out,
    list_files,
    read_text,
    report_links_leading_out,
)
from .languages import is_known_language, known_language_codes
from .pages import load_pages
from .paths import relative
from .record_format import read_old_words
from .yamlfile import LineDict, LineList, YamlProblem, line_of, parse_yaml

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
    loaded_config = _load_config(config_file, root, findings)
    if loaded_config is None:
        return LoadResult(None, findings)
    config, mkdocs_config, locations = loaded_config
    base = Project(root=root, config_file=config_file, config=config, mkdocs_config=mkdocs_config,
                   rule_locations=locations.rules, section_locations=locations.sections)
    unreadable: set[str] = set()
    project = replace(
        base,
        safeguards=_load_records(base, "safeguards", Safeguard, findings, unreadable),
        resources=_load_records(base, "resources", Resource, findings, unreadable),
        platforms=_load_records(base, "platforms", Platform, findings, unreadable),
        pages=tuple(load_pages(base.content_dir, root, config.locale_codes, CONFIG_SECTION, findings)),
        catalogs=_load_catalogs(base, findings),
        unreadable_records=frozenset(unreadable),
    )
    if project.overrides_dir is not None:
        report_links_leading_out(root, project.overrides_dir, findings)
    return LoadResult(project, findings)


# -- mkdocs.yml --------------------------------------------------------------------


@dataclass(frozen=True)
class _ConfigLocations:
    """Where settings are written in mkdocs.yml, for findings about them."""

    rules: dict[str, SourceLocation]  # each safety_center.rules setting
    sections: tuple[SourceLocation, ...]  # each safety_center.explanation_sections entry


def _load_config(config_file: Path, root: Path,
                 findings: list[Finding]) -> tuple[SiteConfig, dict, _ConfigLocations] | None:
    """The site's settings (the ``safety_center`` section), all of mkdocs.yml resolved, and where
    rule settings and required sections are written."""
    name = relative(root, config_file)
    if not config_file.is_file():
        findings.append(
            Finding("config-missing", Severity.ERROR, SourceLocation(name, 1),
                    "no mkdocs.yml here",
                    "run in the project folder, or pass --config PATH; to start a new center: safety-center init")
        )
        return None
    read = read_mkdocs_yml(config_file, root, findings)
    if read is None:
        return None
    data = read.data
    if not isinstance(data.get(CONFIG_SECTION), dict):
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
    config = _validate(SiteConfig, values, data, read.section_file, findings, prefix=(CONFIG_SECTION,),
                       top_level={"site_name", "site_url", "markdown_extensions"})
    config = _known_languages(config, section, read.section_file, findings)
    if config is None:
        return None
    config = _organisation_files(config, root, section, read.section_file, findings)
    rule_locations = {rule_id: SourceLocation(read.section_file, line_of(section, ("rules", rule_id)) or 1)
                      for rule_id in config.rules}
    section_locations = tuple(
        SourceLocation(read.section_file, line_of(section, ("explanation_sections", index)) or 1)
        for index in range(len(config.explanation_sections)))
    return config, plain(data), _ConfigLocations(rule_locations, section_locations)


def _organisation_files(config: SiteConfig, root: Path, section: LineDict, name: str,
                        findings: list[Finding]) -> SiteConfig:
    """The organisation's logo and favicon are image files inside the project; one that is not is
    reported at its line and left out, so that no build publishes it."""
    organisation = config.organisation
    if organisation is None:
        return config
    dropped: dict[str, None] = {}
    for key in ("logo", "favicon"):
        value = getattr(organisation, key)
        if value is None:
            continue
        path = root / value
        where = SourceLocation(name, line_of(section, ("organisation", key)) or 1)
        if link_leading_out(root, path) is not None or not path.resolve().is_relative_to(root.resolve()):
            findings.append(Finding("path-outside", Severity.ERROR, where,
                                    f"organisation {key} '{value}' leads out of the project; it is not published",
                                    "keep the image inside the project folder"))
        elif not path.is_file():
            findings.append(Finding("organisation-file", Severity.ERROR, where,
                                    f"organisation {key} '{value}' is not a file in the project",
                                    "give the image's path relative to mkdocs.yml, such as assets/logo.png"))
        elif path.stat().st_size > MAX_IMAGE_BYTES:
            findings.append(Finding("organisation-file", Severity.ERROR, where,
                                    f"organisation {key} '{value}' is over {MAX_IMAGE_BYTES // 1024} KB",
                                    "use a smaller image: every page loads it"))
        else:
            continue
        dropped[key] = None
    if not dropped:
        return config
    return config.model_copy(update={"organisation": organisation.model_copy(update=dropped)})


#: How large a logo or favicon may be.
MAX_IMAGE_BYTES = 512 * 1024


def _known_languages(config: SiteConfig | None, section: LineDict, name: str,
                     findings: list[Finding]) -> SiteConfig | None:
    """Every locale code names a language Babel (CLDR) has; else a finding at the code's line."""
    if config is None:
        return None
    problems = []
    for index, locale in enumerate(config.locales):
        if not is_known_language(locale.code):
            line = line_of(section, ("locales", index, "code")) or 1
            problems.append(Finding(
                "unknown-language", Severity.ERROR, SourceLocation(name, line),
                f"locale code '{locale.code}' is well-formed but names no language CLDR knows",
                did_you_mean(locale.code, known_language_codes()) or "use a code such as da, nb, fi or pt_BR",
            ))
    findings.extend(problems)
    return None if problems else config


# -- records -----------------------------------------------------------------------


def _load_records(project: Project, folder: str, model: type[BaseModel], findings: list[Finding],
                  unreadable: set[str]) -> dict:
    """The records of one kind by id; the ids of files that could not be read go into ``unreadable``."""
    records: dict = {}
    directory = project.content_dir / folder
    if not directory.is_dir():
        return records
    for path in list_files(project.root, directory, RECORD_SUFFIXES, findings, recursive=False):
        name = relative(project.root, path)
        known_problems = len(findings)
        data = _read_yaml(project.root, path, FileKind.RECORD, findings)
        if data is None:
            if len(findings) == known_problems:  # read fine, and holds nothing
                findings.append(Finding("record-invalid", Severity.ERROR, SourceLocation(name, 1),
                                        "the record file is empty",
                                        "fill it in (see README, Records), or delete the file"))
            unreadable.add(f"{folder}/{path.stem}")
            continue
        if not isinstance(data, LineDict):
            findings.append(Finding("record-invalid", Severity.ERROR, SourceLocation(name, 1),
                                    "a record file must be a mapping of keys to values",
                                    "start each line with 'key: value'"))
            unreadable.add(f"{folder}/{path.stem}")
            continue
        for key in LOADER_KEYS & data.keys():
            hint = "the id is the file name" if key == "id" else "this key is reserved"
            findings.append(Finding("unknown-key", Severity.ERROR,
                                    SourceLocation(name, data.key_lines[key]),
                                    f"'{key}' cannot be set in a record", f"remove it: {hint}"))
        if model is Safeguard:
            data = read_old_words(data, name, findings)
        values = {k: v for k, v in data.items() if k not in LOADER_KEYS}
        values.update(id=path.stem, origin=SourceLocation(name, 1), field_lines=_field_lines(data))
        record = _validate(model, values, data, name, findings,
                           context={"setting_values": project.config.setting_values_allowed})
        if record is None:
            unreadable.add(f"{folder}/{path.stem}")
            continue
        if record.id in records:
            findings.append(Finding("duplicate-id", Severity.ERROR, SourceLocation(name, 1),
                                    f"id '{record.id}' is already used by {records[record.id].origin.file}",
                                    "rename one of the files: the file name is the id"))
            continue
        records[record.id] = record
    return records


def _field_lines(data: LineDict, prefix: str = "") -> dict[str, int]:
    """The line of each key, of each item of a list value as "key[index]", and of keys inside
    those items as "key[index].inner" (so a finding about a source's url points at the url)."""
    lines = {f"{prefix}{key}": line for key, line in data.key_lines.items()}
    for key, value in data.items():
        if isinstance(value, LineList):
            for index, (item, line) in enumerate(zip(value, value.item_lines, strict=True)):
                lines[f"{prefix}{key}[{index}]"] = line
                if isinstance(item, LineDict):
                    lines.update(_field_lines(item, f"{prefix}{key}[{index}]."))
        elif isinstance(value, LineDict):
            lines.update(_field_lines(value, f"{prefix}{key}."))
    return lines


# -- catalogs ----------------------------------------------------------------------


def _load_catalogs(project: Project, findings: list[Finding]) -> dict[str, LocaleCatalog]:
    catalogs: dict[str, LocaleCatalog] = {}
    codes = project.config.locale_codes
    folders = sorted(project.locales_dir.iterdir()) if project.locales_dir.is_dir() else []
    for folder in folders:
        if (folder.is_dir() and folder.name not in codes and not folder.name.startswith(".")
                and folder.name != SOURCE_VERSIONS_FOLDER):
            findings.append(Finding(
                "unknown-locale", Severity.WARNING, SourceLocation(relative(project.root, folder), 1),
                f"catalog folder '{folder.name}' is not a configured locale; its translations are not used",
                did_you_mean(folder.name, codes)
                or f"add it to {CONFIG_SECTION}.locales in mkdocs.yml (safety-center locale add), or remove the folder",
            ))
    for code in project.config.locale_codes:
        path = catalog_path(project.locales_dir, code)
        name = relative(project.root, path)
        # A missing or unreadable catalog reads as empty: check then names what is untranslated.
        # The default locale's catalog is optional: it holds only the interface words the project overrides.
        catalog = read_catalog(project.root, path, code, findings) if path.is_file() else None
        if catalog is None:
            catalog = LocaleCatalog.empty(code, name)
        catalog.interface = interface_catalog(code)
        catalogs[code] = catalog
    return catalogs


# -- shared helpers ----------------------------------------------------------------


def _read_yaml(root: Path, path: Path, kind: FileKind, findings: list[Finding]) -> Any:
    text = read_text(root, path, kind, findings)
    if text is None:
        return None
    data = parse_yaml(text)
    if isinstance(data, YamlProblem):
        findings.append(Finding("yaml-syntax", Severity.ERROR, SourceLocation(display_name(root, path), data.line),
                                data.message, "check indentation and quoting on that line"))
        return None
    return data


def _validate(model: type[BaseModel], values: dict, data: Any, name: str, findings: list[Finding],
              prefix: tuple = (), top_level: frozenset | set = frozenset(), context: dict | None = None):
    """Validate ``values`` against ``model``; turn each pydantic error into a finding."""
    try:
        return model.model_validate(values, context=context)
    except ValidationError as error:
        for problem in error.errors():
            loc = tuple(problem["loc"])
            path = loc if loc[:1] and loc[0] in top_level else prefix + loc
            line = line_of(data, path) or 1
            findings.append(_finding_for(model, problem, loc, SourceLocation(name, line)))
        return None


def _finding_for(model: type[BaseModel], problem: ErrorDetails, loc: tuple, where: SourceLocation) -> Finding:
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
    given = problem.get("input")
    if kind == "setting_value":
        known = problem.get("ctx", {}).get("known", [])
        closest = did_you_mean(given, known)
        return Finding("invalid-value", Severity.ERROR, where, f"'{field_path}': '{given}' is not a setting value",
                       (f"{closest} " if closest else "") + f"Known values: {', '.join(known)}; or add it to "
                       f"{CONFIG_SECTION}.setting_values in mkdocs.yml")
    choices = _literal_choices(model, loc)
    if choices and isinstance(given, str):
        hint = did_you_mean(given, choices) or f"use one of: {', '.join(choices)}"
        return Finding("invalid-value", Severity.ERROR, where,
                       f"'{field_path}': '{given}' is not allowed", hint)
    message = problem["msg"].removeprefix("Value error, ")
    if kind.startswith("date") and isinstance(given, str):
        message = f"'{given}' is not a date ({problem.get('ctx', {}).get('error', message)})"
    return Finding("invalid-value", Severity.ERROR, where, f"'{field_path}': {message}",
                   _hint_for(kind, problem))


def _hint_for(kind: str, problem: ErrorDetails) -> str:
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
