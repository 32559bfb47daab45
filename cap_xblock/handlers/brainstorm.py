"""Handlers of « Remue-méninges »: ideas on the guiding question, votes, themes, results.

Every write answers with the brainstorm as the person now sees it (``state``),
so the page redraws from one answer.
"""

from .. import platform
from ..api import access, brainstorm
from ..api.data import to_json
from ..api.validation import as_bool
from ..i18n import gettext as _
from ..i18n import ngettext
from .base import Section, json_handler
from .host import BlockHost
from .submissions import once_per_submission


class BrainstormHandlers(BlockHost):
    """Mixin of the block: the community's brainstorm on the block's guiding question."""

    def _brainstorm_state(self, actor, payload):
        view = brainstorm.brainstorm_view(
            actor, self.localized_question(), budget=self.vote_budget, community_id=payload.get("community_id"),
            page=payload.get("page"), results_page=payload.get("results_page"), theme=payload.get("theme") or "",
        )
        return to_json(view)

    def _brainstorm_answer(self, actor, payload, event, data):
        platform.publish_event(self, f"cap.brainstorm.{event}", data)
        return {"state": self._brainstorm_state(actor, payload)}

    @json_handler("GET")
    def brainstorm_state(self, actor, payload):
        """The brainstorm of the person's community (``community_id`` for facilitators), a page of ideas
        (``page``, ``theme``) and the ranked results (``results_page``) when they are shown."""
        return self._brainstorm_state(actor, payload)

    @json_handler("POST")
    @once_per_submission("idea")
    def brainstorm_add_idea(self, actor, payload):
        """Add an idea (``brainstorm_id``, ``text``)."""
        bid = payload.get("brainstorm_id")
        idea_id = brainstorm.add_idea(actor, bid, payload.get("text"))
        return self._brainstorm_answer(actor, payload, "idea_added", {"brainstorm_id": int(bid), "idea_id": idea_id})

    @json_handler("POST")
    def brainstorm_vote(self, actor, payload):
        """Give a vote to an idea (``brainstorm_id``, ``idea_id``), or take it back (``withdraw``: true)."""
        bid = payload.get("brainstorm_id")
        if as_bool(payload.get("withdraw", False), "withdraw"):
            left = brainstorm.withdraw_vote(actor, bid, payload.get("idea_id"), budget=self.vote_budget)
            event = "vote_withdrawn"
        else:
            left = brainstorm.cast_vote(actor, bid, payload.get("idea_id"), budget=self.vote_budget)
            event = "voted"
        return self._brainstorm_answer(actor, payload, event, {"brainstorm_id": int(bid),
                                                               "idea_id": int(payload.get("idea_id")),
                                                               "votes_left": left})

    @json_handler("POST")
    @once_per_submission("theme")
    def brainstorm_theme(self, actor, payload):
        """Open a theme (``brainstorm_id``, ``name``) or rename one (with ``theme_id``)."""
        bid = payload.get("brainstorm_id")
        if payload.get("theme_id") not in (None, ""):
            theme = brainstorm.rename_theme(actor, bid, payload.get("theme_id"), payload.get("name"))
            event = "theme_renamed"
        else:
            theme = brainstorm.create_theme(actor, bid, payload.get("name"))
            event = "theme_created"
        return self._brainstorm_answer(actor, payload, event, {"brainstorm_id": int(bid), "theme_id": theme.id})

    @json_handler("POST")
    def brainstorm_group(self, actor, payload):
        """Put an idea under a theme (``brainstorm_id``, ``idea_id``, ``theme_id``; empty for none)."""
        bid = payload.get("brainstorm_id")
        theme_id = brainstorm.assign_theme(actor, bid, payload.get("idea_id"), payload.get("theme_id"))
        return self._brainstorm_answer(actor, payload, "idea_grouped", {
            "brainstorm_id": int(bid), "idea_id": int(payload.get("idea_id")), "theme_id": theme_id})

    @json_handler("POST")
    def brainstorm_close(self, actor, payload):
        """Close the vote (``closed``: true, the default) or open it again (``closed``: false)."""
        bid = payload.get("brainstorm_id")
        status = brainstorm.set_status(actor, bid, payload.get("closed", True))
        event = "closed" if status == "closed" else "reopened"
        return self._brainstorm_answer(actor, payload, event, {"brainstorm_id": int(bid)})

    @json_handler("POST")
    def brainstorm_retain(self, actor, payload):
        """Mark an idea as retained by the community (``retained``: true) or not."""
        bid = payload.get("brainstorm_id")
        retained = brainstorm.set_retained(actor, bid, payload.get("idea_id"), payload.get("retained", True))
        return self._brainstorm_answer(actor, payload, "idea_retained", {
            "brainstorm_id": int(bid), "idea_id": int(payload.get("idea_id")), "retained": retained})

    def render_brainstorm_section(self, actor, _community_view):
        """The first view of the brainstorm, rendered on the server."""
        view = brainstorm.brainstorm_view(actor, self.localized_question(), budget=self.vote_budget)
        # Facilitators of several communities, and course staff, choose the community they look at.
        choices = access.communities_to_choose(actor)
        choices = choices if len(choices) > 1 else []
        ranked = view.results.items if view.results else []
        results = [(item, _bar_width(item.votes, view.top_votes)) for item in ranked]
        html = self._render("brainstorm.html", bs=view, choices=choices, results=results)
        return Section(key="brainstorm", title=_("Brainstorming"), html=html, js_files=["brainstorm.js"],
                       strings=_strings())


