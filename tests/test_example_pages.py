"""The bundled example's pages keep their visible text and links unless a change means to alter them.

Every HTML page of every locale, the root chooser and the 404 page are read as a reader meets them
(visible text, link targets, title/aria-label words) and compared with tests/snapshots/example_pages.json.
A deliberate change is recorded with:

    UPDATE_SNAPSHOTS=1 PYTHONPATH=$PWD python -m pytest tests/test_example_pages.py

and the snapshot's diff is reviewed in the commit like any other change.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

from page_text import read_page

SNAPSHOT = Path(__file__).parent / "snapshots" / "example_pages.json"


def site_pages(site: Path) -> dict[str, dict[str, object]]:
    """Each built page (by its path in the site) as its title, visible text, links and labels."""
    pages: dict[str, dict[str, object]] = {}
    for path in sorted(site.rglob("*.html")):
        page = read_page(path.read_text(encoding="utf-8"))
        pages[path.relative_to(site).as_posix()] = {
            "title": page.title, "text": page.text, "links": page.links, "labels": page.labels,
        }
    return pages


def page_diff(name: str, recorded: dict[str, object], built: dict[str, object]) -> str:
    """A unified diff of one page, part by part, that a reviewer can read."""
    parts = []
    for part in ("title", "text", "links", "labels"):
        before, after = recorded.get(part, []), built.get(part, [])
        before_lines = [before] if isinstance(before, str) else list(before)  # type: ignore[call-overload]
        after_lines = [after] if isinstance(after, str) else list(after)  # type: ignore[call-overload]
        if before_lines != after_lines:
            diff = difflib.unified_diff(before_lines, after_lines, f"{name} {part} (recorded)",
                                        f"{name} {part} (built)", n=1, lineterm="")
            parts.append("\n".join(diff))
    return "\n".join(parts)


def test_example_pages_match_the_snapshot(built_site):
    built = site_pages(built_site)
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(json.dumps(built, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    recorded = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    problems = []
    for name in sorted(set(recorded) - set(built)):
        problems.append(f"page no longer built: {name}")
    for name in sorted(set(built) - set(recorded)):
        problems.append(f"new page: {name}")
    for name in sorted(set(recorded) & set(built)):
        if recorded[name] != built[name]:
            problems.append(page_diff(name, recorded[name], built[name]))
    assert not problems, (
        "the example's pages changed (if meant: UPDATE_SNAPSHOTS=1 pytest tests/test_example_pages.py):\n"
        + "\n\n".join(problems)
    )
