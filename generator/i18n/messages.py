"""Messages: every string a parent reads that translators must translate.

Two kinds. *Interface strings* are the gettext calls in the package's code, page
templates and theme: the package ships their translations (generator/locales/).
*Project strings* are the text fields of records (marked ``Translatable`` in the
models), each with a message context naming the record and field, and the gettext
calls in the project's own theme templates. ``template_catalog`` turns a list of
them into a catalog template: the project's messages.pot holds its project strings
only, so the translators of a locale the package ships are not handed hundreds of
interface strings it already translates (see ``catalog_messages``).
"""

from __future__ import annotations

import functools
import typing
from dataclasses import dataclass
from collections.abc import Iterable, Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from pydantic import BaseModel

from ..load.catalogs import ships_interface
from ..model.catalog import CATALOG_DOMAIN
from ..model.findings import SourceLocation
from ..model.records import Translatable

PACKAGE_DIR = Path(__file__).parent.parent  # the generator package
TEMPLATES_DIR = PACKAGE_DIR / "templates"
THEME_DIR = PACKAGE_DIR / "theme"
COMMENT_TAG = "Translators:"


@dataclass(frozen=True)
class SourceMessage:
    """A translatable string, where it comes from and what translators should know."""

    msgid: str | tuple[str, ...]  # (singular, plural) for plural messages
    context: str | None
    locations: tuple[SourceLocation, ...]
    comment: str = ""
    subject: str | None = None  # "safeguard/<id>", "resource/<id>", "site" or None for templates

    @property
    def key(self) -> str:
        """The msgid a catalog is looked up by (the singular of a plural message)."""
        return self.msgid[0] if isinstance(self.msgid, tuple) else self.msgid

    @property
    def owner(self) -> str:
        """Who shows this string, for findings: "safeguard 'live'", "site", "the page templates"."""
        if self.subject and "/" in self.subject:
            kind, record_id = self.subject.split("/", 1)
            return f"{kind} '{record_id}'"
        return self.subject or "the page templates"


def shown_messages(project) -> list[SourceMessage]:
    """Every string the built site shows: the project's strings, then the interface's."""
    return project_messages(project) + list(interface_messages())


def project_messages(project) -> list[SourceMessage]:
    """The strings a project brings: its records' fields and its own theme templates' gettext calls."""
    return record_messages(project) + template_messages(filter(None, [project.overrides_dir]), project.root)


def interface_messages() -> tuple[SourceMessage, ...]:
    """The gettext calls in the package's own code, page templates and theme (its interface strings)."""
    return tuple(template_messages([PACKAGE_DIR, TEMPLATES_DIR, THEME_DIR], PACKAGE_DIR))


def catalog_messages(project, locale: str, existing: Catalog | None) -> list[SourceMessage]:
    """What ``locale``'s own catalog is kept up to date with.

    The project's strings (none for the default locale, whose text is the source), and the
    interface strings: all of them for a locale the package does not translate, else only those
    the catalog already overrides, so that an override is updated (and marked fuzzy when the
    package's source text changes) rather than dropped as obsolete.
    """
    own = [] if locale == project.default_locale else project_messages(project)
    interface = interface_messages()
    if not ships_interface(locale):
        return own + list(interface)
    overridden = {(m.id, m.context) for m in existing or () if m.id}
    return own + [m for m in interface if (m.key, m.context) in overridden]


def is_record_context(context: str | None) -> bool:
    """Whether a message context names a record field (those are not format strings).

    >>> is_record_context("safeguard/live/title"), is_record_context("facts card"), is_record_context(None)
    (True, False, False)
    """
    if not context:
        return False
    return context.split("/", 1)[0] in ("site", "safeguard", "resource", "platform")


def record_messages(project) -> list[SourceMessage]:
    """The translatable fields of the site config, every safeguard, resource and platform, and the
    site's own setting words."""
    config_location = SourceLocation(project.config_file.name, 1)
    messages = list(_fields_of(project.config, "site", config_location, {}))
    messages += [SourceMessage(text, f"site/setting_values/{value}", (config_location,),
                               "A value a setting can be set to, as a short phrase", "site")
                 for value, text in project.config.own_setting_values.items()]
    for safeguard in project.safeguards.values():
        messages += _fields_of(safeguard, f"safeguard/{safeguard.id}", safeguard.origin, safeguard.field_lines)
    for resource in project.resources.values():
        messages += _fields_of(resource, f"resource/{resource.id}", resource.origin, resource.field_lines)
    for platform in project.platforms.values():
        messages += _fields_of(platform, f"platform/{platform.id}", platform.origin, platform.field_lines)
    return messages


