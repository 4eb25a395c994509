"""Load editors' Markdown pages: content/<locale>/**/*.md, front matter typed, body kept as written.

A page's body is parsed later, once, with the build's Markdown and its fact helpers
(``render.page_parse``): helpers need the loaded records and catalogs.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ..model.findings import Finding, Severity, SourceLocation, did_you_mean
from ..model.page import PAGE_META_KEYS, ContentPage, FrontMatter
from .files import FileKind, list_files, read_text
from .paths import relative
from .yamlfile import LineDict, YamlProblem, parse_yaml

#: Folders of content/ that hold records, not a locale's pages.
RECORD_FOLDERS = ("safeguards", "resources", "platforms")


def load_pages(content_dir: Path, root: Path, locale_codes: list[str], config_name: str,
               findings: list[Finding]) -> list[ContentPage]:
    """Every page of every configured locale; a folder for another locale is a warning."""
    pages: list[ContentPage] = []
    if not content_dir.is_dir():
        return pages
    for directory in sorted(content_dir.iterdir()):
        if not directory.is_dir() or directory.name in RECORD_FOLDERS:
            continue
        if directory.name not in locale_codes:
            findings.append(Finding(
                "unknown-locale", Severity.WARNING, SourceLocation(relative(root, directory), 1),
                f"folder '{directory.name}' is not a configured locale; its pages are not built",
                did_you_mean(directory.name, locale_codes)
                or f"add it to {config_name}.locales in mkdocs.yml, or remove the folder",
            ))
            continue
        for path in list_files(root, directory, (".md",), findings):
            text = read_text(root, path, FileKind.PAGE, findings)
            if text is not None:
                page = page_from_text(text, directory.name, path.relative_to(directory).as_posix(),
                                      SourceLocation(relative(root, path), 1), findings)
                if page is not None:
                    pages.append(page)
    return pages


def page_from_text(text: str, locale: str, relative_path: str, origin: SourceLocation,
                   findings: list[Finding]) -> ContentPage | None:
    """A page from its text; ``None`` (with findings) when its front matter is unusable."""
    parts = split_front_matter(text)
    if isinstance(parts, Finding):
        findings.append(Finding(parts.rule, parts.severity, SourceLocation(origin.file, parts.location.line),
                                parts.message, parts.hint))
        return None
    meta, body, body_line = parts
    return ContentPage(locale, relative_path, _front_matter(meta, origin.file, findings), body, body_line, origin,
                       {str(key): line for key, line in meta.key_lines.items()})


def split_front_matter(text: str) -> tuple[LineDict, str, int] | Finding:
    """Split a Markdown page into front matter, body and the body's first line.

    A problem comes back as a Finding without a file name (the caller knows it).
    """
    lines = text.splitlines(keepends=True)
    empty = LineDict()
    empty.line, empty.key_lines, empty.raw_scalars = 1, {}, {}
    if not lines or lines[0].strip() != "---":
        return empty, text, 1
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() in ("---", "...")), None)
    if end is None:
        return Finding("front-matter", Severity.ERROR, SourceLocation("", 1),
                       "front matter starts with '---' but never ends", "close it with a line holding only '---'")
    parsed = parse_yaml("".join(lines[1:end]), first_line=2)
    if isinstance(parsed, YamlProblem):
        return Finding("yaml-syntax", Severity.ERROR, SourceLocation("", parsed.line),
                       parsed.message, "front matter is YAML: 'key: value' per line")
    if parsed is None:
        parsed = empty
    if not isinstance(parsed, LineDict):
        return Finding("front-matter", Severity.ERROR, SourceLocation("", 2),
                       "front matter must be 'key: value' lines", "see README, Explanations")
    return parsed, "".join(lines[end + 1:]), end + 2


def _front_matter(meta: LineDict, name: str, findings: list[Finding]) -> FrontMatter:
    """Typed front matter; each unknown key and bad value is a finding at its line and is left out,
    so that the page itself still counts (a typo in one key does not make an explanation "missing").

    Every key is text: a plain value YAML reads as a number (an old unquoted ``source_digest:
    0123e4``, or ``0123``, which YAML 1.1 reads as octal 83) is taken as written.
    """
    values = {key: meta.raw_scalars[key] if _is_number(value) and key in meta.raw_scalars else value
              for key, value in meta.items()}
    while True:
        try:
            return FrontMatter.model_validate(values)
        except ValidationError as error:
            for problem in error.errors():
                key = str(problem["loc"][0]) if problem["loc"] else ""
                values.pop(key, None)
                findings.append(_front_matter_finding(problem, key, SourceLocation(name, meta.key_lines.get(key, 1))))
            if not any(problem["loc"] for problem in error.errors()):
                return FrontMatter()


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _front_matter_finding(problem: ErrorDetails, key: str, where: SourceLocation) -> Finding:
    if problem["type"] == "extra_forbidden":
        return Finding("unknown-key", Severity.ERROR, where, f"unknown front-matter key '{key}'",
                       did_you_mean(key, PAGE_META_KEYS) or f"known keys: {', '.join(PAGE_META_KEYS)}")
    message = problem["msg"].removeprefix("Value error, ")
    return Finding("invalid-value", Severity.ERROR, where, f"front matter '{key}': {message}",
                   "front-matter values are plain text: 'key: value'")
