"""The one place that knows MkDocs: build one locale's site from rendered pages.

Everything before this stage (load, check, render) is engine-free plain data.
Moving to a fork or successor of MkDocs that reads mkdocs.yml means changing
this module (and ``serve``), nothing else.
"""

from __future__ import annotations

import copy
import importlib
import logging
import re
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from ..check.plain_text import is_script_url
from ..i18n.messages import THEME_DIR
from ..load.config import PythonName
from ..model.page import REQUIRED_EXTENSIONS
from ..render.locale_site import LocaleSite, NavItem, SiteOrganisation
from ..render.localized import html_lang, text_direction
from ..render.theme_words import SCRIPT_KEYS
from .sanitize import sanitize_html

#: The package's stylesheet (facts card, banners, switcher), from the package's theme overrides.
STYLESHEET = "assets/stylesheets/safety-center.css"

#: lunr.js has no Bokmål or Nynorsk stemmer; Norwegian ("no") serves both.
SEARCH_LANGUAGES = {"nb": "no", "nn": "no"}


@dataclass(frozen=True)
class LocaleBuild:
    """What one worker needs to build one locale: plain, picklable data."""

    config_file: Path
    mkdocs_config: dict  # mkdocs.yml as the core read it (!ENV and INHERIT resolved): never read again
    docs_dir: Path
    site_dir: Path
    site: LocaleSite
    default_locale: str
    locales: tuple[tuple[str, str], ...]  # (code, display name) of every locale, in order
    root_url: str | None  # the site's root URL (site_url), if configured
    strict: bool = False
    #: Tests only: False builds without the sanitiser, to show that it changes nothing in a clean site.
    sanitize: bool = True


class MkDocsBuildError(Exception):
    """MkDocs could not build a locale; the message says why."""


def build_locale(job: LocaleBuild) -> list[str]:
    """Write the locale's pages and build them with MkDocs; return MkDocs' warnings."""
    from mkdocs.commands.build import build
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import MkDocsException

    _write_pages(job)
    warnings = _WarningCollector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    logger.setLevel(logging.WARNING)
    try:
        config = MkDocsConfig(config_file_path=str(job.config_file))
        config.load_dict(_locale_config(job))
        errors, config_warnings = config.validate()
        if errors:
            raise MkDocsBuildError("; ".join(f"{name}: {error}" for name, error in errors))
        _layer_package_theme(config.theme)
        warnings.messages += [f"mkdocs.yml '{name}': {message}" for name, message in config_warnings]
        if job.sanitize:
            config.plugins["safety-center/sanitize"] = _sanitizing_plugin()
        config.plugins["safety-center/direction"] = _direction_plugin(job.site.direction)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as error:
        raise MkDocsBuildError(f"{job.site.locale}: {error}") from None
    finally:
        logger.removeHandler(warnings)
    if job.strict and warnings.messages:
        raise MkDocsBuildError(f"{job.site.locale}: MkDocs warned (strict): " + "; ".join(warnings.messages))
    return warnings.messages


def _sanitizing_plugin():
    """A plugin that passes every page's content HTML through the allow-list (build/sanitize.py).

    It runs last among the plugins' ``on_page_content`` handlers, so nothing another
    plugin adds escapes it, and before any ``on_page_context``, where Material's
    search plugin indexes the page: the search index is made from sanitised HTML.
    """
    from mkdocs.plugins import BasePlugin, event_priority

    class SanitizePlugin(BasePlugin):
        @event_priority(-100)
        def on_page_content(self, html: str, **_) -> str:
            return sanitize_html(html)

    return SanitizePlugin()


#: The opening ``<html ...>`` tag of a page.
_HTML_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)


def with_html_dir(html: str, direction: str) -> str:
    """The page with ``dir`` on its ``<html>`` element (Material puts it on ``<body>`` only).

    >>> with_html_dir('<!doctype html><html lang="ar" class="no-js"><body dir="rtl">', "rtl")
    '<!doctype html><html lang="ar" dir="rtl" class="no-js"><body dir="rtl">'
    """
    def add_dir(match: re.Match) -> str:
        tag = match.group(0)
        if re.search(r"\sdir\s*=", tag):
            return tag
        return re.sub(r"(<html\b(?:\s+lang=\"[^\"]*\")?)", rf'\1 dir="{direction}"', tag, count=1)

    return _HTML_TAG.sub(add_dir, html, count=1)


