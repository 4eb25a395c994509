"""Bad values are found where they are (issue 9, section 4): each is a finding at its
file and line, never a traceback; and every value the schema allows renders everywhere."""

from __future__ import annotations

import json
import re
import typing
from datetime import date, timedelta
from pathlib import Path

from conftest import line_of, override_interface_entry, replace_in, run_cli, write

from generator.load import load_project
from generator.model import records
from generator.render.locale_site import render_site
from generator.render.localized import LocaleText, escape_text


def check(project: Path, *extra: str):
    """Run `check --format json`; return (exit code, findings, raw output)."""
    result = run_cli("check", "--format", "json", "--config", str(project / "mkdocs.yml"), *extra)
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.output)["findings"], result.output


def located(findings, rule: str) -> list[tuple[str, int]]:
    return [(f["file"], f["line"]) for f in findings if f["rule"] == rule]


# -- dates -----------------------------------------------------------------------------


def test_an_impossible_date_in_a_record_is_a_finding_at_its_line(example):
    record = example / "content/safeguards/live.yml"
    replace_in(record, "last_verified: 2026-11-20", "last_verified: 2026-02-30")
    replace_in(record, "  - date: 2026-11-20", "  - date: 2026-13-01")
    code, findings, _ = check(example)
    assert code == 1
    invalid = [f for f in findings if f["rule"] == "invalid-value"]
    assert (invalid[0]["file"], invalid[0]["line"]) == ("content/safeguards/live.yml",
                                                         line_of(record, "last_verified"))
    assert "'2026-02-30' is not a date" in invalid[0]["message"]
    assert ("content/safeguards/live.yml", line_of(record, "- date: 2026-13-01")) in located(findings, "invalid-value")


def test_an_impossible_date_in_front_matter_does_not_crash(example):
    page = example / "content/en/safeguards/live.md"
    write(page, "---\nsafeguard: live\nreviewed: 2026-02-30\n---\n" + page.read_text(encoding="utf-8"))
    code, findings, _ = check(example)
    assert code == 1
    assert ("content/en/safeguards/live.md", 3) in located(findings, "unknown-key")


def test_a_last_verified_in_the_future_is_an_error_at_its_line(example):
    record = example / "content/resources/bris.yml"
    tomorrow = date.today() + timedelta(days=1)
    text = re.sub(r"last_verified: \S+", f"last_verified: {tomorrow}", record.read_text(encoding="utf-8"))
    write(record, text)
    code, findings, _ = check(example)
    assert code == 1
    [finding] = [f for f in findings if f["rule"] == "verification-future"]
    assert (finding["file"], finding["line"], finding["severity"]) == (
        "content/resources/bris.yml", line_of(record, "last_verified"), "error")


# -- ages ------------------------------------------------------------------------------


def test_negative_and_inverted_bands_are_errors_at_the_band(example):
    record = example / "content/safeguards/live.yml"
    replace_in(record, "ages: 13-15", "ages: -3")
    replace_in(record, "ages: 16-17", "ages: 17-16")
    code, findings, _ = check(example)
    assert code == 1
    where = located(findings, "invalid-value")
    assert ("content/safeguards/live.yml", line_of(record, "ages: -3")) in where
    assert ("content/safeguards/live.yml", line_of(record, "ages: 17-16")) in where


def test_overlapping_bands_are_reported_at_the_later_band(example):
    record = example / "content/safeguards/live.yml"
    replace_in(record, "ages: 16-17", "ages: 15-17")
    code, findings, _ = check(example)
    assert code == 1
    [finding] = [f for f in findings if f["rule"] == "age-bands-overlap"]
    assert (finding["file"], finding["line"]) == ("content/safeguards/live.yml", line_of(record, "ages: 15-17"))
    assert "15–17" in finding["message"] and "13–15" in finding["message"]


def test_an_empty_record_file_is_an_error(example):
    write(example / "content/safeguards/empty.yml", "# nothing yet\n")
    code, findings, _ = check(example)
    assert code == 1
    assert ("content/safeguards/empty.yml", 1) in located(findings, "record-invalid")


