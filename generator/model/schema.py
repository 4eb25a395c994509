"""JSON Schema for record files, generated from the models.

Editors' tools (the YAML extension of VS Code and other yaml-language-server
clients) read these schemas to complete keys, list the allowed values and mark a
wrong key or value while the file is being written. The schemas describe what an
editor writes: the keys the loader fills in itself (``id``, ``origin``,
``field_lines``) are left out, and an age band is the text "13-15" or "18+", or a number.

The schemas are draft-07, the draft yaml-language-server validates with.
``safety-center schema`` writes them with ``schema_text``; the committed copies in
``schemas/`` are kept in step with the models by a test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .records import (
    BUILTIN_SETTING_VALUES,
    LOADER_KEYS,
    AgeRule,
    AppRating,
    Change,
    Limitation,
    Minutes,
    Platform,
    PlatformLink,
    Resource,
    Safeguard,
    Source,
    Steps,
    TimeOfDay,
    Translatable,
)

SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"

#: The folder (beside mkdocs.yml) the schemas are written to by default.
SCHEMA_DIR = "schemas"

#: Each record kind: its schema file, its model and the folder its files live in.
RECORD_KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "safeguard.schema.json": (Safeguard, "content/safeguards"),
    "resource.schema.json": (Resource, "content/resources"),
    "platform.schema.json": (Platform, "content/platforms"),
}

DRAFT_NOTE = ("true while the record is work in progress: 'safety-center serve' shows it, a published "
              "build leaves it out. Remove it when the record is ready for parents.")

#: What each field of a record file holds, for editors. Translatable fields are
#: described by their note for translators instead (see ``field_description``).
FIELD_NOTES: dict[type[BaseModel], dict[str, str]] = {
    Safeguard: {
        "age_rules": "How the safeguard behaves for each age band. The bands must not overlap; "
                     "together they should cover the ages the site is about.",
        "last_verified": "When someone last checked these facts against the sources (YYYY-MM-DD).",
        "sources": "Where the facts are published: a title and an https address for each.",
        "resources": "Ids of resource records (file names in content/resources/, without .yml) "
                     "to list with this safeguard.",
        "parent_can_see": "What a parent can see, as short phrases (translated).",
        "parent_cannot_see": "What a parent cannot see, as short phrases (translated).",
        "limitations": "Known limits of the safeguard, each with what a parent can do instead.",
        "platform": "The id of the platform it belongs to (a file name in content/platforms/, without .yml); "
                    "may be left out when the center has one platform.",
        "steps": "How to set it up or change it: ordered steps for the child and for the parent.",
        "conversation_starters": "Questions a parent can ask the child (translated).",
        "related": "Ids of other, related safeguards (file names in content/safeguards/, without .yml).",
        "changes": "The change log: dated entries of what changed, newest or oldest first.",
        "draft": DRAFT_NOTE,
    },
    Limitation: {},
    Steps: {
        "child": "Steps the child takes, in order (translated).",
        "parent": "Steps the parent takes, in order (translated).",
    },
    Change: {
        "date": "When it changed (YYYY-MM-DD).",
    },
    AgeRule: {
        "ages": 'The age band: a range such as "13-15", a single age such as 16, or "18+" '
                "(from the site's adult_age on: what changes at adulthood).",
        "availability": "Whether children of these ages can use the feature at all.",
        "default": "What the setting is before anyone changes it; required when available. A word: "
                   f"{', '.join(BUILTIN_SETTING_VALUES)}, or one of the site's own setting_values in "
                   'mkdocs.yml; or a quantity: {minutes: 60} or {time: "22:00"}. '
                   "Use not-stated when the platform publishes no default.",
        "changed_by": "Who can change the setting: the child, the child with a parent's approval "
                      "(child-with-approval), a parent with the platform's parent tool (parent) or nobody. "
                      "An empty list when the sources do not say.",
        "child_notified": "Whether the child is told when a parent changes the setting; leave it out "
                          "when the sources do not say.",
    },
    Minutes: {"minutes": "A number of minutes, such as 60."},
    TimeOfDay: {"time": 'A time of day on the 24-hour clock, in quotes: "22:00".'},
    Platform: {
        "minimum_age": "The youngest age the platform allows an account at, as its terms state it; "
                       "leave it out when no source says.",
        "app_ratings": "The app's age rating in each app store: store and rating, as the store writes them.",
        "links": "Pages of the platform's own for parents: a title (translated) and an https address for each.",
        "last_verified": "When someone last checked these facts against the sources (YYYY-MM-DD).",
        "sources": "Where the facts are published: a title and an https address for each.",
        "draft": DRAFT_NOTE,
    },
    AppRating: {
        "store": "The app store, such as App Store or Google Play.",
        "rating": "The rating as the store shows it, such as 12+.",
    },
    PlatformLink: {
        "url": "Its full https:// address.",
    },
    Source: {
        "title": "The title of the published page or document.",
        "url": "Its full https:// address.",
        "published": "When it was published (YYYY-MM-DD), if it says.",
    },
    Resource: {
        "name": "The organisation's or service's own name (translators keep proper names).",
        "kind": "What it is: partner, helpline, hotline, guidance or emergency.",
        "url": "Its website, as a full https:// address.",
        "phone": 'A phone number to call, digits with spaces or dashes, optionally starting with + '
                 '(quote it: "116 111").',
        "regions": "Country codes (SE, US) of the regions it serves, or global.",
        "last_verified": "When someone last checked these facts (YYYY-MM-DD).",
        "draft": DRAFT_NOTE,
    },
}

#: A region as written in a record (the model's validator says the same in words).
REGION_PATTERN = r"^(?:[A-Z]{2}|global)$"


def translatable_note(model: type[BaseModel], name: str) -> str | None:
    """The note for translators on a translatable field, or None."""
    info = model.model_fields[name]
    return next((meta.note for meta in info.metadata if isinstance(meta, Translatable)), None)


def field_description(model: type[BaseModel], name: str) -> str | None:
    """What a record field holds, in words for editors."""
    note = translatable_note(model, name)
    if note is not None:
        return f"{note}. Shown to parents; translated in the catalogs."
    return FIELD_NOTES.get(model, {}).get(name)


def record_schemas() -> dict[str, dict[str, Any]]:
    """Every record kind's JSON Schema, by file name (safeguard.schema.json, ...)."""
    return {name: record_schema(model, folder) for name, (model, folder) in RECORD_KINDS.items()}


