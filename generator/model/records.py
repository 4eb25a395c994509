"""The typed records a safety center is made of.

Facts live here once: a safeguard's age rules, defaults and controls, a resource's
phone number. Fields a parent reads as text are marked ``Translatable``; the
catalogs (see ``messages``) carry their translations, keyed by record and field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .findings import SourceLocation


@dataclass(frozen=True)
class Translatable:
    """Marks a text field that translators translate; the note tells them what it is."""

    note: str


Availability = Literal["available", "unavailable"]
#: The built-in words a setting can be set to before anyone changes it. "not-stated" is
#: honest when the platform publishes no default for that age band. A site adds its own
#: words in mkdocs.yml (``safety_center.setting_values``).
BUILTIN_SETTING_VALUES = ("on", "off", "private", "public", "everyone", "friends", "nobody", "not-stated")
#: Who can change the setting: the child alone, the child only with a parent's approval,
#: a parent with the platform's parent tool, or nobody (a fixed rule).
Changer = Literal["child", "child-with-approval", "parent", "nobody"]
ResourceKind = Literal["partner", "helpline", "hotline", "guidance", "emergency"]

HttpsUrl = Annotated[str, Field(pattern=r"^https://[^\s/$.?#][^\s]*$")]
RecordId = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]


class Record(BaseModel):
    """Base of every YAML record: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


#: Keys the loader fills in itself (from the file name and position); a record file may not set them.
LOADER_KEYS = frozenset({"id", "origin", "field_lines"})

class LocatedRecord(Record):
    """A record read from its own file: its id is the file name, and it knows its lines."""

    id: RecordId
    origin: SourceLocation
    field_lines: dict[str, int] = Field(default_factory=dict)
    #: A draft is previewed by ``serve`` and built with ``build --drafts``, never published.
    draft: bool = False

    def location_of(self, field_name: str) -> SourceLocation:
        """Where a field is written in the record file (the record's top if it is not).

        ``field_name`` may name a list item or a key inside one, "age_rules[1]" or "sources[0].url":
        its line, or else the line of the nearest enclosing item or key that has one.
        """
        path = field_name
        while path not in self.field_lines and (enclosing := re.sub(r"(?:\[\d+\]|\.[^.\[]+)$", "", path)) != path:
            path = enclosing
        return SourceLocation(self.origin.file, self.field_lines.get(path) or self.origin.line)


class AgeBand(BaseModel):
    """An inclusive range of ages, written "13-15", a single age ("16"), or open-ended ("18+").

    An open band (``max_age`` None) covers its first age and every age after it: what
    changes at adulthood is written "18+" with the site's ``adult_age``.

    >>> band = AgeBand.model_validate("13-15")
    >>> band, str(band), 15 in band, 16 in band
    (AgeBand(min_age=13, max_age=15), '13–15', True, False)
    >>> str(AgeBand.model_validate(16)), str(AgeBand.model_validate("18+")), 40 in AgeBand.model_validate("18+")
    ('16', '18+', True)
    >>> AgeBand.model_validate("15-13")
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for AgeBand
      Value error, age band 15-13 runs backwards [type=value_error, input_value='15-13', input_type=str]
    ...
    """

    model_config = ConfigDict(frozen=True)

    min_age: int = Field(ge=0)
    max_age: int | None = Field(default=None, ge=0)

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return {"min_age": value, "max_age": value}
        if isinstance(value, str):
            match = re.fullmatch(r"\s*(-?\d+)\s*(?:(\+)|[-–]\s*(-?\d+)\s*)?\s*", value)
            if not match:
                raise ValueError(f"'{value}' is not an age band; write it like 13-15, 16 or 18+")
            low, open_ended, high = match.groups()
            return {"min_age": int(low), "max_age": None if open_ended else int(high or low)}
        return value

    @model_validator(mode="after")
    def _ordered(self):
        if self.max_age is not None and self.min_age > self.max_age:
            raise ValueError(f"age band {self.min_age}-{self.max_age} runs backwards")
        return self

    @property
    def open_ended(self) -> bool:
        """Whether the band runs on without an upper age ("18+")."""
        return self.max_age is None

    @property
    def last_age(self) -> int:
        """The highest age the band names (its first age for an open band)."""
        return self.min_age if self.max_age is None else self.max_age

    def __contains__(self, age: int) -> bool:
        return self.min_age <= age and (self.max_age is None or age <= self.max_age)

    def overlaps(self, other: AgeBand) -> bool:
        """Whether some age lies in both bands."""
        return other.min_age in self or self.min_age in other

    def __str__(self) -> str:
        if self.max_age is None:
            return f"{self.min_age}+"
        if self.min_age == self.max_age:
            return str(self.min_age)
        return f"{self.min_age}–{self.max_age}"


