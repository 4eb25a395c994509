"""The interface's words: shipped in the package's catalogs, changed by a project's own catalogs.

The pseudo-locale test builds the bundled example with every interface string transformed and
finds no untransformed interface text on any page: every word the site shows comes from a catalog.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from conftest import copy_example, findings, replace_in, run_cli
from page_text import read_page

from generator.i18n.messages import interface_messages, template_catalog
from generator.i18n.workflow import new_catalog, write_catalog
from generator.load.catalogs import INTERFACE_TEMPLATE, interface_catalog
from generator.model.catalog import (
    LocaleCatalog,
    catalog_path,
    is_usable,
    named_placeholders,
    plural_function,
    single_number_forms,
)
from generator.render.localized import gettext_callables

SHIPPED = ("sv", "da", "nb", "fi", "ar")

# -- the pseudo-locale -------------------------------------------------------------------------

OPEN, CLOSE = "⟦", "⟧"
#: What a translation must keep as it is: %-placeholders, Material's "#" count.
_KEPT = re.compile(r"%\(\w+\)[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%%|%[sd]|#")
_ACCENTED = str.maketrans("aceinouyACEINOUY", "áçéîñöûýÁÇÉÎÑÖÛÝ")


def pseudo(text: str) -> str:
    """A visibly transformed translation that keeps every placeholder: "Skip %(x)s" -> "⟦Šķíp %(x)s⟧"."""
    parts = _KEPT.split(text)
    kept = _KEPT.findall(text)
    out = [parts[0].translate(_ACCENTED)]
    for placeholder, part in zip(kept, parts[1:], strict=True):
        out += [placeholder, part.translate(_ACCENTED)]
    return OPEN + "".join(out) + CLOSE


def pseudo_catalog(locale: str) -> Catalog:
    """A project catalog that overrides every interface string with its pseudo-translation."""
    catalog = new_catalog(locale)
    for message in template_catalog(interface_messages()):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            forms = catalog.num_plurals
            string: str | tuple[str, ...] = tuple(pseudo(message.id[0 if i == 0 else 1]) for i in range(forms))
        else:
            string = pseudo(message.id)
        catalog.add(message.id, string, context=message.context, flags=message.flags)
    return catalog


def interface_sources() -> list[str]:
    """Each interface string's literal words, split at its placeholders."""
    texts = []
    for message in interface_messages():
        for source in message.msgid if isinstance(message.msgid, tuple) else (message.msgid,):
            texts += [part.strip(" :.,;–-()") for part in _KEPT.split(source)]
    return sorted({text for text in texts if re.search(r"[A-Za-z]{2}", text)}, key=len, reverse=True)


def outside_transformed(text: str) -> str:
    """The text with every transformed (bracketed) part removed, nested ones too."""
    while True:
        stripped = re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", text)
        if stripped == text:
            return text
        text = stripped


def editor_text(project: Path) -> str:
    """Everything editors wrote (pages and records), whitespace-normalised: it may repeat interface words."""
    files = [*(project / "content").rglob("*.md"), *(project / "content").rglob("*.yml")]
    return " ".join(" ".join(path.read_text(encoding="utf-8").split()) for path in files)


def untransformed(runs: list[str], sources: list[str], written: str) -> list[str]:
    """Interface words left as they are: a run that is an interface string, or holds a long one.

    A run that editors wrote (found in ``written``) is theirs, not the interface's.
    """
    found = []
    for run in runs:
        rest = outside_transformed(run).strip(" :.,;–-()")
        if not rest or rest in written:
            continue
        for source in sources:
            if rest.casefold() == source.casefold() or (source.count(" ") >= 3 and source in rest):
                found.append(f"{source!r} in {run!r}")
    return found


@pytest.fixture(scope="module")
def pseudo_site(tmp_path_factory) -> Path:
    """The bundled example, its default locale's interface words all pseudo-translated."""
    project = tmp_path_factory.mktemp("pseudo") / "project"
    copy_example(project)
    write_catalog(catalog_path(project / "locales", "en"), pseudo_catalog("en"))
    result = run_cli("build", "--config", str(project / "mkdocs.yml"))
    assert result.exit_code == 0, result.output
    return project / "site"


def test_every_interface_word_on_every_page_comes_from_a_catalog(pseudo_site):
    sources, written = interface_sources(), editor_text(pseudo_site.parent)
    problems = []
    pages = [*sorted((pseudo_site / "en").rglob("*.html")), pseudo_site / "index.html", pseudo_site / "404.html"]
    for path in pages:
        page = read_page(path.read_text(encoding="utf-8"))
        for problem in untransformed([page.title, *page.text, *page.labels], sources, written):
            problems.append(f"{path.relative_to(pseudo_site)}: {problem}")
    assert not problems, "interface words that bypass the catalogs:\n" + "\n".join(problems)
    home = read_page((pseudo_site / "en/index.html").read_text(encoding="utf-8"))
    assert any(OPEN in run for run in home.text) and any(OPEN in label for label in home.labels)