def test_a_safeguard_related_to_itself_is_reported(example):
    record = example / "content/safeguards/live.yml"
    replace_in(record, "related: [direct-messages, private-account, family-pairing]",
               "related:\n  - direct-messages\n  - live\n")
    code, findings, _ = check(example)
    assert code == 1
    assert located(findings, "related-self") == [("content/safeguards/live.yml", line_of(record, "  - live"))]


def test_a_band_may_run_to_adulthood_and_shows_in_every_locale(example):
    record = example / "content/safeguards/live.yml"
    replace_in(record, "    changed_by: []\n", "    changed_by: []\n  - ages: 18+\n    availability: available\n"
               "    default: on\n    changed_by: [child]\n")
    code, findings, output = check(example, "--strict")
    assert code == 0, output
    project = load_project(example / "mkdocs.yml").project
    band = project.safeguards["live"].age_rules[-1].ages
    assert (band.min_age, band.max_age, str(band)) == (18, None, "18+")
    assert 40 in band and 17 not in band
    expected = {"en": "Age 18 and over", "sv": "18 år och äldre", "da": "18 år og derover",
                "nb": "18 år og eldre", "fi": "18 vuotta täyttäneet"}
    for locale, heading in expected.items():
        site = render_site(project, locale)
        page = next(p for p in site.pages if p.path == "safeguards/live.md")
        assert heading in page.markdown, locale
        # The by-age pages cover the site's ages, 13 to 17: no page for 18.
        assert not any(p.path == "ages/18.md" for p in site.pages)


def test_ages_beyond_adulthood_remain_a_warning(example):
    record = example / "content/safeguards/live.yml"
    replace_in(record, "ages: 16-17", "ages: 16-19")
    code, findings, _ = check(example)
    [finding] = [f for f in findings if f["rule"] == "age-out-of-range"]
    assert (finding["severity"], finding["line"]) == ("warning", line_of(record, "ages: 16-19"))
    assert code == 0


def test_adult_age_is_configurable(example):
    replace_in(example / "mkdocs.yml", "  ages: 13-17\n", "  ages: 13-17\n  adult_age: 21\n")
    replace_in(example / "content/safeguards/live.yml", "ages: 16-17", "ages: 16-21")
    code, findings, _ = check(example, "--strict")
    assert code == 0 and not findings


# -- every value the schema allows -----------------------------------------------------------


def _enum_values(annotation) -> list[str]:
    return [str(value) for value in typing.get_args(annotation)]


