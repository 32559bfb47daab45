"""Handlers of the "Journal réflexif": write, share, answer, look back, download.

Privacy is decided in ``api.journal``; these handlers parse and answer.
Tracking events carry ids, lengths and the shared flag, never journal text.
"""

import hashlib

from webob import Response

from .. import i18n, platform
from ..api import journal, journal_export
from ..api.data import to_json
from ..errors import InvalidInput
from ..i18n import gettext as _
from .base import Section, json_handler
from .fragments import wants_fragment
from .host import BlockHost
from .submissions import once_per_submission


def _journal_uid(actor):
    """The prefix of the journal section's ids (one per block on a page)."""
    return "cap-journal-" + hashlib.sha1(actor.block_key.encode("utf-8")).hexdigest()[:8]


def _entry_event(entry, **extra):
    data = {"entry_id": entry.id, "version": entry.version, "shared": entry.shared, "length": entry.length}
    data.update(extra)
    return data


class JournalHandlers(BlockHost):
    """Mixin of the block: the reflective journal of learners and the feedback of facilitators."""

    def journal_prompts_shown(self):
        """The prompts of this block (its author's, or the default ones in the reader's language)."""
        return journal.prompts_for(getattr(self, "journal_prompts", None))

    @json_handler("GET")
    def journal_entries(self, actor, payload):
        """A page of the actor's own entries (``scope``: block or course)."""
        page = journal.list_entries(actor, scope=payload.get("scope"), page=payload.get("page"))
        return self._journal_list(page, False) if wants_fragment(payload) else to_json(page)

    def _journal_list(self, page, reader):
        """A page of entries rendered (answer: "fragment"): the items and the pager."""
        return {"html": self._render("journal_items.html", items=page.items, reader=reader),
                "pager_html": self._render("pager.html", page=page)}

    @json_handler("GET")
    def journal_entry(self, actor, payload):
        """One entry, for its author or a facilitator it is shared with."""
        entry = journal.get_entry(actor, entry_id=payload.get("entry_id"))
        return self._entry_answer(actor, entry) if wants_fragment(payload) else to_json(entry)

    def _entry_answer(self, actor, entry):
        """An entry drawn (answer: "fragment"): what the editor keeps of it (id, version, sharing, link), the
        reader's title, its text and its feedback; for its author, the editor's fields holding the entry."""
        answer = {key: getattr(entry, key) for key in ("id", "version", "title", "shared", "link_kind", "link_id",
                                                       "author")}
        answer["reader_title"] = f"{entry.title or _('Untitled entry')} — {entry.author}"
        answer["body_html"] = self._render("journal_body.html", answers=entry.answers, free_text=entry.free_text)
        answer["feedback_html"] = self._render("journal_feedback.html", feedback=entry.feedback)
        if entry.is_author:
            prompts = self.journal_prompts_shown()
            texts = {a.get("prompt"): a.get("text") or "" for a in entry.answers}
            fields = [(p, texts.get(p, "")) for p in prompts]
            fields += [(p, text) for p, text in texts.items() if p not in prompts]
            answer["fields_html"] = self._render("journal_fields.html", uid=_journal_uid(actor), fields=fields,
                                                 entry_title=entry.title, free_text=entry.free_text)
        return answer

    @json_handler("POST")
    @once_per_submission("journal_entry")
    def journal_save(self, actor, payload):
        """Create (no ``entry_id``) or save an entry: ``title``, ``answers``, ``free_text``, ``base_version``."""
        entry = journal.save_entry(
            actor, entry_id=payload.get("entry_id"), title=payload.get("title"), answers=payload.get("answers"),
            free_text=payload.get("free_text"),
            base_version=payload.get("base_version"), checkpoint=payload.get("checkpoint", False),
        )
        created = payload.get("entry_id") in (None, "")
        platform.publish_event(self, "cap.journal.saved", _entry_event(
            entry, created=created, checkpoint=payload.get("checkpoint") is True))
        if created:
            self.record_progress(actor, one_more="journal_entries")
        return to_json(entry)

    @json_handler("POST")
    def journal_share(self, actor, payload):
        """Share an entry with the facilitators of the author's community."""
        entry = journal.share_entry(actor, entry_id=payload.get("entry_id"))
        platform.publish_event(self, "cap.journal.shared", _entry_event(entry))
        return to_json(entry)

    @json_handler("POST")
    def journal_withdraw(self, actor, payload):
        """Stop sharing an entry."""
        entry = journal.withdraw_entry(actor, entry_id=payload.get("entry_id"))
        platform.publish_event(self, "cap.journal.withdrawn", _entry_event(entry))
        return to_json(entry)

    @json_handler("POST")
    def journal_link(self, actor, payload):
        """Link an entry to a case or a brainstorm of the author (``kind``, ``target_id``; ``kind`` "" unlinks)."""
        entry = journal.link_entry(actor, entry_id=payload.get("entry_id"), kind=payload.get("kind"),
                                   target_id=payload.get("target_id"))
        platform.publish_event(self, "cap.journal.linked", {"entry_id": entry.id, "kind": entry.link_kind,
                                                            "target_id": entry.link_id})
        return to_json(entry)

    @json_handler("GET")
    def journal_link_choices(self, actor, payload):
        """The cases and brainstorms the actor may link an entry to (answer: "fragment": their options)."""
        choices = journal.link_choices(actor)
        if wants_fragment(payload):
            return {"html": self._render("journal_link_choices.html", choices=choices)}
        return choices

    @json_handler("GET")
    def journal_versions(self, actor, payload):
        """A page of the earlier versions of the actor's own entry (answer: "fragment": their buttons)."""
        page = journal.list_versions(actor, entry_id=payload.get("entry_id"), page=payload.get("page"))
        if wants_fragment(payload):
            return {"html": self._render("journal_versions.html", items=page.items)}
        return to_json(page)

    @json_handler("GET")
    def journal_version(self, actor, payload):
        """One earlier version of the actor's own entry (answer: "fragment": its text drawn, under its date)."""
        version = journal.get_version(actor, entry_id=payload.get("entry_id"), number=payload.get("number"))
        if wants_fragment(payload):
            return {"number": version["number"], "html": self._render(
                "journal_body.html", version=version, answers=version["answers"], free_text=version["free_text"])}
        return version

    @json_handler("GET")
    def journal_shared(self, actor, payload):
        """A page of the entries shared with the facilitator, newest share first."""
        page = journal.list_shared(actor, page=payload.get("page"))
        return self._journal_list(page, True) if wants_fragment(payload) else to_json(page)

    @json_handler("POST")
    @once_per_submission("journal_feedback")
    def journal_feedback(self, actor, payload):
        """A facilitator's written feedback on a shared entry (``entry_id``, ``text``)."""
        feedback = journal.give_feedback(actor, entry_id=payload.get("entry_id"), text=payload.get("text"))
        platform.publish_event(self, "cap.journal.feedback_given", {
            "entry_id": feedback.entry_id, "feedback_id": feedback.id, "length": len(feedback.text)})
        return to_json(feedback)

    @json_handler("GET")
    def journal_counts(self, actor, payload):  # pylint: disable=unused-argument
        """How many entries, authors, shared entries and feedback the course has. Staff only."""
        return to_json(journal.journal_counts(actor))

    @json_handler("GET")
    def journal_export(self, actor, payload):
        """All the actor's entries of the course: ``format`` markdown (a download) or html (a page to print)."""
        kind = payload.get("format") or "markdown"
        if kind == "html":
            html = self._render("journal_print.html", language=i18n.current_language(),
                                **journal_export.export_context(actor))
            response = Response(body=html.encode("utf-8"), content_type="text/html", charset="utf-8")
        elif kind == "markdown":
            filename, text = journal_export.export_markdown(actor)
            response = Response(body=text.encode("utf-8"), content_type="text/markdown", charset="utf-8")
            response.content_disposition = f'attachment; filename="{filename}"'
        else:
            raise InvalidInput(_("Unknown download format."), code="invalid_format")
        platform.publish_event(self, "cap.journal.exported", {"format": kind})
        return response

    # --- the section of the learner view --------------------------------------------

    def render_journal_section(self, actor, community_view):
        """The journal section: the editor and one's entries; shared entries for facilitators; counts for staff."""
        context = {
            "role": community_view.role,
            "uid": _journal_uid(actor),
            "draft_key": journal.draft_key(actor),
            "markdown_url": self.runtime.handler_url(self, "journal_export", query="format=markdown"),
            "print_url": self.runtime.handler_url(self, "journal_export", query="format=html"),
        }
        if community_view.role == "staff":
            context["counts"] = journal.journal_counts(actor)
        else:
            context["fields"] = [(prompt, "") for prompt in self.journal_prompts_shown()]
            context["entries"] = journal.list_entries(actor, scope="block", page=1)
        if community_view.led:
            # A member of the course team who also facilitates reads what their communities share.
            context["shared"] = journal.list_shared(actor, page=1)
        html = self._render("journal.html", **context)
        if community_view.role == "staff" and not community_view.led:
            return Section(key="journal", title=_("Reflective journal"), html=html)
        # The facilitator's reader is a separate script, so learners do not download it.
        scripts = ["journal_reader.js", "journal.js"] if community_view.led else ["journal.js"]
        return Section(key="journal", title=_("Reflective journal"), html=html, js_files=scripts, strings=_strings())


def _strings():
    return {
        "journal_saving": _("Saving…"),
        # Translators: {time} is the time of day of the save.
        "journal_saved": _("Saved at {time}."),
        # Translators: {seconds} is a number of seconds.
        "journal_offline": _("Not saved: the server could not be reached. Your text is kept in this browser; "
                             "we try again in {seconds} s."),
        "journal_unsaved": _("Changes not saved yet."),
        "journal_restored": _("A draft that had not reached the server was restored from this browser."),
        "journal_stale_restored": _("Your text from another tab or an earlier visit was restored: it was not saved, "
                                    "because the entry changed elsewhere meanwhile. The saved text is shown below: "
                                    "keep what you need; your next change saves this text."),
        "journal_saved_elsewhere": _("The text saved elsewhere meanwhile"),
        "journal_shared": _("Shared with your facilitator(s)"),
        "journal_private": _("Private"),
        "journal_untitled": _("Untitled entry"),
        "journal_new": _("New entry"),
        "journal_sent": _("Feedback sent. Only the author reads it."),
        "journal_shared_ok": _("Entry shared with your facilitator(s)."),
        "journal_withdrawn_ok": _("Sharing withdrawn: only you can read this entry."),
    }