def test_the_feeds_interface_words_come_from_a_catalog(pseudo_site):
    feed = ElementTree.parse(pseudo_site / "en/changes/feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    runs = [feed.findtext(f"{atom}title") or "", feed.findtext(f"{atom}subtitle") or ""]
    runs += [entry.findtext(f"{atom}title") or "" for entry in feed.iter(f"{atom}entry")]
    runs += [entry.findtext(f"{atom}summary") or "" for entry in feed.iter(f"{atom}entry")]
    assert OPEN in runs[0] and OPEN in runs[1]
    assert not untransformed(runs, interface_sources(), editor_text(pseudo_site.parent))


# -- the package's catalogs ----------------------------------------------------------------------


def test_the_interface_template_is_current():
    """generator/locales/interface.pot holds exactly the package's gettext calls (run the adopt tool if not)."""
    def keys(catalog) -> set:
        return {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog if m.id}

    with INTERFACE_TEMPLATE.open("rb") as handle:
        shipped = read_po(handle)
    assert keys(shipped) == keys(template_catalog(interface_messages())), \
        "run: PYTHONPATH=$PWD python tools/adopt_interface_strings.py"


@pytest.mark.parametrize("locale", SHIPPED)
def test_every_shipped_catalog_translates_every_interface_string(locale):
    catalog = interface_catalog(locale)
    assert catalog is not None
    for message in interface_messages():
        entry = catalog.get(message.key, context=message.context)
        assert is_usable(entry), f"{locale}: [{message.context}] {message.key!r} is untranslated or fuzzy"


def test_the_arabic_catalog_has_cldrs_six_plural_forms_and_keeps_its_placeholders():
    catalog = interface_catalog("ar")
    assert catalog is not None and catalog.num_plurals == 6
    rule = plural_function(catalog.plural_expr)
    # CLDR's zero, one, two, few (3-10), many (11-99), other (100-102), in Babel's order of the forms.
    assert [rule(n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102)] == [0, 1, 2, 3, 3, 5, 5, 4, 4]
    single = single_number_forms(rule)
    for message in catalog:
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for index, string in enumerate(strings):
            wanted = named_placeholders(sources[min(index, len(sources) - 1)])
            if isinstance(message.id, tuple) and index in single:
                wanted -= {"num"}  # zero, one and two may say the number in words
            assert wanted <= named_placeholders(string), f"{message.id!r} form {index}: {string!r}"
    project_catalog = LocaleCatalog.empty("ar", interface=catalog)
    ngettext = gettext_callables(project_catalog.translations())["ngettext"]
    singular = "This center explains %(num)d safeguard, each with the facts from its record."
    plural = "This center explains %(num)d safeguards, each with the facts from its record."
    texts = {n: ngettext(singular, plural, n) for n in (0, 1, 2, 3, 11, 100)}
    assert "أي" in texts[0] and "واحدة" in texts[1] and "وسيلتَي" in texts[2]  # zero, one, two: in words
    assert "3 وسائل" in texts[3]  # few: the plural noun
    assert "11 وسيلة" in texts[11] and "100 وسيلة" in texts[100]  # many, other: the singular noun


# -- a project's own catalogs ------------------------------------------------------------------


def test_a_project_catalog_overrides_one_interface_string_in_the_default_locale(example):
    english = catalog_path(example / "locales", "en")
    catalog = new_catalog("en")  # the example's own English words (teen) are dropped: the package's show
    catalog.add("How old is your child?", "How old is the young person you care for?", context="age guide")
    write_catalog(english, catalog)
    assert run_cli("build", "--config", str(example / "mkdocs.yml")).exit_code == 0
    ages = read_page((example / "site/en/ages/index.html").read_text(encoding="utf-8"))
    assert "How old is the young person you care for?" in ages.text
    assert "How old is your teen?" not in ages.text and "How old is your child?" not in ages.text
    home = " ".join(read_page((example / "site/en/index.html").read_text(encoding="utf-8")).text)
    assert "what applies to your child at each age." in home  # the package's neutral word
    swedish = read_page((example / "site/sv/ages/index.html").read_text(encoding="utf-8"))
    assert "Hur gammal är din tonåring?" in swedish.text  # the example's Swedish catalog keeps its word


def test_a_locale_the_package_does_not_translate_gets_the_interface_strings_to_translate(example):
    assert run_cli("locale", "add", "de", "--config", str(example / "mkdocs.yml")).exit_code == 0
    german = (example / "locales/de/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    assert 'msgctxt "age guide"\nmsgid "How old is your child?"' in german
    assert 'msgctxt "theme"\nmsgid "Skip to content"' in german
    untranslated = [f.message for f in findings(example, "string-untranslated") if "locale 'de'" in f.message]
    assert any("the page templates" in m and "How old is your child?" in m for m in untranslated)
    assert not [f for f in findings(example, "string-untranslated") if "locale 'sv'" in f.message]
    # Swedish, which the package translates, is not handed the interface strings by an update.
    assert run_cli("i18n", "update", "sv", "--config", str(example / "mkdocs.yml")).exit_code == 0
    swedish = (example / "locales/sv/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    assert 'msgid "Skip to content"' not in swedish and 'msgid "Facts at a glance"' not in swedish
    assert 'msgid "How old is your child?"' in swedish  # the example's own override is kept


def test_the_package_words_show_where_a_project_has_no_catalog(example):
    (example / "locales/en/LC_MESSAGES/messages.po").unlink()
    replace_in(example / "locales/sv/LC_MESSAGES/messages.po", 'msgstr "Hur gammal är din tonåring?"', 'msgstr ""')
    assert run_cli("build", "--config", str(example / "mkdocs.yml")).exit_code == 0
    assert "How old is your child?" in read_page((example / "site/en/ages/index.html").read_text()).text
    assert "Hur gammalt är ditt barn?" in read_page((example / "site/sv/ages/index.html").read_text()).text
