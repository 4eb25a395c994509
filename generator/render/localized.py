"""Text in one locale: translations, Babel formatting and safe escaping.

Shared by the page templates (render) and the helpers editors use in Markdown
(facts). Everything here returns plain text; ``escape_text`` is what makes a value
safe to place in a page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, time
from urllib.parse import quote

from babel import Locale
from babel.dates import format_date, format_time
from babel.lists import format_list
from babel.units import format_unit
from markupsafe import Markup

from ..load.catalogs import INTERFACE_SOURCE_LANGUAGE
from ..model.catalog import COUNT_PLACEHOLDER, named_placeholders, single_number_forms
from ..model.project import Project
from ..model.records import Minutes, Platform, Safeguard, SettingValue, TimeOfDay

# Characters that mean something in Markdown (or its extensions, e.g. attr_list's
# "{: ...}") or HTML, replaced by numeric character references: they display the
# same in both, and never start a tag, link, attribute list or emphasis. Line
# breaks become spaces (a value never starts a new block); tabs are kept as
# references because Markdown expands them to spaces. Control characters, which
# no text needs (and Python-Markdown uses STX/ETX internally), become U+FFFD.
_TEXT_ESCAPES = str.maketrans(
    {c: f"&#{ord(c)};" for c in "&<>\"'`*_[]{}\\#!|~^=+:\t"}
    | {"\n": " ", "\r": " "}
    | {c: "\ufffd" for c in map(chr, [*range(0x20), *range(0x7f, 0xa0)]) if c not in "\t\n\r"}
)

# What a value could still start when it lands at the start of a line, once the
# characters above are references: a bullet or rule ("- ", "---", "- - -") or an
# ordered list ("1." or "1)" and a space, as Babel's Finnish, Danish and Norwegian
# dates begin: "20. marraskuuta 2026"). Its first character becomes a reference, and
# so does whitespace at either end (indented code, a hard line break, or stripped).
_EDGE_SPACE = re.compile(r"^\s+|\s+$")
_BLOCK_MARKER = re.compile(r"^(?:\d+[.)](?=\s|$)|-(?=[-\s]|$))")


def _as_references(match: re.Match) -> str:
    return "".join(f"&#{ord(c)};" for c in match.group(0))


def _first_as_reference(match: re.Match) -> str:
    marker = match.group(0)
    return f"&#{ord(marker[0])};{marker[1:]}"


def escape_text(value) -> str:
    """Make any value safe to place in a generated page as plain text.

    The result reads as the same text in Markdown and HTML, anywhere in a line, in an
    attribute value, or at the start of a line or list item (no block marker survives):

    >>> escape_text("20. marraskuuta 2026")
    '&#50;0. marraskuuta 2026'
    >>> escape_text("<b>Dansk</b> #1, 16–17")
    '&#60;b&#62;Dansk&#60;/b&#62; &#35;1, 16–17'
    """
    if isinstance(value, Markup):
        return value
    text = _EDGE_SPACE.sub(_as_references, str(value).translate(_TEXT_ESCAPES))
    return _BLOCK_MARKER.sub(_first_as_reference, text)


class ForeignText(str):
    """Text shown in another language than its page's: the default locale's words standing in
    for a missing translation. It knows its language, so that a page can mark it (``in_language``).
    """

    lang: str

    def __new__(cls, text: str, lang: str) -> ForeignText:
        value = super().__new__(cls, text)
        value.lang = lang
        return value


def html_lang(code: str) -> str:
    """A locale code as an HTML ``lang`` value (a BCP 47 tag).

    >>> html_lang("pt_BR")
    'pt-BR'
    """
    return code.replace("_", "-")


def text_direction(code: str) -> str:
    """The writing direction of a locale's language, as HTML's ``dir`` takes it (from CLDR).

    >>> text_direction("ar"), text_direction("fi")
    ('rtl', 'ltr')
    """
    return "rtl" if Locale.parse(code).character_order == "right-to-left" else "ltr"


def in_language(value) -> str:
    """``escape_text``, and text in another language than the page marked with its lang and dir.

    What the page templates print goes through here. The attributes are unquoted (a locale
    code needs no quotes) so that the mark also fits inside a quoted admonition title.
    """
    text = escape_text(value)
    if isinstance(value, ForeignText):
        return Markup(f"<span lang={html_lang(value.lang)} dir={text_direction(value.lang)}>{text}</span>")
    return text


class LocaleFormat:
    """Babel's locale-aware formatting, bound to one locale, for templates."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self._babel = Locale.parse(locale)

    def date(self, value: date) -> str:
        return format_date(value, format="long", locale=self.locale)

    def list(self, items) -> str:
        return format_list([str(item) for item in items], locale=self.locale)

    def minutes(self, value: Minutes) -> str:
        """A length of time in words: "60 minutes", "60 minuter"."""
        return format_unit(value.minutes, "duration-minute", length="long", locale=self.locale)

    def time_of_day(self, value: TimeOfDay) -> str:
        """A time of day as the locale writes it: "10:00 PM", "22:00"."""
        hours, minutes = map(int, value.time.split(":"))
        return format_time(time(hours, minutes), format="short", locale=self.locale)

    def region(self, code: str) -> str:
        return self._babel.territories.get(code, code)

    def language(self, code: str) -> str:
        """A language's name in this locale ("engelska" for en, in Swedish)."""
        return Locale.parse(code).get_display_name(self.locale) or code


