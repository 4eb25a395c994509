"""Safe YAML reading that remembers where every value came from.

Records are validated by pydantic after reading; when a value is wrong we want to
point the editor at its line, so mappings and lists read here carry the line of
each of their items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml


class LineDict(dict):
    """A mapping read from YAML, with the 1-based line of itself and of each key.

    ``raw_scalars`` keeps, for each value written as a plain (unquoted) scalar, the text as
    written: a value YAML resolved to a number (``0123`` reads as 83, ``1_000`` as 1000) can
    then be read as the text it was where text is meant.
    """

    line: int
    key_lines: dict[Any, int]
    raw_scalars: dict[Any, str]


class LineList(list):
    """A list read from YAML, with the 1-based line of itself and of each item."""

    line: int
    item_lines: list[int]


@dataclass(frozen=True)
class YamlProblem:
    """Why a YAML text could not be read, and where."""

    line: int
    message: str


#: How many values a YAML document may hold once its aliases are expanded. Aliases
#: are shared when read, but everything after (validation, rendering) walks the
#: expanded tree: nested aliases (a "billion laughs" document) would hang it.
MAX_EXPANDED_NODES = 100_000


class DuplicateKey(Exception):
    def __init__(self, key: Any, line: int, first_line: int) -> None:
        super().__init__(key)
        self.key, self.line, self.first_line = key, line, first_line


class UnreadableValue(yaml.constructor.ConstructorError):
    """A well-formed scalar whose value Python cannot hold."""


class _Loader(yaml.SafeLoader):
    """SafeLoader that records lines, refuses duplicate keys and keeps unknown tags opaque."""

    def construct_mapping(self, node, deep=False):  # noqa: D102 (yaml API)
        self.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        result.raw_scalars = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in result.key_lines:
                raise DuplicateKey(key, line, result.key_lines[key])
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = line
            if isinstance(value_node, yaml.ScalarNode) and value_node.style is None:
                result.raw_scalars[key] = value_node.value
        return result

    def construct_object(self, node, deep=False):  # noqa: D102 (yaml API)
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as error:
            # A scalar Python cannot hold (a date like 2026-02-30, an integer of 5000 digits).
            raise UnreadableValue(None, None, str(error).split(";")[0], node.start_mark) from error

    def construct_sequence(self, node, deep=False):  # noqa: D102 (yaml API)
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result


def _construct_mapping_node(loader: _Loader, node):
    return loader.construct_mapping(node)


def _construct_sequence_node(loader: _Loader, node):
    return loader.construct_sequence(node)


def _construct_timestamp(loader: _Loader, node):
    # PyYAML raises a bare ValueError for a well-formed but impossible date (2026-02-30),
    # which would end loading with a traceback. Kept as its text, the value reaches the
    # model, which reports it as an invalid date at its line like any other bad value.
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


def _construct_opaque(loader: _Loader, suffix, node):
    # mkdocs.yml may hold tags such as !ENV or !!python/name: that only MkDocs resolves.
    # The core never needs their values, so it keeps them as an inert string.
    return f"<{node.tag}>"


# YAML 1.1 reads on/off/yes/no as booleans; editors mean the words ("default: off").
# Only true and false are booleans here, as in YAML 1.2.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping_node)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence_node)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class _TolerantLoader(_Loader):
    pass


_TolerantLoader.add_multi_constructor("!", _construct_opaque)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_opaque)


def parse_yaml(text: str, *, first_line: int = 1, tolerate_tags: bool = False) -> Any | YamlProblem:
    """Read YAML safely; return the data, or a YamlProblem with the offending line.

    ``first_line`` shifts reported lines, for YAML that starts inside a larger file
    (front matter). ``tolerate_tags`` keeps MkDocs-only tags as opaque strings.
    """
    loader_class = _TolerantLoader if tolerate_tags else _Loader
    # Blank lines in front keep every mark, and so every recorded line, true to the file.
    stream = "\n" * (first_line - 1) + text
    try:
        loader = loader_class(stream)
    except yaml.reader.ReaderError as error:  # the reader checks every character first
        line = stream.count("\n", 0, error.position) + 1
        return YamlProblem(line, f"YAML cannot hold the character U+{error.character:04X}")
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        problem = _expansion_problem(node)
        if problem is not None:
            return problem
        data = loader.construct_document(node)
    except DuplicateKey as dup:
        return YamlProblem(dup.line, f"key '{dup.key}' appears twice (first on line {dup.first_line})")
    except UnreadableValue as error:
        line = error.problem_mark.line + 1 if error.problem_mark else first_line
        return YamlProblem(line, f"value cannot be read: {error.problem}")
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else first_line
        reason = error.problem or error.context or "cannot be read"
        if reason == "mapping values are not allowed here":  # the commonest slip: "title: Help: Chat"
            reason += " (a value that holds ': ' must be in quotes)"
        return YamlProblem(line, f"YAML syntax: {reason}")
    except yaml.YAMLError as error:
        return YamlProblem(first_line, f"YAML: {error}")
    except RecursionError:
        return YamlProblem(first_line, "YAML is nested too deeply to read")
    finally:
        loader.dispose()
    return data


def _expansion_problem(root: yaml.Node) -> YamlProblem | None:
    """A problem when aliases expand ``root`` beyond ``MAX_EXPANDED_NODES`` or into itself.

    Counts each node's expanded size once (aliases share nodes), so this is linear in
    the document, however large the expansion would be.
    """
    sizes: dict[int, int] = {}
    started: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        children = _children(node)
        if children_done:
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            if sizes[key] > MAX_EXPANDED_NODES:
                return YamlProblem(node.start_mark.line + 1,
                                   f"aliases expand this value beyond {MAX_EXPANDED_NODES} items; "
                                   "write the values out instead of nesting aliases")
            continue
        if key in sizes:
            continue
        if key in started:  # met again before it was finished: it contains itself
            return YamlProblem(node.start_mark.line + 1, "an alias refers to the value that contains it")
        started.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def line_of(data: Any, path: tuple) -> int | None:
    """The line of the value at ``path`` (keys and list indexes) inside read YAML data.

    Walks as deep as the data goes and returns the line of the deepest item found,
    so a problem inside a value still points near it.

    >>> data = parse_yaml("name: Bris\\nsources:\\n  - title: Help\\n    url: https://www.bris.se/\\n")
    >>> line_of(data, ("sources", 0, "url")), line_of(data, ("sources", 5))
    (4, 2)
    """
    line = getattr(data, "line", None)
    node = data
    for step in path:
        if isinstance(node, LineDict) and step in node:
            line = node.key_lines.get(step, line)
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and 0 <= step < len(node):
            line = node.item_lines[step]
            node = node[step]
        else:
            break
    return line
