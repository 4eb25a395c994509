"""Scaffolding for editors: start a new safeguard, resource, platform or page.

``new_safeguard`` writes a record skeleton whose comments explain every field and
its allowed values (taken from the models, so they cannot drift), and the
default-locale explanation with one heading per required section. ``new_resource``,
``new_platform`` and ``new_page`` write commented skeletons from the package's
starter templates (``starter/``). Everything they write is a draft; nothing is
overwritten. ``missing_elsewhere`` then says what the other locales still need.
"""

from __future__ import annotations

import functools
import json
import textwrap
import typing
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pydantic import TypeAdapter, ValidationError

from ..i18n.messages import record_messages
from ..i18n.status import format_status_text, locale_status
from ..load import relative
from ..model.catalog import catalog_path
from ..model.placeholders import PLACEHOLDER_URL, TODO
from ..model.project import Project
from ..model.records import (
    AgeRule,
    Availability,
    Changer,
    RecordId,
    ResourceKind,
    Safeguard,
    Source,
)
from ..render.localized import escape_text
from ..render.structure import url_taken
from ..model.schema import SCHEMA_DIR, field_description

NEXT_STEPS = "safety-center i18n extract && safety-center i18n update"
#: The package's templates for what ``init`` and the ``new`` commands write.
STARTER_DIR = Path(__file__).parent / "starter"


class ScaffoldError(Exception):
    """The scaffold cannot be written; the message says why and what to do."""


@dataclass(frozen=True)
class NewSafeguard:
    """The files ``new_safeguard`` wrote."""

    id: str
    record: Path
    explanation: Path


def new_safeguard(project: Project, safeguard_id: str, today: date | None = None) -> NewSafeguard:
    """Write content/safeguards/<id>.yml and the default locale's explanation of it (a draft)."""
    _valid_id("safeguard", safeguard_id)
    if safeguard_id in project.safeguards:
        raise ScaffoldError(f"safeguard '{safeguard_id}' already exists: "
                            f"{project.safeguards[safeguard_id].origin.file}")
    taken = url_taken(project, f"safeguards/{safeguard_id}.md")
    if taken is not None:
        raise ScaffoldError(f"a safeguard '{safeguard_id}' would have the URL of {taken}; choose another id")
    record = project.content_dir / "safeguards" / f"{safeguard_id}.yml"
    explanation = project.content_dir / project.default_locale / "safeguards" / f"{safeguard_id}.md"
    for path in (record, record.with_suffix(".yaml"), explanation):
        if path.exists():
            raise ScaffoldError(f"{relative(project.root, path)} exists already; not overwriting it")
    page = project.explanation(safeguard_id, project.default_locale)
    if page is not None:
        raise ScaffoldError(f"{page.origin.file} already explains '{safeguard_id}' in "
                            f"'{project.default_locale}'; write the record by hand, or move that page")
    record_text = record_skeleton(project, safeguard_id, today or date.today())
    explanation_text = explanation_skeleton(project, safeguard_id)
    for path, text in ((record, record_text), (explanation, explanation_text)):
        _write_new(project, path, text)
    return NewSafeguard(safeguard_id, record, explanation)


def new_resource(project: Project, resource_id: str, today: date | None = None) -> Path:
    """Write content/resources/<id>.yml: a commented draft record for a helpline, hotline or organisation."""
    _valid_id("resource", resource_id)
    if resource_id in project.resources:
        raise ScaffoldError(f"resource '{resource_id}' already exists: {project.resources[resource_id].origin.file}")
    region = project.config.locale(project.default_locale).region or "global"
    text = render_starter("new_resource.yml.j2", id=resource_id, kinds=_choices(ResourceKind), region=region,
                          today=(today or date.today()).isoformat())
    return _write_new(project, project.content_dir / "resources" / f"{resource_id}.yml", text)


def new_platform(project: Project, platform_id: str, name: str | None = None, today: date | None = None) -> Path:
    """Write content/platforms/<id>.yml: a commented draft record of a platform."""
    _valid_id("platform", platform_id)
    if platform_id in project.platforms:
        raise ScaffoldError(f"platform '{platform_id}' already exists: {project.platforms[platform_id].origin.file}")
    text = render_starter("platform.yml.j2", id=platform_id, name=name or f"{TODO}: name of the platform",
                          today=(today or date.today()).isoformat())
    return _write_new(project, project.content_dir / "platforms" / f"{platform_id}.yml", text)


