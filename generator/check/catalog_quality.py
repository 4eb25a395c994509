"""Catalog QA: a translation keeps what makes its source work and stays plain text.

Placeholders and plural forms use Babel's own checkers; markup and URLs are
compared here. Every finding points at the entry's line in the .po file.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from babel.messages.catalog import Message, TranslationError
from babel.messages.checkers import num_plurals, python_format

from ..model.findings import Finding, Severity, SourceLocation
from ..model.project import Project
from .safety import unsafe_markup

RULE_IDS = {
    "po-placeholders": "a translation's placeholders differ from its source string's",
    "po-plurals": "a plural translation has the wrong number of forms for its language",
    "po-markup": "a translation adds markup its source does not have, or markup that could run script",
    "po-urls": "a translation drops a URL its source has",
}

_TAG = re.compile(r"</?\s*([a-zA-Z][\w-]*)([^>]*)>")
_URL = re.compile(r"https?://[^\s<>\"')\]]+")
_BRACE = re.compile(r"(?<!\{)\{([A-Za-z_][\w.]*)\}(?!\})")


def catalog_entries_are_sound(project: Project) -> Iterable[Finding]:
    """Each translated entry of each locale catalog passes the QA checks."""
    for locale, catalog in project.catalogs.items():
        if locale == project.default_locale:
            continue
        for message in catalog.catalog:
            if not message.id or not message.string or message.fuzzy:
                continue
            where = SourceLocation(catalog.file, message.lineno or 1)
            for rule, problem, hint in _problems(catalog.catalog, message):
                yield Finding(rule, Severity.ERROR, where,
                              f"{_label(message)} in locale '{locale}': {problem}", hint)


def _problems(catalog, message: Message) -> Iterable[tuple[str, str, str]]:
    try:
        python_format(catalog, message)
    except TranslationError as error:
        yield ("po-placeholders", f"placeholders do not match the source ({error})",
               "keep every %(name)s placeholder of the source, spelled exactly the same")
    try:
        num_plurals(catalog, message)
    except TranslationError as error:
        yield ("po-plurals", str(error), "fill in every plural form your language has (see Plural-Forms)")
    for source, translation in _pairs(message):
        if Counter(_BRACE.findall(source)) != Counter(_BRACE.findall(translation)):
            yield ("po-placeholders", "{name} placeholders do not match the source",
                   "keep every {name} placeholder of the source")
        for what in unsafe_markup(translation):
            yield ("po-markup", f"the translation contains {what}", "remove it: translations are plain text")
        added = Counter(_tags(translation)) - Counter(_tags(source))
        if added:
            yield ("po-markup", f"the translation adds markup the source does not have: {', '.join(sorted(added))}",
                   "keep the source's markup and add none")
        missing = set(_URL.findall(source)) - set(_URL.findall(translation))
        if missing:
            yield ("po-urls", f"the translation drops {', '.join(sorted(missing))}",
                   "keep the address exactly as in the source")


def _pairs(message: Message) -> list[tuple[str, str]]:
    """(source, translation) pairs, pairing each plural form with the source's plural."""
    if not isinstance(message.string, (tuple, list)):
        return [(message.id, message.string)]
    singular, plural = message.id if isinstance(message.id, (tuple, list)) else (message.id, message.id)
    return [(singular if i == 0 else plural, form) for i, form in enumerate(message.string) if form]


def _tags(text: str) -> list[str]:
    return [f"<{name.lower()}{' '.join(attrs.split())}>" for name, attrs in _TAG.findall(text)]


def _label(message: Message) -> str:
    msgid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
    return f"{message.context or 'string'} \"{msgid[:50]}\""
