"""The one place that knows MkDocs: build one locale's site from rendered pages.

Everything before this stage (load, check, render) is engine-free plain data.
Moving to a fork or successor of MkDocs that reads mkdocs.yml means changing
this module (and ``serve``), nothing else.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass
from pathlib import Path

from ..model.page import REQUIRED_EXTENSIONS
from ..render.locale_site import LocaleSite, NavItem

#: lunr.js has no Bokmål or Nynorsk stemmer; Norwegian ("no") serves both.
SEARCH_LANGUAGES = {"nb": "no", "nn": "no"}


@dataclass(frozen=True)
class LocaleBuild:
    """What one worker needs to build one locale: plain, picklable data."""

    config_file: Path
    docs_dir: Path
    site_dir: Path
    site: LocaleSite
    default_locale: str
    locales: tuple[tuple[str, str], ...]  # (code, display name) of every locale, in order
    root_url: str | None  # the site's root URL (site_url), if configured
    strict: bool = False


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
        warnings.messages += [f"mkdocs.yml '{name}': {message}" for name, message in config_warnings]
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


def preload() -> None:
    """Import MkDocs and the theme before worker processes fork, so each starts warm."""
    import material.plugins.search.plugin  # noqa: F401
    import mkdocs.commands.build  # noqa: F401
    import mkdocs.config.defaults  # noqa: F401


def read_mkdocs_yml(config_file: Path) -> dict:
    """mkdocs.yml as MkDocs reads it (INHERIT, !ENV and python tags resolved)."""
    from mkdocs.utils.yaml import yaml_load

    with config_file.open("rb") as handle:
        return yaml_load(handle)


def _locale_config(job: LocaleBuild) -> dict:
    """The project's mkdocs.yml, adjusted for one locale."""
    raw = copy.deepcopy(read_mkdocs_yml(job.config_file))
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
        raw["site_url"] = f"{job.root_url.rstrip('/')}/{locale}/"
    theme = raw.get("theme") or {}
    theme = {"name": theme} if isinstance(theme, str) else dict(theme)
    theme["language"] = locale
    theme["font"] = False  # fonts from Google would tell a third party who reads the site
    raw["theme"] = theme
    raw["plugins"] = [_search_for(entry, locale) for entry in raw.get("plugins", ["search"])]
    extensions = list(raw.get("markdown_extensions") or [])
    names = {next(iter(e)) if isinstance(e, dict) else e for e in extensions}
    raw["markdown_extensions"] = extensions + [e for e in REQUIRED_EXTENSIONS if e not in names]
    extra = dict(raw.get("extra") or {})
    # Material shows its language switcher when extra.alternate is truthy, and writes
    # locale-root <link rel=alternate> tags only when it is a list. True shows our
    # switcher (partials/alternate.html), whose links stay on the same page.
    extra["alternate"] = len(job.locales) > 1
    extra["safety_center"] = {
        "locale": locale,
        "default_locale": job.default_locale,
        "locales": [{"code": code, "name": name} for code, name in job.locales],
        "strings": dict(job.site.strings),
    }
    raw["extra"] = extra
    return raw


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
    # Other files (the feed) go in the docs folder too: MkDocs copies them as they are.
    for path, text in [*((p.path, p.markdown) for p in job.site.pages), *((f.path, f.content) for f in job.site.files)]:
        target = job.docs_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


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
