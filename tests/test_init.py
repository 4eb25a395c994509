"""init: a new center, for another platform and audience, that check passes and build builds at once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from conftest import findings, replace_in, run_cli

from generator import cli, installed_version
from generator.load import load_project


def init(folder: Path, *args: str):
    return run_cli("init", str(folder), *args)


@pytest.fixture
def center(tmp_path: Path) -> Path:
    """A new English center for Roblox, for children 9 to 17."""
    folder = tmp_path / "center"
    result = init(folder, "--name", "Kids Online Center", "--platform", "Roblox", "--ages", "9-17")
    assert result.exit_code == 0, result.output
    return folder


def test_init_writes_a_center_that_check_passes_with_drafts_as_warnings(center):
    result = run_cli("check", "--config", str(center / "mkdocs.yml"))
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.output
    drafts = {f.location.file for f in findings(center, "draft")}
    assert drafts >= {"content/safeguards/sample-safeguard.yml", "content/resources/internet-watch-foundation.yml",
                      "content/en/privacy.md", "content/en/accessibility.md"}
    config = load_project(center / "mkdocs.yml").project.config
    assert (config.site_name, str(config.ages), config.locale_codes) == ("Kids Online Center", "9–17", ["en"])
    assert config.generator_version == installed_version()
    assert config.section_headings("en") == ["What it does", "How to change it"]
    for path in (".gitignore", "README.md", "schemas/safeguard.schema.json", "schemas/resource.schema.json",
                 "content/platforms/roblox.yml", "content/en/index.md",
                 "content/en/safeguards/sample-safeguard.md"):
        assert (center / path).is_file(), path
    assert "site/" in (center / ".gitignore").read_text(encoding="utf-8").splitlines()
    platform = (center / "content/platforms/roblox.yml").read_text(encoding="utf-8")
    assert 'name: "Roblox"' in platform and "draft: true" in platform
    assert "Roblox" in (center / "README.md").read_text(encoding="utf-8")


def test_the_accessibility_statement_has_the_sections_an_eu_public_body_needs(center):
    statement = (center / "content/en/accessibility.md").read_text(encoding="utf-8")
    assert re.findall(r"^## (.+)$", statement, re.M) == [
        "Compliance status", "Non-accessible content", "Preparation of this statement",
        "Feedback and contact information", "Enforcement procedure"]
    assert "draft: true" in statement and statement.count("TODO") >= 5
    # Published as it is, its TODOs are errors at their lines.
    replace_in(center / "content/en/accessibility.md", "draft: true\n", "")
    left = findings(center, "placeholder-left")
    assert left and {f.location.file for f in left} == {"content/en/accessibility.md"}


def test_the_new_center_builds_at_once_without_its_drafts(center):
    result = run_cli("build", "--config", str(center / "mkdocs.yml"))
    assert result.exit_code == 0, result.output
    home = (center / "site/en/index.html").read_text(encoding="utf-8")
    assert "Kids Online Center" in home and "children who use Roblox" in home
    assert (center / "site/en/ages/9/index.html").is_file()  # an under-13 band
    assert not (center / "site/en/privacy").exists()
    assert not (center / "site/en/safeguards/sample-safeguard").exists()
    assert "Internet Watch Foundation" not in (center / "site/en/help/index.html").read_text(encoding="utf-8")


def test_init_in_several_locales_writes_headings_catalogs_and_pages(tmp_path):
    folder = tmp_path / "center"
    result = init(folder, "--name", "Lasten netti", "--platform", "Roblox", "--locales", "fi,en,ar")
    assert result.exit_code == 0, result.output
    project = load_project(folder / "mkdocs.yml").project
    assert project.default_locale == "fi"
    assert project.config.section_headings("fi") == ["Mitä se tekee", "Näin muutat sitä"]
    assert project.config.section_headings("ar") == ["TODO: What it does", "TODO: How to change it"]
    for code, plurals in (("en", 2), ("ar", 6)):
        with (folder / f"locales/{code}/LC_MESSAGES/messages.po").open("rb") as handle:
            assert read_po(handle).num_plurals == plurals
    assert not (folder / "locales/fi").exists()  # the default locale translates nothing
    for code in ("fi", "en", "ar"):
        for page in ("index.md", "privacy.md", "accessibility.md"):
            assert (folder / "content" / code / page).is_file(), (code, page)
    # Finnish and English homes are written in their language; Arabic gets the English text as a draft.
    assert "Tervetuloa." in (folder / "content/fi/index.md").read_text(encoding="utf-8")
    arabic = project.guide("index.md", "ar")
    assert arabic.meta.draft and "TODO: translate this page into Arabic." in arabic.body
    assert not project.guide("index.md", "en").meta.draft
    # Every translation records the version of its source it was written from.
    assert not [f for f in findings(folder) if f.rule == "translation-stale"]


def test_init_refuses_a_folder_that_is_not_empty_unless_forced(tmp_path):
    folder = tmp_path / "center"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = init(folder, "--name", "C", "--platform", "Roblox")
    assert result.exit_code == 2
    assert "is not empty" in result.output and "--force" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    forced = init(folder, "--name", "C", "--platform", "Roblox", "--force")
    assert forced.exit_code == 0, forced.output
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    again = init(folder, "--name", "C", "--platform", "Roblox", "--force")  # init replaces its own files
    assert again.exit_code == 0, again.output


def test_init_without_a_terminal_never_asks_and_names_what_is_missing(tmp_path):
    result = init(tmp_path / "center")
    assert result.exit_code == 2
    assert "missing --name and --platform" in result.output
    assert not (tmp_path / "center").exists()


def test_init_in_a_terminal_asks_for_what_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    result = CliRunner().invoke(cli.main, ["init", str(tmp_path / "center"), "--name", "Kids Online Center"],
                                input="Minecraft\nen,sv\n10-17\n")
    assert result.exit_code == 0, result.output
    assert "Platform it is about" in result.output and "Name of the center" not in result.output
    config = load_project(tmp_path / "center/mkdocs.yml").project.config
    assert (config.locale_codes, str(config.ages)) == (["en", "sv"], "10–17")
    assert (tmp_path / "center/content/platforms/minecraft.yml").is_file()


@pytest.mark.parametrize("option, value, message", [
    ("--locales", "en,xx", "'xx' is not a locale code"),
    ("--locales", "en,en", "named twice"),
    ("--ages", "9-25", "must end by 18"),
    ("--ages", "teens", "not an age range"),
])
def test_init_refuses_bad_locales_and_ages(tmp_path, option, value, message):
    result = init(tmp_path / "center", "--name", "C", "--platform", "Roblox", option, value)
    assert result.exit_code == 2
    assert message in result.output


def test_init_refuses_markup_in_the_name_or_platform_it_would_print(tmp_path):
    """check refuses markup in record and config text: init must not write a center check rejects."""
    result = init(tmp_path / "center", "--name", "Kids & Games", "--platform", "Roblox <b onmouseover=x>")
    assert result.exit_code == 2 and "--platform 'Roblox <b onmouseover=x>' holds a <b> tag" in result.output
    assert not (tmp_path / "center").exists()


@pytest.mark.parametrize("recorded, says", [
    ("0.0.1", "this center records generator 0.0.1; {installed} is installed, and may bring new interface strings"),
    ("999.0", "this center records generator 999.0, newer than the installed {installed}"),
])
def test_check_says_when_the_installed_generator_differs_from_the_recorded_one(center, recorded, says):
    installed = installed_version()
    replace_in(center / "mkdocs.yml", f'generator_version: "{installed}"', f'generator_version: "{recorded}"')
    [finding] = findings(center, "generator-version")
    assert finding.severity.value == "warning"
    assert finding.message.startswith(says.format(installed=installed))
    assert finding.location.line == next(i for i, line in enumerate(
        (center / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), 1) if "generator_version:" in line)
    if recorded == "0.0.1":
        assert "CHANGELOG" in finding.message and "i18n update" in finding.hint


def test_every_record_a_scaffold_writes_names_its_schema_and_the_schemas_are_current(center):
    config = str(center / "mkdocs.yml")
    for kind, record_id in (("safeguard", "screen-time"), ("resource", "childline"), ("platform", "minecraft")):
        assert run_cli("new", kind, record_id, "--config", config).exit_code == 0
    records = sorted((center / "content").glob("*/*.yml"))
    assert {path.parent.name for path in records} == {"safeguards", "resources", "platforms"}
    for path in records:
        kind = path.parent.name.removesuffix("s")
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json", path
        assert (path.parent / "../../schemas" / f"{kind}.schema.json").resolve().is_file()
    assert findings(center, "schema-outdated") == []
