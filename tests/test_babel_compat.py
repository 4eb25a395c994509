"""Babel's gaps that i18n.babel_compat works around: each test pins Babel's behaviour and the repair.

When a Babel release fixes one, the "Babel still ..." assertion fails: drop the workaround then.
"""

from __future__ import annotations

import io
import re

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from generator.i18n.babel_compat import (
    drop_reviewed_previous_texts,
    drop_revived_obsolete,
    with_sound_previous_ids,
)

PO_WITH_PREVIOUS = b'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#| msgid "Old text"
msgid "New text"
msgstr "Ny text"
'''


def test_previous_texts_read_back_as_comments_are_dropped_once_reviewed():
    catalog = read_po(io.BytesIO(PO_WITH_PREVIOUS), locale="sv")
    message = catalog.get("New text")
    assert message.user_comments == ['| msgid "Old text"']  # Babel still misreads #| (babel#206)
    drop_reviewed_previous_texts(catalog)
    assert message.user_comments == []


def test_an_obsolete_entry_that_is_active_again_is_not_written_twice():
    old = read_po(io.BytesIO(b'msgid ""\nmsgstr ""\n\n#~ msgid "Back again"\n#~ msgstr "Tillbaka"\n'), locale="sv")
    template = Catalog()
    template.add("Back again")
    old.update(template)
    assert old.get("Back again") is not None and "Back again" in old.obsolete  # Babel still keeps both
    drop_revived_obsolete(old)
    assert not old.obsolete
    buffer = io.BytesIO()
    write_po(buffer, old)
    assert buffer.getvalue().count(b'msgid "Back again"') == 1


def test_long_previous_ids_are_written_as_well_formed_strings():
    catalog = Catalog(locale="sv")
    previous = "A previous text long enough to wrap, " * 3 + '"quoted words" at the end'
    message = catalog.add("New text", "Ny text", flags=["fuzzy"])
    message.previous_id = [previous]
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=78, include_previous=True)
    written = buffer.getvalue().decode("utf-8")
    well_formed = re.compile(r'^#\| (?:msgid )?"(?:[^"\\]|\\.)*"$')
    assert not all(well_formed.match(line) for line in written.splitlines() if line.startswith("#|"))  # still
    repaired = with_sound_previous_ids(written, catalog, 78)
    previous_lines = [line for line in repaired.splitlines() if line.startswith("#|")]
    assert previous_lines and all(well_formed.match(line) for line in previous_lines)
    joined = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', "\n".join(previous_lines)))
    assert joined.replace('\\"', '"') == previous
