"""serve: the live preview rebuilds what an edit touches, shows findings, and never goes down."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from generator.editor.serve import Preview


def preview_of(project: Path, locales=None):
    messages: list[str] = []
    reported: list = []
    preview = Preview(project / "mkdocs.yml", project / "preview", locales, messages.append, reported.extend)
    return preview, messages, reported


def built_locales(messages: list[str]) -> list[str]:
    """The locales MkDocs built, from the progress messages ("built sv (25 pages)")."""
    return sorted(m.split()[1] for m in messages if m.startswith("built ") and m.endswith("pages)"))


def page(preview: Preview, path: str) -> str:
    return (preview.site_dir / path).read_text(encoding="utf-8")


def test_an_edit_in_one_locale_rebuilds_only_that_locale(example):
    preview, messages, _ = preview_of(example)
    preview.rebuild()
    assert built_locales(messages) == ["da", "en", "fi", "nb", "sv"]
    messages.clear()
    live = example / "content/sv/safeguards/live.md"
    live.write_text(live.read_text(encoding="utf-8").replace("## Vad den gör\n", "## Vad den gör\n\nNy mening.\n"),
                    encoding="utf-8")
    preview.rebuild()
    assert built_locales(messages) == ["sv"]
    assert "Ny mening." in page(preview, "sv/safeguards/live/index.html")
    assert (preview.site_dir / "en/safeguards/live/index.html").is_file()


def test_a_change_to_a_record_rebuilds_every_locale(example):
    preview, messages, _ = preview_of(example)
    preview.rebuild()
    messages.clear()
    record = example / "content/safeguards/live.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("2026-11-20", "2026-11-21"), encoding="utf-8")
    preview.rebuild()
    assert built_locales(messages) == ["da", "en", "fi", "nb", "sv"]


def test_findings_show_on_the_page_they_concern_and_print_once(example):
    preview, messages, reported = preview_of(example)
    preview.rebuild()
    assert reported == []
    live = example / "content/sv/safeguards/live.md"
    live.write_text(live.read_text(encoding="utf-8").replace("## Så ändrar du den", "## Ändra"), encoding="utf-8")
    preview.rebuild()
    assert [f.rule for f in reported] == ["explanation-section-missing"]
    html = page(preview, "sv/safeguards/live/index.html")
    assert "Preview:" in html and "explanation-section-missing" in html
    assert "Preview:" not in page(preview, "en/safeguards/live/index.html")
    count = len(reported)
    preview.rebuild()  # nothing changed: nothing new to print
    assert len(reported) == count


def test_a_broken_edit_keeps_the_last_good_preview(example):
    preview, messages, _ = preview_of(example)
    preview.rebuild()
    before = page(preview, "en/index.html")
    config = example / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nsafety_center: [broken\n", encoding="utf-8")
    preview.rebuild()
    assert "preview kept: mkdocs.yml cannot be read" in messages
    assert page(preview, "en/index.html") == before
    config.write_text(config.read_text(encoding="utf-8").replace("theme:\n  name: material", "theme:\n  name: nope"),
                      encoding="utf-8")
    preview.rebuild()
    assert page(preview, "en/index.html") == before


def test_a_failing_fact_helper_keeps_the_last_good_preview_of_its_locale(example):
    preview, messages, reported = preview_of(example)
    preview.rebuild()
    good = page(preview, "sv/safeguards/live/index.html")
    live = example / "content/sv/safeguards/live.md"
    written = live.read_text(encoding="utf-8")
    live.write_text(written.replace("## Vad den gör\n", "## Vad den gör\n\nFrån {{ age_from('livee') }} år.\n"),
                    encoding="utf-8")
    messages.clear()
    preview.rebuild()
    assert [f.rule for f in reported] == ["unknown-fact"]  # printed in the terminal all the same
    assert any(m.startswith("preview of sv kept: a fact helper fails in content/sv/safeguards/live.md")
               for m in messages)
    assert page(preview, "sv/safeguards/live/index.html") == good  # no raw {{ ... }} in the preview
    record = example / "content/safeguards/live.yml"  # a shared change: the other locales are rebuilt
    record.write_text(record.read_text(encoding="utf-8").replace("2026-11-20", "2026-11-21"), encoding="utf-8")
    messages.clear()
    preview.rebuild()
    assert built_locales(messages) == ["da", "en", "fi", "nb"]
    assert page(preview, "sv/safeguards/live/index.html") == good
    live.write_text(written.replace("## Vad den gör\n", "## Vad den gör\n\nFrån {{ age_from('live') }} år.\n"),
                    encoding="utf-8")
    messages.clear()
    preview.rebuild()
    assert built_locales(messages) == ["sv"]
    fixed = page(preview, "sv/safeguards/live/index.html")
    assert "Från 16 år." in fixed and "{{" not in fixed


def test_one_locale_can_be_previewed_alone(example):
    preview, messages, _ = preview_of(example, ["sv"])
    preview.rebuild()
    assert sorted(p.name for p in preview.site_dir.iterdir() if p.is_dir()) == ["sv"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(predicate, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_the_server_reloads_after_an_edit(example):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--port", str(port), "--config", str(example / "mkdocs.yml")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}/sv/safeguards/live/"
    try:
        assert _wait_for(lambda: "LIVE" in _get(url)), "the preview never came up"
        live = example / "content/sv/safeguards/live.md"
        edited = live.read_text(encoding="utf-8").replace("## Vad den gör\n", "## Vad den gör\n\nHelt ny text.\n")
        live.write_text(edited, encoding="utf-8")
        assert _wait_for(lambda: "Helt ny text." in _get(url)), "the edit never showed"
        assert "livereload" in _get(url)  # MkDocs' live-reload script reloads open pages
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_sigterm_stops_the_server_cleanly_and_removes_its_temporary_folder(example, tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--port", str(port), "--locale", "en",
         "--config", str(example / "mkdocs.yml")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(temp)},
    )
    try:
        assert _wait_for(lambda: "LIVE" in _get(f"http://127.0.0.1:{port}/en/safeguards/live/")), \
            "the preview never came up"
        assert [p.name for p in temp.iterdir() if p.name.startswith("safety-center-preview-")]
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=10)
    assert server.returncode == 0, output
    assert "Traceback" not in output and "stopped" in output
    assert not [p.name for p in temp.iterdir() if p.name.startswith("safety-center-preview-")]


def test_a_draft_is_previewed_with_a_draft_banner(example):
    guide = example / "content/en/guides/talking-about-online-safety.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace("---\n", "---\ndraft: true\n", 1), encoding="utf-8")
    preview, _, _ = preview_of(example, ["en"])
    preview.rebuild()
    drafted = page(preview, "en/guides/talking-about-online-safety/index.html")
    assert "This page is a draft" in drafted and 'class="admonition warning"' in drafted
    assert "This page is a draft" not in page(preview, "en/privacy/index.html")


def test_the_preview_links_within_itself_never_to_the_published_host(example):
    """With site_url, a build writes absolute hreflang links; a preview must not send the browser there."""
    assert "site_url: https://safety.example.org/" in (example / "mkdocs.yml").read_text(encoding="utf-8")
    preview, _, _ = preview_of(example, ["en", "sv"])
    preview.rebuild()
    for path in ("en/safeguards/live/index.html", "sv/index.html", "index.html"):
        assert "safety.example.org" not in page(preview, path), path
    assert 'hreflang="sv" href="../../../sv/safeguards/live/"' in page(preview, "en/safeguards/live/index.html")
