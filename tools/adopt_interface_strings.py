"""Keep the package's interface catalogs (generator/locales/) up to date, and adopt translations.

The interface strings are the gettext calls in the package's code, page templates and theme.
This maintainer tool, safe to run again at any time:

1. writes generator/locales/interface.pot from the package's current source;
2. updates each package catalog (generator/locales/<l>/LC_MESSAGES/interface.po) from it
   (new strings empty, changed ones fuzzy, removed ones obsolete: Babel's usual merge);
3. adopts the interface strings the bundled example's catalogs (locales/<l>/LC_MESSAGES/messages.po)
   translate: each is copied into the package's catalog and removed from the example's, where it
   would only repeat the package. An entry the example also overrides in its English catalog
   (locales/en/LC_MESSAGES/messages.po) is the example's own voice ("teen" for "child"): it stays
   in the example and is not adopted;
4. fills Material's words (generator/render/theme_words.py) that a package catalog leaves empty
   with Material's own translation for that language;
5. lists, per package locale, the interface strings still untranslated.

    PYTHONPATH=$PWD python tools/adopt_interface_strings.py

Review the diff of generator/locales/ and locales/ before committing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from jinja2 import Environment, FileSystemLoader

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.i18n.babel_compat import drop_reviewed_previous_texts  # noqa: E402 (after the path is set)
from generator.i18n.messages import interface_messages, template_catalog  # noqa: E402
from generator.i18n.workflow import new_catalog, write_catalog  # noqa: E402
from generator.load.catalogs import (  # noqa: E402
    INTERFACE_DOMAIN,
    INTERFACE_SOURCE_LANGUAGE,
    INTERFACE_TEMPLATE,
    interface_catalog_path,
)
from generator.model.catalog import catalog_path, is_usable  # noqa: E402
from generator.render.theme_words import material_words  # noqa: E402

#: The locales the package ships interface words for (besides English, their source language).
PACKAGE_LOCALES = ("sv", "da", "nb", "fi", "ar")
EXAMPLE_LOCALES = REPO / "locales"

Key = tuple[str, str | None]


def key_of(message: Message) -> Key:
    return (message.id[0] if isinstance(message.id, (tuple, list)) else message.id, message.context)


def read(path: Path, locale: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def english_overrides() -> set[Key]:
    """The interface entries the example overrides in its default locale: its own voice."""
    path = catalog_path(EXAMPLE_LOCALES, INTERFACE_SOURCE_LANGUAGE)
    return {key_of(m) for m in read(path, INTERFACE_SOURCE_LANGUAGE) if m.id} if path.is_file() else set()


def adopt(package: Catalog, example: Catalog, interface: set[Key], kept: set[Key]) -> list[Key]:
    """Copy the example's translations of interface strings into ``package``; drop them from ``example``."""
    adopted = []
    for message in list(example):
        key = key_of(message)
        if not message.id or key not in interface or key in kept:
            continue
        if is_usable(message):
            target = package.get(*key)
            if target is not None:
                target.string = message.string
                target.flags.discard("fuzzy")
                target.previous_id = []
                adopted.append(key)
        example.delete(*key)
    return adopted


def material_translation(locale: str):
    """Material's own word for one of its keys in ``locale`` (None when it has no such language)."""
    import material

    templates = Path(material.__file__).parent / "templates"
    if not (templates / "partials" / "languages" / f"{locale}.html").is_file():
        return lambda key: None
    module = Environment(loader=FileSystemLoader(templates)).get_template(
        f"partials/languages/{locale}.html").module
    return lambda key: str(getattr(module, "t")(key)) or None  # noqa: B009 (a Jinja macro)


def fill_material_words(package: Catalog, locale: str) -> int:
    """Material's translation for each of its words the package catalog leaves empty."""
    word_of = material_translation(locale)
    filled = 0
    for key, (context, msgid) in material_words(lambda c, m: (c, m)).items():  # type: ignore[arg-type, misc]
        message = package.get(msgid, context=context)
        word = word_of(key)
        if message is not None and word and not is_usable(message):
            message.string, message.previous_id = word, []
            message.flags.discard("fuzzy")
            filled += 1
    return filled


def interface_template() -> Catalog:
    """A fresh template: Babel's update puts the template's own entries into the catalog it updates."""
    template = template_catalog(interface_messages())
    template.domain = INTERFACE_DOMAIN
    return template


def main() -> int:
    template = interface_template()
    write_catalog(INTERFACE_TEMPLATE, template)
    interface = {key_of(m) for m in template if m.id}
    kept = english_overrides()
    print(f"{INTERFACE_TEMPLATE.relative_to(REPO)}: {len(interface)} interface strings; "
          f"the example overrides {len(kept & interface)} in English (kept in its catalogs)")
    for code in PACKAGE_LOCALES:
        path = interface_catalog_path(code)
        package = read(path, code) if path.is_file() else new_catalog(code)
        package.domain = INTERFACE_DOMAIN
        drop_reviewed_previous_texts(package)
        package.update(interface_template(), update_header_comment=False)
        example_path = catalog_path(EXAMPLE_LOCALES, code)
        adopted: list[Key] = []
        if example_path.is_file():
            example = read(example_path, code)
            adopted = adopt(package, example, interface, kept)
            write_catalog(example_path, example)
        filled = fill_material_words(package, code)
        write_catalog(path, package)
        missing = [key for key in sorted(interface, key=str) if not is_usable(package.get(*key))]
        print(f"{path.relative_to(REPO)}: adopted {len(adopted)} from the example, {filled} from Material, "
              f"{len(missing)} untranslated or fuzzy")
        for msgid, context in missing:
            print(f"  {code}: [{context}] {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
