"""The core rule: every safeguard is explained and translated in every locale, and
every translated page is current with its source."""

from __future__ import annotations

from collections.abc import Iterable

from ..i18n.messages import SourceMessage, interface_messages, project_messages
from ..i18n.page_versions import PageState, page_versions, source_change
from ..model.findings import Finding, Severity, SourceLocation
from ..model.project import Project
from ..render.page_parse import parsed_page

RULE_IDS = {
    "explanation-missing": "a safeguard has no explanation page in a locale",
    "duplicate-explanation": "two pages explain one safeguard in a locale",
    "string-untranslated": "a string the site shows is missing or fuzzy in a locale's catalog",
    "catalog-missing": "a locale has no catalog at all",
    "translation-stale": "a translated page does not match the current version of its source page",
    "explanation-empty": "an explanation has no text beyond headings",
    "explanation-section-missing": "an explanation lacks a section the site requires, or leaves it empty",
    "section-heading-missing": "a required section (explanation_sections) has no heading for a configured locale",
}


#: The rules of the translator workflow: what ``i18n status --strict`` fails on when they are errors.
TRANSLATOR_RULES = ("string-untranslated", "catalog-missing", "explanation-missing", "translation-stale")


def explanations_exist(project: Project) -> Iterable[Finding]:
    """Every safeguard has an explanation page in every locale."""
    for locale in project.config.locale_codes:
        yield from explanations_missing_in(project, locale)


def explanations_missing_in(project: Project, locale: str) -> Iterable[Finding]:
    """The safeguards without an explanation in one locale."""
    for safeguard in project.safeguards.values():
        if project.explanation(safeguard.id, locale) is None:
            yield Finding(
                "explanation-missing", Severity.ERROR, safeguard.origin,
                f"safeguard '{safeguard.id}' has no explanation in locale '{locale}'",
                f"add content/{locale}/safeguards/{safeguard.id}.md with "
                f"front matter 'safeguard: {safeguard.id}'",
            )


def explanations_unique(project: Project) -> Iterable[Finding]:
    """A safeguard has at most one explanation per locale."""
    seen: dict[tuple[str, str], SourceLocation] = {}
    for page in project.pages:
        if page.safeguard_id is None:
            continue
        key = (page.locale, page.safeguard_id)
        if key in seen:
            yield Finding(
                "duplicate-explanation", Severity.ERROR, page.origin,
                f"safeguard '{page.safeguard_id}' is already explained in locale '{page.locale}' by {seen[key].file}",
                "merge the two pages into one",
            )
        else:
            seen[key] = page.origin


def strings_translated(project: Project) -> Iterable[Finding]:
    """Every string the site shows has a usable translation in every other locale.

    The interface's words, which the package ships for some locales, are checked in the default
    locale too: their source is English, and a center whose default locale the package does not
    translate must translate them itself.
    """
    interface = list(interface_messages())
    own = project_messages(project)
    for locale in project.config.locale_codes:
        yield from strings_untranslated_in(project, locale, interface, own)


def strings_untranslated_in(project: Project, locale: str, interface: list[SourceMessage] | None = None,
                            own: list[SourceMessage] | None = None) -> Iterable[Finding]:
    """The shown strings one locale's catalog lacks or has fuzzy, or the catalog itself when there is none.

    The default locale is asked only for the interface's words (its records are the source).
    """
    interface = list(interface_messages()) if interface is None else interface
    own = project_messages(project) if own is None else own
    default = locale == project.default_locale
    messages = interface if default else own + interface
    catalog = project.catalogs[locale]
    file = catalog.file or ""
    if not default and not (project.root / file).is_file():
        yield Finding(
            "catalog-missing", Severity.ERROR, SourceLocation(file, 1),
            f"locale '{locale}' has no catalog: none of its {len(messages)} strings is translated",
            f"create it with 'safety-center i18n update {locale}' and translate it",
        )
        return
    for message in messages:
        if catalog.is_translated(message.key, message.context):
            continue
        entry = catalog.entry(message.key, message.context)
        state = "fuzzy (needs review)" if entry is not None and entry.fuzzy else "not translated"
        yield Finding(
            "string-untranslated", Severity.ERROR, catalog.location_of(message.key, message.context),
            f"{message.owner}: {message.context or 'string'} \"{_short(message.key)}\" is {state} "
            f"in locale '{locale}'",
            "translate it in the catalog (and clear the fuzzy flag)" if entry is not None
            else f"run 'safety-center i18n update {locale}', then translate the new entry",
        )


