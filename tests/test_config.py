"""mkdocs.yml is read once, by the core, the way MkDocs reads it; nothing in it runs code or leads out."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import line_of, replace_in, run_cli, write

from generator.load import load_project


def check(project: Path):
    result = run_cli("check", "--format", "json", "--config", str(project / "mkdocs.yml"))
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.output)["findings"]


def located(findings, rule: str) -> list[tuple[str, int]]:
    return [(f["file"], f["line"]) for f in findings if f["rule"] == rule]


def test_env_values_reach_check_and_the_build(example, monkeypatch):
    config = example / "mkdocs.yml"
    replace_in(config, "site_url: https://safety.example.org/",
               'site_url: !ENV [SAFETY_SITE_URL, "https://fallback.example.org/"]')
    assert load_project(config).project.config.site_url == "https://fallback.example.org/"
    monkeypatch.setenv("SAFETY_SITE_URL", "https://from-env.example.org/")
    assert load_project(config).project.mkdocs_config["site_url"] == "https://from-env.example.org/"
    result = run_cli("build", "--locale", "en", "--config", str(config))
    assert result.exit_code == 0, result.output
    html = (example / "site/en/index.html").read_text(encoding="utf-8")
    assert 'href="https://from-env.example.org/en/"' in html
    assert "&lt;!ENV" not in html and "<!ENV>" not in html


def test_inherit_is_merged_so_check_sees_the_parents_section(example):
    config = example / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    section = text.index("safety_center:")
    write(example / "base.yml", "# shared settings\n" + text[section:].replace("ages: 13-17", "ages: 13-1x"))
    write(config, "INHERIT: base.yml\n" + text[:section])
    code, findings = check(example)
    assert code == 1
    assert located(findings, "invalid-value") == [("base.yml", line_of(example / "base.yml", "ages: 13-1x"))]
    replace_in(example / "base.yml", "ages: 13-1x", "ages: 13-17")
    code, findings = check(example)
    assert (code, findings) == (0, [])
    project = load_project(config).project
    assert project.config.locale_codes == ["en", "sv", "da", "nb", "fi"]
    assert "INHERIT" not in project.mkdocs_config and project.mkdocs_config["theme"]["name"] == "material"


def test_python_tags_that_run_code_are_refused_at_their_line(example, tmp_path):
    config = example / "mkdocs.yml"
    marker = tmp_path / "ran"
    replace_in(config, "plugins:", f'extra:\n  a: !!python/object/apply:os.system ["touch {marker}"]\n'
               "  b: !!python/name:os.system\n  c: !!python/module:os\n"
               "  d: !!python/object/new:builtins.dict {}\nplugins:")
    code, findings = check(example)
    assert code == 1
    assert not marker.exists()
    assert located(findings, "config-unsafe-tag") == [
        ("mkdocs.yml", line_of(config, needle)) for needle in ("a: !!", "b: !!", "c: !!", "d: !!")]
    result = run_cli("build", "--config", str(config))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert not marker.exists() and not (example / "site").exists()


def test_material_and_pymdownx_names_are_allowed_and_built(example):
    config = example / "mkdocs.yml"
    replace_in(config, "  - toc:\n", "  - pymdownx.emoji:\n"
               "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
               "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
               "  - pymdownx.superfences:\n      custom_fences:\n        - name: mermaid\n"
               "          class: mermaid\n          format: !!python/name:pymdownx.superfences.fence_code_format\n"
               "  - toc:\n")
    page = example / "content/en/guides/talking-about-online-safety.md"
    write(page, page.read_text(encoding="utf-8") + "\nA heart :material-heart:.\n\n```mermaid\ngraph LR\n```\n")
    code, findings = check(example)
    assert code == 0 and {f["rule"] for f in findings} == {"translation-stale"}
    result = run_cli("build", "--locale", "en", "--config", str(config))
    assert result.exit_code == 0, result.output
    html = (example / "site/en" / page.relative_to(example / "content/en").with_suffix("") / "index.html")
    text = html.read_text(encoding="utf-8")
    assert '<pre class="mermaid"><code>graph LR' in text
    assert "<svg" in text and ":material-heart:" not in text


def test_paths_out_of_the_project_are_findings_never_followed(example, tmp_path):
    config = example / "mkdocs.yml"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    write(outside / "base.yml", "site_name: Stolen\n")
    replace_in(config, "site_name: Parent Safety Center",
               "INHERIT: ../elsewhere/base.yml\nsite_name: Parent Safety Center")
    replace_in(config, "  name: material\n", "  name: material\n  custom_dir: ../elsewhere\n")
    replace_in(config, "  - toc:\n", "  - pymdownx.snippets:\n      base_path:\n        - content\n        - /etc\n"
               "      restrict_base_path: false\n  - toc:\n")
    code, findings = check(example)
    assert code == 1
    assert sorted(located(findings, "path-outside")) == sorted([
        ("mkdocs.yml", line_of(config, "INHERIT")), ("mkdocs.yml", line_of(config, "custom_dir")),
        ("mkdocs.yml", line_of(config, "restrict_base_path")), ("mkdocs.yml", line_of(config, "- /etc"))])
    project = load_project(config).project
    assert project.config.site_name == "Parent Safety Center"
    assert "custom_dir" not in project.mkdocs_config["theme"]
    snippets = next(e for e in project.mkdocs_config["markdown_extensions"]
                    if isinstance(e, dict) and "pymdownx.snippets" in e)["pymdownx.snippets"]
    assert snippets == {"base_path": [str(example / "content")], "restrict_base_path": True}


def test_yaml_1_1_booleans_keep_mkdocs_meaning_outside_the_section(example):
    config = example / "mkdocs.yml"
    replace_in(config, "      permalink: false", "      permalink: on")
    project = load_project(config).project
    toc = next(e for e in project.mkdocs_config["markdown_extensions"] if isinstance(e, dict) and "toc" in e)
    assert toc["toc"]["permalink"] is True
    assert project.config.locale("nb").region == "NO"


def test_an_unknown_language_is_a_finding_at_its_code(example):
    config = example / "mkdocs.yml"
    replace_in(config, "    - code: fi\n", "    - code: qq_ZZ\n      name: Nowhere\n    - code: fi\n")
    code, findings = check(example)
    assert code == 1
    assert located(findings, "unknown-language") == [("mkdocs.yml", line_of(config, "code: qq_ZZ"))]
    result = run_cli("locale", "add", "xx", "--config", str(example / "mkdocs.yml"))
    assert "Traceback" not in result.output and result.exit_code != 0


def test_locale_add_refuses_an_unknown_language(example):
    result = run_cli("locale", "add", "xx", "--config", str(example / "mkdocs.yml"))
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "'xx' is not a language Babel knows" in result.output


def test_a_catalog_folder_for_an_unconfigured_locale_is_a_warning(example):
    (example / "locales/de/LC_MESSAGES").mkdir(parents=True)
    code, findings = check(example)
    assert code == 0
    [finding] = findings
    assert (finding["rule"], finding["severity"], finding["file"]) == ("unknown-locale", "warning", "locales/de")


def test_env_scalar_form_and_an_inherit_loop(example, monkeypatch):
    config = example / "mkdocs.yml"
    monkeypatch.setenv("SAFETY_COPYRIGHT", "© Example")
    replace_in(config, "plugins:", "copyright: !ENV SAFETY_COPYRIGHT\nplugins:")
    assert load_project(config).project.mkdocs_config["copyright"] == "© Example"
    write(example / "base.yml", "INHERIT: mkdocs.yml\n")
    replace_in(config, "site_name: Parent Safety Center", "INHERIT: base.yml\nsite_name: Parent Safety Center")
    code, findings = check(example)
    assert code == 1
    assert ("config-invalid", "mkdocs.yml") in {(f["rule"], f["file"]) for f in findings}
