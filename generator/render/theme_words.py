"""Material's own interface words, taken from our catalogs so a site can change them in any locale.

Material's templates ask its ``partials/language.html`` for words by key ("action.skip"); the
package theme overrides that partial to look a key up here first and fall back to Material's
own translation only when neither the project nor the package translates the word.
"""

from __future__ import annotations

from collections.abc import Callable

#: Keys whose words Material's templates put into JavaScript (the page's ``__config`` JSON), not HTML.
SCRIPT_KEYS = frozenset({
    "clipboard.copy", "clipboard.copied", "search.result.placeholder", "search.result.none",
    "search.result.one", "search.result.other", "search.result.more.one", "search.result.more.other",
    "search.result.term.missing", "select.version",
})


def material_words(pgettext: Callable[[str, str], str | None]) -> dict[str, str | None]:
    """Material's keys and their words, each asked of ``pgettext`` (the calls are what is extracted)."""
    return {
        "action.edit": pgettext("theme", "Edit this page"),
        "action.skip": pgettext("theme", "Skip to content"),
        "action.view": pgettext("theme", "View source of this page"),
        "clipboard.copy": pgettext("theme", "Copy to clipboard"),
        "clipboard.copied": pgettext("theme", "Copied to clipboard"),
        # Translators: the label of the footer's navigation landmark (read by screen readers).
        "footer": pgettext("theme", "Footer"),
        "footer.next": pgettext("theme", "Next"),
        "footer.previous": pgettext("theme", "Previous"),
        # Translators: the label of the header's navigation landmark (read by screen readers).
        "header": pgettext("theme", "Header"),
        "nav": pgettext("theme", "Navigation"),
        "search": pgettext("theme", "Search"),
        # Translators: the search field's placeholder (some languages use a verb here, "Search!").
        "search.placeholder": pgettext("search field", "Search"),
        "search.share": pgettext("theme", "Share"),
        "search.reset": pgettext("theme", "Clear"),
        "search.result.initializer": pgettext("theme", "Initializing search"),
        "search.result.placeholder": pgettext("theme", "Type to start searching"),
        "search.result.none": pgettext("theme", "No matching documents"),
        "search.result.one": pgettext("theme", "1 matching document"),
        # Translators: "#" is replaced by the number of pages found; keep it.
        "search.result.other": pgettext("theme", "# matching documents"),
        "search.result.more.one": pgettext("theme", "1 more on this page"),
        # Translators: "#" is replaced by the number of further matches; keep it.
        "search.result.more.other": pgettext("theme", "# more on this page"),
        # Translators: shown struck through beside a search result that lacks one of the words searched for.
        "search.result.term.missing": pgettext("theme", "Missing"),
        "select.language": pgettext("theme", "Select language"),
        "source": pgettext("theme", "Go to repository"),
        "source.file.date.created": pgettext("theme", "Created"),
        "source.file.date.updated": pgettext("theme", "Last update"),
        "tabs": pgettext("theme", "Tabs"),
        "toc": pgettext("theme", "Table of contents"),
        "top": pgettext("theme", "Back to top"),
    }
