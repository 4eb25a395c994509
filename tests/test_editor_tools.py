"""Editors' tooling: `new safeguard`, the record JSON Schemas, and the pre-commit hook."""

from __future__ import annotations

import copy
import json
import re
import shutil
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import REPO, findings, replace_in, run_cli, write

from generator.check import run_checks
from generator.model.schema import record_schemas, schema_text
from generator.load import load_project
from generator.load.yamlfile import parse_yaml

SAFEGUARD_SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/safeguard.schema.json"
RESOURCE_SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/resource.schema.json"
PLATFORM_SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/platform.schema.json"


def new_safeguard(project: Path, safeguard_id: str):
    return run_cli("new", "safeguard", safeguard_id, "--config", str(project / "mkdocs.yml"))


def as_written(path: Path):
    """A record file as an editor's YAML tooling sees it: plain JSON values, dates as text."""
    return json.loads(json.dumps(parse_yaml(path.read_text(encoding="utf-8")), default=str))


def validator(name: str) -> jsonschema.Draft7Validator:
    schema = json.loads((REPO / "schemas" / name).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


# -- new safeguard --------------------------------------------------------------------


def test_new_safeguard_writes_a_commented_record_and_the_explanation(example):
    result = new_safeguard(example, "screen-time")
    assert result.exit_code == 0, result.output

    record = (example / "content/safeguards/screen-time.yml").read_text(encoding="utf-8")
    assert record.splitlines()[0] == SAFEGUARD_SCHEMA_LINE
    for line in ('title: "TODO: name of the safeguard"', "  - ages: 13-17", "    availability: available",
                 "    default: not-stated", "    changed_by: [child]", f"last_verified: {date.today().isoformat()}",
                 "sources:", "    url: https://example.org/replace-me", "draft: true"):
        assert line in record.splitlines(), line
    # Every field is explained, with its allowed values.
    assert "# One of: available | unavailable" in record
    assert "# One of: on | off | private | public | everyone | friends | nobody | not-stated" in record
    assert "# A list of: child | child-with-approval | parent | nobody" in record
    assert "# Categories in use: Messaging and LIVE, Parental controls, Privacy, Safety enforcement." in record
    assert "# setting: " in record and "# resources: []" in record

    explanation = (example / "content/en/safeguards/screen-time.md").read_text(encoding="utf-8")
    assert explanation.startswith("---\nsafeguard: screen-time\n---\n## What it does\n\nTODO: ")
    assert re.findall(r"^## (.+)$", explanation, re.M) == ["What it does", "How to change it"]
    assert explanation.count("TODO") == 2

    assert "created content/safeguards/screen-time.yml" in result.output
    assert "created content/en/safeguards/screen-time.md" in result.output
    assert "sv: missing: content/sv/safeguards/screen-time.md" in result.stdout
    assert ("sv: untranslated: safeguard/screen-time/title, safeguard/screen-time/summary, "
            "safeguard/screen-time/category (locales/sv/LC_MESSAGES/messages.po)") in result.stdout
    assert "'safety-center i18n extract && safety-center i18n update'" in result.stdout


def test_the_scaffold_loads_cleanly_and_check_reports_only_the_other_locales(example):
    before = {(f.rule, f.location.file, f.message) for f in run_checks(example / "mkdocs.yml").findings}
    assert new_safeguard(example, "screen-time").exit_code == 0

    loaded = load_project(example / "mkdocs.yml")
    assert loaded.findings == []
    safeguard = loaded.project.safeguards["screen-time"]
    [rule] = safeguard.age_rules
    assert (rule.ages.min_age, rule.ages.max_age) == (13, 17)
    assert (rule.availability, rule.default, rule.changed_by) == ("available", "not-stated", ["child"])
    assert safeguard.last_verified == date.today() and len(safeguard.sources) == 1
    assert loaded.project.explanation("screen-time", "en") is not None

    # The scaffold is a draft: what it still lacks is reported, as warnings, until it is published.
    after = run_checks(example / "mkdocs.yml").findings
    new = [f for f in after if (f.rule, f.location.file, f.message) not in before]
    assert {(f.rule, f.severity.value) for f in new} == {("draft", "warning"), ("explanation-missing", "warning"),
                                                          ("string-untranslated", "warning")}
    others = [code for code in loaded.project.config.locale_codes if code != "en"]
    missing = [f for f in new if f.rule != "draft"]
    assert all("safeguard 'screen-time'" in f.message for f in missing)
    assert {re.search(r"locale '(\w+)'", f.message).group(1) for f in missing} == set(others)
    # title, summary and category, in each other locale
    assert len([f for f in new if f.rule == "string-untranslated"]) == 3 * len(others)

    result = run_cli("check", "--config", str(example / "mkdocs.yml"))
    assert result.exit_code == 0
    assert "safeguard 'screen-time' has no explanation in locale 'sv' (in a draft)" in result.output


def test_the_scaffold_validates_against_the_schema(example):
    assert new_safeguard(example, "screen-time").exit_code == 0
    record = as_written(example / "content/safeguards/screen-time.yml")
    errors = list(validator("safeguard.schema.json").iter_errors(record))
    assert errors == []


@pytest.mark.parametrize("bad_id", ["Screen-Time", "screen_time", "screen time", "screen-", "screen--time", "live.yml"])
def test_new_safeguard_refuses_an_id_that_is_not_lowercase_with_dashes(example, bad_id):
    result = new_safeguard(example, bad_id)
    assert result.exit_code == 2
    assert f"'{bad_id}' is not a valid safeguard id: use lowercase letters, digits and single dashes" in result.output
    assert sorted(p.name for p in (example / "content/safeguards").iterdir()) == sorted(
        p.name for p in (REPO / "content/safeguards").iterdir())


def test_new_safeguard_refuses_an_existing_safeguard(example):
    before = (example / "content/safeguards/live.yml").read_bytes()
    result = new_safeguard(example, "live")
    assert result.exit_code == 2
    assert "safeguard 'live' already exists: content/safeguards/live.yml" in result.output
    assert (example / "content/safeguards/live.yml").read_bytes() == before


def test_new_safeguard_never_overwrites_an_explanation(example):
    page = example / "content/en/safeguards/screen-time.md"
    page.write_text("my draft\n", encoding="utf-8")
    result = new_safeguard(example, "screen-time")
    assert result.exit_code == 2
    assert "content/en/safeguards/screen-time.md exists already; not overwriting it" in result.output
    assert page.read_text(encoding="utf-8") == "my draft\n"
    assert not (example / "content/safeguards/screen-time.yml").exists()


def test_new_safeguard_refuses_when_another_page_already_explains_it(example):
    (example / "content/en/guides/screen-time-draft.md").write_text(
        "---\nsafeguard: screen-time\n---\n## What it does\n", encoding="utf-8")
    result = new_safeguard(example, "screen-time")
    assert result.exit_code == 2
    assert "content/en/guides/screen-time-draft.md already explains 'screen-time'" in result.output
    assert not (example / "content/safeguards/screen-time.yml").exists()


# -- JSON Schema --------------------------------------------------------------------------


def test_the_committed_schemas_match_the_models():
    for name, schema in record_schemas().items():
        committed = (REPO / "schemas" / name).read_text(encoding="utf-8")
        assert committed == schema_text(schema), f"schemas/{name} is out of date: run 'safety-center schema'"


def test_the_schema_command_writes_stable_files_beside_mkdocs_yml(example, tmp_path):
    config = str(example / "mkdocs.yml")
    result = run_cli("schema", "--config", config)
    assert result.exit_code == 0, result.output
    for name in ("safeguard.schema.json", "resource.schema.json", "platform.schema.json"):
        written = (example / "schemas" / name).read_bytes()
        assert written == (REPO / "schemas" / name).read_bytes()
        assert written.endswith(b"}\n")
    assert "wrote" in result.output
    again = run_cli("schema", "--config", config)
    assert again.exit_code == 0 and "wrote" not in again.output and again.output.count("unchanged") == 3

    result = run_cli("schema", "--output", str(tmp_path / "elsewhere"), "--config", config)
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "elsewhere").iterdir()) == [
        "platform.schema.json", "resource.schema.json", "safeguard.schema.json"]


