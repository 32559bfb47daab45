"""The catalogs are complete in French and compiled."""

import gettext
import re
from pathlib import Path

import pytest

from cap_xblock import i18n

CATALOGS = Path(i18n.TRANSLATIONS_DIR)


def read_po(path):
    """(msgctxt, msgid, [msgstr...]) of every entry of a .po file (enough of the format for our catalogs)."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        fields, current = {}, None
        for line in lines:
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            strs = [value for key, value in sorted(fields.items()) if key.startswith("msgstr")]
            entries.append((fields.get("msgctxt"), fields["msgid"], strs, "#, fuzzy" in block))
    return entries


def unescape(text):
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_message_is_translated_and_compiled(language):
    po = CATALOGS / language / "LC_MESSAGES" / "text.po"
    compiled = gettext.GNUTranslations(open(po.with_suffix(".mo"), "rb"))
    entries = read_po(po)
    assert len(entries) > 100
    for context, msgid, msgstrs, fuzzy in entries:
        assert not fuzzy, msgid
        assert all(msgstrs), f"untranslated: {msgid}"
        if context is None and len(msgstrs) == 1:
            assert compiled.gettext(unescape(msgid)) == unescape(msgstrs[0]), f".mo out of date for {msgid}"


def test_french_uses_inclusive_writing_for_facilitators():
    text = (CATALOGS / "fr" / "LC_MESSAGES" / "text.po").read_text(encoding="utf-8")
    assert "facilitateur·trice" in text
    assert "facilitateurs" not in text.replace("facilitateur·trices", "")
