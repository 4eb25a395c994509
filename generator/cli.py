"""The ``safety-center`` command line: parses arguments, calls the library, reports.

Nothing else imports this module. Exit codes: 0 clean, 1 problems found (errors,
or warnings with --strict), 2 usage errors.
"""

from __future__ import annotations

import sys
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


def _load(config: Path) -> Project:
    """Load a project for commands that need one; report and exit 1 if it cannot be read."""
    loaded = load_project(config)
    if loaded.project is None:
        _report(loaded.findings)
        sys.exit(1)
    return loaded.project


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
def build(config: Path, site_dir: Path | None, locales: tuple[str, ...], strict: bool) -> None:
    """Check the project, then build every locale's site into one folder."""
    outcome = build_stage.build(config, site_dir, list(locales) or None, strict, progress=_progress)
    _report(outcome.findings)
    for warning in outcome.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not outcome.built:
        click.echo("safety-center: build stopped; the previous site was left as it was.", err=True)
        sys.exit(1)


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
def locale_add(config: Path, code: str) -> None:
    """Create LOCALE's catalog, register it in mkdocs.yml, and show what it still needs."""
    project = _load(config)
    with _refusals():
        added = i18n.add_locale(project, code)
    _progress(f"created {added.catalog.relative_to(project.root)}")
    region = f", region {added.region}" if added.region else ""
    _progress(f"registered {added.code} ({added.name}{region}) in {project.config_file.name}")
    updated = _load(config)
    click.echo(format_status_text(updated, locale_status(updated, [added.code])))
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
    output.mkdir(parents=True, exist_ok=True)
    for name, schema in schema_module.record_schemas().items():
        path = output / name
        data = schema_module.schema_text(schema).encode("utf-8")
        unchanged = path.is_file() and path.read_bytes() == data
        if not unchanged:
            path.write_bytes(data)
        _progress(f"{'unchanged' if unchanged else 'wrote'} {path}")
