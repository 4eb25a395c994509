"""Facts stay true: prose agrees with the records, records are sourced and recent.

The records are the only place a fact is written. Explanations use the fact
helpers; these rules catch prose that states a fact on its own and disagrees,
in the page's own language.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from collections.abc import Iterable, Iterator

from ..model.findings import Finding, Severity, SourceLocation
from ..model.page import ParsedBody
from ..model.project import Project
from ..model.records import Platform, Resource, Safeguard
from ..render.page_parse import parsed_page

RULE_IDS = {
    "page-template": "a fact helper in a page is misspelt or fails",
    "page-template-unsafe": "a page's template holds more than fact-helper calls with plain values",
    "unknown-fact": "a fact helper names a safeguard, resource or field that does not exist",
    "age-contradiction": "an explanation states an age that its safeguard's age rules do not have",
    "phone-unknown": "a page states a phone number that no resource record has",
    "verification-outdated": "a record's last_verified date is older than the site allows",
    "verification-future": "a record's last_verified date is after today",
    "source-missing": "a safeguard lists no source",
}

#: Ages written as words, per language (a word also matches its compounds and
#: inflections that keep it whole: "sixteen-year-olds", "sextonåring").
AGE_WORDS: dict[str, dict[int, str]] = {
    "en": {10: "ten", 11: "eleven", 12: "twelve", 13: "thirteen", 14: "fourteen", 15: "fifteen",
           16: "sixteen", 17: "seventeen", 18: "eighteen", 19: "nineteen"},
    "sv": {10: "tio", 11: "elva", 12: "tolv", 13: "tretton", 14: "fjorton", 15: "femton",
           16: "sexton", 17: "sjutton", 18: "arton|aderton", 19: "nitton"},
    "da": {11: "elleve", 12: "tolv", 13: "tretten", 14: "fjorten", 15: "femten",
           16: "seksten", 17: "sytten", 18: "atten", 19: "nitten"},
    "nb": {11: "elleve", 12: "tolv", 13: "tretten", 14: "fjorten", 15: "femten",
           16: "seksten", 17: "sytten", 18: "atten", 19: "nitten"},
    "fi": {11: "yksitoista", 12: "kaksitoista", 13: "kolmetoista", 14: "neljätoista", 15: "viisitoista",
           16: "kuusitoista", 17: "seitsemäntoista", 18: "kahdeksantoista", 19: "yhdeksäntoista"},
}

#: A number in digits is an age when an age word follows it ("16 år", "16-year-olds",
#: "16+") or an age cue comes just before it ("aged 16", "från 16").
AGE_AFTER = {
    "en": r"\s*(?:\+|-?\s*(?:years?|year-olds?|yo)\b)",
    "sv": r"\s*(?:\+|-?\s*(?:år|åring\w*|års\w*)\b)",
    "da": r"\s*(?:\+|-?\s*(?:år|årig\w*|åring\w*)\b)",
    "nb": r"\s*(?:\+|-?\s*(?:år|årig\w*|åring\w*)\b)",
    "fi": r"\s*(?:\+|-?\s*vuo\w*)",
}
AGE_BEFORE = {
    "en": r"\b(?:age[ds]?|under|over|from|turns?|older than|younger than|between)\s+$",
    "sv": r"\b(?:ålder\w*|under|över|från|fyller|fyllt|äldre än|yngre än|mellan)\s+$",
    "da": r"\b(?:alder\w*|under|over|fra|fylder|fyldt|ældre end|yngre end|mellem)\s+$",
    "nb": r"\b(?:alder\w*|under|over|fra|fyller|fylt|eldre enn|yngre enn|mellom)\s+$",
    "fi": r"\b(?:alle|yli|ikä\w*|täyttä\w*)\s+$",
}
PHONE_CUES = r"\b(?:call|phone|ring|ringa|ringe|soita|puhelin|tel|telefon)\w*\W+(?:\w+\W+){0,2}$"

#: Addresses shown as text (autolinks) are not prose: their digits state nothing.
_URL = re.compile(r"https?://\S+")
#: A number followed by a unit of time is a quantity ("over 60 minutes", "60 minuuttia"), not an age:
#: the words Babel writes for durations in the locales the checker knows, and their short forms.
_DURATION_AFTER = r"\s*(?:min\w*|h\b|hours?\b|timm\w*|timer?\b|tun\w*|sec\w*|sek\w*|s\b)"
_NUMBER = re.compile(r"(?<![\w.,:/])(\d{1,2})(?!\d|[.,:/]\d|\s*%|" + _DURATION_AFTER + ")")
_PHONE = re.compile(r"(?<![\w.,:/+-])(\+?\d[\d \-]{1,16}\d)(?![\w/-]|[.,]\d|\s*%)")


# -- helpers and references ------------------------------------------------------------


def page_templates_render(project: Project) -> Iterable[Finding]:
    """Every fact helper in every page names real records and renders."""
    for page in project.pages:
        yield from parsed_page(project, page).template_findings


# -- ages --------------------------------------------------------------------------------


def ages_match_records(project: Project) -> Iterable[Finding]:
    """An explanation states no age that its safeguard's age rules lack."""
    site = project.config.ages
    for page in project.pages:
        safeguard = project.safeguards.get(page.safeguard_id or "")
        if safeguard is None:
            continue
        known = {site.min_age, site.last_age, project.config.adult_age}
        platform = project.platform_of(safeguard)
        if platform is not None and platform.minimum_age is not None:
            known.add(platform.minimum_age)
        for rule in safeguard.age_rules:
            known |= {rule.ages.min_age, rule.ages.last_age}
        for line, text in prose_lines(parsed_page(project, page)):
            for age, sentence in stated_ages(text, page.locale):
                if age not in known:
                    yield Finding(
                        "age-contradiction", Severity.ERROR, SourceLocation(page.origin.file, line),
                        f"states age {age}, which the record of '{safeguard.id}' does not have "
                        f"(its ages: {', '.join(map(str, sorted(known)))}): \u201c{sentence}\u201d",
                        "write the fact with a helper such as {{ age_from() }} instead of the number, "
                        "or correct the record",
                    )