def new_page(project: Project, page_path: str) -> Path:
    """Write content/<default locale>/<path> (".md" added if missing): a draft page for parents."""
    path = page_path.strip().removesuffix(".md") + ".md"
    parts = path.split("/")
    if path.startswith("/") or any(part in ("", ".", "..") for part in parts) or not all(
            _is_id(part.removesuffix(".md")) for part in parts):
        raise ScaffoldError(f"'{page_path}' is not a page path: use lowercase words with dashes, in folders "
                            "if you like, such as guides/screen-time (it becomes the page's URL)")
    taken = url_taken(project, path)
    if taken is not None:
        raise ScaffoldError(f"a page at {path} would have the URL of {taken}; choose another path")
    return _write_new(project, project.content_dir / project.default_locale / path, render_starter("new_page.md.j2"))


def render_starter(template: str, **values) -> str:
    """One of the package's starter templates, filled in. In YAML, ``| yaml`` quotes a value;
    in Markdown, ``| md`` makes it plain text."""
    return _starter_environment().get_template(template).render(placeholder_url=PLACEHOLDER_URL, **values)


@functools.cache
def _starter_environment() -> Environment:
    env = Environment(loader=FileSystemLoader(STARTER_DIR), undefined=StrictUndefined, autoescape=False,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)  # JSON strings are YAML
    env.filters["md"] = escape_text
    return env


def _valid_id(kind: str, record_id: str) -> None:
    if not _is_id(record_id):
        raise ScaffoldError(
            f"'{record_id}' is not a valid {kind} id: use lowercase letters, digits and "
            "single dashes, such as screen-time-limit (it becomes the file name)"
        )


def _is_id(text: str) -> bool:
    try:
        TypeAdapter(RecordId).validate_python(text)
    except ValidationError:
        return False
    return True


def _write_new(project: Project, path: Path, text: str) -> Path:
    """Write a new file (and its folders); never overwrite one, nor its .yaml twin."""
    for existing in (path, path.with_suffix(".yaml") if path.suffix == ".yml" else path):
        if existing.exists():
            raise ScaffoldError(f"{relative(project.root, existing)} exists already; not overwriting it")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return path


def record_skeleton(project: Project, safeguard_id: str, today: date) -> str:
    """A safeguard record that loads, with a comment on every field and TODOs to replace."""
    ages = project.config.ages
    band = str(ages.min_age) if ages.min_age == ages.max_age else f"{ages.min_age}-{ages.max_age}"
    categories = sorted({s.category for s in project.safeguards.values()})
    in_use = [f"Categories in use: {', '.join(categories)}."] if categories else []
    resources = ", ".join(sorted(project.resources)) or "none yet"

    def note(model, name: str, *extra: str, indent: str = "") -> str:
        described = field_description(model, name)
        texts = [described, *extra] if described is not None else list(extra)
        return "\n".join(_comment(text, indent) for text in texts)

    lines = [
        f"# yaml-language-server: $schema=../../{SCHEMA_DIR}/safeguard.schema.json",
        _comment(f"Safeguard '{safeguard_id}' (the file name is its id). Replace every {TODO}; "
                 "README (Records) explains the fields, and 'safety-center check' reports what is wrong."),
        "",
        note(Safeguard, "title"),
        f'title: "{TODO}: name of the safeguard"',
        note(Safeguard, "summary"),
        f'summary: "{TODO}: one plain sentence for parents about what it does"',
        note(Safeguard, "category", *in_use),
        f'category: "{TODO}: category"',
        *_platform_lines(project, note(Safeguard, "platform")),
        note(Safeguard, "age_rules", f"Split this rule into bands (such as {_split(ages)}) "
                                     "when younger and older children are treated differently."),
        "age_rules:",
        note(AgeRule, "ages", f"This site covers {band}.", indent="  "),
        f"  - ages: {band}",
        note(AgeRule, "availability", f"One of: {_choices(Availability)}", indent="    "),
        "    availability: available",
        note(AgeRule, "default", f"One of: {' | '.join(project.config.setting_values_allowed)}; "
                                 'or a quantity: {minutes: 60} or {time: "22:00"}', indent="    "),
        "    default: not-stated",
        note(AgeRule, "changed_by", f"A list of: {_choices(Changer)}; such as [child, parent]", indent="    "),
        "    changed_by: [child]",
        note(Safeguard, "setting", "Optional: remove the # to use it."),
        "# setting: Settings and privacy > Privacy",
        note(Safeguard, "last_verified"),
        f"last_verified: {today.isoformat()}",
        note(Safeguard, "draft"),
        "draft: true",
        note(Safeguard, "sources", f"At least one is required: replace the {TODO} and the placeholder address."),
        "sources:",
        f'  - title: "{TODO}: title of the page the facts come from"',
        f"    url: {PLACEHOLDER_URL}",
        note(Source, "published", "Optional.", indent="    "),
        f"    # published: {today.isoformat()}",
        note(Safeguard, "resources", f"Optional. Known resources: {resources}."),
        "# resources: []",
    ]
    return "\n".join(lines) + "\n"


