"""Reading mkdocs.yml once, the way MkDocs reads it, without MkDocs and without running code.

MkDocs loads its config with PyYAML's unsafe loader plus two extensions: ``!ENV``
(environment variables, with a default) and ``INHERIT`` (a parent file, deep-merged
under this one). This module resolves both, so that ``check`` sees the config the
build uses, and the build gets the same resolved data instead of reading the file
again. Of the Python tags, only ``!!python/name:`` is kept, for names in the installed
``markdown``, ``pymdownx`` and ``material`` modules (Material's emoji and superfences
setups need them); it stays a ``PythonName`` until the build imports it. Every
other Python tag is refused with a finding and never executed.

Paths the config points at (``INHERIT``, ``theme.custom_dir``, ``pymdownx.snippets``'
``base_path``) must stay inside the project: a config file is input like any other.
"""

from __future__ import annotations

import importlib.util
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..model.findings import Finding, Severity, SourceLocation
from .files import FileKind, read_text
from .yamlfile import DuplicateKey, LineDict, LineList, _Loader

RULE_IDS = {
    "config-unsafe-tag": "mkdocs.yml uses a YAML tag that could run code, or one this tool does not read",
    "path-outside": "a path in mkdocs.yml (INHERIT, theme.custom_dir, snippets' base_path, the organisation's "
                    "logo and favicon) leads out of the project",
    "organisation-file": "the organisation's logo or favicon is not an image file in the project, or is too large",
}

#: Modules whose names ``!!python/name:`` may refer to (Markdown extensions and Material's helpers).
PYTHON_NAME_MODULES = ("markdown", "pymdownx", "material")

#: How many ``INHERIT`` parents may be chained (a cycle ends here too).
MAX_INHERIT_DEPTH = 8

_PYTHON_TAG = "tag:yaml.org,2002:python/"


@dataclass(frozen=True)
class PythonName:
    """A ``!!python/name:module.attr`` value, resolved by importing it only when the build needs it."""

    dotted: str


@dataclass
class MkDocsYml:
    """mkdocs.yml as MkDocs would see it: ``!ENV`` and ``INHERIT`` resolved.

    ``data`` keeps the lines of what was read (``LineDict``); ``section_file`` names the file
    whose lines the ``safety_center`` section carries (a parent, when only it has one).
    """

    data: LineDict
    section_file: str


def read_mkdocs_yml(config_file: Path, root: Path, findings: list[Finding]) -> MkDocsYml | None:
    """Read ``config_file`` and its ``INHERIT`` parents; None when it cannot be used at all."""
    merged = _read_with_parents(config_file, root, findings, depth=0)
    if merged is None:
        return None
    data, section_file = merged
    _check_paths(data, config_file, root, _name(root, config_file), findings)
    return MkDocsYml(data, section_file)


def plain(value: Any, _done: dict[int, Any] | None = None) -> Any:
    """The read data as plain dicts and lists (what MkDocs' own loader would give).

    A value YAML shares through an alias stays shared: a file of nested aliases is
    not expanded into an exponential copy.
    """
    done = {} if _done is None else _done
    if id(value) in done:
        return done[id(value)]
    if isinstance(value, dict):
        result: Any = done.setdefault(id(value), {})
        result.update((key, plain(item, done)) for key, item in value.items())
    elif isinstance(value, list):
        result = done.setdefault(id(value), [])
        result.extend(plain(item, done) for item in value)
    elif isinstance(value, _ConfigDir):
        result = str(value.path)
    else:
        result = value
    return result


# -- reading one file and its parents ----------------------------------------------------------


def _read_with_parents(path: Path, root: Path, findings: list[Finding], depth: int) -> tuple[LineDict, str] | None:
    name = _name(root, path)
    data = _read_one(path, root, name, findings)
    if data is None:
        return None
    section_file = name
    if "INHERIT" not in data:
        return data, section_file
    line = data.key_lines["INHERIT"]
    target = data.pop("INHERIT")
    del data.key_lines["INHERIT"]
    if not isinstance(target, str) or not target:
        findings.append(Finding("config-invalid", Severity.ERROR, SourceLocation(name, line),
                                "INHERIT must be the path of a parent config file", "write INHERIT: base.yml"))
        return data, section_file
    parent_path = (path.parent / target).resolve()
    if not _inside(parent_path, root):
        findings.append(_outside(name, line, "INHERIT", target))
        return data, section_file
    if depth >= MAX_INHERIT_DEPTH:
        findings.append(Finding("config-invalid", Severity.ERROR, SourceLocation(name, line),
                                f"INHERIT chains more than {MAX_INHERIT_DEPTH} files (or loops)",
                                "let the parent files inherit less, or not from each other"))
        return data, section_file
    if not parent_path.is_file():
        findings.append(Finding("config-invalid", Severity.ERROR, SourceLocation(name, line),
                                f"INHERIT names '{target}', which is not a file",
                                "give the parent config's path relative to this file"))
        return data, section_file
    parent = _read_with_parents(parent_path, root, findings, depth + 1)
    if parent is None:
        return None
    parent_data, parent_section_file = parent
    if "safety_center" not in data and "safety_center" in parent_data:
        section_file = parent_section_file
    return _merged(parent_data, data), section_file