def test_the_schema_describes_what_editors_write():
    schemas = record_schemas()
    safeguard, resource = schemas["safeguard.schema.json"], schemas["resource.schema.json"]
    for schema in schemas.values():
        assert not {"id", "origin", "field_lines"} & set(schema["properties"])
        assert not {"id", "origin", "field_lines"} & set(schema["required"])
        assert "SourceLocation" not in schema.get("$defs", {})
        assert schema["title"] and schema["description"]
        objects = [schema, *schema.get("$defs", {}).values()]
        for part in objects:
            assert part["additionalProperties"] is False
            for name, prop in part["properties"].items():
                assert prop.get("description"), f"{part['title']}.{name} has no description"
    ages = safeguard["$defs"]["AgeRule"]["properties"]["ages"]
    assert {option["type"] for option in ages["anyOf"]} == {"string", "integer"}
    assert "min_age" not in json.dumps(safeguard)
    assert safeguard["properties"]["title"]["description"].startswith(
        "Safeguard name, shown as page title and in menus")
    assert resource["properties"]["kind"]["enum"] == ["partner", "helpline", "hotline", "guidance", "emergency"]


@pytest.mark.parametrize("folder, schema, first_line", [
    ("safeguards", "safeguard.schema.json", SAFEGUARD_SCHEMA_LINE),
    ("resources", "resource.schema.json", RESOURCE_SCHEMA_LINE),
    ("platforms", "platform.schema.json", PLATFORM_SCHEMA_LINE),
])
def test_every_example_record_names_and_passes_its_schema(folder, schema, first_line):
    check = validator(schema)
    records = sorted((REPO / "content" / folder).glob("*.yml"))
    assert records
    for path in records:
        assert path.read_text(encoding="utf-8").splitlines()[0] == first_line, path.name
        errors = [error.message for error in check.iter_errors(as_written(path))]
        assert errors == [], f"{path.name}: {errors}"