def translations_current(project: Project) -> Iterable[Finding]:
    """A translated page matches the current version of its default-locale source."""
    for locale in project.config.locale_codes:
        yield from stale_translations_in(project, locale)


def stale_translations_in(project: Project, locale: str) -> Iterable[Finding]:
    """The translated pages of one locale whose source changed since they were marked."""
    if locale == project.default_locale:
        return
    for version in page_versions(project, locale):
        translated = version.translation
        if version.state is not PageState.STALE or translated is None:  # a stale page has a translation
            continue
        source, translation = version.source.origin.file, translated.origin.file
        if version.recorded_digest is None:
            message = f"translation does not record which version of {source} it translates"
        else:
            change = source_change(project, version)
            what = change.summary if change else "changed since it was translated"
            message = f"{source} {what}"
        yield Finding(
            "translation-stale", Severity.WARNING, translated.origin, message,
            f"update the translation (see 'safety-center i18n status {locale} --diff'), then run "
            f"'safety-center i18n mark {locale} {translation}'",
        )


def translator_workflow_findings(project: Project, locale: str) -> list[Finding]:
    """What the translator workflow's rules (``TRANSLATOR_RULES``) find in one locale, before the
    site's rule settings."""
    return [*strings_untranslated_in(project, locale), *explanations_missing_in(project, locale),
            *stale_translations_in(project, locale)]


def explanations_complete(project: Project) -> Iterable[Finding]:
    """An explanation is real content, with every section the site requires, each filled in.

    Sections come from the parsed page, so ATX (``## Title``) and setext (underlined)
    headings both count. A page in a locale's safeguards/ folder that is empty is
    reported at that page, even without front matter: it is an emptied explanation.
    """
    for page in project.pages:
        if page.safeguard_id is None:
            if page.path.startswith("safeguards/") and not page.body.strip():
                yield Finding("explanation-empty", Severity.ERROR, page.origin,
                              "this explanation page is empty: no front matter and no text",
                              f"write 'safeguard: {page.path.removeprefix('safeguards/').removesuffix('.md')}' "
                              "as front matter and explain the safeguard, or delete the file")
            continue
        sections = parsed_page(project, page).sections()
        if not any(text.strip() for _, text in sections):
            yield Finding("explanation-empty", Severity.ERROR, page.origin,
                          f"the explanation of '{page.safeguard_id}' has no text beyond headings",
                          "explain what the safeguard does and how to change it, for parents")
            continue
        for required in project.config.section_headings(page.locale):
            match = next(((heading, text) for heading, text in sections
                          if heading is not None and heading.text.casefold() == required.casefold()), None)
            if match is None:
                yield Finding("explanation-section-missing", Severity.ERROR, page.origin,
                              f"the explanation of '{page.safeguard_id}' has no section '{required}'",
                              f"add a heading '## {required}' with its text")
            elif not match[1].strip():
                yield Finding("explanation-section-missing", Severity.ERROR,
                              SourceLocation(page.origin.file, match[0].line),
                              f"section '{required}' of '{page.safeguard_id}' is empty",
                              "write the section's text under its heading")


def section_headings_cover_every_locale(project: Project) -> Iterable[Finding]:
    """Each required section names its heading in every locale: without one, that locale's
    explanations could not be checked for the section, and it would be skipped silently."""
    for index, section in enumerate(project.config.explanation_sections):
        where = (project.section_locations[index] if index < len(project.section_locations)
                 else SourceLocation(project.config_file.name, 1))
        named = ", ".join(f"{code}: {heading}" for code, heading in section.items())
        for locale in project.config.locale_codes:
            if locale not in section:
                yield Finding(
                    "section-heading-missing", Severity.ERROR, where,
                    f"the required section ({named}) has no heading for locale '{locale}', so no "
                    f"explanation in '{locale}' is checked for it",
                    f"add '{locale}: <the heading in that language>' to this entry of explanation_sections",
                )


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