def _fields_of(record: BaseModel, subject: str, origin: SourceLocation, lines: dict) -> Iterator[SourceMessage]:
    for path, text, note in record_texts(record):
        top = path.split("/", 1)[0]
        where = SourceLocation(origin.file, lines.get(top, origin.line))
        yield SourceMessage(text, f"{subject}/{path}", (where,), note, subject)


def record_texts(record: BaseModel, prefix: str = "") -> Iterator[tuple[str, str, str]]:
    """(field path, text, note) for every translatable text in a record, nested ones too.

    Items of a list share their field's path ("steps/parent"): their texts tell them apart.
    """
    for name, info in type(record).model_fields.items():
        yield from _texts_in(getattr(record, name), info.annotation, info.metadata, prefix + name)


def _texts_in(value, annotation, metadata, path: str) -> Iterator[tuple[str, str, str]]:
    note = _translatable_note(annotation, metadata)
    if note is not None and isinstance(value, str) and value:
        yield path, value, note
    elif isinstance(value, BaseModel):
        yield from record_texts(value, f"{path}/")
    elif isinstance(value, list) and typing.get_origin(annotation) is list:
        item_type = typing.get_args(annotation)[0]
        for item in value:
            yield from _texts_in(item, item_type, (), path)


def _translatable_note(annotation, metadata) -> str | None:
    extras = list(metadata)
    if typing.get_origin(annotation) is typing.Annotated:
        extras += typing.get_args(annotation)[1:]
    return next((extra.note for extra in extras if isinstance(extra, Translatable)), None)


#: How strings are found in each kind of source file.
_EXTRACTORS = {
    ".py": ("python", {}),
    ".j2": ("jinja2.ext:babel_extract", {"extensions": "jinja2.ext.i18n", "trimmed": "true", "silent": "false"}),
    ".html": ("jinja2.ext:babel_extract", {"extensions": "jinja2.ext.i18n", "trimmed": "true", "silent": "false"}),
}


def template_messages(template_dirs: Iterable[Path], root: Path) -> list[SourceMessage]:
    """The gettext calls (``_``, ``gettext``, ``pgettext``, ``ngettext``...) in the given folders
    (in the package's own folder: its Python code only; its templates are listed on their own)."""
    messages: list[SourceMessage] = []
    for directory in template_dirs:
        if not directory.is_dir():
            continue
        # the package's code, not its templates folder, which is listed on its own
        files = directory.rglob("*.py") if directory == PACKAGE_DIR else directory.rglob("*")
        for path in sorted(p for p in files if p.is_file() and p.suffix in _EXTRACTORS):
            messages += _file_messages(path, path.stat().st_mtime_ns, _display_path(path, root))
    return messages


@functools.cache
def _file_messages(path: Path, mtime_ns: int, name: str) -> tuple[SourceMessage, ...]:
    """The messages of one file; cached until the file changes (check and serve ask often)."""
    method, options = _EXTRACTORS[path.suffix]
    with path.open("rb") as handle:
        return tuple(
            SourceMessage(message, context, (SourceLocation(name, lineno),), " ".join(comments))
            for lineno, message, comments, context in extract(
                method, handle, keywords=DEFAULT_KEYWORDS,
                comment_tags=(COMMENT_TAG,), options=options, strip_comment_tags=True,
            )
        )


def _display_path(path: Path, root: Path) -> str:
    # Templates shipped inside the generator are named by their package path, so that
    # references stay the same wherever the package is installed.
    for base, label in ((PACKAGE_DIR, "generator"), (root, "")):
        try:
            rest = path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
        return f"{label}/{rest}" if label else rest
    return path.as_posix()


def template_catalog(messages: Iterable[SourceMessage]) -> Catalog:
    """The catalog template (POT): one entry per msgid and context, all locations kept."""
    catalog = Catalog(domain=CATALOG_DOMAIN, project="safety-center", fuzzy=False, charset="utf-8")
    for message in messages:
        existing = catalog.get(_key(message.msgid), context=message.context)
        locations = [(loc.file, loc.line) for loc in message.locations]
        if existing is not None:
            existing.locations.extend(loc for loc in locations if loc not in existing.locations)
            continue
        catalog.add(message.msgid, locations=locations, context=message.context,
                    auto_comments=[message.comment] if message.comment else [])
    return catalog


def _key(msgid):
    return msgid[0] if isinstance(msgid, tuple) else msgid
