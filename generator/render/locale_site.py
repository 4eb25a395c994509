"""Render: per locale, turn records, explanations and catalogs into Markdown pages.

Output is plain data (``LocaleSite``: pages, nav, theme strings) for the build stage.
Everything a record, catalog or template value puts into a page is escaped so that
it reads as text in both Markdown and HTML contexts: no translator or record text
can add markup, links or script. Only the editors' Markdown (checked by the
``unsafe-markup`` rule) is passed through as Markdown.
"""

from __future__ import annotations

import functools
import json
import posixpath
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape

from ..i18n.messages import TEMPLATES_DIR
from ..i18n.page_versions import digest
from ..model.page import ContentPage, page_url
from ..model.project import Project
from ..model.records import Platform, Resource, Safeguard
from .localized import ForeignText, LocaleText, escape_text, html_lang, in_language, text_direction, url_value
from .page_parse import parsed_page
from .structure import guide_paths
from .theme_words import material_words

#: A platform's safeguards: its name in the locale (None when the center covers one platform), the
#: platform (None when a center has no platform record), its safeguards.
PlatformGroup = tuple[str | None, Platform | None, list[Safeguard]]


@dataclass(frozen=True)
class RenderedPage:
    """One Markdown page of a locale's site, ready for MkDocs."""

    path: str  # posix, relative to the locale's docs folder, e.g. "safeguards/live.md"
    title: str  # already escaped for HTML
    markdown: str


@dataclass(frozen=True)
class RenderedFile:
    """Another file of a locale's site (a feed), written as it is."""

    path: str
    content: str


@dataclass(frozen=True)
class NavItem:
    """An entry of the site navigation: a page, or a section of entries."""

    title: str  # already escaped for HTML
    path: str | None = None
    children: tuple[NavItem, ...] = ()


@dataclass(frozen=True)
class SiteOrganisation:
    """Who publishes the site, as every page of a locale shows it (values checked at load)."""

    name: str  # in the locale's words, already escaped for HTML
    contact_url: str | None  # mailto: or https:, already escaped for an HTML attribute
    logo: str | None  # image files, relative to the project folder
    favicon: str | None
    primary: str | None  # CSS colour values
    accent: str | None


@dataclass(frozen=True)
class LocaleSite:
    """Everything MkDocs needs to build one locale's site."""

    locale: str
    language_name: str
    site_name: str  # already escaped for HTML
    pages: tuple[RenderedPage, ...]
    nav: tuple[NavItem, ...]
    strings: dict[str, str] = field(default_factory=dict)  # translated theme strings, escaped
    #: Material's words (by its key) that a catalog translates, unescaped: the rest stay Material's.
    theme_words: dict[str, str] = field(default_factory=dict)
    files: tuple[RenderedFile, ...] = ()
    direction: str = "ltr"  # the language's writing direction, as HTML's dir takes it
    organisation: SiteOrganisation | None = None


def render_site(project: Project, locale: str, notes: dict[str, list[str]] | None = None) -> LocaleSite:
    """Render every page of one locale's site.

    ``notes`` (page path -> messages) are shown at the top of those pages: a preview
    uses them to put each finding on the page it concerns.
    """
    return _PageRenderer(project, locale, notes or {}).site()


