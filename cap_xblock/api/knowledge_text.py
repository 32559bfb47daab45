"""The text of knowledge sheets: what readers see (anonymised), and what looks like it identifies someone.

The flags are heuristics that help the facilitator's review; they never
decide alone. They look for the names of the people of the community (and
each part of them), sequences of capitalised words (people, organisations),
capitalised words after « à / au / en / in / at ... » (places), acronyms
(organisations), e-mail addresses and phone numbers.
"""

import re
import string
import unicodedata

from ..i18n import gettext as _
from ..i18n import gettext_lazy
from . import markup
from .knowledge_data import Flag

NAME, ORGANISATION, PLACE, EMAIL, PHONE = "name", "organisation", "place", "email", "phone"
KIND_NAMES = {
    NAME: gettext_lazy("Name of a person"),
    ORGANISATION: gettext_lazy("Name of a person or an organisation"),
    PLACE: gettext_lazy("Name of a place"),
    EMAIL: gettext_lazy("E-mail address"),
    PHONE: gettext_lazy("Phone number"),
}
_UPPER = "A-ZÀ-ÖØ-ÞŒ"
_WORD = rf"[{_UPPER}][\wÀ-ÿœ'’-]+"
_CONNECTOR = r"(?:de|du|des|d[’']|la|le|les|of|the|van|von|el|al|ben|bin|y)"
_CAPITALISED_SEQUENCE = re.compile(rf"\b{_WORD}(?:\s+(?:{_CONNECTOR}\s*)?{_WORD})+")
_PLACE = re.compile(rf"\b(?:à|au|aux|en|in|at|near|from|près de|vers)\s+({_WORD}(?:[\s-]+{_WORD})*)")
_ACRONYM = re.compile(rf"\b[{_UPPER}]{{2,}}[0-9]*\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w+])\+?\d[\d .\-()/]{6,}\d(?!\w)")
# Words that start sentences or are capitalised for reasons other than naming someone.
_COMMON = {
    "le", "la", "les", "un", "une", "des", "de", "du", "et", "ou", "en", "au", "aux", "à", "ce", "cette", "ces",
    "il", "elle", "ils", "elles", "nous", "vous", "on", "je", "j", "the", "a", "an", "and", "or", "in", "we", "i",
    "they", "he", "she", "it", "this", "that", "contexte", "context", "question", "plan", "action", "apprentissages",
    "learnings", "ce qui a aidé", "what helped", "idées retenues", "retained ideas", "mais", "but", "pour", "for",
    "avec", "with", "sans", "without", "puis", "then", "quand", "when", "si", "if", "comment", "how",
}
_LABEL_LETTERS = string.ascii_uppercase


def _folded(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def label_for(position):
    """The neutral label that replaces the ``position``-th (0-based) anonymised person: « Personne A »..."""
    letters = _LABEL_LETTERS[position % 26] + (str(position // 26 + 1) if position >= 26 else "")
    # Translators: {letter} is A, B, C...: the label that replaces an anonymised person's name.
    return _("Person {letter}").format(letter=letters)


def anonymise(text, replacements):
    """``text`` with each name of ``replacements`` ([(name, label)]) replaced by its label, whole words,
    case-insensitively: the full name, then each part of it of three letters or more (a first name
    alone, a family name alone), longest first."""
    pairs = []
    for name, label in replacements:
        name = " ".join(name.split())
        if name:
            pairs += [(name, label)] + [(part, label) for part in re.split(r"[\s-]+", name) if len(part) >= 3]
    for name, label in sorted(pairs, key=lambda pair: -len(pair[0])):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", label, text, flags=re.IGNORECASE)
    return text


def readers_html(body, replacements):
    """Exactly the HTML readers see of ``body``: anonymised, then the sanitised Markdown subset."""
    return markup.render(anonymise(body, replacements))


def _is_common(words):
    return _folded(words) in _COMMON or all(_folded(word) in _COMMON for word in words.split())


def find_flags(text, known_names=()):
    """``Flag``s of what in ``text`` looks like it identifies someone, most frequent first.

    ``known_names``: display names of the people of the community; their full
    names and each part of three letters or more are looked for.
    """
    found = {}

    def add(kind, value):
        value = value.strip(" .,;:!?()«»\"'’")
        if value and not _is_common(value):
            key = (kind, value)
            found[key] = found.get(key, 0) + 1

    for name in known_names:
        parts = {name.strip()} | {part for part in re.split(r"[\s-]+", name) if len(part) >= 3}
        for part in parts:
            for match in re.finditer(rf"(?<!\w){re.escape(part)}(?!\w)", text, flags=re.IGNORECASE):
                add(NAME, match.group(0))
    for match in _EMAIL.finditer(text):
        add(EMAIL, match.group(0))
    without_emails = _EMAIL.sub(" ", text)
    for match in _PHONE.finditer(without_emails):
        if sum(char.isdigit() for char in match.group(0)) >= 8:
            add(PHONE, match.group(0))
    named = {value.casefold() for (kind, value) in found if kind == NAME}
    for match in _PLACE.finditer(without_emails):
        add(PLACE, match.group(1))
    for match in _CAPITALISED_SEQUENCE.finditer(without_emails):
        if match.group(0).casefold() not in named:
            add(ORGANISATION, match.group(0))
    for match in _ACRONYM.finditer(without_emails):
        add(ORGANISATION, match.group(0))
    flags = [Flag(kind=kind, kind_name=str(KIND_NAMES[kind]), text=value, count=count)
             for (kind, value), count in found.items()]
    return sorted(flags, key=lambda flag: (-flag.count, list(KIND_NAMES).index(flag.kind), flag.text.casefold()))


# --- drafts from a source -----------------------------------------------------------------


def _section(title, text):
    text = (text or "").strip()
    return f"**{title}**\n\n{text}" if text else ""


def _bullets(items):
    return "\n".join("- " + " ".join(item.split()) for item in items if item.strip())


def case_draft(case, helped, plans, learnings):
    """(title, summary, body) of a sheet pre-filled from a case at step 6: context, question, what helped
    (the suggestions found most useful), the action plan, the learnings. No author is named."""
    parts = [
        _section(_("Context"), case.context),
        _section(_("Question"), case.problem),
        _section(_("What helped"), _bullets(helped)),
        _section(_("Action plan"), "\n\n".join(plans)),
        _section(_("Learnings"), _bullets(learnings)),
    ]
    summary = markup.excerpt(case.problem or case.context, 300)
    return case.title, summary, "\n\n".join(part for part in parts if part)


def brainstorm_draft(brainstorm, ideas):
    """(title, summary, body) of a sheet pre-filled from a brainstorm's retained ideas."""
    title = markup.excerpt(brainstorm.question, 200) or _("Retained ideas")
    body = "\n\n".join(part for part in [
        _section(_("Question"), brainstorm.question), _section(_("Retained ideas"), _bullets(ideas))] if part)
    return title, markup.excerpt(brainstorm.question, 300), body