#: An age band as an editor writes it (what the JSON Schema for record files shows),
#: not the {min_age, max_age} the model holds once it is read.
WrittenAgeBand = Annotated[AgeBand, WithJsonSchema({
    "anyOf": [
        {"type": "string", "pattern": r"^\s*\d+\s*(?:\+|[-–]\s*\d+)?\s*$"},
        {"type": "integer", "minimum": 0},
    ],
    "examples": ["13-15", 16, "18+"],
})]


class Minutes(Record):
    """A length of time a setting is set to, such as a daily limit: ``{minutes: 60}``."""

    minutes: int = Field(ge=1)


class TimeOfDay(Record):
    """A time of day a setting is set to, such as the start of a quiet time: ``{time: "22:00"}``."""

    time: str = Field(pattern=r"^(?:[01]\d|2[0-3]):[0-5]\d$")


#: What a setting is before anyone changes it: a word (built in, or the site's own) or a quantity.
SettingValue = Union[RecordId, Minutes, TimeOfDay]  # noqa: UP007 (pydantic keeps the order as written)
QUANTITY_KEYS = {"minutes": Minutes, "time": TimeOfDay}


class AgeRule(Record):
    """How a safeguard behaves for one age band."""

    # The words a site allows for ``default`` come in the validation context
    # ({"setting_values": [...]}); without one, the built-in words are allowed.

    ages: WrittenAgeBand
    availability: Availability
    default: SettingValue | None = None
    changed_by: list[Changer] = Field(default_factory=list)
    #: Whether the child is told when a parent changes the setting (None: not stated).
    child_notified: bool | None = None

    @field_validator("default", mode="before")
    @classmethod
    def _known_setting_value(cls, value, info: ValidationInfo):
        if isinstance(value, dict):
            if len(value) != 1 or next(iter(value)) not in QUANTITY_KEYS:
                raise ValueError('a quantity is written {minutes: 60} or {time: "22:00"}')
            if "time" in value and not isinstance(value["time"], str):
                raise ValueError('write a time in quotes, such as {time: "22:00"}')
            return value
        known = (info.context or {}).get("setting_values", BUILTIN_SETTING_VALUES)
        if isinstance(value, str) and value not in known:
            raise PydanticCustomError("setting_value", "'{value}' is not a known setting value",
                                      {"value": value, "known": list(known)})
        return value

    @property
    def fixed(self) -> bool:
        """A hard rule nobody can change, as opposed to a default someone can."""
        return self.changed_by == ["nobody"]

    @model_validator(mode="after")
    def _default_only_when_available(self):
        if self.availability == "available" and self.default is None:
            raise ValueError("an available feature needs a 'default' (use not-stated if unknown)")
        return self


class Source(Record):
    """Where a fact was published, so that a reader and a reviewer can check it."""

    title: str
    url: HttpsUrl
    published: date | None = None


class Limitation(Record):
    """Something a safeguard does not do, and what a parent can do about it."""

    limitation: Annotated[str, Translatable("A known limit of the safeguard, in one sentence")]
    instead: Annotated[str, Translatable("What a parent can do about that limit, in one sentence")]


class Steps(Record):
    """How to set up or change the safeguard, as ordered steps for each person."""

    child: list[Annotated[str, Translatable("One step the child takes, as an instruction")]] = Field(
        default_factory=list)
    parent: list[Annotated[str, Translatable("One step the parent takes, as an instruction")]] = Field(
        default_factory=list)


class Change(Record):
    """A dated entry of the safeguard's change log."""

    date: date
    summary: Annotated[
        str, Translatable("What changed on that date, in one sentence (shown in the change log and feed)")]


class Safeguard(LocatedRecord):
    """One protection a platform applies to children, with the facts a parent needs."""

    title: Annotated[str, Translatable("Safeguard name, shown as page title and in menus (max. 60 characters)")]
    summary: Annotated[str, Translatable("One-sentence summary of the safeguard, shown on cards and overviews")]
    category: Annotated[str, Translatable("Category heading that groups safeguards on the overview page")]
    #: The id of the platform record (content/platforms/<id>.yml); may be left out when there is one platform.
    platform: RecordId | None = None
    age_rules: list[AgeRule] = Field(min_length=1)
    setting: Annotated[
        str | None, Translatable("Where the setting lives in the app, as the menu path the user taps")] = None
    last_verified: date
    sources: list[Source] = Field(default_factory=list)
    resources: list[RecordId] = Field(default_factory=list)
    parent_can_see: list[Annotated[str, Translatable("Something a parent can see, as a short phrase")]] = Field(
        default_factory=list)
    parent_cannot_see: list[Annotated[str, Translatable("Something a parent cannot see, as a short phrase")]] = Field(
        default_factory=list)
    limitations: list[Limitation] = Field(default_factory=list)
    steps: Steps = Field(default_factory=Steps)
    conversation_starters: list[Annotated[str, Translatable("A question a parent can ask the child")]] = Field(
        default_factory=list)
    related: list[RecordId] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)

    def rule_for(self, age: int) -> AgeRule | None:
        """The age rule that covers ``age``, if any (overlapping bands are a check finding)."""
        return next((rule for rule in self.age_rules if age in rule.ages), None)


