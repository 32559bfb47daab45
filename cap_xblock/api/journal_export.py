"""Downloads of "Mon journal": a learner's own entries as Markdown or as a print-friendly page.

Only the author's own entries are ever exported (``journal.all_own_entries``).
"""

from .. import dates
from ..i18n import gettext as _
from . import journal


def _date(iso):
    """When something was written, in the reader's language and the active time zone, with the zone."""
    return dates.format_datetime(iso, zone=True)


def entry_date(entry):
    """The entry's own dates: when it was written, and when it was last saved if that is another day."""
    written, saved = dates.format_date(entry.created_at), dates.format_date(entry.updated_at)
    if saved and saved != written:
        # Translators: the dates of a journal entry: {written} when it was begun, {saved} when last saved.
        return _("Written on {written}, last saved on {saved}").format(written=written, saved=saved)
    # Translators: {written} is the date a journal entry was written.
    return _("Written on {written}").format(written=_date(entry.created_at))


def entry_title(entry):
    """The entry's title, or a neutral one with its date."""
    # Translators: title of a journal entry that has none; {date} is when it was written.
    return entry.title or _("Entry of {date}").format(date=dates.format_date(entry.created_at))


def export_markdown(actor):
    """``(filename, text)``: every entry of the actor in the course, as Markdown. Raises NotAllowed."""
    entries = journal.all_own_entries(actor)
    lines = [f"# {_('My journal')}", "", f"{actor.display_name} — {actor.course_key}", ""]
    for entry in entries:
        lines += [f"## {entry_title(entry)}", "", f"*{entry_date(entry)}*", ""]
        if entry.link_label:
            # Translators: {label} is the title of a case or brainstorm the entry is linked to.
            lines += [_("Linked to: {label}").format(label=entry.link_label), ""]
        for answer in entry.answers:
            if answer.get("text"):
                lines += [f"### {answer.get('prompt') or _('Answer')}", "", answer["text"], ""]
        if entry.free_text:
            lines += [f"### {_('Free writing')}", "", entry.free_text, ""]
        for item in entry.feedback:
            # Translators: heading of a facilitator's feedback; {name} is the facilitator.
            lines += [f"> **{_('Feedback from {name}').format(name=item.author)}** ({_date(item.created_at)})", ">"]
            lines += [f"> {line}" for line in item.text.splitlines()] + [""]
    if not entries:
        lines.append(_("No entry yet."))
    return "journal.md", "\n".join(lines).rstrip() + "\n"


def export_context(actor):
    """The context of the print-friendly page: ``{"entries": [...], "author": ...}``."""
    entries = journal.all_own_entries(actor)
    return {
        "author": actor.display_name,
        "entries": [
            {"title": entry_title(entry), "date": entry_date(entry), "entry": entry,
             "feedback": [{"author": f.author, "date": _date(f.created_at), "text": f.text} for f in entry.feedback]}
            for entry in entries
        ],
    }