def _platform_lines(project: Project, comment: str) -> list[str]:
    """The ``platform:`` key, when the center has several platforms to choose from."""
    if len(project.platforms) < 2:
        return []
    return [comment, _comment(f"One of: {' | '.join(sorted(project.platforms))}"),
            f"platform: {sorted(project.platforms)[0]}"]


def explanation_skeleton(project: Project, safeguard_id: str) -> str:
    """The default-locale explanation: front matter and one TODO per required section."""
    record = f"content/safeguards/{safeguard_id}.yml"
    intro = (f"{TODO}: write this for parents. The page already shows the title, summary and facts card "
             f"from {record}, so do not repeat them here.")
    headings = project.config.section_headings(project.default_locale)
    sections = [f"## {heading}\n\n{intro if index == 0 else f'{TODO}: write this section.'}\n"
                for index, heading in enumerate(headings)]
    return f"---\nsafeguard: {safeguard_id}\n---\n" + ("\n".join(sections) or f"{intro}\n")


def missing_elsewhere(project: Project, safeguard_id: str) -> str:
    """What the other locales still need: the status table, and the new safeguard's strings."""
    others = [code for code in project.config.locale_codes if code != project.default_locale]
    if not others:
        return "No other locales: nothing to translate."
    lines = [format_status_text(project, locale_status(project, others))]
    subject = f"safeguard/{safeguard_id}"
    messages = [m for m in record_messages(project) if m.subject == subject]
    for code in others:
        catalog = project.catalogs[code]
        untranslated = [m.context or m.key for m in messages if not catalog.is_translated(m.key, m.context)]
        if untranslated:
            where = relative(project.root, catalog_path(project.locales_dir, code))
            lines.append(f"{code}: untranslated: {', '.join(untranslated)} ({where})")
    return "\n".join(lines)


def next_steps(project: Project, created: NewSafeguard) -> str:
    """What the editor does next, in order."""
    steps = (f"Next: replace the {TODO}s in {relative(project.root, created.record)} and "
             f"{relative(project.root, created.explanation)}, then run '{NEXT_STEPS}' "
             "so translators get the new strings, and 'safety-center check'.")
    if not (project.root / SCHEMA_DIR / "safeguard.schema.json").is_file():
        steps += " Run 'safety-center schema' once for completion and validation in your editor."
    return steps


def _choices(literal) -> str:
    return " | ".join(typing.get_args(literal))


def _split(ages) -> str:
    if ages.last_age - ages.min_age < 1:
        return "13-15 and 16-17"
    middle = (ages.min_age + ages.last_age) // 2
    return f"{ages.min_age}-{middle} and {middle + 1}-{ages.last_age}"


def _comment(text: str, indent: str = "") -> str:
    prefix = f"{indent}# "
    return "\n".join(textwrap.wrap(text, width=92, initial_indent=prefix, subsequent_indent=prefix,
                                   break_on_hyphens=False, break_long_words=False))