class _PageRenderer:
    """Renders the pages of one locale: the shared templates, with this locale's words."""

    def __init__(self, project: Project, locale: str, notes: dict[str, list[str]]) -> None:
        self.project, self.locale, self.notes = project, locale, notes
        self.text = LocaleText(project, locale)
        self.fmt, self.pgettext, self.tr = self.text.fmt, self.text.pgettext, self.text.tr
        self.label, self.changers, self.site_name = self.text.label, self.text.changers, self.text.site_name
        self.env = _environment()
        # What every template sees; the templates are compiled once and shared by all locales.
        self.context = dict(
            self.text.callables,
            fmt=self.fmt, tr=self.tr, label=self.label, changers=self.changers, locale=locale,
            setting_value=self.text.setting_value,
            page_link=_page_link, current_age=None,
            age_range=range(project.config.ages.min_age, project.config.ages.last_age + 1),
        )

    # -- pages ----------------------------------------------------------------------

    def site(self) -> LocaleSite:
        safeguards = sorted(self.project.safeguards.values(),
                            key=lambda s: (self.tr(s, "category"), self.tr(s, "title")))
        categories = _grouped(safeguards, lambda s: self.tr(s, "category"))
        by_platform = self._platform_groups(safeguards)
        pgettext = self.pgettext
        ages = self.project.config.ages
        age_pages = [self._age_page(age, safeguards) for age in range(ages.min_age, ages.last_age + 1)]
        changes = sorted(((change, s) for s in safeguards for change in s.changes),
                         key=lambda pair: (pair[0].date, self.tr(pair[1], "title")), reverse=True)
        intro = self._editor_page("index.md")
        sections = {
            "home": [self._page("index.md", self._home_title(), "home.md.j2", categories=categories,
                                intro=intro, draft=intro is not None and intro.page.meta.draft)],
            "safeguards": [
                self._page("safeguards/index.md", pgettext("page title", "Safeguards"), "safeguards.md.j2",
                           platform_groups=[(name, platform, _grouped(members, lambda s: self.tr(s, "category")))
                                            for name, platform, members in by_platform]),
                *(self._safeguard_page(safeguard) for _, _, members in by_platform for safeguard in members),
            ],
            "ages": [self._page("ages/index.md", pgettext("page title", "By age"), "ages.md.j2"), *age_pages],
            "happened": [self._page("something-happened.md", pgettext("page title", "Something happened"),
                                    "something_happened.md.j2", **self._urgent_help())],
            "help": [self._page("help/index.md", pgettext("page title", "Help near you"), "help.md.j2",
                                groups=self._resource_groups())],
            "setup": [self._page("setup.md", pgettext("page title", "Set up together"), "setup.md.j2",
                                 safeguards=[s for s in safeguards if s.steps.child or s.steps.parent])],
            "changes": [self._page("changes/index.md", pgettext("page title", "What's changed"), "changes.md.j2",
                                   changes=changes)],
            "guides": self._guide_pages(),
        }
        nav = (
            NavItem(escape_text(pgettext("nav", "Home")), "index.md"),
            self._safeguards_section(sections["safeguards"], by_platform),
            self._section(pgettext("page title", "By age"), sections["ages"]),
            *(NavItem(page.title, page.path) for key in ("happened", "help", "setup", "changes", "guides")
              for page in sections[key]),
        )
        return LocaleSite(
            locale=self.locale,
            direction=text_direction(self.locale),
            language_name=self.project.config.locale(self.locale).name,
            site_name=escape_text(self.site_name()),
            pages=tuple(page for pages in sections.values() for page in pages),
            nav=nav,
            strings=self._theme_strings(),
            theme_words=self._material_words(),
            files=(RenderedFile("changes/feed.xml", self._feed(changes)),),
            organisation=self._organisation(),
        )

    def _organisation(self) -> SiteOrganisation | None:
        organisation = self.project.config.organisation
        if organisation is None:
            return None
        contact_url = organisation.contact_url
        return SiteOrganisation(
            name=escape_text(self.text.organisation_name()),
            contact_url=str(escape(str(url_value(contact_url)))) if contact_url else None,
            logo=organisation.logo, favicon=organisation.favicon,
            primary=organisation.colours.primary, accent=organisation.colours.accent,
        )

    def _section(self, title: str, pages: list[RenderedPage]) -> NavItem:
        """A nav section: its first page (the overview) and the rest."""
        overview = NavItem(escape_text(self.pgettext("nav", "Overview")), pages[0].path)
        return NavItem(escape_text(title), children=(overview, *(NavItem(p.title, p.path) for p in pages[1:])))

    def _platform_groups(self, safeguards: list[Safeguard]) -> list[PlatformGroup]:
        """The safeguards by platform (with its name in this locale) when the center covers several;
        else one group without a name, with the only platform if there is one. Safeguards of no
        known platform (a check error) come last."""
        if len(self.project.platforms) < 2:
            return [(None, next(iter(self.project.platforms.values()), None), safeguards)]
        groups: dict[str | None, PlatformGroup] = {}
        for safeguard in safeguards:
            platform = self.project.platform_of(safeguard)
            name = self.tr(platform, "name") if platform else None
            groups.setdefault(name, (name, platform, []))[2].append(safeguard)
        ordered = sorted((group for name, group in groups.items() if name is not None), key=lambda g: str(g[0]))
        return ordered + ([groups[None]] if None in groups else [])

    def _safeguards_section(self, pages: list[RenderedPage],
                            by_platform: list[PlatformGroup]) -> NavItem:
        """The Safeguards nav section: the overview, then each platform's safeguards under its name."""
        section = self._section(self.pgettext("page title", "Safeguards"), pages)
        if len(by_platform) < 2:
            return section
        titles = {page.path: page.title for page in pages}
        entries: list[NavItem] = [section.children[0]]
        for name, _, members in by_platform:
            items = tuple(NavItem(titles[f"safeguards/{s.id}.md"], f"safeguards/{s.id}.md") for s in members)
            entries += [NavItem(escape_text(name), children=items)] if name else list(items)
        return NavItem(section.title, children=tuple(entries))

    def _urgent_help(self) -> dict:
        """Emergency numbers, and the helplines and hotlines, for the locale's region."""
        region = self.project.config.locale(self.locale).region
        resources = sorted(self.project.resources.values(), key=lambda r: self.tr(r, "name").casefold())
        local = [r for r in resources if r.applies_to(region)]
        return {
            "emergency": [r for r in local if r.kind == "emergency" and r.phone],
            "helplines": [r for r in (local or [r for r in resources if "global" in r.regions])
                          if r.kind in ("helpline", "hotline")],
        }

    def _feed(self, changes) -> str:
        """The change log as an Atom feed in this locale."""
        site_url = self.project.config.site_url
        authority = urlsplit(site_url).netloc if site_url else "safety-center.invalid"
        stamp = "{:%Y-%m-%d}T00:00:00Z"
        entries = [
            {
                "title": self.tr(safeguard, "title"),
                "id": f"tag:{authority},{change.date:%Y-%m-%d}:{self.locale}/{safeguard.id}/{change.date:%Y%m%d}",
                "updated": stamp.format(change.date),
                "link": f"../safeguards/{safeguard.id}/",
                "summary": f"{self.fmt.date(change.date)}: {self.tr(safeguard, 'changes/summary', change.summary)}",
            }
            for change, safeguard in changes
        ]
        newest = max((change.date for change, _ in changes), default=None)
        return _xml_environment().get_template("feed.xml.j2").render(
            locale=self.locale,
            base=f"{site_url.rstrip('/')}/{self.locale}/changes/" if site_url else None,
            title=self.pgettext("page title", "What's changed") + " – " + self.site_name(),
            subtitle=self.pgettext("changes", "Every change to the safeguards in this center, newest first."),
            feed_id=f"tag:{authority},2000:{self.locale}/changes",
            updated=stamp.format(newest) if newest else "2000-01-01T00:00:00Z",
            entries=entries,
        )

    def _home_title(self) -> str:
        intro = self._editor_page("index.md")
        if intro is not None and intro.page.meta.title:
            return intro.title(intro.page.meta.title)
        return self.site_name()

    def _age_page(self, age: int, safeguards: list[Safeguard]) -> RenderedPage:
        """What applies at one age: the features available then, and those that are not."""
        rules = [(safeguard, rule) for safeguard in safeguards if (rule := safeguard.rule_for(age))]
        # Translators: title of the page for one age (%(num)d), e.g. "At 13"; plural by the age.
        title = self.text.npgettext("age guide", "At %(num)d", "At %(num)d", age)
        return self._page(f"ages/{age}.md", title, "age.md.j2", current_age=age,
                          rules=[(s, rule) for s, rule in rules if rule.availability == "available"],
                          unavailable=[s for s, rule in rules if rule.availability == "unavailable"])

    def _safeguard_page(self, safeguard: Safeguard) -> RenderedPage:
        explanation = self._explanation(safeguard)
        resources = self._for_this_region([self.project.resources[r] for r in safeguard.resources
                                           if r in self.project.resources])
        related = [self.project.safeguards[r] for r in safeguard.related if r in self.project.safeguards]
        draft = safeguard.draft or (explanation is not None and explanation.page.meta.draft)
        return self._page(f"safeguards/{safeguard.id}.md", self.tr(safeguard, "title"), "safeguard.md.j2",
                          description=self.tr(safeguard, "summary"), draft=draft,
                          safeguard=safeguard, explanation=explanation, resources=resources, related=related)

    def _guide_pages(self) -> list[RenderedPage]:
        pages = []
        for path in guide_paths(self.project, self.locale):
            body = self._editor_page(path)
            if body is None:  # guide_paths lists only guides that exist, so this does not happen
                continue
            title = body.title(body.page.meta.title or self._first_heading(body.page) or path)
            pages.append(self._page(path, title, "guide.md.j2", body=body,
                                    description=body.page.meta.description, draft=body.page.meta.draft))
        return pages

    def _first_heading(self, page: ContentPage) -> str | None:
        return next((h.text for h in parsed_page(self.project, page).headings() if h.level == 1), None)

    def _page(self, path: str, title: str, template: str, description: str | None = None,
              draft: bool = False, **context) -> RenderedPage:
        depth = path.count("/") + (0 if path.endswith("index.md") else 1)
        root = "../" * depth
        default = self.project.default_locale
        markdown = self.env.get_template(template).render({
            **self.context, "title": title, "root": root, "path": path,
            # The same page in the default locale's site, for fallback and stale banners.
            "default_url": f"{root}../{default}/{page_url(path)}",
            "default_language": self.fmt.language(default),
            **context,
        })
        notes = _for_editors((DRAFT_BANNER if draft else "") + _notes_block(self.notes.get(path, [])))
        meta = {"title": escape_text(title)}
        if description:
            meta["description"] = escape_text(description)  # search results and link previews
        return RenderedPage(path, meta["title"], _front_matter(meta) + notes + markdown)

    # -- joining editors' pages, with fallback ------------------------------------------

    def _explanation(self, safeguard: Safeguard) -> _EditorBody | None:
        default = self.project.default_locale
        return self._joined(self.project.explanation(safeguard.id, self.locale),
                            self.project.explanation(safeguard.id, default))

    def _editor_page(self, path: str) -> _EditorBody | None:
        own, source = self.project.guide(path, self.locale), self.project.guide(path, self.project.default_locale)
        return self._joined(own, source)

    def _joined(self, own: ContentPage | None, source: ContentPage | None) -> _EditorBody | None:
        """The locale's own page (flagged stale if its source changed), else the source as fallback."""
        if own is not None:
            stale = source is not None and own is not source and own.meta.source_digest != digest(source)
            return _EditorBody(own, self._body_markdown(own), fallback=False, stale=stale)
        if source is None:
            return None
        return _EditorBody(source, self._body_markdown(source), fallback=True)

    def _body_markdown(self, page: ContentPage) -> Markup:
        """An editor's Markdown with its fact helpers filled in, in the page's own language.

        Editors' Markdown is the one input passed through as Markdown; the
        unsafe-markup rule keeps script out of it before any build.
        """
        return Markup(parsed_page(self.project, page).markdown.strip("\n"))

    # -- data for the overview pages -------------------------------------------------------

    def _for_this_region(self, resources: list[Resource]) -> list[Resource]:
        """The resources a reader of this locale can use: its region's first, then worldwide ones.

        A locale without a region (a language spoken in many countries) lists them all.
        """
        region = self.project.config.locale(self.locale).region
        if region is None:
            return sorted(resources, key=lambda r: "global" not in r.regions)
        return [r for r in resources if r.applies_to(region)] + [r for r in resources if "global" in r.regions]

    def _resource_groups(self) -> list[tuple[str, list[Resource]]]:
        """Resources grouped by region: the locale's own region first, worldwide next, then others."""
        region = self.project.config.locale(self.locale).region
        resources = sorted(self.project.resources.values(), key=lambda r: self.tr(r, "name").casefold())
        regions = sorted({code for r in resources for code in r.regions if code != "global"} - {region},
                         key=self.fmt.region)
        order = ([region] if region else []) + ["global"] + regions
        groups = []
        for code in order:
            members = [r for r in resources if code in r.regions]
            if members:
                title = self.pgettext("help page", "Worldwide") if code == "global" else self.fmt.region(code)
                groups.append((title, members))
        return groups

    def _material_words(self) -> dict[str, str]:
        """Material's words that the project's or the package's catalog translates for this locale."""
        catalog = self.text.catalog

        def translated(context: str, message: str) -> str | None:
            return catalog.gettext(message, context) if catalog.is_translated(message, context) else None

        return {key: word for key, word in material_words(translated).items() if word}

    def _theme_strings(self) -> dict[str, str]:
        """Strings the theme overrides show, translated here so one catalog serves all."""
        # The footer's notice is split around the theme's name, which the theme prints as a link.
        # Translators: the footer's notice; %(generator)s is the name of the theme, "Material for MkDocs".
        made_with = self.pgettext("theme", "Made with %(generator)s", generator="\0")
        before, _, after = made_with.partition("\0")
        return {
            key: escape_text(value)
            for key, value in {
                "language": self.pgettext("theme", "Language"),
                "not_found": self.pgettext("theme", "Page not found"),
                # Translators: the link to the organisation's contact address (e-mail or web page), in the footer.
                "contact": self.pgettext("theme", "Contact"),
                "made_with_before": before.strip(),
                "made_with_after": after.strip(),
            }.items()
        }


