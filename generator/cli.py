"""The ``safety-center`` command line: parses arguments, calls the library, reports.

Nothing else imports this module. Exit codes: 0 clean, 1 problems found (errors,
or warnings with --strict), 2 usage errors.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import click

from .build import site as build_stage
from .check import run_checks, translator_findings
from .editor import migrate as migrate_module
from .editor import scaffold
from .model import schema as schema_module
from .i18n import workflow as i18n
from .i18n.status import format_status_json, format_status_text, locale_status
from .load import load_project
from .model.findings import Finding, Severity, format_json, format_text, has_errors
from .model.placeholders import TODO
from .model.project import Project

CONFIG_HELP = "Path to the project's mkdocs.yml (default: ./mkdocs.yml)."


def _progress(message: str) -> None:
    click.echo(f"safety-center: {message}", err=True)


def _report(findings: list[Finding], output_format: str = "text") -> None:
    if output_format == "json":
        click.echo(format_json(findings))
    elif findings:
        click.echo(format_text(findings))


@contextmanager
def _refusals():
    """A library's refusal (an id in use, an unknown page...) is a usage error: one line, exit 2."""
    try:
        yield
    except (i18n.I18nError, scaffold.ScaffoldError) as error:
        raise click.UsageError(str(error)) from None


def _configured(project: Project, locales: tuple[str, ...]) -> list[str] | None:
    """The locales named on the command line (None for all); exit 2 on one not configured."""
    unknown = [code for code in locales if code not in project.config.locale_codes]
    if unknown:
        raise click.BadParameter(f"not a configured locale: {', '.join(unknown)}", param_hint="LOCALES")
    return list(locales) or None


def _interactive() -> bool:
    """Whether a person is at the keyboard (stdin is a terminal): only then may a command ask."""
    return sys.stdin.isatty()


def _load(config: Path) -> Project:
    """Load a project for commands that need one; report and exit 1 if it cannot be read."""
    loaded = load_project(config)
    if loaded.project is None:
        _report(loaded.findings)
        sys.exit(1)
    return loaded.project


def _scaffold(config: Path, write: Callable[[Project], Path], next_step: str) -> None:
    """Write one scaffolded file into the project, say so, and print what to do next ({path} is the file)."""
    project = _load(config)
    with _refusals():
        path = write(project)
    relative = path.relative_to(project.root)
    _progress(f"created {relative}")
    click.echo(next_step.format(path=relative))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="safety-center")
def main() -> None:
    """Build and check a localized parent safety center from records, Markdown and catalogs."""


config_option = click.option(
    "--config", "config", type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"), show_default=True, help=CONFIG_HELP,
)


@main.command()
@config_option
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: site/ beside mkdocs.yml). Replaced only when the build succeeds.")
@click.option("--locale", "locales", multiple=True, help="Build only this locale (repeatable).")
@click.option("--strict", is_flag=True, help="Treat warnings (and MkDocs warnings) as errors.")
@click.option("--drafts", is_flag=True, help="Include drafts (draft: true), each with a draft banner.")
def build(config: Path, site_dir: Path | None, locales: tuple[str, ...], strict: bool, drafts: bool) -> None:
    """Check the project, then build every locale's site into one folder (drafts left out)."""
    outcome = build_stage.build(config, site_dir, list(locales) or None, strict, progress=_progress, drafts=drafts)
    _report(outcome.findings)
    for warning in outcome.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not outcome.built:
        click.echo("safety-center: build stopped; the previous site was left as it was.", err=True)
        sys.exit(1)


@main.command()
@click.argument("folder", metavar="[DIR]", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="The center's name, shown in every page's header.")
@click.option("--platform", help="The platform the center is about (its name).")
@click.option("--locales", help="Locale codes, the default first: en,sv,fi.  [default: en]")
@click.option("--ages", help="The ages the center covers.  [default: 13-17]")
@click.option("--force", is_flag=True, help="Write into a folder that is not empty.")
def init(folder: Path, name: str | None, platform: str | None, locales: str | None, ages: str | None,
         force: bool) -> None:
    """Start a new center in DIR (default: here): settings, pages, records, catalogs, schemas.

    In a terminal it asks for what is not given; otherwise --name and --platform are required.
    """
    from .editor import new_center

    if _interactive():
        name = name or click.prompt("Name of the center")
        platform = platform or click.prompt("Platform it is about")
        locales = locales or click.prompt("Locales, the default first", default="en")
        ages = ages or click.prompt("Ages it covers", default="13-17")
    missing = [option for option, value in (("--name", name), ("--platform", platform)) if not value]
    if missing:
        raise click.UsageError(f"missing {' and '.join(missing)} (init asks for them only in a terminal)")
    assert name is not None and platform is not None  # for mypy: checked just above
    try:
        settings = new_center.CenterSettings(name, platform, new_center.parse_locales(locales or "en"),
                                             ages or "13-17")
        written = new_center.init_center(folder, settings, force=force)
    except new_center.InitError as error:
        raise click.UsageError(str(error)) from None
    _progress(f"started '{name}' in {folder.resolve()} ({len(written)} files)")
    where = "" if folder.resolve() == Path.cwd().resolve() else f"cd {folder} && "
    click.echo(f"Next: {where}safety-center serve, and see README.md there for what to fill in before you "
               "publish (every draft and TODO).")


