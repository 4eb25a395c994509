"""The allow-list every page's content HTML passes before it is published.

``check`` refuses unsafe markup early, with a location; this is the second line:
whatever a rule misses, the build keeps only the elements, attributes and URL
schemes listed here (nh3, the Python binding of the Rust sanitizer Ammonia, does
the parsing and cleaning). The lists are what the site's pages need: Markdown's
output, tables, admonitions, details, headings with permalinks, images, and the
facts card and age picker of ``generator/templates``. Anything else is dropped:
script and style elements with their content, other elements keeping their text.

Engine-neutral on purpose: the MkDocs adapter calls :func:`sanitize_html` on each
page's content HTML, and a successor engine would call it the same way.
"""

from __future__ import annotations

import nh3

from ..check.plain_text import is_script_url

#: Elements a page may contain. Not here, so removed (their text kept): script,
#: style, iframe, object, embed, svg, math, form and its controls, base, meta, link.
ALLOWED_TAGS = frozenset({
    # text and structure
    "p", "br", "hr", "div", "span", "section", "nav", "aside", "figure", "figcaption",
    "h1", "h2", "h3", "h4", "h5", "h6",
    "a", "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
    "abbr", "cite", "dfn", "q", "kbd", "samp", "var", "time", "code", "pre", "blockquote",
    # lists, including the facts card's definition lists
    "ul", "ol", "li", "dl", "dt", "dd",
    # tables (Markdown's tables extension)
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    # admonitions' collapsible form and editors' own
    "details", "summary",
    "img",
})

#: Elements removed together with everything inside them.
REMOVED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript"})

#: Attributes any allowed element may carry; ``aria-*`` and ``data-*`` are allowed by prefix.
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "lang", "dir", "title", "role"})
ATTRIBUTE_PREFIXES = frozenset({"aria-", "data-"})

#: Attributes only some elements carry.
ELEMENT_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "td": frozenset({"colspan", "rowspan", "align", "style"}),
    "th": frozenset({"colspan", "rowspan", "align", "style", "scope"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "time": frozenset({"datetime"}),
    "details": frozenset({"open"}),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
}

#: The one CSS property kept, in ``style`` on table cells: Markdown's column alignment.
ALLOWED_STYLE_PROPERTIES = frozenset({"text-align"})

#: URL schemes allowed in ``href``/``src``/``cite``; relative URLs (pages, anchors, images) pass too.
ALLOWED_URL_SCHEMES = frozenset({"https", "mailto", "tel"})

def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    # Ammonia checks schemes only in the attributes it knows hold URLs; a data-*
    # or title holding a script URL would be harmless text, but no attribute of a
    # page for parents needs one, so none ships.
    return None if is_script_url(value) else value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(REMOVED_WITH_CONTENT),
    attributes={"*": set(GLOBAL_ATTRIBUTES), **{tag: set(names) for tag, names in ELEMENT_ATTRIBUTES.items()}},
    attribute_filter=_attribute_filter,
    generic_attribute_prefixes=set(ATTRIBUTE_PREFIXES),
    url_schemes=set(ALLOWED_URL_SCHEMES),
    filter_style_properties=set(ALLOWED_STYLE_PROPERTIES),
    link_rel=None,  # links keep what the page says; no rel is added
    strip_comments=True,
)


def sanitize_html(fragment: str) -> str:
    """``fragment`` (a page's content HTML) with everything outside the allow-list removed.

    >>> sanitize_html('<p onclick="alert(1)">Hi <a href="javascript:alert(1)">there</a></p><script>x()</script>')
    '<p>Hi <a>there</a></p>'
    >>> sanitize_html('<a href="tel:116111" aria-label="Call">116 111</a>')
    '<a href="tel:116111" aria-label="Call">116 111</a>'
    """
    return _CLEANER.clean(fragment)
