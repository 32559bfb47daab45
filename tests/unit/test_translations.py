"""The catalogs are complete in French and compiled; the platform's catalogs come first."""

import gettext
import io
import re
import struct
from pathlib import Path

import pytest
from django.utils import translation

from cap_xblock import i18n

CATALOGS = Path(i18n.LOCALE_DIR)


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
    po = CATALOGS / language / "LC_MESSAGES" / "django.po"
    compiled = gettext.GNUTranslations(open(po.with_suffix(".mo"), "rb"))
    entries = read_po(po)
    assert len(entries) > 100
    for context, msgid, msgstrs, fuzzy in entries:
        assert not fuzzy, msgid
        assert all(msgstrs), f"untranslated: {msgid}"
        if context is None and len(msgstrs) == 1:
            assert compiled.gettext(unescape(msgid)) == unescape(msgstrs[0]), f".mo out of date for {msgid}"


def test_french_uses_inclusive_writing_for_facilitators():
    text = (CATALOGS / "fr" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert "facilitateur·trice" in text
    assert "facilitateurs" not in text.replace("facilitateur·trices", "")


# --- which catalog serves a message (decision 0025) -----------------------------------------------


def compiled_catalog(messages):
    """A real GNU catalog (the bytes msgfmt writes) holding ``messages`` ({msgid: msgstr})."""
    entries = sorted({"": "Content-Type: text/plain; charset=UTF-8\n", **messages}.items())
    ids = b"".join(key.encode() + b"\0" for key, _ in entries)
    strs = b"".join(value.encode() + b"\0" for _, value in entries)
    start = 7 * 4 + 16 * len(entries)
    offsets, position = [], start
    for key, _ in entries:
        offsets += [len(key.encode()), position]
        position += len(key.encode()) + 1
    for _, value in entries:
        offsets += [len(value.encode()), position]
        position += len(value.encode()) + 1
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(entries), 7 * 4, 7 * 4 + 8 * len(entries), 0, 0)
    return gettext.GNUTranslations(io.BytesIO(header + struct.pack(f"{len(offsets)}i", *offsets) + ids + strs))


class Runtime:
    """A runtime whose i18n service is Open edX's: ``translator`` is the pulled catalog, or Django's module."""

    def __init__(self, translator):
        self.translator = translator

    def service(self, block, name):  # pylint: disable=unused-argument
        assert name == "i18n"
        return self


class Block:
    def __init__(self, translator):
        self.runtime = Runtime(translator)


SAVED = "Saved."


def test_a_language_the_platform_pulled_is_served_from_its_catalog():
    spanish = compiled_catalog({SAVED: "Guardado."})
    with translation.override("es-419"), i18n.speaking_for(Block(spanish)):
        assert i18n.gettext(SAVED) == "Guardado."
        # A message the platform's catalog lacks falls back to the package's own (English for Spanish).
        assert i18n.gettext("Reflective journal") == "Reflective journal"
    with translation.override("es-419"):
        assert i18n.gettext(SAVED) == SAVED


def test_the_platform_catalog_takes_precedence_over_the_package_catalog():
    french = compiled_catalog({SAVED: "Bien enregistré."})
    with translation.override("fr"):
        own = i18n.gettext(SAVED)
        assert own not in (SAVED, "Bien enregistré.")
        with i18n.speaking_for(Block(french)):
            assert i18n.gettext(SAVED) == "Bien enregistré."
            assert str(i18n.gettext_lazy(SAVED)) == "Bien enregistré."
            # Anything else the platform's catalog does not translate: the package's French.
            assert i18n.gettext("Reflective journal") == translation_of("fr", "Reflective journal")
        assert i18n.gettext(SAVED) == own


def translation_of(language, message):
    return i18n.translator(language).gettext(message)


def test_without_a_platform_catalog_the_service_is_not_used():
    # Open edX's service falls back to Django's translation module when it found no catalog of the package.
    with translation.override("fr"), i18n.speaking_for(Block(translation)):
        assert i18n.gettext(SAVED) == translation_of("fr", SAVED) != SAVED


@pytest.mark.parametrize("language, expected", [("fr", "fr"), ("fr-ca", "fr"), ("fr-be", "fr"), ("en", "en"),
                                                ("es-419", "en"), ("ar", "en")])
def test_french_variants_get_french_others_english(language, expected):
    with translation.override(language):
        assert i18n.gettext(SAVED) == translation_of(expected, SAVED)
        assert i18n.current_language() == expected


def test_templates_get_the_platform_catalog_first_then_the_package_catalog():
    from cap_xblock import rendering  # pylint: disable=import-outside-toplevel

    context = {"sections": [], "title": "T", "guiding_question": "Q"}
    with translation.override("fr"):
        own = rendering.render("author.html", dict(context), i18n.catalog())
        platform = compiled_catalog({"Sections shown": "Rubriques visibles (plateforme)"})
        with i18n.speaking_for(Block(platform)):
            pulled = rendering.render("author.html", dict(context), i18n.catalog())
    assert "Rubriques visibles (plateforme)" not in own
    assert translation_of("fr", "Sections shown") in own
    assert "Rubriques visibles (plateforme)" in pulled
    assert translation_of("fr", "Guiding question") in pulled


def test_a_platform_catalog_never_reaches_another_render_nor_djangos_translations():
    from cap_xblock import rendering  # pylint: disable=import-outside-toplevel

    context = {"sections": [], "title": "T", "guiding_question": "Q"}
    platform = compiled_catalog({"Sections shown": "Rubriques visibles (plateforme)"})
    with translation.override("fr"):
        django_fr = translation.trans_real.translation("fr")
        with i18n.speaking_for(Block(platform)):
            assert "Rubriques visibles (plateforme)" in rendering.render("author.html", dict(context), i18n.catalog())
        after = rendering.render("author.html", dict(context), i18n.catalog())
        assert translation.trans_real.translation("fr") is django_fr
        assert translation.gettext("Sections shown") == "Sections shown"  # Django's own catalogs: unchanged
        assert translation.get_language() == "fr"
    assert "Rubriques visibles (plateforme)" not in after
    assert translation_of("fr", "Sections shown") in after