def _read_one(path: Path, root: Path, name: str, findings: list[Finding]) -> LineDict | None:
    text = read_text(root, path, FileKind.CONFIG, findings)
    if text is None:
        return None
    loader = _ConfigLoader(text, path.parent)
    try:
        data = loader.get_single_data()
    except DuplicateKey as dup:
        findings.append(Finding("yaml-syntax", Severity.ERROR, SourceLocation(name, dup.line),
                                f"key '{dup.key}' appears twice (first on line {dup.first_line})",
                                "check indentation and quoting on that line"))
        return None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        findings.append(Finding("yaml-syntax", Severity.ERROR, SourceLocation(name, mark.line + 1 if mark else 1),
                                f"YAML syntax: {error.problem or error.context}",
                                "check indentation and quoting on that line"))
        return None
    except yaml.YAMLError as error:
        findings.append(Finding("yaml-syntax", Severity.ERROR, SourceLocation(name, 1), f"YAML: {error}",
                                "check indentation and quoting"))
        return None
    finally:
        loader.dispose()
    findings.extend(Finding(rule, Severity.ERROR, SourceLocation(name, line), message, hint)
                    for rule, line, message, hint in loader.problems)
    if data is None:
        data = LineDict()
        data.line, data.key_lines, data.raw_scalars = 1, {}, {}
    data = _settled(data)
    if not isinstance(data, LineDict):
        findings.append(Finding("config-invalid", Severity.ERROR, SourceLocation(name, 1),
                                "mkdocs.yml must be a mapping of keys to values", "start each line with 'key: value'"))
        return None
    return data


def _merged(parent: Any, child: Any) -> Any:
    """``child`` over ``parent`` as MkDocs merges INHERIT (mergedeep): mappings deeply, the rest replaced."""
    if not (isinstance(parent, LineDict) and isinstance(child, LineDict)):
        return child
    result = LineDict(parent)
    result.line, result.key_lines = child.line, dict(parent.key_lines)
    for key, value in child.items():
        result[key] = _merged(parent[key], value) if key in parent else value
        result.key_lines[key] = child.key_lines[key]
    return result


# -- tags -----------------------------------------------------------------------------------


class _ConfigLoader(_Loader):
    """The line-keeping safe loader, with MkDocs' tags; refused tags become problems, not values."""

    def __init__(self, stream: str, config_dir: Path) -> None:
        super().__init__(stream)
        self.config_dir = config_dir
        self.problems: list[tuple[str, int, str, str]] = []

    def refuse(self, node: yaml.Node, message: str, hint: str) -> None:
        self.problems.append(("config-unsafe-tag", node.start_mark.line + 1, message, hint))


class _BoolWord(str):
    """yes/no/on/off, unquoted: a boolean to MkDocs (YAML 1.1), a word in ``safety_center``.

    The project reads YAML as 1.2 does (``region: NO`` is Norway); MkDocs' own settings
    keep the meaning MkDocs gives them. ``_settled`` decides once the section is known.
    """

    @property
    def boolean(self) -> bool:
        return self.lower() in ("yes", "on")


def _construct_bool_word(loader: _ConfigLoader, node: yaml.ScalarNode) -> _BoolWord:
    return _BoolWord(loader.construct_scalar(node))


def _settled(value: Any, in_section: bool = False, _seen: set[int] | None = None) -> Any:
    """Turn each ``_BoolWord`` into a bool (MkDocs' settings) or a plain string (``safety_center``).

    Each mapping and list is visited once, however often aliases repeat it.
    """
    if isinstance(value, _BoolWord):
        return str(value) if in_section else value.boolean
    seen = set() if _seen is None else _seen
    if isinstance(value, dict | list) and id(value) in seen:
        return value
    seen.add(id(value))
    if isinstance(value, dict):
        for key in list(value):
            value[key] = _settled(value[key], in_section or key == "safety_center", seen)
    elif isinstance(value, list):
        value[:] = [_settled(item, in_section, seen) for item in value]
    return value


_BOOL_WORD_TAG = "tag:safety-center,2026:bool-word"
_ConfigLoader.add_implicit_resolver(_BOOL_WORD_TAG, re.compile(r"^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$"),
                                    list("yYnNoO"))
_ConfigLoader.add_constructor(_BOOL_WORD_TAG, _construct_bool_word)