@main.command()
@config_option
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Text for people, JSON for tools.")
def check(config: Path, strict: bool, output_format: str) -> None:
    """Check records, explanations and catalogs; report every problem found."""
    findings = run_checks(config).findings
    _report(findings, output_format)
    if output_format == "text" and not findings:
        click.echo("No problems found.")
    sys.exit(1 if has_errors(findings, strict=strict) else 0)


@main.command()
@config_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to serve on.")
@click.option("--locale", "locales", multiple=True, help="Preview only this locale (repeatable).")
def serve(config: Path, host: str, port: int, locales: tuple[str, ...]) -> None:
    """Preview with live reload: rebuilds the locales an edit touches, shows findings on their pages."""
    from .editor.serve import serve as serve_preview

    serve_preview(config, host, port, list(locales) or None, progress=_progress, report=_report)


@main.group("i18n")
def i18n_group() -> None:
    """Translator workflow: extract, update, status and mark."""


@i18n_group.command()
@config_option
def extract(config: Path) -> None:
    """Write locales/messages.pot from the templates and every translatable record field."""
    change = i18n.extract(_load(config))
    _progress(f"{'wrote' if change.written else 'unchanged'} {change.path}")


@i18n_group.command()
@config_option
@click.argument("locales", nargs=-1)
def update(config: Path, locales: tuple[str, ...]) -> None:
    """Merge the current strings into each locale's catalog (all non-default locales by default)."""
    project = _load(config)
    with _refusals():
        changes = i18n.update(project, _configured(project, locales))
    for change in changes:
        _progress(f"{'updated' if change.written else 'unchanged'} {change.path}")


@i18n_group.command()
@config_option
@click.argument("locale")
@click.argument("pages", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def mark(config: Path, locale: str, pages: tuple[Path, ...]) -> None:
    """Record that translated PAGES (all of LOCALE's if none) match their current source."""
    project = _load(config)
    _configured(project, (locale,))
    with _refusals():
        result = i18n.mark(project, locale, list(pages))
    for path in result.pages:
        _progress(f"marked {path.relative_to(project.root)} as current")
    if not result.pages:
        _progress("nothing to mark: every page already records its current source")
    for path in result.versions_kept:
        _progress(f"kept the source version {path.relative_to(project.root)} (commit it with the pages)")
    for path in result.versions_removed:
        _progress(f"removed {path.relative_to(project.root)}: no page refers to it any more")


@i18n_group.command()
@config_option
@click.argument("locales", nargs=-1)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="A table for people, JSON for CI.")
@click.option("--diff", is_flag=True, help="Show what changed in the source of each stale page.")
@click.option("--verbose", "-v", is_flag=True, help="Name each missing or fuzzy string (context, msgid, .po line).")
@click.option("--strict", is_flag=True,
              help="Exit 1 when a translator-workflow rule reports an error (missing or fuzzy strings, "
                   "missing catalogs or explanations; stale pages if the site makes them errors).")
def status(config: Path, locales: tuple[str, ...], output_format: str, diff: bool, verbose: bool,
           strict: bool) -> None:
    """Per locale: strings translated, fuzzy and untranslated; pages current, stale and missing."""
    project = _load(config)
    statuses = locale_status(project, _configured(project, locales))
    errors = None
    if strict:
        errors = {s.locale: [f for f in translator_findings(project, s.locale) if f.severity is Severity.ERROR]
                  for s in statuses}
    if output_format == "json":
        click.echo(format_status_json(statuses, verbose=verbose, errors=errors))
    else:
        click.echo(format_status_text(project, statuses, with_diffs=diff, verbose=verbose, errors=errors))
    sys.exit(1 if errors and any(errors.values()) else 0)


@main.group("locale")
def locale_group() -> None:
    """Add a locale to the site."""


@locale_group.command("add")
@config_option
@click.argument("code")
@click.option("--region", help="Country code whose resources the locale lists first (default: the language's "
                               "likely country, from CLDR).")
