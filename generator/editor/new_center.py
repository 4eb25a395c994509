"""Start a new center: ``safety-center init``.

Writes a small center that ``check`` passes (with warnings: what is a draft) and
``build`` builds at once: mkdocs.yml, the home introduction and the privacy and
accessibility statements in every locale, a platform record, a resource, a sample
safeguard, catalogs, schemas, a .gitignore and a README for the center's editors.
What needs facts or a person's words (the platform, the statements, the safeguard) is
a draft with ``TODO``s. The texts come from the package's templates (``starter/``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from babel import Locale
from pydantic import ValidationError

from .. import installed_version
from ..check.plain_text import markup_in_text
from ..i18n import workflow as i18n
from ..load import load_project
from ..load.languages import is_known_language
from ..model.placeholders import TODO
from ..model.project import Project
from ..model.records import AgeBand, LocaleConfig, SiteConfig
from .scaffold import STARTER_DIR, new_platform, new_safeguard, render_starter
from ..model.schema import SCHEMA_DIR, write_schemas

#: The standard pages every locale gets, as drafts to fill in.
STATEMENTS = ("privacy.md", "accessibility.md")
SAMPLE_SAFEGUARD = "sample-safeguard"
SITE_NAME_CONTEXT = "site/site_name"
STARTER_RESOURCE = "internet-watch-foundation"


class InitError(Exception):
    """The center cannot be started as asked; the message says why."""


@dataclass(frozen=True)
class CenterSettings:
    """What ``init`` is told (or asks for): the center's name, its platform, languages and ages."""

    name: str
    platform: str
    locales: tuple[str, ...]  # the first is the default locale
    ages: str  # "13-17"


def parse_locales(text: str) -> tuple[str, ...]:
    """Locale codes from "en,sv, fi" (the first is the default); InitError on a code no language has."""
    codes = tuple(code.strip() for code in text.split(",") if code.strip())
    if not codes:
        raise InitError("name at least one locale, such as --locales en,sv")
    for code in codes:
        if not _is_locale_code(code) or not is_known_language(code):
            raise InitError(f"'{code}' is not a locale code of a language CLDR knows; use codes such as en, sv, fi, ar")
    if len(set(codes)) != len(codes):
        raise InitError(f"a locale is named twice in '{text}'")
    return codes


def _is_locale_code(code: str) -> bool:
    try:
        LocaleConfig(code=code, name=code)
    except ValidationError:
        return False
    return True


def parse_ages(text: str) -> AgeBand:
    """The site's ages, "13-17" or "9-17": a closed band that ends by adulthood (18)."""
    try:
        band = AgeBand.model_validate(text)
    except ValueError:
        raise InitError(f"'{text}' is not an age range; write it like 13-17") from None
    adult = SiteConfig.model_fields["adult_age"].default
    if band.max_age is None or band.max_age > adult:
        raise InitError(f"the ages must end by {adult}, such as 13-17, not '{text}'")
    return band


def platform_id(platform: str) -> str:
    """A record id for a platform's name: "Roblox" -> "roblox", "Snap Chat!" -> "snap-chat".

    >>> platform_id("Snap Chat!"), platform_id("Pokémon GO"), platform_id("微信")
    ('snap-chat', 'pokemon-go', 'platform')
    """
    ascii_name = unicodedata.normalize("NFKD", platform).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "platform"


def init_center(folder: Path, settings: CenterSettings, force: bool = False,
                today: date | None = None) -> list[Path]:
    """Write a new center into ``folder``; return the files written.

    A folder that holds anything is refused unless ``force`` (files init writes are then replaced).
    """
    today = today or date.today()
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise InitError(f"{folder} is not empty; start the center in a new folder, or pass --force to write "
                        "into it anyway (files init writes are replaced)")
    for option, value in (("--name", settings.name), ("--platform", settings.platform)):
        if (markup := markup_in_text(value)) is not None:  # check would refuse the center it writes
            raise InitError(f"{option} '{value}' holds {markup}: a name is plain text")
    band = parse_ages(settings.ages)
    codes = parse_locales(",".join(settings.locales))
    default = codes[0]
    version = installed_version()  # None only when run from a source tree that was never installed
    platform = platform_id(settings.platform)
    values = dict(name=settings.name, platform=settings.platform, platform_id=platform,
                  sample_id=SAMPLE_SAFEGUARD, generator_version=version,
                  ages=str(band).replace("–", "-"), default_locale=default,
                  locale_names=", ".join(i18n.language_name(code) for code in codes))
    locales = [{"code": code, "name": i18n.language_name(code), "region": i18n.likely_region(code)}
               for code in codes]
    sections = [{code: i18n.section_heading(known, "en", code) for code in codes}
                for known in i18n.known_section_headings()]
    written: list[Path] = []

    def write(relative_path: str, text: str) -> None:
        path = folder / relative_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)

    write("mkdocs.yml", render_starter("mkdocs.yml.j2", **values, locales=locales, sections=sections))
    write(".gitignore", (STARTER_DIR / "gitignore.txt").read_text(encoding="utf-8"))
    write("README.md", render_starter("README.md.j2", **values))
    for code in codes:
        note = "" if code == "en" else f"{TODO}: translate this page into {Locale.parse(code).english_name}. "
        home = f"home/{code}.md.j2"
        own_home = (STARTER_DIR / home).is_file()
        write(f"content/{code}/index.md",
              render_starter(home if own_home else "home/en.md.j2", **values, draft=not own_home,
                             translate_note="" if own_home else note))
        for page in STATEMENTS:
            write(f"content/{code}/{page}", render_starter(f"pages/{page}.j2", **values, translate_note=note))
    write(f"content/resources/{STARTER_RESOURCE}.yml", (STARTER_DIR / "resource.yml").read_text(encoding="utf-8"))

    scaffolded = (f"content/platforms/{platform}.yml", f"content/safeguards/{SAMPLE_SAFEGUARD}.yml",
                  f"content/{default}/safeguards/{SAMPLE_SAFEGUARD}.md")
    for relative_path in scaffolded:  # only with --force can they exist: init replaces its own files
        (folder / relative_path).unlink(missing_ok=True)
    project = _loaded(folder)
    written.append(new_platform(project, platform, settings.platform, today))
    created = new_safeguard(project, SAMPLE_SAFEGUARD, today)
    written += [created.record, created.explanation]
    written += [path for path, _ in write_schemas(folder / SCHEMA_DIR)]
    project = _loaded(folder)
    for code in codes[1:]:
        # The center's name is what its makers typed, in every language until a translator changes it.
        written.append(i18n.write_new_catalog(project, code, kept_as_written=(SITE_NAME_CONTEXT,)))
        i18n.mark(project, code, [])  # the pages written here match their source as written
    return written


def _loaded(folder: Path) -> Project:
    loaded = load_project(folder / "mkdocs.yml")
    if loaded.project is None:  # the templates are the package's own: this is a bug, not bad input
        raise InitError("the new center's mkdocs.yml cannot be read: "
                        + "; ".join(f"{f.location}: {f.message}" for f in loaded.findings))
    return loaded.project