def break_live(data: dict) -> None:
    data["colour"] = "red"


def wrong_default(data: dict) -> None:
    # A word the site does not define is only known to the loader (sites add their own words);
    # a quantity in a unit there is none of is wrong for both.
    data["age_rules"][1]["default"] = {"hours": 2}


def wrong_changer(data: dict) -> None:
    data["age_rules"][1]["changed_by"] = ["teacher"]


def unknown_key_in_rule(data: dict) -> None:
    data["age_rules"][0]["note"] = "x"


def ages_in_words(data: dict) -> None:
    data["age_rules"][0]["ages"] = "13 to 15"


def available_without_default(data: dict) -> None:
    del data["age_rules"][1]["default"]


def loader_key(data: dict) -> None:
    data["id"] = "live"


@pytest.mark.parametrize("change, rule", [
    (break_live, "unknown-key"), (wrong_default, "invalid-value"), (wrong_changer, "invalid-value"),
    (unknown_key_in_rule, "unknown-key"), (ages_in_words, "invalid-value"),
    (available_without_default, "invalid-value"), (loader_key, "unknown-key"),
])
def test_the_schema_rejects_what_the_loader_rejects(example, change, rule):
    data = as_written(REPO / "content/safeguards/live.yml")
    assert validator("safeguard.schema.json").is_valid(data)
    broken = copy.deepcopy(data)
    change(broken)
    assert not validator("safeguard.schema.json").is_valid(broken)
    # The loader says the same about the same file.
    (example / "content/safeguards/live.yml").write_text(
        SAFEGUARD_SCHEMA_LINE + "\n" + yaml.safe_dump(broken, allow_unicode=True, sort_keys=False), encoding="utf-8")
    findings = load_project(example / "mkdocs.yml").findings
    assert rule in {f.rule for f in findings if f.location.file == "content/safeguards/live.yml"}


@pytest.mark.parametrize("change", [
    lambda data: data.update(kind="charity"),
    lambda data: data.update(regions=["se"]),
    lambda data: data.update(url="http://www.bris.se/"),
    lambda data: data.update(website="https://www.bris.se/"),
])
def test_the_resource_schema_rejects_unknown_keys_and_wrong_values(change):
    data = as_written(REPO / "content/resources/bris.yml")
    assert validator("resource.schema.json").is_valid(data)
    change(data)
    assert not validator("resource.schema.json").is_valid(data)


# -- pre-commit and README ----------------------------------------------------------------


def test_the_pre_commit_hook_runs_check_on_content_changes():
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "safety-center-check"
    assert hook["entry"] == "safety-center check"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for path in ("content/safeguards/live.yml", "content/sv/safeguards/live.md", "locales/sv/LC_MESSAGES/messages.po",
                 "locales/messages.pot", "overrides/main.html", "mkdocs.yml"):
        assert files.search(path), path
    for path in ("README.md", "generator/cli.py", "docs/mkdocs.yml", "mkdocs.yml.bak", "tests/content/x.yml"):
        assert not files.search(path), path


