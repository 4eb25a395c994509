"""Facts in editors' Markdown: a few template helpers that read the records.

An explanation writes ``{{ age_from() }}`` instead of "16", so that when the record
changes every locale follows. The helpers run in Jinja's immutable sandbox with
nothing else in reach: no Python internals, no files, no environment, no includes.
A helper that names an unknown safeguard, resource or field, and any template
error, becomes a finding at the page's file and line.
"""

from __future__ import annotations

import functools
import sys
import traceback
from dataclasses import dataclass

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

from ..model.findings import Finding, Severity, SourceLocation, did_you_mean
from ..model.project import Project
from ..model.records import ContentPage, Resource, Safeguard
from .localized import LocaleText, escape_text, url_value

_TEMPLATE_NAME = "<template>"  # what Jinja names a template made from a string


class FactError(Exception):
    """A helper was asked for something the records do not have."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass(frozen=True)
class RenderedBody:
    markdown: str
    findings: tuple[Finding, ...]


class FactHelpers:
    """The helpers an editor can call, bound to one page and the locale it is written in.

    Each safeguard helper takes the safeguard id, defaulting to the one the page explains.
    """

    NAMES = ("age_from", "ages", "default", "setting", "title", "phone", "link", "resource_name")

    def __init__(self, project: Project, page: ContentPage, text: LocaleText) -> None:
        self.project, self.page, self.text = project, page, text

    def globals(self) -> dict:
        return {name: getattr(self, name) for name in self.NAMES}

    # -- safeguards ------------------------------------------------------------------

    def age_from(self, safeguard: str | None = None) -> str:
        """The youngest age at which the safeguard's feature is available: "16"."""
        record = self._safeguard(safeguard)
        available = [rule.ages.min_age for rule in record.age_rules if rule.availability == "available"]
        if not available:
            raise FactError(f"safeguard '{record.id}' is available at no age", "use ages() or reword")
        return str(min(available))

    def ages(self, safeguard: str | None = None) -> str:
        """The age bands at which the feature is available, as a list: "16–17"."""
        record = self._safeguard(safeguard)
        bands = [str(rule.ages) for rule in record.age_rules if rule.availability == "available"]
        if not bands:
            raise FactError(f"safeguard '{record.id}' is available at no age", "reword without ages()")
        return self.text.fmt.list(bands)

    def default(self, safeguard: str | None = None, age: int | None = None) -> str:
        """The default setting (at ``age``, or in the first band where it has one): "private"."""
        record = self._safeguard(safeguard)
        rules = [record.rule_for(age)] if age is not None else record.age_rules
        rule = next((r for r in rules if r is not None and r.default), None)
        if rule is None:
            where = f" at age {age}" if age is not None else ""
            raise FactError(f"safeguard '{record.id}' has no default{where}", "check the record's age_rules")
        return self.text.label("default", rule.default).lower()

    def setting(self, safeguard: str | None = None) -> str:
        """Where the setting lives in the app, in this locale."""
        record = self._safeguard(safeguard)
        if not record.setting:
            raise FactError(f"safeguard '{record.id}' has no 'setting'", "add setting: to its record")
        return self.text.tr(record, "setting")

    def title(self, safeguard: str | None = None) -> str:
        """The safeguard's title in this locale."""
        return self.text.tr(self._safeguard(safeguard), "title")

    # -- resources --------------------------------------------------------------------

    def phone(self, resource: str) -> Markup:
        """A resource's phone number as a link that dials it: [116 111](tel:116111)."""
        record = self._resource(resource)
        if not record.phone:
            raise FactError(f"resource '{record.id}' has no phone number", "use link() instead")
        return Markup(f"[{escape_text(record.phone)}]({url_value(record.tel_uri)})")

    def link(self, resource: str) -> Markup:
        """A link to a resource's website, with its name: [Bris](https://www.bris.se/)."""
        record = self._resource(resource)
        return Markup(f"[{escape_text(self.text.tr(record, 'name'))}]({url_value(record.url)})")

    def resource_name(self, resource: str) -> str:
        return self.text.tr(self._resource(resource), "name")

    # -- lookups ------------------------------------------------------------------------

    def _safeguard(self, safeguard_id: str | None) -> Safeguard:
        safeguard_id = safeguard_id or self.page.safeguard_id
        if safeguard_id is None:
            raise FactError("this page explains no safeguard, so the helper needs a safeguard id",
                            "write e.g. age_from('direct-messages')")
        record = self.project.safeguards.get(safeguard_id)
        if record is None:
            raise FactError(f"unknown safeguard '{safeguard_id}'",
                            did_you_mean(safeguard_id, self.project.safeguards) or "see content/safeguards/")
        return record

    def _resource(self, resource_id: str) -> Resource:
        record = self.project.resources.get(resource_id)
        if record is None:
            raise FactError(f"unknown resource '{resource_id}'",
                            did_you_mean(resource_id, self.project.resources) or "see content/resources/")
        return record


def render_body(project: Project, page: ContentPage, text: LocaleText | None = None) -> RenderedBody:
    """Run an editor's Markdown through the helpers; problems come back as findings.

    On a problem the Markdown is returned as written, so a preview still shows the page.
    """
    text = text or LocaleText(project, page.locale)
    if "{{" not in page.body and "{%" not in page.body:
        return RenderedBody(page.body, ())
    try:
        template = _sandbox().from_string(page.body)
        return RenderedBody(template.render(FactHelpers(project, page, text).globals()), ())
    except TemplateSyntaxError as error:
        line = page.body_line + (error.lineno or 1) - 1
        finding = _finding("page-template", page, line, f"template syntax: {error.message}",
                           "helpers are written {{ name('argument') }}; see README, Facts in explanations")
    except SecurityError:
        finding = _finding("page-template-unsafe", page, _line_of(page), "the template reaches for Python "
                           "internals, which pages may not do", "use only the helpers listed in README")
    except UndefinedError as error:
        name = str(error.message or "").split("'")[1] if "'" in str(error.message) else str(error.message)
        finding = _finding("page-template", page, _line_of(page), f"unknown helper or value: {error.message}",
                           did_you_mean(name, FactHelpers.NAMES) or f"helpers: {', '.join(FactHelpers.NAMES)}")
    except FactError as error:
        finding = _finding("unknown-fact", page, _line_of(page), error.message, error.hint)
    except (TemplateError, TypeError, ValueError) as error:
        finding = _finding("page-template", page, _line_of(page), f"helper failed: {error}",
                           "check the helper's arguments in README, Facts in explanations")
    return RenderedBody(page.body, (finding,))


@functools.lru_cache(maxsize=None)
def _sandbox() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        finalize=escape_text,
        keep_trailing_newline=True,
        # "{#" starts heading ids in Markdown ("## Title {#id}"), so comments use "{##".
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.globals.clear()  # range(), lipsum(), dict() and friends have no business in a page
    return env


def _line_of(page: ContentPage) -> int:
    """The page line of the innermost template frame of the exception being handled."""
    frames = [f for f in traceback.extract_tb(sys.exc_info()[2]) if f.filename == _TEMPLATE_NAME]
    line = frames[-1].lineno if frames and frames[-1].lineno else 1
    return page.body_line + line - 1


def _finding(rule: str, page: ContentPage, line: int, message: str, hint: str) -> Finding:
    return Finding(rule, Severity.ERROR, SourceLocation(page.origin.file, line), message, hint)
