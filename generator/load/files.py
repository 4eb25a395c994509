"""Reading the project's own files: the one door every record, page and catalog comes through.

Editors, translators and contributors write these files; the readers of the site are
parents. So a file is read only when it really is the project's own (no symlink leads
out of the project), only up to a size that cannot hang a run, and only as UTF-8 text
without invisible control characters. Each refusal is a finding at its file and line;
reading goes on, so every problem shows in one run.

What comes out is the text the rest of the tool sees: a byte-order mark stripped,
CRLF (and a lone CR) turned into LF, and each refused control character replaced by
U+FFFD after it was reported, so nothing invisible reaches a page even if a site
switched the finding off.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from ..model.findings import Finding, Severity, SourceLocation

KIB = 1024
MIB = 1024 * KIB


@dataclass(frozen=True)
class Limit:
    """How large one kind of file may be, and what to call it in a finding."""

    label: str
    max_bytes: int


class FileKind(Enum):
    """The kinds of file the loader reads, each with its size bound."""

    PAGE = Limit("a page", 1 * MIB)
    RECORD = Limit("a record", 256 * KIB)
    CATALOG = Limit("a catalog", 2 * MIB)
    CONFIG = Limit("mkdocs.yml", 256 * KIB)
    SCHEMA = Limit("a record schema", 1 * MIB)


BYTE_ORDER_MARK = b"\xef\xbb\xbf"

#: Characters refused in project text. TAB, LF and CR stay; LRM, RLM and ALM
#: (U+200E, U+200F, U+061C) stay too: right-to-left text needs them.
CONTROL_CHARACTER_CLASSES: tuple[tuple[str, str], ...] = (
    ("\x00-\x08\x0b\x0c\x0e-\x1f", "a C0 control character"),
    ("\x7f", "the DEL control character"),
    ("\x80-\x9f", "a C1 control character"),
    ("\u202a-\u202e", "a bidirectional embedding or override"),
    ("\u2066-\u2069", "a bidirectional isolate"),
)
_CONTROL = re.compile("[" + "".join(chars for chars, _ in CONTROL_CHARACTER_CLASSES) + "]")
_CONTROL_CLASS = [(re.compile(f"[{chars}]"), name) for chars, name in CONTROL_CHARACTER_CLASSES]
REPLACEMENT = "\ufffd"

#: Past this many lines with control characters in one file, the rest are summed up in one finding.
MAX_CONTROL_FINDINGS = 20


def display_name(root: Path, path: Path) -> str:
    """The project-relative posix path of ``path`` as written, without following links."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def link_leading_out(root: Path, path: Path) -> Path | None:
    """The first symlink on the way from ``root`` down to ``path`` that leads out of the project.

    ``root`` must be resolved and ``path`` lie lexically under it. None when every link
    on the way (if any) stays inside the project.
    """
    if _inside(root, Path(os.path.realpath(path))):
        return None
    if not _inside(root, path):
        return path
    current = root
    for part in path.relative_to(root).parts:
        current = current / part
        if not _inside(root, Path(os.path.realpath(current))):
            return current
    return current  # the last prefix is the path itself, which resolved outside


def list_files(root: Path, directory: Path, suffixes: tuple[str, ...], findings: list[Finding],
               *, recursive: bool = True) -> list[Path]:
    """The regular files under ``directory`` whose names end in ``suffixes``, sorted.

    A symlink (to a file or a folder) that leads out of the project is reported as
    ``symlink-outside`` and neither listed nor entered; links that stay inside are
    followed, each real folder once.
    """
    outside = link_leading_out(root, directory)
    if outside is not None:
        _add(findings, _outside_finding(root, outside))
        return []
    found: list[Path] = []
    seen: set[str] = set()
    pending = [directory]
    while pending:
        folder = pending.pop()
        real = os.path.realpath(folder)
        if real in seen:
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            path = folder / entry.name
            if entry.is_symlink() and not _inside(root, Path(os.path.realpath(path))):
                _add(findings, _outside_finding(root, path))
                continue
            try:
                mode = os.stat(path).st_mode
            except OSError:  # a dangling link or a file that just went away
                continue
            if stat.S_ISDIR(mode):
                if recursive:
                    pending.append(path)
            elif stat.S_ISREG(mode) and entry.name.endswith(suffixes):
                found.append(path)
    return sorted(found)


def report_links_leading_out(root: Path, directory: Path, findings: list[Finding]) -> None:
    """Report each symlink under ``directory`` that leads out of the project.

    For folders that MkDocs, not this loader, reads (the theme overrides): a link out
    of the project would publish what it points at.
    """
    if directory.is_dir():
        list_files(root, directory, ("",), findings)