class LocaleText:
    """One locale's words: record fields from the catalog, labels and formatting."""

    def __init__(self, project: Project, locale: str) -> None:
        self.project, self.locale = project, locale
        self.catalog = project.catalogs[locale]
        self.translations = self.catalog.translations()
        #: gettext, pgettext, ngettext...: their untranslated results are ``ForeignText`` (English, the
        #: language of the interface's msgids).
        self.callables = gettext_callables(
            self.translations, lambda context, msgid: self._shown_in(INTERFACE_SOURCE_LANGUAGE, context, msgid))
        self.pgettext, self.npgettext = self.callables["pgettext"], self.callables["npgettext"]
        self.fmt = LocaleFormat(locale)
        self.labels = self._labels()

    def _labels(self) -> dict[str, dict[str, str]]:
        """Translated names of the records' fixed values (defaults, who can change, kinds)."""
        pgettext = self.pgettext
        own_values = {value: self._record_text(text, f"site/setting_values/{value}")
                      for value, text in self.project.config.own_setting_values.items()}
        return {
            "default": own_values | {
                "on": pgettext("setting default", "On"),
                "off": pgettext("setting default", "Off"),
                "private": pgettext("setting default", "Private"),
                "public": pgettext("setting default", "Public"),
                "everyone": pgettext("setting default", "Everyone"),
                "friends": pgettext("setting default", "Friends"),
                "nobody": pgettext("setting default", "Nobody"),
                "not-stated": pgettext("setting default", "Not stated by the platform"),
            },
            "changed_by": {
                "child": pgettext("who can change", "the child"),
                "child-with-approval": pgettext("who can change", "the child, with a parent's approval"),
                "parent": pgettext("who can change", "a parent"),
                "nobody": pgettext("who can change", "nobody: it is a fixed rule"),
            },
            "kind": {
                "partner": pgettext("resource kind", "Partner organisation"),
                "helpline": pgettext("resource kind", "Helpline"),
                "hotline": pgettext("resource kind", "Reporting hotline"),
                "guidance": pgettext("resource kind", "Official guidance"),
                "emergency": pgettext("resource kind", "Emergency"),
            },
        }

    def _shown_in(self, source_language: str, context: str | None, msgid: str) -> str | None:
        """The language a string is shown in when it has no translation here and that language is
        another than this locale's (``source_language``: the language its msgid is written in); else None."""
        if _language(source_language) == _language(self.locale) or self.catalog.is_translated(msgid, context):
            return None
        return source_language

    def label(self, field_name: str, value: str) -> str:
        return self.labels[field_name][value]

    def setting_value(self, value: SettingValue) -> str:
        """What a setting is set to, in this locale: a word ("Private") or a quantity ("60 minutes")."""
        if isinstance(value, Minutes):
            return self.fmt.minutes(value)
        if isinstance(value, TimeOfDay):
            return self.fmt.time_of_day(value)
        return self.label("default", value)

    def changers(self, changed_by, safeguard: Safeguard) -> str:
        """Who can change a safeguard's setting, as a sentence in this locale ("The child and a parent").

        A parent changes it with the platform's parent tool, named when the platform record names one.
        """
        if not changed_by:
            return self.pgettext("who can change", "Not stated by the platform")
        return capitalized(self.fmt.list(self._changer(changer, safeguard) for changer in changed_by))

    def _changer(self, changer: str, safeguard: Safeguard) -> str:
        platform = self.project.platform_of(safeguard)
        if changer == "parent" and platform is not None and platform.parent_tool:
            # Translators: %(parent_tool)s is the name of the platform's tool for parents.
            return self.pgettext("who can change", "a parent, with %(parent_tool)s",
                                 parent_tool=self.tr(platform, "parent_tool"))
        return self.label("changed_by", changer)

    def tr(self, record, field_path: str, text: str | None = None) -> str:
        """A record's text in this locale (the source text when untranslated).

        ``field_path`` names the field ("title", "steps/parent"); ``text`` is the item
        for list fields and nested records, else the field's own value.
        """
        subject = ("safeguard" if isinstance(record, Safeguard)
                   else "platform" if isinstance(record, Platform) else "resource")
        text = getattr(record, field_path) if text is None else text
        return self._record_text(text, f"{subject}/{record.id}/{field_path}")

    def site_name(self) -> str:
        return self._record_text(self.project.config.site_name, "site/site_name")

    def organisation_name(self) -> str:
        """The name of the organisation that publishes the site, in this locale ("" without one)."""
        organisation = self.project.config.organisation
        return self._record_text(organisation.name, "site/organisation/name") if organisation else ""

    def _record_text(self, text: str, context: str) -> str:
        """A record's or the config's text in this locale, or its source text marked as foreign."""
        lang = self._shown_in(self.project.default_locale, context, text)
        return self.catalog.gettext(text, context) if lang is None else ForeignText(text, lang)