def write_schemas(folder: Path) -> list[tuple[Path, bool]]:
    """Write every record schema into ``folder``; (path, whether it was written) for each,
    an unchanged file being left as it is."""
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    for name, schema in record_schemas().items():
        path = folder / name
        data = schema_text(schema).encode("utf-8")
        unchanged = path.is_file() and path.read_bytes() == data
        if not unchanged:
            path.write_bytes(data)
        results.append((path, not unchanged))
    return results


def record_schema(model: type[BaseModel], folder: str) -> dict[str, Any]:
    """The JSON Schema of one record file, as an editor writes it."""
    schema = model.model_json_schema()
    models = _models_in(model)
    for name, part in [(model.__name__, schema), *schema.get("$defs", {}).items()]:
        _describe(part, models.get(name))
    _prune_definitions(schema)
    for part in _object_schemas(schema):
        part["additionalProperties"] = False
    _add_rules(schema)
    kind = model.__name__.lower()
    schema["title"] = f"{model.__name__} record"
    schema["description"] = (f"{schema.get('description', '').rstrip('.')}. "
                             f"One file per {kind}: {folder}/<id>.yml, where the file name is the id.")
    schema["$schema"] = SCHEMA_DIALECT
    return schema


def schema_text(schema: dict[str, Any]) -> str:
    """The bytes a schema file holds: stable, so that a regenerated schema diffs cleanly."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# -- post-processing -------------------------------------------------------------------


def _models_in(model: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """The model and every model its fields hold, by class name (the $defs keys)."""
    found: dict[str, type[BaseModel]] = {}

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation.__name__ in found:
                return
            found[annotation.__name__] = annotation
            for info in annotation.model_fields.values():
                visit(info.annotation)
        for argument in getattr(annotation, "__args__", ()):
            visit(argument)

    visit(model)
    return found


def _describe(part: dict[str, Any], model: type[BaseModel] | None) -> None:
    """Drop the loader's keys from one object schema and describe each remaining field."""
    properties = part.get("properties", {})
    for key in LOADER_KEYS & properties.keys():
        del properties[key]
    if "required" in part:
        part["required"] = [key for key in part["required"] if key not in LOADER_KEYS]
    if model is None:
        return
    for name, prop in properties.items():
        if name in model.model_fields:
            description = field_description(model, name)
            if description:
                prop["description"] = description


def _prune_definitions(schema: dict[str, Any]) -> None:
    """Remove $defs nothing refers to any more (SourceLocation, once origin is gone)."""
    definitions = schema.get("$defs", {})
    while True:
        text = json.dumps({k: v for k, v in schema.items() if k != "$defs"}) + json.dumps(definitions)
        unused = [name for name in definitions if f'"#/$defs/{name}"' not in text]
        if not unused:
            break
        for name in unused:
            del definitions[name]
    if not definitions:
        schema.pop("$defs", None)


def _object_schemas(node: Any):
    """Every schema with properties in a schema tree."""
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict):
            yield node
        for value in node.values():
            yield from _object_schemas(value)
    elif isinstance(node, list):
        for value in node:
            yield from _object_schemas(value)


def _add_rules(schema: dict[str, Any]) -> None:
    """Rules the models check in validators, written as schema so that editors see them early."""
    definitions = schema.get("$defs", {})
    if "AgeRule" in definitions:  # AgeRule._default_only_when_available
        definitions["AgeRule"]["if"] = {
            "properties": {"availability": {"const": "available"}}, "required": ["availability"],
        }
        definitions["AgeRule"]["then"] = {"required": ["default"]}
        # The site's own words are allowed too, so the built-in ones are suggestions, not an enum.
        definitions["AgeRule"]["properties"]["default"]["examples"] = list(BUILTIN_SETTING_VALUES)
    regions = schema.get("properties", {}).get("regions")
    if regions is not None:  # Resource._region_codes
        regions["items"]["pattern"] = REGION_PATTERN
