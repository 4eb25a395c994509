"""Catalog QA: a translation keeps what makes its source work and stays plain text.

The number of plural forms uses Babel's checker; the plural rule is compared with
CLDR's by meaning; placeholders, markup and URLs are compared here, in every entry
kind and every plural form. Every finding points at the entry's (or header's) line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from babel.messages.catalog import Message, TranslationError
from babel.messages.checkers import num_plurals
from babel.messages.plurals import get_plural

from ..model.catalog import (
    COUNT_PLACEHOLDER,
    PLURAL_SAMPLE,
    LocaleCatalog,
    brace_placeholders,
    named_placeholders,
    plural_function,
    positional_placeholders,
    single_number_forms,
)
from ..model.findings import Finding, Severity, SourceLocation
from ..model.project import Project
from .safety import unsafe_markup

RULE_IDS = {
    "po-placeholders": "a translation's placeholders differ from its source string's",
    "po-plurals": "a plural translation has the wrong number of forms for its language",
    "po-plural-rule": "a catalog's Plural-Forms means something other than CLDR's rule for its language",
    "po-charset": "a catalog's header declares a charset its bytes are not (catalogs are UTF-8)",
    "po-markup": "a translation adds markup its source does not have, or markup that could run script",
    "po-urls": "a translation drops a URL its source has",
}

_TAG = re.compile(r"</?\s*([a-zA-Z][\w-]*)([^>]*)>")
_URL = re.compile(r"https?://[^\s<>\"')\]]+")


def catalog_entries_are_sound(project: Project) -> Iterable[Finding]:
    """Each locale catalog's plural rule, and each translated entry, pass the QA checks."""
    for locale, catalog in project.catalogs.items():  # the default locale's too: it may override interface words
        rule_problem = _plural_rule_problem(catalog)
        if rule_problem is not None:
            yield rule_problem
        single = single_number_forms(catalog.catalog.plural_expr)
        for message in catalog.catalog:
            if not message.id or not message.string or message.fuzzy:
                continue
            where = SourceLocation(catalog.file or "", message.lineno or 1)
            for rule, problem, hint in _problems(catalog.catalog, message, single):
                yield Finding(rule, Severity.ERROR, where,
                              f"{_label(message)} in locale '{locale}': {problem}", hint)


def _plural_rule_problem(catalog: LocaleCatalog) -> Finding | None:
    """Plural-Forms must choose the same form as CLDR's rule for every n in 0..1000 (the text may differ)."""
    expected = get_plural(catalog.locale)
    where = SourceLocation(catalog.file or "", catalog.header_lines.get("Plural-Forms", 1))
    hint = f"use the rule for '{catalog.locale}': {expected.plural_forms}"
    cldr = plural_function(expected.plural_expr)
    actual = plural_function(catalog.catalog.plural_expr)  # readable: the loader replaced one that is not
    differs = next((n for n in PLURAL_SAMPLE if actual(n) != cldr(n)), None)
    if catalog.catalog.num_plurals != expected.num_plurals:
        return Finding("po-plural-rule", Severity.ERROR, where,
                       f"Plural-Forms has nplurals={catalog.catalog.num_plurals}; "
                       f"'{catalog.locale}' has {expected.num_plurals} plural forms", hint)
    if differs is not None:
        return Finding("po-plural-rule", Severity.ERROR, where,
                       f"Plural-Forms picks form {actual(differs)} for n={differs}; CLDR's rule for "
                       f"'{catalog.locale}' picks form {cldr(differs)}", hint)
    return None


def _problems(catalog, message: Message, single: frozenset[int]) -> Iterable[tuple[str, str, str]]:
    try:
        num_plurals(catalog, message)
    except TranslationError as error:
        yield ("po-plurals", str(error), "fill in every plural form your language has (see Plural-Forms)")
    yield from _placeholder_problems(message, single)
    for source, translation in _pairs(message):
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


def _placeholder_problems(message: Message, single: frozenset[int]) -> Iterable[tuple[str, str, str]]:
    """Every form keeps every named placeholder of the source and adds none.

    The count (%(num)d) may be left out only in a plural form that covers a single number.
    """
    sources = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
    forms = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
    plural = isinstance(message.string, (tuple, list))
    formatted = message.python_format
    named = set().union(*(named_placeholders(text) for text in sources)) if formatted else set()
    braces = set().union(*(brace_placeholders(text) for text in sources))
    for index, form in enumerate(forms):
        if not form:
            continue
        which = f"plural form {index}" if plural else "the translation"
        expected = named - {COUNT_PLACEHOLDER} if plural and index in single else named
        given = named_placeholders(form) if formatted else set()
        missing, unknown = sorted(expected - given), sorted(given - named)
        missing += sorted("{" + name + "}" for name in braces - brace_placeholders(form))
        unknown += sorted("{" + name + "}" for name in brace_placeholders(form) - braces)
        if missing:
            yield ("po-placeholders", f"{which} drops {', '.join(_shown(missing))}",
                   "keep every placeholder of the source, spelled exactly the same")
        if unknown:
            yield ("po-placeholders", f"{which} has {', '.join(_shown(unknown))}, which the source does not have",
                   "use the source's placeholder names; do not translate or rename them")
        wanted, count = positional_placeholders(sources[-1]), positional_placeholders(form)
        if formatted and not named and (count > wanted or count < wanted and not (plural and index in single)):
            yield ("po-placeholders", f"{which} has {count} %-placeholders; the source has {wanted}",
                   "keep every %s or %d of the source")


def _shown(names: list[str]) -> list[str]:
    return [name if name.startswith("{") else f"%({name})" for name in names]


def _pairs(message: Message) -> list[tuple[str, str]]:
    """(source, translation) pairs, pairing each plural form with the source's plural."""
    if isinstance(message.id, (tuple, list)):
        singular, plural = message.id[0], message.id[1]
    else:
        singular = plural = message.id
    if not isinstance(message.string, (tuple, list)):
        return [(singular, message.string or "")]
    return [(singular if i == 0 else plural, form) for i, form in enumerate(message.string) if form]


def _tags(text: str) -> list[str]:
    return [f"<{name.lower()}{' '.join(attrs.split())}>" for name, attrs in _TAG.findall(text)]


def _label(message: Message) -> str:
    msgid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
    return f"{message.context or 'string'} \"{msgid[:50]}\""