def _schema_enums() -> list[list[str]]:
    """Every enum in the committed JSON schemas (what editors' tools offer)."""
    found: list[list[str]] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if "enum" in node:
                found.append(node["enum"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in ("safeguard", "resource", "platform"):
        walk(json.loads((Path(__file__).parent.parent / f"schemas/{name}.schema.json").read_text(encoding="utf-8")))
    return found


def test_the_enum_test_covers_every_enum_of_the_schema():
    covered = [records.Availability, records.Changer, records.ResourceKind]
    assert sorted(map(sorted, _schema_enums())) == sorted(sorted(_enum_values(t)) for t in covered)


def test_every_enum_value_renders_in_every_locale(example):
    """Each value of Availability, the built-in setting values, Changer and ResourceKind, on a page of every locale."""
    record = example / "content/safeguards/live.yml"
    text = record.read_text(encoding="utf-8")
    start, end = text.index("age_rules:\n"), text.index("last_verified:")
    defaults, changers = list(records.BUILTIN_SETTING_VALUES), _enum_values(records.Changer)
    bands = []
    for index, default in enumerate(defaults):
        availability = _enum_values(records.Availability)[index % 2]
        bands.append(f"  - ages: {13 + index}\n    availability: {availability}\n    default: {default}\n"
                     f"    changed_by: [{changers[index // 2 % len(changers)]}]\n")  # every one on an available band
    bands.append(f"  - ages: {13 + len(defaults)}+\n    availability: available\n    default: on\n"
                 f"    changed_by: [{', '.join(changers)}]\n")
    write(record, text[:start] + "age_rules:\n" + "".join(bands) + text[end:])
    kinds = _enum_values(records.ResourceKind)
    resources = sorted((example / "content/resources").glob("*.yml"))
    for kind, resource in zip(kinds, resources, strict=False):
        write(resource, re.sub(r"^kind: .*$", f"kind: {kind}", resource.read_text(encoding="utf-8"), flags=re.M))
    loaded = load_project(example / "mkdocs.yml")
    assert loaded.findings == []
    project = loaded.project
    for locale in project.config.locale_codes:
        words = LocaleText(project, locale)
        live = next(p for p in render_site(project, locale).pages if p.path == "safeguards/live.md").markdown
        for default in defaults:
            assert f'data-fact="default">{escape_text(words.label("default", default))}<' in live, (locale, default)
        for changer in changers:
            assert escape_text(words.changers([changer], project.safeguards["live"])) in live, (locale, changer)
        # Who can change a feature is shown only for the bands where it is available.
        assert live.count('data-fact="changed-by"') == sum("availability: available" in band for band in bands)
    result = run_cli("build", "--config", str(example / "mkdocs.yml"))
    assert "Traceback" not in result.output
    assert result.exit_code == 0, result.output
    html = (example / "site/sv/safeguards/live/index.html").read_text(encoding="utf-8")
    assert "tonåringen, med en förälders godkännande" in html
    assert result.exit_code == 0, result.output
    help_page = (example / "site/sv/help/index.html").read_text(encoding="utf-8")
    assert all(LocaleText(project, "sv").label("kind", kind) in help_page for kind in kinds)


# -- catalogs ---------------------------------------------------------------------------------

SV_PO = "locales/sv/LC_MESSAGES/messages.po"


def test_a_header_charset_that_does_not_match_the_bytes_is_named(example):
    catalog = example / SV_PO
    replace_in(catalog, "charset=utf-8", "charset=ISO-8859-1")
    code, findings, _ = check(example)
    assert code == 1
    [finding] = [f for f in findings if f["rule"] == "po-charset"]
    assert (finding["file"], finding["line"]) == (SV_PO, line_of(catalog, "Content-Type"))
    assert "charset=ISO-8859-1" in finding["message"] and "UTF-8" in finding["message"]


def test_plural_forms_are_compared_with_cldr_by_meaning(example):
    catalog = example / SV_PO
    replace_in(catalog, "plural=(n != 1);", "plural=n==1 ? 0 : 1;")  # same meaning, other text
    code, findings, output = check(example, "--strict")
    assert code == 0, output
    replace_in(catalog, "plural=n==1 ? 0 : 1;", "plural=(n > 1);")  # French: 0 is singular
    code, findings, _ = check(example)
    assert code == 1
    [finding] = [f for f in findings if f["rule"] == "po-plural-rule"]
    assert (finding["file"], finding["line"]) == (SV_PO, line_of(catalog, "Plural-Forms"))
    assert "n=0" in finding["message"]
    replace_in(catalog, "nplurals=2; plural=(n > 1);", "nplurals=2; plural=(n ==);")
    code, findings, _ = check(example)
    assert code == 1 and located(findings, "po-plural-rule") == [(SV_PO, line_of(catalog, "Plural-Forms"))]


def test_a_dropped_or_renamed_placeholder_is_an_error_and_never_rendered(example):
    # The package's entries, copied into the project's catalog as a translator overrides them.
    override_interface_entry(example, "sv", "facts card", "Ages %(first)d–%(num)d")
    override_interface_entry(example, "sv", "facts card", "Age %(num)d and over")
    catalog = example / SV_PO
    replace_in(catalog, 'msgstr[1] "%(first)d–%(num)d år"', 'msgstr[1] "%(num)d år"')
    replace_in(catalog, 'msgstr[1] "%(num)d år och äldre"', 'msgstr[1] "%(alder)d år och äldre"')
    code, findings, _ = check(example)
    assert code == 1
    messages = {(f["line"], f["message"]) for f in findings if f["rule"] == "po-placeholders"}
    assert any("drops %(first)" in message for _, message in messages)
    assert any("%(alder)" in message and "source does not have" in message for _, message in messages)
    project = load_project(example / "mkdocs.yml").project
    page = next(p for p in render_site(project, "sv").pages if p.path == "safeguards/live.md").markdown
    assert "Ages 16–17" in page  # the source string, never "17 år" without its first age


def test_a_plural_form_may_leave_out_the_count_only_where_it_covers_one_number(example):
    override_interface_entry(example, "sv", None, "This center explains %(num)d safeguard, each")
    catalog = example / SV_PO
    replace_in(catalog, 'msgstr[0] "Här förklaras %(num)d skydd, med fakta från underlaget."',
               'msgstr[0] "Här förklaras ett skydd, med fakta från underlaget."')
    code, findings, output = check(example, "--strict")
    assert code == 0, output  # Swedish form 0 is n = 1 alone
    replace_in(catalog, 'msgstr[1] "Här förklaras %(num)d skydd, vart',
               'msgstr[1] "Här förklaras flera skydd, vart')
    code, findings, _ = check(example)
    assert code == 1
    [finding] = [f for f in findings if f["rule"] == "po-placeholders"]
    assert "plural form 1 drops %(num)" in finding["message"]
    project = load_project(example / "mkdocs.yml").project
    home = next(p for p in render_site(project, "sv").pages if p.path == "index.md").markdown
    count = len(project.safeguards)
    assert f"This center explains {count} safeguards" in home and "flera skydd" not in home


def test_arabic_zero_one_and_two_may_leave_out_the_count():
    from babel.messages.catalog import Catalog
    from babel.messages.plurals import get_plural

    from generator.check.catalog_quality import _placeholder_problems
    from generator.model.catalog import single_number_forms

    single = single_number_forms(get_plural("ar").plural_expr)
    assert single == {0, 1, 2}
    catalog = Catalog(locale="ar")
    forms = ("لا شيء", "واحد", "اثنان", "%(num)d قليل", "%(num)d كثير", "%(num)d")
    message = catalog.add(("%(num)d safeguard", "%(num)d safeguards"), forms, flags=["python-format"])
    assert list(_placeholder_problems(message, single)) == []
    message.string = forms[:5] + ("بلا عدد",)
    [(rule, problem, _)] = _placeholder_problems(message, single)
    assert rule == "po-placeholders" and "plural form 5 drops %(num)" in problem


def test_the_package_theme_needs_no_project_folder_and_the_project_overrides_win(example):
    """The switcher, hreflang links and CSS come from the package; a project's custom_dir is layered on top."""
    assert not (example / "overrides").exists() and "custom_dir" not in (example / "mkdocs.yml").read_text()
    replace_in(example / "mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    (example / "overrides/partials").mkdir(parents=True)
    write(example / "overrides/partials/copyright.html", '<div class="md-copyright">Run by Example NGO</div>\n')
    result = run_cli("build", "--config", str(example / "mkdocs.yml"))
    assert result.exit_code == 0, result.output
    page = (example / "site/sv/index.html").read_text(encoding="utf-8")
    assert "Run by Example NGO" in page  # the project's own override
    assert 'hreflang="fi"' in page and 'class="md-select__link"' in page  # the package's switcher and links
    assert 'href="assets/stylesheets/safety-center.css"' in page
    assert (example / "site/sv/assets/stylesheets/safety-center.css").is_file()


def test_update_does_not_rewrite_a_catalog_check_cannot_read(example):
    catalog = example / SV_PO
    replace_in(catalog, "charset=utf-8", "charset=ISO-8859-1")
    before = catalog.read_bytes()
    result = run_cli("i18n", "update", "sv", "--config", str(example / "mkdocs.yml"))
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert f"{SV_PO}:" in result.output and "[po-charset]" in result.output
    assert catalog.read_bytes() == before
