"""Facts in editors' Markdown: a few template helpers that read the records.

An explanation writes ``{{ age_from() }}`` instead of "16", so that when the record
changes every locale follows. A page may call the helpers with literal arguments and
nothing else: no filters, operators, variables or statements, so no page can reach
Python internals, files, or run long. A helper that names an unknown safeguard,
resource or field, and anything beyond the allow-list, becomes a finding at the
page's file and line.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, TemplateSyntaxError, nodes
from markupsafe import Markup

from ..model.findings import Finding, Severity, SourceLocation, did_you_mean
from ..model.page import ContentPage
from ..model.project import Project
from ..model.records import Platform, Resource, Safeguard
from .localized import LocaleText, escape_text, url_value


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

    NAMES = ("age_from", "ages", "default", "setting", "title", "phone", "link", "resource_name",
             "platform", "parent_tool", "minimum_age", "organisation")

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
        if rule is None or rule.default is None:
            where = f" at age {age}" if age is not None else ""
            raise FactError(f"safeguard '{record.id}' has no default{where}", "check the record's age_rules")
        if isinstance(rule.default, str):
            return self.text.setting_value(rule.default).lower()
        return self.text.setting_value(rule.default)  # a quantity, written as the locale writes it

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
        tel_uri = record.tel_uri
        if not record.phone or tel_uri is None:
            raise FactError(f"resource '{record.id}' has no phone number", "use link() instead")
        return Markup(f"[{escape_text(record.phone)}]({url_value(tel_uri)})")

    def link(self, resource: str) -> Markup:
        """A link to a resource's website, with its name: [Bris](https://www.bris.se/)."""
        record = self._resource(resource)
        return Markup(f"[{escape_text(self.text.tr(record, 'name'))}]({url_value(record.url)})")

    def resource_name(self, resource: str) -> str:
        return self.text.tr(self._resource(resource), "name")

    # -- the site ------------------------------------------------------------------------

    def organisation(self, field: str = "name") -> str | Markup:
        """Who publishes the site: its name, or its contact address as a link ("contact")."""
        organisation = self.project.config.organisation
        if organisation is None:
            raise FactError("the site names no organisation", "add safety_center.organisation to mkdocs.yml")
        if field == "name":
            return self.text.organisation_name()
        if field != "contact":
            raise FactError(f"the organisation has no field '{field}'", "use organisation() or organisation('contact')")
        if organisation.contact is None or organisation.contact_url is None:
            raise FactError("the organisation has no contact address", "add contact: to safety_center.organisation")
        return Markup(f"[{escape_text(organisation.contact)}]({url_value(organisation.contact_url)})")

    # -- platforms --------------------------------------------------------------------

    def platform(self, platform: str | None = None) -> str:
        """The platform's name in this locale: the one named, the page's safeguard's, or the only one."""
        return self.text.tr(self._platform(platform), "name")

    def parent_tool(self, platform: str | None = None) -> str:
        """The name of the platform's tool for parents, in this locale."""
        record = self._platform(platform)
        if not record.parent_tool:
            raise FactError(f"platform '{record.id}' names no parent tool", "add parent_tool: to its record")
        return self.text.tr(record, "parent_tool")

    def minimum_age(self, platform: str | None = None) -> str:
        """The youngest age the platform allows an account at: "13"."""
        record = self._platform(platform)
        if record.minimum_age is None:
            raise FactError(f"platform '{record.id}' states no minimum age", "add minimum_age: to its record")
        return str(record.minimum_age)

    # -- lookups ------------------------------------------------------------------------

    def _platform(self, platform_id: str | None) -> Platform:
        platforms = self.project.platforms
        if platform_id is not None:
            record = platforms.get(platform_id)
            if record is None:
                raise FactError(f"unknown platform '{platform_id}'",
                                did_you_mean(platform_id, platforms) or "see content/platforms/")
            return record
        safeguard = self.project.safeguards.get(self.page.safeguard_id or "")
        record = self.project.platform_of(safeguard) if safeguard else None
        if record is None and len(platforms) == 1:
            record = next(iter(platforms.values()))
        if record is None:
            raise FactError("which platform? this page belongs to none, and the center has "
                            f"{len(platforms) or 'no'} platform records",
                            f"write e.g. platform('{next(iter(platforms), 'its-id')}')")
        return record

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

    A page's template may only call the helpers with literal arguments (and hold
    ``{## ##}`` comments): it is checked against that allow-list on Jinja's parse and then
    evaluated here, node by node, so no expression of Jinja's ever runs and nothing can
    hang or exhaust memory. Lines stay where they were in the file. On a problem the
    Markdown is returned as written, so a preview still shows the page.
    """
    if "{{" not in page.body and "{%" not in page.body and "{##" not in page.body:
        return RenderedBody(page.body, ())
    try:
        template = _environment().parse(page.body)
    except TemplateSyntaxError as error:
        return RenderedBody(page.body, (_finding(
            "page-template", page, page.body_line + (error.lineno or 1) - 1, f"template syntax: {error.message}",
            "helpers are written {{ name('argument') }}; see README, Facts in explanations"),))
    except RecursionError:  # thousands of nested brackets: nothing a helper call needs
        return RenderedBody(page.body, (_finding(
            "page-template-unsafe", page, page.body_line + _deepest_line(page.body) - 1,
            "the template nests brackets too deeply to read", "write {{ helper('argument') }} with plain values"),))
    problems = list(_not_allowed(page, template))
    if problems:
        return RenderedBody(page.body, tuple(problems))
    helpers = FactHelpers(project, page, text or LocaleText(project, page.locale)).globals()
    output: list[str] = []
    findings: list[Finding] = []
    lines_written = 0
    for node in template.find_all((nodes.TemplateData, nodes.Call)):
        if node.lineno - 1 > lines_written:  # a comment or a call spanned lines: keep later lines in place
            output.append("\n" * (node.lineno - 1 - lines_written))
            lines_written = node.lineno - 1
        if isinstance(node, nodes.TemplateData):
            output.append(node.data)
            lines_written += node.data.count("\n")
            continue
        line = page.body_line + node.lineno - 1
        assert isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name)  # the allow-list made sure
        args = [_literal(arg) for arg in node.args]
        kwargs = {keyword.key: _literal(keyword.value) for keyword in node.kwargs}
        try:
            output.append(escape_text(helpers[node.node.name](*args, **kwargs)))
            lines_written += output[-1].count("\n")
        except FactError as error:
            findings.append(_finding("unknown-fact", page, line, error.message, error.hint))
        except (TypeError, ValueError) as error:
            findings.append(_finding("page-template", page, line, f"helper failed: {error}",
                                     "check the helper's arguments in README, Facts in explanations"))
    if findings:
        return RenderedBody(page.body, tuple(findings))
    return RenderedBody("".join(output), ())


def _not_allowed(page: ContentPage, template: nodes.Template) -> Iterator[Finding]:
    """Everything in a page's template beyond text, comments and helper calls with literal arguments."""
    for node in template.body:
        if not isinstance(node, nodes.Output):
            yield _unsafe(page, node, f"'{{% {type(node).__name__.lower()} %}}' statements")
            continue
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                continue
            if not (isinstance(child, nodes.Call) and isinstance(child.node, nodes.Name)):
                yield _unsafe(page, child, f"a {type(child).__name__} expression")
                continue
            literal = all(_is_literal(arg) for arg in [*child.args, *(k.value for k in child.kwargs)])
            if not literal or child.dyn_args is not None or child.dyn_kwargs is not None:
                yield _unsafe(page, child, "a helper argument that is not a plain string, number or None")
            elif child.node.name not in FactHelpers.NAMES:
                name = child.node.name
                yield _finding("page-template", page, page.body_line + child.lineno - 1,
                               f"unknown helper or value: '{name}' is undefined",
                               did_you_mean(name, FactHelpers.NAMES) or f"helpers: {', '.join(FactHelpers.NAMES)}")


def _deepest_line(source: str) -> int:
    """The template line where brackets nest deepest (Jinja's lexer does not recurse)."""
    depth, deepest, line = 0, -1, 1
    for lineno, kind, value in _environment().lex(source):
        if kind == "operator" and value in "([{":
            depth += 1
            if depth > deepest:
                deepest, line = depth, lineno
        elif kind == "operator" and value in ")]}":
            depth -= 1
    return line


def _is_literal(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Const) and (node.value is None or type(node.value) in (str, int))


def _literal(node: nodes.Node) -> Any:
    assert isinstance(node, nodes.Const)  # the allow-list made sure
    return node.value


def _unsafe(page: ContentPage, node: nodes.Node, what: str) -> Finding:
    return _finding("page-template-unsafe", page, page.body_line + (node.lineno or 1) - 1,
                    f"the template uses {what}; a page may only call the fact helpers with plain values",
                    f"write {{{{ helper('argument') }}}} with one of: {', '.join(FactHelpers.NAMES)}")


@functools.cache
def _environment() -> Environment:
    """Jinja's parser for page templates (nothing is ever rendered with it)."""
    # "{#" starts heading ids in Markdown ("## Title {#id}"), so comments use "{##".
    return Environment(comment_start_string="{##", comment_end_string="##}", keep_trailing_newline=True)


def _finding(rule: str, page: ContentPage, line: int, message: str, hint: str) -> Finding:
    return Finding(rule, Severity.ERROR, SourceLocation(page.origin.file, line), message, hint)
