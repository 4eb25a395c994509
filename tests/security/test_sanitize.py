"""The build's allow-list (build/sanitize.py): keeps what the site needs, removes what runs."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import copy_example

from generator.build.sanitize import sanitize_html
from generator.build.site import build_unchecked

KEPT = [
    # the facts card and age picker of generator/templates
    '<section class="sc-facts" aria-label="Facts at a glance"><ul class="sc-facts__bands">'
    '<li class="sc-band sc-band--available"><p class="sc-band__ages">Ages 16–17</p>'
    '<dl><dt>Available</dt><dd data-fact="availability">Yes</dd></dl></li></ul></section>',
    '<nav class="sc-age-picker" aria-label="Pick an age"><a href="../ages/13/" aria-current="page">13</a></nav>',
    # links a parent needs: phone, mail, https, relative, anchors
    '<p><a href="tel:116111">116 111</a> <a href="mailto:help@example.org">mail</a> '
    '<a href="https://www.bris.se/" hreflang="sv">Bris</a> <a href="../help/">Help</a> <a href="#top">top</a></p>',
    # headings with permalinks (toc), language and direction
    '<h2 id="what-it-does">What it does<a class="headerlink" href="#what-it-does" title="Permanent link">¶</a></h2>',
    '<p lang="ar" dir="rtl">مرحبا</p>',
    # admonitions and details
    '<div class="admonition warning"><p class="admonition-title">Careful</p><p>Text</p></div>',
    '<details class="note" open><summary>More</summary><p>Text</p></details>',
    # tables with alignment
    '<table><thead><tr><th style="text-align: left;">Age</th></tr></thead>'
    '<tbody><tr><td style="text-align: left;">13</td></tr></tbody></table>',
    # images, code, quotes, lists
    '<p><img src="../assets/family.png" alt="A family"><img src="https://example.org/a.png" alt=""></p>',
    '<pre><code class="language-text">code</code></pre><blockquote><p>quote</p></blockquote>',
    '<ol start="3"><li>three</li></ol><p><strong>b</strong> <em>i</em> <code>c</code><br>x</p>',
]

REMOVED = {
    "<script>window.__pwned=1</script>": "",
    '<img src="x" onerror="window.__pwned=1">': '<img src="x">',
    '<a href="javascript:window.__pwned=1">x</a>': "<a>x</a>",
    '<a href="&#106;avascript&#58;alert(1)">x</a>': "<a>x</a>",
    '<a href="data:text/html,x">x</a>': "<a>x</a>",
    '<p style="width: expression(alert(1))">x</p>': "<p>x</p>",
    '<td style="background: url(javascript:alert(1)); text-align: left">x</td>': "x",  # a cell outside a table
    '<svg onload="alert(1)"><script>alert(1)</script></svg>': "",
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>': "",
    '<object data="data:text/html,x"></object><embed src="x.swf">': "",
    '<style>body { background: red }</style><link rel="stylesheet" href="x.css">': "",
    '<form action="https://evil.example/"><input name="q"></form>': "",
    '<p data-x="javascript:alert(1)" title="vbscript:x">x</p>': "<p>x</p>",
}


class _Tree(HTMLParser):
    """An HTML document as a comparable list of events: entity spelling and attribute order ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        # CSS is compared as declarations: "text-align: left;" is "text-align:left"
        attrs = [(name, re.sub(r"\s+|;$", "", value or "") if name == "style" else value or "")
                 for name, value in attrs]
        self.events.append(("start", tag, tuple(sorted(attrs))))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.events.append(("end", tag))

    def handle_data(self, data):
        if self.events and self.events[-1][0] == "text":
            self.events[-1] = ("text", self.events[-1][1] + data)
        else:
            self.events.append(("text", data))


def tree(html: str) -> list[tuple]:
    parsed = _Tree()
    parsed.feed(html)
    parsed.close()
    return parsed.events


@pytest.mark.parametrize("fragment", KEPT)
def test_what_the_site_needs_is_kept(fragment):
    assert tree(sanitize_html(fragment)) == tree(fragment)


@pytest.mark.parametrize("fragment", sorted(REMOVED))
def test_what_could_run_is_removed(fragment):
    assert tree(sanitize_html(fragment)) == tree(REMOVED[fragment])


def test_the_bundled_example_is_unchanged_by_sanitising(tmp_path: Path):
    """Every page, feed, sitemap and search index of the example reads the same with and without the allow-list
    (Material's own scripts included), so the allow-list keeps everything the site uses. One Swedish
    explanation is removed and one English one edited, so the fallback and stale banners are in it too."""
    project = copy_example(tmp_path / "project").parent
    (project / "content/sv/safeguards/live.md").unlink()
    edited = project / "content/en/safeguards/private-account.md"
    edited.write_text(edited.read_text("utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    build_unchecked(project / "mkdocs.yml", tmp_path / "plain", sanitize=False)
    build_unchecked(project / "mkdocs.yml", tmp_path / "sanitised")
    plain, sanitised = ([p.relative_to(tmp_path / name) for p in sorted((tmp_path / name).rglob("*")) if p.is_file()]
                        for name in ("plain", "sanitised"))
    assert plain == sanitised
    compared = 0
    for path in plain:
        before, after = (tmp_path / "plain" / path), (tmp_path / "sanitised" / path)
        if path.suffix in (".html", ".xml"):
            assert tree(after.read_text("utf-8")) == tree(before.read_text("utf-8")), path
            compared += 1
        elif path.name == "search_index.json":
            docs = [json.loads(file.read_text("utf-8"))["docs"] for file in (before, after)]
            assert [(d["location"], tree(d["title"]), tree(d["text"])) for d in docs[1]] == \
                   [(d["location"], tree(d["title"]), tree(d["text"])) for d in docs[0]], path
            compared += 1
    assert compared > 100
    banners = (tmp_path / "sanitised/sv/safeguards/live/index.html").read_text("utf-8")
    assert 'class="admonition warning"' in banners and '<div dir="ltr" lang="en">' in banners
    stale = (tmp_path / "sanitised/sv/safeguards/private-account/index.html").read_text("utf-8")
    assert 'class="admonition info"' in stale