@dataclass(frozen=True)
class _EditorBody:
    """An editor's page joined into a rendered page, and whether it is a fallback."""

    page: ContentPage
    markdown: Markup
    fallback: bool
    stale: bool = False

    @property
    def lang(self) -> str:
        """The page's language as an HTML lang value."""
        return html_lang(self.page.locale)

    @property
    def dir(self) -> str:
        return text_direction(self.page.locale)

    def title(self, text: str) -> str:
        """A title taken from this page: marked with its language when the page stands in for a translation."""
        return ForeignText(text, self.page.locale) if self.fallback else text


@functools.cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=False,  # Markdown, not HTML: escape_text is the escaping, via finalize
        finalize=in_language,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["url"] = url_value
    env.filters["plain"] = str  # text for an attribute value: without in_language's lang mark
    return env


@functools.cache
def _xml_environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True, trim_blocks=True, lstrip_blocks=True)


def _grouped(items, key) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return list(groups.items())


@pass_context
def _page_link(context, target: str) -> str:
    """A link from the page being rendered to another page's Markdown file (MkDocs
    resolves .md links relative to the linking file, and checks that they exist)."""
    return url_value(posixpath.relpath(target, posixpath.dirname(context["path"]) or "."))


#: Shown at the top of a draft's page when drafts are built (``serve``, ``build --drafts``).
#: For editors and reviewers, in English like the preview's notes: parents never see a draft.
DRAFT_BANNER = ('!!! warning "Draft"\n\n    This page is a draft (`draft: true`): it is shown in previews '
                "and left out of the published site.\n\n")


def _for_editors(markdown: str) -> str:
    """Boxes for editors (draft banner, preview notes), marked as English: on an Arabic page they
    read left to right, and a screen reader reads them as English."""
    return f'<div lang="en" dir="ltr" markdown>\n\n{markdown}</div>\n\n' if markdown else ""


def _notes_block(notes: list[str]) -> str:
    """A preview's findings for a page, as a box at its top (for editors, in English)."""
    if not notes:
        return ""
    items = "".join(f"    - {escape_text(note)}\n" for note in notes)
    return f'!!! failure "Preview: {len(notes)} problem(s) on this page"\n\n{items}\n'


def _front_matter(meta: dict[str, str]) -> str:
    # JSON strings are valid YAML double-quoted scalars: no quoting mistakes possible.
    lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items())
    return f"---\n{lines}---\n\n"




