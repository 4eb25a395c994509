"""Translation status per locale: strings and pages, for translators and CI."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from ..model.findings import Finding, SourceLocation
from ..model.project import Project
from .messages import shown_messages
from .page_versions import PageState, PageVersion, page_versions, source_change


@dataclass(frozen=True)
class StringCounts:
    """How many of the strings the site shows a locale's catalog translates."""

    translated: int
    fuzzy: int
    untranslated: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    def percent(self, count: int) -> float:
        return round(100 * count / self.total, 1) if self.total else 100.0


@dataclass(frozen=True)
class StringToTranslate:
    """A shown string a locale's catalog does not translate yet, and where a translator finds it."""

    state: str  # "fuzzy" or "untranslated"
    context: str | None
    msgid: str
    location: SourceLocation  # the entry in the .po file; the file's top when it has no entry
    in_catalog: bool  # False: the catalog has no entry yet ('i18n update' adds it)


@dataclass(frozen=True)
class LocaleStatus:
    """A locale's strings and pages, counted, with each string and page that needs work."""

    locale: str
    strings: StringCounts
    pages: tuple[PageVersion, ...]
    strings_needing_work: tuple[StringToTranslate, ...] = ()

    def page_count(self, state: PageState) -> int:
        return sum(1 for page in self.pages if page.state is state)


def locale_status(project: Project, locales: list[str] | None = None) -> list[LocaleStatus]:
    """Status of each non-default locale (or of ``locales``)."""
    messages = shown_messages(project)
    keys = sorted({(m.key, m.context) for m in messages}, key=lambda key: (key[1] or "", key[0]))
    codes = locales or [c for c in project.config.locale_codes if c != project.default_locale]
    statuses = []
    for code in codes:
        catalog = project.catalogs[code]
        translated = 0
        to_translate = []
        for msgid, context in keys:
            if catalog.is_translated(msgid, context):
                translated += 1
                continue
            entry = catalog.entry(msgid, context)
            to_translate.append(StringToTranslate(
                "fuzzy" if entry is not None and entry.fuzzy else "untranslated", context, msgid,
                catalog.location_of(msgid, context), entry is not None))
        fuzzy = sum(1 for string in to_translate if string.state == "fuzzy")
        counts = StringCounts(translated, fuzzy, len(keys) - translated - fuzzy)
        statuses.append(LocaleStatus(code, counts, tuple(page_versions(project, code)), tuple(to_translate)))
    return statuses


def format_status_text(project: Project, statuses: list[LocaleStatus], with_diffs: bool = False,
                       verbose: bool = False, errors: Mapping[str, list[Finding]] | None = None) -> str:
    """A table for people, then the pages that need work (with what changed, if asked), each string
    that does (``verbose``), and what fails ``--strict`` (``errors``: error findings per locale)."""
    header = ("locale", "strings", "translated", "fuzzy", "untranslated", "pages", "current", "stale", "missing")
    rows: list[tuple[str, ...]] = [header]
    for status in statuses:
        s = status.strings
        rows.append((
            status.locale, str(s.total),
            f"{s.translated} ({s.percent(s.translated):g}%)", f"{s.fuzzy} ({s.percent(s.fuzzy):g}%)",
            f"{s.untranslated} ({s.percent(s.untranslated):g}%)", str(len(status.pages)),
            *(str(status.page_count(state)) for state in PageState),
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    for status in statuses:
        for page in status.pages:
            if page.state is PageState.CURRENT:
                continue
            lines.append(f"{status.locale}: {page.state.value}: {_translation_file(status, page)} "
                         f"(source {page.source.origin.file})")
            if with_diffs and page.state is PageState.STALE:
                change = source_change(project, page)
                if change is None:
                    lines.append("    (the recorded version is neither in locales/source-versions/ nor in git history; "
                                 "mark the page again once it is updated)")
                else:
                    lines.append(f"    {change.summary}")
                    lines += ["    " + line for line in change.diff.splitlines()]
        if verbose:
            lines += [f"{status.locale}: {string.state}: {_where(status, string)} "
                      f"msgctxt {_quoted(string.context)} msgid {_quoted(string.msgid)}"
                      for string in status.strings_needing_work]
    for code, found in (errors or {}).items():
        if found:
            counts = Counter(finding.rule for finding in found)
            lines.append(f"{code}: --strict fails: " + ", ".join(
                f"{count} {rule}" for rule, count in sorted(counts.items())))
    return "\n".join(lines)


def _translation_file(status: LocaleStatus, page: PageVersion) -> str:
    return page.translation.origin.file if page.translation else f"content/{status.locale}/{page.source.path}"


def _where(status: LocaleStatus, string: StringToTranslate) -> str:
    if string.in_catalog:
        return str(string.location)
    return f"{string.location.file} (no entry yet: run 'safety-center i18n update {status.locale}')"


def _quoted(text: str | None) -> str:
    return "(none)" if text is None else json.dumps(text, ensure_ascii=False)


def format_status_json(statuses: list[LocaleStatus], verbose: bool = False,
                       errors: Mapping[str, list[Finding]] | None = None) -> str:
    """The same numbers for tools; with ``verbose`` each string that needs work, with ``errors``
    (``--strict``) the error findings of each locale."""
    return json.dumps([_status_data(status, verbose, None if errors is None else errors.get(status.locale, []))
                       for status in statuses], ensure_ascii=False, indent=2)


def _status_data(status: LocaleStatus, verbose: bool, errors: list[Finding] | None) -> dict:
    strings: dict = {
        "total": status.strings.total,
        "translated": status.strings.translated,
        "fuzzy": status.strings.fuzzy,
        "untranslated": status.strings.untranslated,
        "percent_translated": status.strings.percent(status.strings.translated),
    }
    if verbose:
        strings["needing_work"] = [
            {"state": string.state, "msgctxt": string.context, "msgid": string.msgid,
             "file": string.location.file, "line": string.location.line if string.in_catalog else None}
            for string in status.strings_needing_work
        ]
    data = {
        "locale": status.locale,
        "strings": strings,
        "pages": {
            "total": len(status.pages),
            **{state.value: status.page_count(state) for state in PageState},
            "needing_work": [
                {"state": page.state.value, "source": page.source.origin.file,
                 "translation": _translation_file(status, page)}
                for page in status.pages if page.state is not PageState.CURRENT
            ],
        },
    }
    if errors is not None:
        data["errors"] = [finding.to_dict() for finding in errors]
    return data