def _language(locale: str) -> str:
    return locale.split("_", 1)[0]


def gettext_callables(translations, untranslated_lang: Callable[[str | None, str], str | None] | None = None) -> dict:
    """gettext functions for templates, taking ``%(name)s`` values as keyword arguments.

    Only strings given values are %-formatted, so a translator's "30 %" stays as
    written. A translation that does not keep its source's placeholders (which check
    reports as po-placeholders) falls back to the source string: a page never shows a
    sentence with its number or name missing. Only a plural form that covers a single
    number may leave the count out. ``untranslated_lang(context, msgid)`` names the
    language of the source text when a string is not translated; such a result is
    ``ForeignText`` in that language.
    """
    plural = getattr(translations, "plural", None)
    single = single_number_forms(plural) if plural else frozenset()

    def formatted(translated: str, source: str, values: dict, count_optional: bool = False) -> str:
        if not values:
            return translated
        missing = named_placeholders(source) - named_placeholders(translated)
        if count_optional:
            missing.discard(COUNT_PLACEHOLDER)
        if missing:
            return source % values
        try:
            return translated % values
        except (KeyError, ValueError, TypeError):
            return source % values

    def marked(text: str, context: str | None, msgid: str) -> str:
        lang = untranslated_lang(context, msgid) if untranslated_lang else None
        return text if lang is None else ForeignText(text, lang)

    def gettext(message, **values):
        return marked(formatted(translations.gettext(message), message, values), None, message)

    def pgettext(context, message, **values):
        return marked(formatted(translations.pgettext(context, message), message, values), context, message)

    def plural_source(singular: str, plural_text: str, n: int) -> tuple[str, bool]:
        # The count may be left out where the language's form for n covers n alone.
        return (singular if n == 1 else plural_text), plural is not None and plural(n) in single

    def ngettext(singular, plural_text, n, **values):
        values.setdefault(COUNT_PLACEHOLDER, n)
        source, optional = plural_source(singular, plural_text, n)
        text = formatted(translations.ngettext(singular, plural_text, n), source, values, optional)
        return marked(text, None, singular)

    def npgettext(context, singular, plural_text, n, **values):
        values.setdefault(COUNT_PLACEHOLDER, n)
        source, optional = plural_source(singular, plural_text, n)
        text = formatted(translations.npgettext(context, singular, plural_text, n), source, values, optional)
        return marked(text, context, singular)

    return {"gettext": gettext, "_": gettext, "pgettext": pgettext, "ngettext": ngettext, "npgettext": npgettext}


def url_value(url: str) -> Markup:
    """A URL for a Markdown link target: characters that could end or break it percent-encoded.

    >>> url_value("https://example.org/help me (now)?q=1#top")
    Markup('https://example.org/help%20me%20%28now%29?q=1#top')
    """
    return Markup(quote(url, safe=":/?#@!$&*+,;=%~-._"))


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