def _direction_plugin(direction: str):
    """A plugin that writes the language's direction on every page's ``<html>``, the 404 page's too.

    Browsers and assistive technology take the base direction of the whole document
    (the scrollbar side, the title, text outside <body>) from <html>.
    """
    from mkdocs.plugins import BasePlugin

    class DirectionPlugin(BasePlugin):
        def on_post_page(self, output: str, **_) -> str:
            return with_html_dir(output, direction)

        def on_post_template(self, output_content: str, template_name: str, **_) -> str:
            return with_html_dir(output_content, direction) if template_name.endswith(".html") else output_content

    return DirectionPlugin()


def preload() -> None:
    """Import MkDocs and the theme before worker processes fork, so each starts warm."""
    # Imported for their side effect (a warm module cache), so the names are unused.
    import material.plugins.search.plugin  # noqa: F401 (imported only to load it before forking)
    import mkdocs.commands.build  # noqa: F401 (imported only to load it before forking)
    import mkdocs.config.defaults  # noqa: F401 (imported only to load it before forking)


def _locale_config(job: LocaleBuild) -> dict:
    """The project's mkdocs.yml, adjusted for one locale."""
    raw = _with_python_names(job.mkdocs_config)  # a copy: the job's data stays as it is
    raw.pop("safety_center", None)
    locale = job.site.locale
    raw.update(
        site_name=job.site.site_name,
        docs_dir=str(job.docs_dir),
        site_dir=str(job.site_dir),
        nav=[_nav_entry(item) for item in job.site.nav],
        use_directory_urls=True,
    )
    if job.root_url:
        # Material prints site_url-based URLs unescaped (canonical link): quote what could end an attribute.
        raw["site_url"] = quote(f"{job.root_url.rstrip('/')}/{locale}/", safe=_URL_SAFE)
    theme = raw.get("theme") or {}
    theme = {"name": theme} if isinstance(theme, str) else dict(theme)
    theme["language"] = locale
    theme["direction"] = job.site.direction  # from CLDR: also right for a language Material has no words for
    theme["font"] = False  # fonts from Google would tell a third party who reads the site
    _with_organisation(theme, job.site.organisation)
    raw["theme"] = theme
    raw["plugins"] = [_search_for(entry, locale) for entry in raw.get("plugins", ["search"])]
    raw["extra_css"] = [STYLESHEET, *(css for css in raw.get("extra_css") or [] if css != STYLESHEET)]
    extensions = list(raw.get("markdown_extensions") or [])
    names = {next(iter(e)) if isinstance(e, dict) else e for e in extensions}
    raw["markdown_extensions"] = extensions + [e for e in REQUIRED_EXTENSIONS if e not in names]
    _escape_printed_values(raw)
    extra = dict(raw.get("extra") or {})
    # Material shows its language switcher when extra.alternate is truthy, and writes
    # locale-root <link rel=alternate> tags only when it is a list. True shows our
    # switcher (partials/alternate.html), whose links stay on the same page.
    extra["alternate"] = len(job.locales) > 1
    extra["safety_center"] = {
        "locale": locale,
        "default_locale": job.default_locale,
        "locales": [{"code": code, "name": name, "lang": html_lang(code), "dir": text_direction(code)}
                    for code, name in job.locales],
        "strings": dict(job.site.strings),
        "organisation": _organisation_extra(job.site.organisation),
        # Where the locales' sites are published: hreflang links are absolute when it is known.
        "root_url": quote(job.root_url.rstrip("/") + "/", safe=_URL_SAFE) if job.root_url else None,
        "theme_words": dict(job.site.theme_words),  # escaped below, like every extra value
        "script_keys": sorted(SCRIPT_KEYS),
    }
    raw["extra"] = extra
    return raw


def _layer_package_theme(theme) -> None:
    """Put the package's theme overrides between the project's own (``custom_dir``) and Material.

    The project's files win; everything else (language switcher, hreflang links, banners,
    facts-card CSS, 404 page) comes from the package, so a project needs no theme folder.
    """
    theme.dirs.insert(1 if theme.custom_dir else 0, str(THEME_DIR))


#: Where an organisation's logo and favicon are published in each locale's site.
ORGANISATION_ASSETS = "assets/organisation"


def _with_organisation(theme: dict, organisation: SiteOrganisation | None) -> None:
    """The organisation's logo, favicon and colours, through Material's own theme settings."""
    if organisation is None:
        return
    for key in ("logo", "favicon"):
        image = getattr(organisation, key)
        if image:
            theme[key] = f"{ORGANISATION_ASSETS}/{key}{PurePosixPath(image).suffix.lower()}"
    # "custom" makes Material take the colours from CSS custom properties (printed by main.html).
    custom = {key: "custom" for key in ("primary", "accent") if getattr(organisation, key)}
    schemes = theme.setdefault("palette", {}) or {}
    for scheme in schemes if isinstance(schemes, list) else [schemes]:
        if isinstance(scheme, dict):
            scheme.update(custom)
    if not theme["palette"]:
        theme["palette"] = custom