def _bar_width(votes, top):
    return round(100 * votes / top) if top else 0


def _votes(count):
    # Translators: {count} is a number of votes received by an idea.
    return ngettext("{count} vote", "{count} votes", count)


def _ideas(count):
    # Translators: {count} is a number of ideas grouped under a theme.
    return ngettext("{count} idea", "{count} ideas", count)


def _strings():
    return {
        # The forms of "{count} vote(s)" for 0, 1 and several, as this language says them.
        "brainstorm_votes0": _votes(0),
        "brainstorm_votes1": _votes(1),
        "brainstorm_votes": _votes(2),
        # Translators: {left} votes a member can still give, out of {budget}.
        "brainstorm_left": _("Votes left: {left} of {budget}"),
        "brainstorm_ideas0": _ideas(0),
        "brainstorm_ideas1": _ideas(1),
        "brainstorm_ideas": _ideas(2),
        "brainstorm_open": _("The vote is open."),
        "brainstorm_no_themes": _("No theme yet."),
        "brainstorm_no_ideas": _("No idea yet: be the first to add one."),
        "brainstorm_vote": _("Vote"),
        "brainstorm_unvote": _("Withdraw my vote"),
        "brainstorm_retain": _("Retained"),
        "brainstorm_theme": _("Theme"),
        "brainstorm_no_theme": _("No theme"),
        # Translators: who added an idea; {name} is a person's name.
        "brainstorm_by": _("by {name}"),
        "brainstorm_rename": _("Rename"),
        "brainstorm_added": _("Your idea was added."),
        "brainstorm_report": _("Report"),
        "brainstorm_report_reason": _("Why are you reporting this idea? Only the facilitation reads it."),
        "brainstorm_report_send": _("Send the report"),
        "brainstorm_reported": _("Thank you. The facilitation will look at it."),
        "brainstorm_hide": _("Hide"),
        "brainstorm_hide_reason": _("Why hide this idea? Its author will see this reason."),
        "brainstorm_hide_send": _("Confirm hiding"),
        "brainstorm_restore": _("Restore"),
        "brainstorm_hidden": _("This idea was hidden by the facilitation."),
        # Translators: {reason} is what the facilitator wrote when hiding the idea.
        "brainstorm_hidden_mine": _("This idea was hidden by the facilitation. Reason: {reason}"),
        "brainstorm_closed": _("The vote is closed."),
        "brainstorm_reopened": _("The vote is open again."),
        "brainstorm_close": _("Close the vote"),
        "brainstorm_reopen": _("Open the vote again"),
    }