def prose_lines(body: ParsedBody) -> Iterator[tuple[int, str]]:
    """(file line, text) of each line of readable text a page shows (code left out)."""
    for block, text in body.prose():
        for line in text.splitlines():
            if line.strip():
                yield block.line_of(line.strip()), line


def stated_ages(text: str, locale: str) -> Iterator[tuple[int, str]]:
    """(age, sentence) for each age a line of prose states, in its own language.

    >>> list(stated_ages("Teens can send messages from age 16. It saves 15 minutes.", "en"))
    [(16, 'Teens can send messages from age 16.')]
    >>> list(stated_ages("The limit is over 60 minutes, from 22:00; yli 60 minuuttia.", "en"))
    []
    >>> [age for age, _ in stated_ages("Från 16 år, och en sextonåring.", "sv")]
    [16, 16]
    """
    language = locale.split("_")[0]
    words = AGE_WORDS.get(language, {})
    word_pattern = re.compile(
        r"\b(" + "|".join(f"(?P<w{age}>{w})" for age, w in words.items()) + r")\w*", re.I) if words else None
    after = re.compile(AGE_AFTER.get(language, AGE_AFTER["en"]), re.I)
    before = re.compile(AGE_BEFORE.get(language, AGE_BEFORE["en"]), re.I)
    masked = _URL.sub(lambda m: " " * len(m.group()), text)
    found: list[tuple[int, int]] = []
    previous_end = None
    for match in _NUMBER.finditer(masked):
        head = masked[:match.start()]
        continues_range = previous_end is not None and re.fullmatch(r"\s*[–-]\s*", masked[previous_end:match.start()])
        if after.match(masked, match.end()) or before.search(head) or continues_range:
            found.append((match.start(), int(match.group(1))))
            previous_end = match.end()
    if word_pattern:
        for match in word_pattern.finditer(masked):
            age = next(int(name[1:]) for name, value in match.groupdict().items() if value)
            found.append((match.start(), age))
    for position, age in sorted(found):
        yield age, _sentence(text, position)