@click.option("--name", help="The language's name in the switcher (default: its own name, from CLDR).")
def locale_add(config: Path, code: str, region: str | None, name: str | None) -> None:
    """Create LOCALE's catalog, register it and its section headings in mkdocs.yml, and show what it still needs."""
    project = _load(config)
    with _refusals():
        added = i18n.add_locale(project, code, name=name, region=region)
    _progress(f"created {added.catalog.relative_to(project.root)}")
    region_text = f", region {added.region}" if added.region else ""
    _progress(f"registered {added.code} ({added.name}{region_text}) in {project.config_file.name}")
    updated = _load(config)
    click.echo(format_status_text(updated, locale_status(updated, [added.code])))
    if added.placeholder_headings:
        click.echo(f"Translate the section headings written as placeholders in {project.config_file.name} "
                   f"(safety_center.explanation_sections, '{added.code}:'): "
                   + "; ".join(added.placeholder_headings))
    click.echo(f"Next: translate {added.catalog.relative_to(project.root)} and write the pages listed "
               f"as missing under content/{added.code}/, then run 'safety-center check'.")


@main.group("new")
def new_group() -> None:
    """Start new content from a commented skeleton."""


@new_group.command("safeguard")
@config_option
@click.argument("safeguard_id", metavar="ID")
def new_safeguard(config: Path, safeguard_id: str) -> None:
    """Write content/safeguards/ID.yml and its default-locale explanation, then show what is missing."""
    project = _load(config)
    with _refusals():
        created = scaffold.new_safeguard(project, safeguard_id)
    for path in (created.record, created.explanation):
        _progress(f"created {path.relative_to(project.root)}")
    updated = _load(config)
    click.echo(scaffold.missing_elsewhere(updated, created.id))
    click.echo(scaffold.next_steps(updated, created))


@main.command()
@config_option
def migrate(config: Path) -> None:
    """Rewrite the project's record files (and catalogs) in the current record format, keeping comments."""
    if not config.is_file():
        raise click.UsageError(f"no {config} here; run in the project folder, or pass --config")
    root = config.resolve().parent
    result = migrate_module.migrate_project(root)
    _report(result.findings)
    for name, count in result.changed.items():
        _progress(f"migrated {name} ({count} {'change' if count == 1 else 'changes'})")
    for reason in result.left:
        _progress(reason)
    if not result.changed:
        _progress("nothing to migrate: the records use the current format")
    if has_errors(result.findings) or result.left:
        sys.exit(1)


@new_group.command("resource")
@config_option
@click.argument("resource_id", metavar="ID")
def new_resource(config: Path, resource_id: str) -> None:
    """Write content/resources/ID.yml, a commented draft of a helpline, hotline or organisation."""
    _scaffold(config, lambda project: scaffold.new_resource(project, resource_id),
              f"Next: replace the {TODO}s and the placeholder address in {{path}}, remove 'draft: true', "
              f"then run '{scaffold.NEXT_STEPS}' and 'safety-center check'.")


@new_group.command("platform")
@config_option
@click.argument("platform_id", metavar="ID")
@click.option("--name", help="The platform's name (default: a TODO to replace).")
def new_platform(config: Path, platform_id: str, name: str | None) -> None:
    """Write content/platforms/ID.yml, a commented draft of a platform's record."""
    _scaffold(config, lambda project: scaffold.new_platform(project, platform_id, name),
              "Next: fill in {path} from the platform's own pages, remove 'draft: true', "
              f"and name it in safeguards with 'platform: {platform_id}'.")


@new_group.command("page")
@config_option
@click.argument("page_path", metavar="PATH")
def new_page(config: Path, page_path: str) -> None:
    """Write content/<default locale>/PATH.md, a draft page (guides/screen-time, say)."""
    _scaffold(config, lambda project: scaffold.new_page(project, page_path),
              "Next: write {path}, remove 'draft: true', and have it translated into each locale "
              "(the same path under content/<locale>/).")


@main.command("schema")
@config_option
@click.option("--output", type=click.Path(file_okay=False, path_type=Path),
              help=f"Folder to write to (default: {schema_module.SCHEMA_DIR}/ beside mkdocs.yml).")
def schema_command(config: Path, output: Path | None) -> None:
    """Write the JSON Schemas of record files, for completion and validation in editors."""
    if output is None:
        if not config.is_file():
            raise click.UsageError(f"no {config} here; run in the project folder, or pass --config or --output")
        output = config.resolve().parent / schema_module.SCHEMA_DIR
    for path, written in schema_module.write_schemas(output):
        _progress(f"{'wrote' if written else 'unchanged'} {path}")