def test_the_readme_shows_a_working_pre_commit_config_and_the_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    snippet = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", readme, re.S)
    assert snippet, "README has no .pre-commit-config.yaml snippet"
    [repo] = yaml.safe_load(snippet.group(1))["repos"]
    [hook] = repo["hooks"]
    assert hook["id"] == "safety-center-check" and hook["entry"] == "safety-center check"
    assert hook["pass_filenames"] is False
    assert hook["files"] == yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())[0]["files"]
    for command in ("`safety-center new safeguard ID", "`safety-center schema"):
        assert f"| {command}" in readme, command


def test_every_readme_link_stays_inside_the_repository():
    """A newcomer reads the README on its own: each relative link and image names a file of the repository."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    prose = re.sub(r"```.*?```", "", readme, flags=re.S)  # code blocks hold example files' own paths
    targets = re.findall(r"\]\(([^)\s]+)\)", prose) + re.findall(r'src="([^"]+)"', prose)
    relative = [t for t in targets if not re.match(r"[a-z]+:|#", t)]
    assert relative, "the README has no relative links to check"
    for target in relative:
        path = (REPO / target.split("#")[0]).resolve()
        assert path.is_relative_to(REPO) and path.exists(), target
    assert "../" not in re.sub(r"`[^`]*\$schema=[^`]*`", "", prose), "a path leads outside the repository"


def test_check_warns_when_the_projects_schemas_are_not_the_packages(example):
    shutil.copytree(REPO / "schemas", example / "schemas")
    assert findings(example, "schema-outdated") == []  # in step with the models
    safeguard = example / "schemas/safeguard.schema.json"
    old = json.loads(safeguard.read_text(encoding="utf-8"))
    del old["properties"]["sources"]  # as an older version of the generator wrote it
    safeguard.write_text(json.dumps(old, indent=2), encoding="utf-8")
    (example / "schemas/resource.schema.json").unlink()
    found = {f.location.file: f for f in findings(example, "schema-outdated")}
    assert set(found) == {"schemas/safeguard.schema.json", "schemas/resource.schema.json"}
    assert all(f.severity.value == "warning" and "safety-center schema" in f.hint for f in found.values())
    result = run_cli("check", "--config", str(example / "mkdocs.yml"))
    assert result.exit_code == 0 and "warning [schema-outdated]" in result.output

    assert run_cli("schema", "--config", str(example / "mkdocs.yml")).exit_code == 0
    assert findings(example, "schema-outdated") == []


# -- migrate ---------------------------------------------------------------------------------------

OLD_RECORD = """\
# yaml-language-server: $schema=../../schemas/safeguard.schema.json
# A record in the format before 'child': comments, order and quoting must survive.
title: Screen time   # the title
summary: A daily limit.
category: Time
age_rules:
  - ages: 13-15
    availability: available
    default: on
    changed_by: [teen, "teen-with-approval", parent]  # who
    teen_notified: false
  - ages: 16-17
    availability: available
    default: on
    changed_by:
      - 'teen'   # quoted
      - nobody
last_verified: 2026-11-20
steps:
  parent:
    - Open the settings.
  # the child's steps
  teen:
    - Say what you need.
sources:
  - title: A teen's page   # 'teen' in text is not a key or value of the format
    url: https://example.org/teen