class Resource(LocatedRecord):
    """A place parents and children can turn to: helpline, hotline, partner, guidance."""

    name: Annotated[str, Translatable("Name of the organisation or service; keep a proper name as it is")]
    kind: ResourceKind
    url: HttpsUrl
    phone: str | None = Field(default=None, pattern=r"^\+?[0-9][0-9 \-]{1,20}$")
    regions: list[str] = Field(min_length=1)
    description: Annotated[str, Translatable("What this organisation or service offers, in one or two sentences")]
    last_verified: date

    @field_validator("regions")
    @classmethod
    def _region_codes(cls, regions: list[str]) -> list[str]:
        for region in regions:
            if region != "global" and not re.fullmatch(r"[A-Z]{2}", region):
                raise ValueError(f"'{region}' is not a region: use a country code such as SE, or 'global'")
        return regions

    def applies_to(self, region: str | None) -> bool:
        return region is not None and region in self.regions

    @property
    def tel_uri(self) -> str | None:
        """The phone number as a tel: URI (digits and a leading +)."""
        if not self.phone:
            return None
        return "tel:" + re.sub(r"[^\d+]", "", self.phone)


class AppRating(Record):
    """The age rating an app store gives the platform's app."""

    store: str = Field(min_length=1)
    rating: str = Field(min_length=1)


class PlatformLink(Record):
    """A page of the platform's own that parents may want (its parent guide, its safety center)."""

    title: Annotated[str, Translatable("Title of a page of the platform's own, as a link text")]
    url: HttpsUrl


class Platform(LocatedRecord):
    """An app or service the center covers, with the facts that hold for all its safeguards."""

    name: Annotated[str, Translatable("Name of the platform (an app or service); keep a proper name as it is")]
    #: The platform's tool for parents; "changed_by: parent" is shown as "a parent, with <parent_tool>".
    parent_tool: Annotated[
        str | None, Translatable("Name of the platform's tool for parents; keep a proper name as it is")] = None
    minimum_age: int | None = Field(default=None, ge=0)
    app_ratings: list[AppRating] = Field(default_factory=list)
    links: list[PlatformLink] = Field(default_factory=list)
    last_verified: date
    sources: list[Source] = Field(default_factory=list)


class LocaleConfig(Record):
    """One language of the site."""

    code: str = Field(pattern=r"^[a-z]{2,3}(?:_[A-Z]{2})?$")
    name: str
    region: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")


class RuleSetting(Record):
    """A site's choice for one check rule: its severity, or off, and why."""

    severity: Literal["error", "warning", "off"]
    reason: str = Field(min_length=1)


#: Image files an organisation's logo or favicon may be. Not SVG: an SVG opened on its own runs its scripts.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".ico")