def _organisation_extra(organisation: SiteOrganisation | None) -> dict | None:
    """What the theme prints of the organisation: its name, contact link and colours (all checked, escaped)."""
    if organisation is None:
        return None
    return {"name": organisation.name, "contact_url": organisation.contact_url,
            "primary": _css_colour(organisation.primary), "accent": _css_colour(organisation.accent)}


def _css_colour(value: str | None) -> str | None:
    # Checked at load already; again here, since it is printed into a style element.
    return value if value and re.fullmatch(r"[#(),./%\w\s]+", value) else None


def _with_python_names(value):
    """A copy with each ``!!python/name:`` the core allowed (Markdown, pymdownx, Material names) imported."""
    return copy.deepcopy(value, {id(name): _imported(name) for name in _python_names(value, set())})


def _python_names(value, seen: set[int]) -> list[PythonName]:
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, PythonName):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [name for item in items for name in _python_names(item, seen)]


def _imported(value: PythonName):
    """The object a ``!!python/name:`` names, imported as MkDocs would."""
    module, _, attribute = value.dotted.rpartition(".")
    try:
        return getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError) as error:
        raise MkDocsBuildError(f"mkdocs.yml: !!python/name:{value.dotted} cannot be imported ({error})") from None


#: mkdocs.yml values Material's templates print without escaping (MkDocs' Jinja does not
#: autoescape), as text; ``copyright`` is HTML there, so it goes through the allow-list.
_PRINTED_TEXT = ("site_description", "site_author", "repo_name")
#: Characters a URL keeps as they are; everything else (quotes, <, >, spaces) is percent-encoded.
_URL_SAFE = ":/?#[]@!$&()*+,;=%~-._"


def _escape_printed_values(raw: dict) -> None:
    """Make the config values the theme prints safe in HTML, in place.

    Escaped values are Markup, so a template's own ``|e`` does not escape them twice;
    a script URL (``extra.homepage: javascript:...``) is dropped (check reports it).
    """
    for key in _PRINTED_TEXT:
        if isinstance(raw.get(key), str):
            raw[key] = escape(raw[key])
    if isinstance(raw.get("copyright"), str):
        raw["copyright"] = Markup(sanitize_html(raw["copyright"]))
    if "extra" in raw:
        raw["extra"] = _escaped(raw["extra"])
    theme = raw.get("theme")
    if isinstance(theme, dict) and "palette" in theme:
        theme["palette"] = _escaped(theme["palette"])  # printed into data-md-color-* attributes


def _escaped(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, str):
        return None if is_script_url(value) else escape(value)
    return value


def _search_for(entry, locale: str):
    """The search plugin entry, set to the locale's language (other plugins untouched)."""
    name = next(iter(entry)) if isinstance(entry, dict) else entry
    if name not in ("search", "material/search"):
        return entry
    options = dict(entry[name] or {}) if isinstance(entry, dict) else {}
    options["lang"] = SEARCH_LANGUAGES.get(locale, locale)
    return {name: options}


def _nav_entry(item: NavItem):
    if item.children:
        return {item.title: [_nav_entry(child) for child in item.children]}
    return {item.title: item.path}


def _write_pages(job: LocaleBuild) -> None:
    # Other files (the feed, the organisation's images) go in the docs folder too: MkDocs copies them as they are.
    for path, text in [*((p.path, p.markdown) for p in job.site.pages), *((f.path, f.content) for f in job.site.files)]:
        target = job.docs_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    organisation = job.site.organisation
    for key in ("logo", "favicon"):
        image = getattr(organisation, key) if organisation else None
        if image:  # a file inside the project: load checked it
            target = job.docs_dir / ORGANISATION_ASSETS / f"{key}{PurePosixPath(image).suffix.lower()}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(job.config_file.parent / image, target)


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def serve_directory(site_dir: Path, rebuild, watched: list[Path], host: str, port: int, progress) -> None:
    """Serve ``site_dir`` with MkDocs' live-reload server; call ``rebuild`` on changes."""
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir))
    for path in watched:
        server.watch(str(path))
    progress(f"serving on http://{host}:{port}/ (Ctrl+C to stop)")
    try:
        server.serve()  # blocks: serves, and rebuilds when a watched path changes
    except KeyboardInterrupt:
        progress("stopped")
    finally:
        server.shutdown()