def _construct_env(loader: _ConfigLoader, node: yaml.Node) -> Any:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``, as pyyaml_env_tag (MkDocs' own) reads it."""
    default = None
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    elif isinstance(node, yaml.SequenceNode):
        children = node.value
        if len(children) > 1:
            default = loader.construct_object(children[-1], deep=True)
            children = children[:-1]
        names = [loader.construct_scalar(child) for child in children]
    else:
        loader.refuse(node, "!ENV takes a variable name or a list [NAME, ..., default]",
                      "write !ENV [SITE_URL, 'https://example.org/']")
        return None
    for name in names:
        if name in os.environ:
            value = os.environ[name]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


def _construct_relative(loader: _ConfigLoader, node: yaml.Node) -> Any:
    # MkDocs' `!relative $config_dir` is the folder of the file it is written in; its other
    # forms depend on the page being built, which the core does not know.
    value = loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None
    if isinstance(value, str) and (value == "$config_dir" or value.startswith("$config_dir/")):
        return _ConfigDir((loader.config_dir / value.removeprefix("$config_dir").lstrip("/")).resolve())
    loader.refuse(node, f"!relative {value or ''} is not supported here", "use !relative $config_dir/PATH")
    return None


@dataclass(frozen=True)
class _ConfigDir:
    """A path written ``!relative $config_dir/suffix``, already resolved."""

    path: Path


def _construct_python(loader: _ConfigLoader, suffix: str, node: yaml.Node) -> Any:
    tag = node.tag.removeprefix(_PYTHON_TAG)
    if tag.startswith("name:"):
        dotted = tag.removeprefix("name:")
        module = dotted.rpartition(".")[0]
        if dotted.split(".", 1)[0] in PYTHON_NAME_MODULES and module and _installed(module):
            return PythonName(dotted)
        loader.refuse(node, f"!!python/name:{dotted} is not a name in an installed "
                            f"{', '.join(PYTHON_NAME_MODULES)} module",
                      "only Markdown, pymdownx and Material names are allowed (e.g. "
                      "!!python/name:material.extensions.emoji.twemoji)")
        return None
    loader.refuse(node, f"the tag !!python/{tag.split(':', 1)[0]} could run code; it is not read",
                  "remove it: mkdocs.yml may use !ENV, INHERIT and !!python/name: of Markdown extensions")
    return None


def _construct_unknown(loader: _ConfigLoader, suffix: str, node: yaml.Node) -> Any:
    loader.refuse(node, f"the tag {node.tag} is not one mkdocs.yml can use here",
                  "remove it; supported: !ENV, !relative $config_dir, !!python/name: of Markdown extensions")
    return None


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


_ConfigLoader.add_constructor("!ENV", _construct_env)
_ConfigLoader.add_constructor("!relative", _construct_relative)
_ConfigLoader.add_multi_constructor(_PYTHON_TAG, _construct_python)
_ConfigLoader.add_multi_constructor("!", _construct_unknown)
_ConfigLoader.add_multi_constructor("tag:", _construct_unknown)


# -- paths ----------------------------------------------------------------------------------


def _check_paths(data: LineDict, config_file: Path, root: Path, name: str, findings: list[Finding]) -> None:
    """Paths the build would follow stay inside the project; ``!relative`` becomes a plain path."""
    base = config_file.parent
    theme = data.get("theme")
    if isinstance(theme, LineDict) and isinstance(theme.get("custom_dir"), str | _ConfigDir):
        custom_dir = _path_value(theme["custom_dir"], base)
        theme["custom_dir"] = str(custom_dir)
        if not _inside(custom_dir, root):
            findings.append(_outside(name, theme.key_lines["custom_dir"], "theme.custom_dir", custom_dir))
            del theme["custom_dir"]  # not followed, even if a site switched the rule off
    extensions = data.get("markdown_extensions")
    for entry in extensions if isinstance(extensions, LineList) else []:
        if not (isinstance(entry, LineDict) and "pymdownx.snippets" in entry):
            continue
        options = entry["pymdownx.snippets"]
        if not isinstance(options, LineDict):
            continue
        line = options.line
        if options.get("restrict_base_path") is False:
            findings.append(Finding("path-outside", Severity.ERROR,
                                    SourceLocation(name, options.key_lines["restrict_base_path"]),
                                    "pymdownx.snippets with restrict_base_path: false may include any file",
                                    "remove restrict_base_path (it defaults to true)"))
            options["restrict_base_path"] = True
        base_paths = options.get("base_path", ".")
        items = base_paths if isinstance(base_paths, list) else [base_paths]
        resolved = []
        for index, item in enumerate(items):
            if not isinstance(item, str | _ConfigDir):
                continue
            path = _path_value(item, base)
            if _inside(path, root):
                resolved.append(str(path))
            else:
                where = base_paths.item_lines[index] if isinstance(base_paths, LineList) else \
                    options.key_lines.get("base_path", line)
                findings.append(_outside(name, where, "pymdownx.snippets base_path", item))
        # Only the paths inside are passed on; snippets then finds nothing outside, whatever the rules say.
        options["base_path"] = resolved or [str(root)]


def _path_value(value: str | _ConfigDir, base: Path) -> Path:
    # MkDocs resolves custom_dir against the config's folder; snippets' base_path is read the same way here.
    if isinstance(value, _ConfigDir):
        return value.path
    return (base / value).resolve()


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def _outside(name: str, line: int, what: str, target: Any) -> Finding:
    shown = target.path if isinstance(target, _ConfigDir) else target
    return Finding("path-outside", Severity.ERROR, SourceLocation(name, line),
                   f"{what} '{shown}' leads out of the project; it is not followed",
                   "keep every file the site uses inside the project folder")


def _name(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