# -- phone numbers ----------------------------------------------------------------------------


def phones_match_records(project: Project) -> Iterable[Finding]:
    """A phone number in prose or in a tel: link is one of the resources' numbers."""
    known = {re.sub(r"\D", "", r.phone) for r in project.resources.values() if r.phone}
    for page in project.pages:
        body = parsed_page(project, page)
        dialled = [(block.line_of(href), href.removeprefix("tel:"), href) for block, element in body.elements()
                   if (href := element.get("href", "").strip()).lower().startswith("tel:")]
        stated = [(line, number, text) for line, text in prose_lines(body) for number in _stated_phones(text)]
        for line, number, context in [*dialled, *stated]:
            if re.sub(r"\D", "", number) not in known:
                yield Finding(
                    "phone-unknown", Severity.ERROR, SourceLocation(page.origin.file, line),
                    f"phone number {number} matches no resource record: "
                    f"\u201c{_sentence(context, max(context.find(number), 0))}\u201d",
                    "add the resource to content/resources/ and write {{ phone('its-id') }} instead",
                )


def _stated_phones(text: str) -> list[str]:
    numbers = []
    masked = _URL.sub(lambda m: " " * len(m.group()), text)
    for match in _PHONE.finditer(masked):
        candidate = match.group(1).strip()
        digits = re.sub(r"\D", "", candidate)
        grouped = bool(re.search(r"\d[ \-]\d", candidate)) and len(digits) >= 5
        cued = len(digits) >= 3 and re.search(PHONE_CUES, masked[:match.start()], re.I)
        is_year = re.fullmatch(r"(19|20)\d\d", digits) is not None
        if (grouped or cued) and not is_year and not re.fullmatch(r"\d{1,2}\s*-\s*\d{1,2}", candidate):
            numbers.append(candidate)
    return numbers


# -- records are sourced and recent ------------------------------------------------------------


def records_are_sourced_and_recent(project: Project, today: date | None = None) -> Iterable[Finding]:
    """Every safeguard has a source; every record was last verified recently, and not in the future."""
    today = today or date.today()
    months = project.config.verification_max_age_months
    oldest = _months_before(today, months)
    for safeguard in project.safeguards.values():
        if not safeguard.sources:
            yield Finding("source-missing", Severity.ERROR, safeguard.location_of("sources"),
                          f"safeguard '{safeguard.id}' lists no source",
                          "add sources: with the title and https URL where the platform states these facts")
    records: list[Safeguard | Resource | Platform] = [
        *project.safeguards.values(), *project.resources.values(), *project.platforms.values()]
    for record in records:
        if record.last_verified > today:
            yield Finding(
                "verification-future", Severity.ERROR, record.location_of("last_verified"),
                f"'{record.id}' claims to be verified on {record.last_verified}, which is after today ({today})",
                "write the day you last checked the facts against the sources",
            )
        elif record.last_verified < oldest:
            yield Finding(
                "verification-outdated", Severity.WARNING, record.location_of("last_verified"),
                f"'{record.id}' was last verified on {record.last_verified}, more than {months} months ago",
                "check the facts against the sources again, then update last_verified",
            )


def _months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (or that month's last day, if it is shorter).

    >>> _months_before(date(2026, 3, 31), 1), _months_before(date(2026, 1, 15), 18)
    (datetime.date(2026, 2, 28), datetime.date(2024, 7, 15))
    """
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _sentence(text: str, position: int) -> str:
    """The sentence of ``text`` around ``position``, for quoting in a finding."""
    start = max(text.rfind(mark, 0, position) for mark in (". ", "! ", "? ")) + 1
    ends = [i for i in (text.find(mark, position) for mark in (". ", "! ", "? ")) if i != -1]
    end = min(ends) + 1 if ends else len(text)
    return text[start:end].strip().lstrip("#-*> ").strip()