# A CSS colour that cannot be more than a colour: a hex colour, rgb()/hsl() of numbers, or a colour keyword.
_CSS_COLOUR = re.compile(
    r"#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})"
    r"|(?:rgba?|hsla?)\(\s*[0-9.]+(?:deg|%)?(?:\s*[,/]?\s*[0-9.]+%?){2,3}\s*\)"
    r"|[a-z]{3,20}",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[^@\s<>\"'`()\[\]\\,;:]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}", re.IGNORECASE)
_HTTPS_URL = re.compile(r"https://[a-z0-9.-]+(?::\d+)?(?:/[^\s<>\"'`\\]*)?", re.IGNORECASE)


def _css_colour(value: str) -> str:
    if not _CSS_COLOUR.fullmatch(value.strip()):
        raise ValueError(f"'{value}' is not a CSS colour; write it like #0b4f8a, rgb(11 79 138) or teal")
    return value.strip()


def _contact(value: str) -> str:
    if not (_EMAIL.fullmatch(value) or _HTTPS_URL.fullmatch(value)):
        raise ValueError(f"'{value}' is neither an e-mail address nor an https:// address")
    return value


def _project_image(value: str) -> str:
    path = value.replace("\\", "/")
    if path.startswith("/") or re.match(r"^[a-z]+:", path, re.IGNORECASE) or ".." in path.split("/"):
        raise ValueError(f"'{value}' must be a path inside the project, relative to mkdocs.yml (such as "
                         "assets/logo.png)")
    if not path.lower().endswith(IMAGE_SUFFIXES):
        raise ValueError(f"'{value}' must be an image file: {', '.join(IMAGE_SUFFIXES)}")
    return path


CssColour = Annotated[str, AfterValidator(_css_colour)]
ProjectImage = Annotated[str, AfterValidator(_project_image)]


class Colours(Record):
    """The organisation's colours, as CSS colour values (Material's primary and accent colour)."""

    primary: CssColour | None = None
    accent: CssColour | None = None


class Organisation(Record):
    """Who publishes the center: shown on every page (the footer, the header's logo, the browser tab)."""

    name: Annotated[str, Translatable("The organisation that publishes this site, shown at the foot of every page")]
    #: An e-mail address or an https:// address where parents can reach the organisation.
    contact: Annotated[str, AfterValidator(_contact)] | None = None
    #: Image files in the project, relative to mkdocs.yml.
    logo: ProjectImage | None = None
    favicon: ProjectImage | None = None
    colours: Colours = Colours()

    @property
    def contact_url(self) -> str | None:
        """The contact as a link target: mailto: for an e-mail address."""
        if self.contact is None:
            return None
        return self.contact if self.contact.lower().startswith("https://") else f"mailto:{self.contact}"


class SiteConfig(Record):
    """The ``safety_center`` section of mkdocs.yml, plus the site-wide values it needs."""

    default_locale: str
    locales: list[LocaleConfig] = Field(min_length=1)
    ages: AgeBand = AgeBand(min_age=13, max_age=17)
    #: The age of adulthood: a safeguard's band may run to it ("18+"); ages beyond it are a warning.
    adult_age: int = Field(default=18, ge=1)
    site_name: Annotated[str, Translatable("Name of the whole site, shown in the header and the browser tab")]
    site_url: str | None = None
    rules: dict[str, RuleSetting] = Field(default_factory=dict)
    #: Sections every explanation must have, each as its heading per locale,
    #: e.g. {en: What it does, sv: Vad den gör}.
    explanation_sections: list[dict[str, str]] = Field(default_factory=list)
    #: The site's Markdown extensions (mkdocs.yml's top-level ``markdown_extensions``), as written:
    #: check parses pages with them, as the build does.
    markdown_extensions: list[str | dict] = Field(default_factory=list)
    #: How old a last_verified date may be before check warns.
    verification_max_age_months: int = Field(default=12, ge=1)
    #: Who publishes the center (name, contact, logo, favicon, colours), if the site says.
    organisation: Organisation | None = None
    #: The site's own words for settings' defaults, beside the built-in ones: a list of ids
    #: ("friends-of-friends", shown as "Friends of friends") or a mapping of id to its English words.
    setting_values: list[RecordId] | dict[RecordId, str] = Field(default_factory=list)
    #: The generator version the center was made with (``init`` writes it); check compares it
    #: with the installed one, whose new interface strings may need translating.
    generator_version: str | None = Field(default=None, pattern=r"^\d+(?:\.\d+)*\S*$")

    @model_validator(mode="after")
    def _ages_end_by_adulthood(self):
        if self.ages.max_age is None:
            raise ValueError(f"'ages' must end at an age (such as {self.ages.min_age}-{self.adult_age - 1}), "
                             "not run on")
        if self.ages.max_age > self.adult_age:
            raise ValueError(f"'ages' {self.ages} runs past adult_age {self.adult_age}")
        return self

    @model_validator(mode="after")
    def _default_is_a_locale(self):
        codes = [locale.code for locale in self.locales]
        if self.default_locale not in codes:
            raise ValueError(f"default_locale '{self.default_locale}' is not one of the locales {codes}")
        if len(set(codes)) != len(codes):
            raise ValueError("a locale is listed twice")
        return self

    @model_validator(mode="after")
    def _own_setting_values_are_new(self):
        taken = set(BUILTIN_SETTING_VALUES) & set(self.setting_values)
        if taken:
            raise ValueError(f"setting_values: {', '.join(sorted(taken))} is built in already; remove it")
        return self

    @property
    def own_setting_values(self) -> dict[str, str]:
        """The site's own setting words, each with its English text ("Friends of friends")."""
        if isinstance(self.setting_values, dict):
            return dict(self.setting_values)
        return {value: value.replace("-", " ").capitalize() for value in self.setting_values}

    @property
    def setting_values_allowed(self) -> list[str]:
        """Every word a ``default`` may be: the built-in ones and the site's own."""
        return [*BUILTIN_SETTING_VALUES, *self.own_setting_values]

    @property
    def locale_codes(self) -> list[str]:
        return [locale.code for locale in self.locales]

    def locale(self, code: str) -> LocaleConfig:
        return next(locale for locale in self.locales if locale.code == code)

    def section_headings(self, code: str) -> list[str]:
        """The headings an explanation in this locale must have."""
        return [section[code] for section in self.explanation_sections if code in section]
