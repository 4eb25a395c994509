"""Translation status per locale: strings and pages, for translators and CI."""

from __future__ import annotations

import json
from dataclasses import dataclass

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
class LocaleStatus:
    """A locale's strings and pages, counted, with each page's state."""

    locale: str
    strings: StringCounts
    pages: tuple[PageVersion, ...]

    def page_count(self, state: PageState) -> int:
        return sum(1 for page in self.pages if page.state is state)


def locale_status(project: Project, locales: list[str] | None = None) -> list[LocaleStatus]:
    """Status of each non-default locale (or of ``locales``)."""
    messages = {(m.key, m.context) for m in shown_messages(project)}
    codes = locales or [c for c in project.config.locale_codes if c != project.default_locale]
    statuses = []
    for code in codes:
        catalog = project.catalogs[code]
        translated = fuzzy = 0
        for msgid, context in messages:
            entry = catalog.entry(msgid, context)
            if catalog.is_translated(msgid, context):
                translated += 1
            elif entry is not None and entry.fuzzy:
                fuzzy += 1
        counts = StringCounts(translated, fuzzy, len(messages) - translated - fuzzy)
        statuses.append(LocaleStatus(code, counts, tuple(page_versions(project, code))))
    return statuses


def format_status_text(project: Project, statuses: list[LocaleStatus], with_diffs: bool = False) -> str:
    """A table for people, then the pages that need work (with what changed, if asked)."""
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
            target = (page.translation.origin.file if page.translation
                      else f"content/{status.locale}/{page.source.path}")
            lines.append(f"{status.locale}: {page.state.value}: {target} (source {page.source.origin.file})")
            if with_diffs and page.state is PageState.STALE:
                change = source_change(project, page)
                if change is None:
                    lines.append("    (the recorded version is neither in locales/source-versions/ nor in git history; "
                                 "mark the page again once it is updated)")
                else:
                    lines.append(f"    {change.summary}")
                    lines += ["    " + line for line in change.diff.splitlines()]
    return "\n".join(lines)


def format_status_json(statuses: list[LocaleStatus]) -> str:
    """The same numbers for tools."""
    return json.dumps([
        {
            "locale": status.locale,
            "strings": {
                "total": status.strings.total,
                "translated": status.strings.translated,
                "fuzzy": status.strings.fuzzy,
                "untranslated": status.strings.untranslated,
                "percent_translated": status.strings.percent(status.strings.translated),
            },
            "pages": {
                "total": len(status.pages),
                **{state.value: status.page_count(state) for state in PageState},
                "needing_work": [
                    {"state": page.state.value, "source": page.source.origin.file,
                     "translation": page.translation.origin.file if page.translation
                     else f"content/{status.locale}/{page.source.path}"}
                    for page in status.pages if page.state is not PageState.CURRENT
                ],
            },
        }
        for status in statuses
    ], ensure_ascii=False, indent=2)