"""


def test_migrate_rewrites_only_the_old_words_keeping_comments_order_and_quotes(example):
    record = example / "content/safeguards/screen-time.yml"
    write(record, OLD_RECORD)
    po = example / "locales/sv/LC_MESSAGES/messages.po"
    po_text = po.read_text(encoding="utf-8")
    step_context = 'msgctxt "safeguard/live/steps/child"'
    assert step_context in po_text
    write(po, po_text.replace(step_context, 'msgctxt "safeguard/live/steps/teen"'))
    assert {f.rule for f in load_project(example / "mkdocs.yml").findings} >= {"deprecated-key"}

    result = run_cli("migrate", "--config", str(example / "mkdocs.yml"))
    assert result.exit_code == 0, result.output
    assert "migrated content/safeguards/screen-time.yml (5 changes)" in result.output
    assert "migrated locales/sv/LC_MESSAGES/messages.po" in result.output
    expected = (OLD_RECORD.replace("[teen, \"teen-with-approval\", parent]", "[child, \"child-with-approval\", parent]")
                .replace("teen_notified: false", "child_notified: false")
                .replace("- 'teen'   # quoted", "- 'child'   # quoted")
                .replace("  teen:\n    - Say", "  child:\n    - Say"))
    assert record.read_text(encoding="utf-8") == expected
    assert po.read_text(encoding="utf-8") == po_text
    loaded = load_project(example / "mkdocs.yml")
    assert [f for f in loaded.findings if f.rule == "deprecated-key"] == []
    assert loaded.project.safeguards["screen-time"].steps.child == ["Say what you need."]

    again = run_cli("migrate", "--config", str(example / "mkdocs.yml"))
    assert again.exit_code == 0 and "nothing to migrate" in again.output


def test_migrate_leaves_a_record_that_has_both_words_and_says_so(example):
    record = example / "content/safeguards/live.yml"
    replace_in(record, "steps:\n  child:\n", "steps:\n  teen: []\n  child:\n")
    before = record.read_text(encoding="utf-8")
    result = run_cli("migrate", "--config", str(example / "mkdocs.yml"))
    assert result.exit_code == 1
    assert "content/safeguards/live.yml: 'steps.teen' kept: 'child' is set beside it" in result.output
    assert record.read_text(encoding="utf-8") == before


# -- new resource, page, platform -------------------------------------------------------


def new(project: Path, *args: str):
    return run_cli("new", *args, "--config", str(project / "mkdocs.yml"))


def test_new_resource_writes_a_draft_that_loads_and_fails_check_once_published(example):
    result = new(example, "resource", "childline")
    assert result.exit_code == 0, result.output
    path = example / "content/resources/childline.yml"
    assert path.read_text(encoding="utf-8").splitlines()[0] == RESOURCE_SCHEMA_LINE
    assert "# One of: partner | helpline | hotline | guidance | emergency" in path.read_text(encoding="utf-8")
    assert validator("resource.schema.json").is_valid(as_written(path))
    loaded = load_project(example / "mkdocs.yml")
    assert loaded.findings == [] and loaded.project.resources["childline"].draft
    found = run_checks(example / "mkdocs.yml").findings
    assert {f.rule for f in found if f.location.file == "content/resources/childline.yml"} == {"draft"}
    replace_in(path, "draft: true\n", "")
    left = [f for f in run_checks(example / "mkdocs.yml").findings if f.rule == "placeholder-left"]
    assert {f.message.split("'")[1] for f in left} == {"name", "url", "description"}
    assert new(example, "resource", "childline").exit_code == 2  # never overwrites


def test_new_page_writes_a_draft_page_at_a_free_url(example):
    result = new(example, "page", "guides/screen-time")
    assert result.exit_code == 0, result.output
    page = load_project(example / "mkdocs.yml").project.guide("guides/screen-time.md", "en")
    assert page is not None and page.meta.draft
    assert [f.rule for f in run_checks(example / "mkdocs.yml").findings
            if f.location.file == "content/en/guides/screen-time.md"] == ["draft"]


@pytest.mark.parametrize("path, says", [
    ("assets/logo", "the reserved URL assets/"),
    ("search", "the reserved URL search/"),
    ("404", "the reserved URL 404"),
    ("help", "the generated page help/index.md"),
    ("privacy", "privacy.md exists already"),
    ("../outside", "is not a page path"),
    ("Guides/Screen Time", "is not a page path"),
])
def test_new_page_refuses_reserved_taken_and_bad_paths(example, path, says):
    result = new(example, "page", path)
    assert result.exit_code == 2
    assert says in result.output


def test_new_platform_writes_the_platform_record_format(example):
    result = new(example, "platform", "roblox", "--name", "Roblox")
    assert result.exit_code == 0, result.output
    record = as_written(example / "content/platforms/roblox.yml")
    assert record == {"name": "Roblox", "last_verified": date.today().isoformat(),
                      "sources": [{"title": "TODO: title of the page the facts come from",
                                   "url": "https://example.org/replace-me"}], "draft": True}
    text = (example / "content/platforms/roblox.yml").read_text(encoding="utf-8")
    for optional in ("# parent_tool:", "# minimum_age:", "# app_ratings:", "#   - store:", "# links:"):
        assert optional in text
    assert new(example, "platform", "Roblox").exit_code == 2
