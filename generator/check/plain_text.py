"""Values the site shows as plain text hold no markup: record fields and mkdocs.yml values.

Record fields, and the mkdocs.yml values the theme prints on every page (the site's
name, each locale's display name in the language switcher, the description, the
copyright line, ``extra`` values), are escaped wherever they are printed. Markup or
a script URL in one is still a mistake (or an attack), reported at its line as
``unsafe-markup``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..load.yamlfile import YamlProblem, line_of, parse_yaml
from ..model.findings import Finding, Severity, SourceLocation
from ..model.project import Project
from ..model.records import LocatedRecord
from .safety import script_scheme

#: Top-level mkdocs.yml values the theme prints (``copyright`` may hold links: Material prints it as HTML);
#: ``extra`` and ``theme.palette`` values are printed too.
PRINTED_KEYS = ("site_name", "site_url", "site_description", "site_author", "copyright", "repo_name")

# In running text: a script scheme, or a data: URL with its media type ("data:text/html,").
_INVISIBLE_IN_TEXT = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\ufeff]+")
_SCRIPT_URL_IN_TEXT = re.compile(r"\b(?:(?:java|vb|live)script\s*:|data\s*:\s*[\w.+-]+/)", re.I)
_TAG = re.compile(r"<\s*/?\s*([a-z][a-z0-9-]*)", re.I)
_HANDLER = re.compile(r"[\s/\"']on[a-z]+\s*=", re.I)


def is_script_url(value: str) -> bool:
    """True when ``value``, used as a URL, would run script or smuggle content (javascript:, data:, ...).

    >>> is_script_url(" Java&#x09;Script:alert(1)"), is_script_url("https://example.org/")
    (True, False)
    """
    return script_scheme(html.unescape(value)) is not None


def markup_in_text(value: str) -> str | None:
    """What makes a plain-text value markup, described for a person (None when it is plain text).

    >>> markup_in_text("Settings > Privacy"), markup_in_text("<svg/onload=alert(1)>")
    (None, 'a <svg> tag')
    """
    decoded = _INVISIBLE_IN_TEXT.sub("", html.unescape(value))
    tag = _TAG.search(value) or _TAG.search(decoded)
    if tag:
        return f"a <{tag.group(1).lower()}> tag"
    if _HANDLER.search(decoded):
        return "an event handler attribute"
    if _SCRIPT_URL_IN_TEXT.search(decoded) or is_script_url(value):
        return "a script URL"
    return None


def records_are_plain_text(project: Project) -> Iterable[Finding]:
    """Safeguard, resource and platform fields hold text and https links, never markup."""
    records: list[LocatedRecord] = [
        *project.safeguards.values(), *project.resources.values(), *project.platforms.values()]
    for record in records:
        fields = record.model_dump(mode="json", exclude={"id", "origin", "field_lines"})
        for path, value in leaves((), fields):
            what = markup_in_text(value) if isinstance(value, str) else None
            if what is not None:
                yield Finding(
                    "unsafe-markup", Severity.ERROR, record.location_of(str(path[0])),
                    f"'{_dotted(path)}' contains {what}; the site shows record fields as plain text",
                    "write plain text: no HTML tags, event handlers or javascript:/data: URLs",
                )


def printed_config_is_plain_text(project: Project) -> Iterable[Finding]:
    """mkdocs.yml values shown on pages hold no markup and no script URL."""
    data = parse_yaml(project.config_file.read_text(encoding="utf-8"), tolerate_tags=True)
    if isinstance(data, YamlProblem) or not isinstance(data, dict):
        return
    section = data.get("safety_center") or {}
    values: list[tuple[tuple, Any]] = [((key,), data.get(key)) for key in PRINTED_KEYS]
    values += list(leaves(("extra",), data.get("extra")))
    theme = data.get("theme")
    if isinstance(theme, dict):
        values += list(leaves(("theme", "palette"), theme.get("palette")))
    values += list(leaves(("safety_center", "setting_values"), section.get("setting_values")))
    values += list(leaves(("safety_center", "organisation"), section.get("organisation")))
    values += [(("safety_center", "locales", index, "name"), locale.get("name"))
               for index, locale in enumerate(section.get("locales") or []) if isinstance(locale, dict)]
    for path, value in values:
        what = markup_in_text(value) if isinstance(value, str) else None
        if what is not None:
            yield Finding(
                "unsafe-markup", Severity.ERROR, SourceLocation(project.config_file.name, line_of(data, path) or 1),
                f"mkdocs.yml '{_dotted(path)}' contains {what}; the site shows it as plain text",
                "write plain text: no HTML tags, event handlers or javascript:/data: URLs",
            )


def leaves(path: tuple, value: Any) -> Iterator[tuple[tuple, Any]]:
    """Every leaf inside a YAML or JSON value, with its path of keys and indexes."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves((*path, key), item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves((*path, index), item)
    else:
        yield path, value


def _dotted(path: tuple) -> str:
    return ".".join(str(part) for part in path)