def read_text(root: Path, path: Path, kind: FileKind, findings: list[Finding]) -> str | None:
    """Read one project file as text; None (with a finding) when it must not or cannot be read.

    Control characters are reported at their lines but do not stop the read: the text
    comes back with each of them replaced by U+FFFD, so the rest of the file is checked too.
    """
    name = display_name(root, path)
    outside = link_leading_out(root, path)
    if outside is not None:
        _add(findings, _outside_finding(root, outside))
        return None
    try:
        data = _read_bounded(path, kind.value.max_bytes)
    except OSError as error:
        findings.append(Finding("file-unreadable", Severity.ERROR, SourceLocation(name, 1),
                                f"cannot read the file: {error.strerror or error}",
                                "make it a plain file the build can read"))
        return None
    if data is None:
        findings.append(Finding(
            "file-too-large", Severity.ERROR, SourceLocation(name, 1),
            f"file is larger than {_size(kind.value.max_bytes)}, the bound for {kind.value.label}; it was not read",
            "split it into smaller files, or remove what does not belong in it",
        ))
        return None
    data = data.removeprefix(BYTE_ORDER_MARK)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        findings.append(_encoding_finding(name, data, error))
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    findings.extend(control_character_findings(name, text))
    return _CONTROL.sub(REPLACEMENT, text)


class WriteRefused(Exception):
    """A project file was not written: it is reached through a symlink that leads out of the project."""


def write_text(root: Path, path: Path, text: str) -> bool:
    """Write a project file as UTF-8, unless it already holds exactly ``text``; True when written.

    The tool writes only the project's own files, as it reads only them: a path reached
    through a symlink that leads out of the project is refused (``WriteRefused``).
    """
    outside = link_leading_out(root, path)
    if outside is not None:
        raise WriteRefused(f"{display_name(root, outside)} is a symlink leading out of the project; "
                           f"{display_name(root, path)} was not written")
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def control_character_findings(name: str, text: str) -> list[Finding]:
    """A ``control-character`` error for each line of ``text`` (LF-separated) that holds one."""
    found: list[Finding] = []
    lines = [(number, line) for number, line in enumerate(text.split("\n"), start=1) if _CONTROL.search(line)]
    for number, line in lines[:MAX_CONTROL_FINDINGS]:
        match = _CONTROL.search(line)
        assert match is not None
        character = match.group()
        kind = next(label for pattern, label in _CONTROL_CLASS if pattern.match(character))
        found.append(Finding(
            "control-character", Severity.ERROR, SourceLocation(name, number),
            f"invisible character U+{ord(character):04X} ({kind}) at column {match.start() + 1}",
            _control_hint(character),
        ))
    if len(lines) > MAX_CONTROL_FINDINGS:
        rest = lines[MAX_CONTROL_FINDINGS:]
        found.append(Finding(
            "control-character", Severity.ERROR, SourceLocation(name, rest[0][0]),
            f"{len(rest)} more line(s) hold control characters, from here on",
            "is this a binary file? save it as plain UTF-8 text",
        ))
    return found


def _control_hint(character: str) -> str:
    if "\u202a" <= character <= "\u202e" or "\u2066" <= character <= "\u2069":
        return ("remove it: it can reorder what readers see; for right-to-left text use "
                "the marks U+200E, U+200F or U+061C (LRM, RLM, ALM) instead")
    return "remove it (it often comes from pasting out of another program)"


def _encoding_finding(name: str, data: bytes, error: UnicodeDecodeError) -> Finding:
    # Everything before the bad byte decoded fine, so its lines can be counted as the reader sees them.
    before = data[:error.start].decode("utf-8")
    normalised = before.replace("\r\n", "\n").replace("\r", "\n")
    line = normalised.count("\n") + 1
    column = len(normalised) - normalised.rfind("\n")
    byte = data[error.start]
    return Finding(
        "encoding", Severity.ERROR, SourceLocation(name, line),
        f"not UTF-8 text: byte 0x{byte:02X} at column {column} cannot be read ({error.reason})",
        "save the file as UTF-8 (it may have been saved as Latin-1 or Windows-1252)",
    )


def _read_bounded(path: Path, max_bytes: int) -> bytes | None:
    """The file's bytes, or None when it holds more than ``max_bytes``; never blocks on a pipe."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with open(descriptor, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{path.name} is not a regular file")
        if info.st_size > max_bytes:
            return None
        data = file.read(max_bytes + 1)  # the file may have grown since fstat
    return None if len(data) > max_bytes else data


def _outside_finding(root: Path, link: Path) -> Finding:
    return Finding(
        "symlink-outside", Severity.ERROR, SourceLocation(display_name(root, link), 1),
        f"symlink leads outside the project (to {os.path.realpath(link)}); it is not read or published",
        "copy the file into the project instead of linking to it, or remove the link",
    )


def _inside(root: Path, real: Path) -> bool:
    return real == root or root in real.parents


def _size(count: int) -> str:
    return f"{count // MIB} MB" if count % MIB == 0 else f"{count // KIB} KB"


def _add(findings: list[Finding], finding: Finding) -> None:
    """Add a finding once: a link met from several paths is still one problem."""
    if finding not in findings:
        findings.append(finding)
