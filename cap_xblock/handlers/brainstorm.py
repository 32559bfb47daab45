"""Handlers of « Remue-méninges »: ideas on the guiding question, votes, themes, results.

Every write answers with the brainstorm as the person now sees it (``state``). The section's script
asks for the server-rendered part that changed instead (``answer``: ``fragment``): the board of the
brainstorm, or for a vote only its button and the votes left, or for a new idea only that idea.
"""

from .. import platform
from ..api import access, brainstorm
from ..api.data import Page, to_json
from ..api.validation import as_bool
from ..i18n import gettext as _
from .base import Section, json_handler
from .fragments import wants_fragment
from .host import BlockHost
from .submissions import once_per_submission


class BrainstormHandlers(BlockHost):
    """Mixin of the block: the community's brainstorm on the block's guiding question."""

    # Its Studio settings, defined by its declaration's ``fields`` (annotations only: the block's fields answer).
    vote_budget: int

    def brainstorm_settings(self):
        """The block's ``BrainstormSettings`` (each member's number of votes)."""
        return brainstorm.BrainstormSettings(vote_budget=self.vote_budget)

    def _brainstorm_view(self, actor, payload, page=None, theme=None):
        return brainstorm.brainstorm_view(
            actor, question=self.localized_question(), settings=self.brainstorm_settings(),
            community_id=payload.get("community_id"),
            page=payload.get("page") if page is None else page, results_page=payload.get("results_page"),
            theme=(payload.get("theme") or "") if theme is None else theme,
        )

    def _brainstorm_state(self, actor, payload):
        return to_json(self._brainstorm_view(actor, payload))

    def _brainstorm_board(self, view):
        """The board of the brainstorm (status, themes, a page of ideas, results), rendered and escaped."""
        return self._render("brainstorm_board.html", bs=view, results=_results(view))

    def _brainstorm_fragment(self, view):
        return {"id": view.id, "community_id": view.community_id, "html": self._brainstorm_board(view)}

    def _brainstorm_answer(self, actor, payload, event, data):
        platform.publish_event(self, f"cap.brainstorm.{event}", data)
        if wants_fragment(payload):
            return self._brainstorm_fragment(self._brainstorm_view(actor, payload))
        return {"state": self._brainstorm_state(actor, payload)}

    @json_handler("GET")
    def brainstorm_state(self, actor, payload):
        """The brainstorm of the person's community (``community_id`` for facilitators), a page of ideas
        (``page``, ``theme``) and the ranked results (``results_page``) when they are shown.
        With ``answer``: ``fragment``, ``{id, community_id, html}``: the board, rendered."""
        if wants_fragment(payload):
            return self._brainstorm_fragment(self._brainstorm_view(actor, payload))
        return self._brainstorm_state(actor, payload)

    def _idea_added_answer(self, actor, payload, new):
        """The new idea's part and the pager, when the person looks at the first page of every idea;
        otherwise the board drawn on that page. Facilitators also get the results (they see them move).

        Drawn from the brainstorm the idea landed in (``new``, a ``NewIdea``). A member's answer reads nothing
        more: a new idea has no theme and no votes, so nothing else changed on the page they see. The
        board and a facilitator's answer read the first page again, without the guiding question (not
        drawn; the brainstorm exists, so nothing is created from it)."""
        seen_first_page = str(payload.get("page") or "1") == "1" and not payload.get("theme")
        if seen_first_page and not new.can_facilitate:
            first_page = Page(items=[new.idea], page=1, page_size=new.page_size, total=new.total)
            return {"id": new.id, "community_id": new.community_id, "idea_id": new.idea.id,
                    "idea_html": self._render("brainstorm_idea.html", bs=new, idea=new.idea),
                    "pager_html": self._render("pager.html", page=first_page), "page_size": new.page_size,
                    "total": new.total}
        view = brainstorm.brainstorm_view(
            actor, question="", community_id=new.community_id, page=1, results_page=payload.get("results_page"),
            # The board draws the votes left; a facilitator's idea and the results do not.
            settings=None if seen_first_page else self.brainstorm_settings())
        if not seen_first_page:
            return self._brainstorm_fragment(view)
        idea = next((item for item in view.ideas.items if item.id == new.idea.id), None)
        answer = {"id": view.id, "community_id": view.community_id, "idea_id": new.idea.id,
                  "idea_html": self._render("brainstorm_idea.html", bs=view, idea=idea) if idea else "",
                  "pager_html": self._render("pager.html", page=view.ideas), "page_size": view.ideas.page_size,
                  "total": view.ideas.total}
        if view.results is not None:
            answer["results_html"] = self._render("brainstorm_results.html", bs=view, results=_results(view))
        return answer

    @json_handler("POST")
    @once_per_submission("idea")
    def brainstorm_add_idea(self, actor, payload):
        """Add an idea (``brainstorm_id``, ``text``)."""
        bid = payload.get("brainstorm_id")
        if wants_fragment(payload):
            new = brainstorm.add_idea_item(actor, brainstorm_id=bid, text=payload.get("text"))
            platform.publish_event(self, "cap.brainstorm.idea_added", {"brainstorm_id": new.id, "idea_id": new.idea.id})
            return self._idea_added_answer(actor, payload, new)
        idea_id = brainstorm.add_idea(actor, brainstorm_id=bid, text=payload.get("text"))
        return self._brainstorm_answer(actor, payload, "idea_added", {"brainstorm_id": int(bid), "idea_id": idea_id})

    @json_handler("POST")
    def brainstorm_vote(self, actor, payload):
        """Give a vote to an idea (``brainstorm_id``, ``idea_id``), or take it back (``withdraw``: true)."""
        bid = payload.get("brainstorm_id")
        if as_bool(payload.get("withdraw", False), "withdraw"):
            left = brainstorm.withdraw_vote(actor, brainstorm_id=bid, idea_id=payload.get("idea_id"),
                                            settings=self.brainstorm_settings())
            event = "vote_withdrawn"
        else:
            left = brainstorm.cast_vote(actor, brainstorm_id=bid, idea_id=payload.get("idea_id"),
                                        settings=self.brainstorm_settings())
            event = "voted"
        data = {"brainstorm_id": int(bid), "idea_id": int(payload.get("idea_id")), "votes_left": left}
        if wants_fragment(payload):
            # Only a member of an open brainstorm votes, and members see no totals while it is open:
            # what changed is the idea's button and the votes left. Nothing is read again.
            voted = event == "voted"
            platform.publish_event(self, "cap.brainstorm.voted" if voted else "cap.brainstorm.vote_withdrawn", data)
            status = {"status": "open", "can_vote": True, "votes_left": left,
                      "budget": brainstorm.budget_of(self.vote_budget)}
            return {"idea_id": data["idea_id"], "voted": voted, "votes_left": left,
                    "button_html": self._render("brainstorm_vote.html", idea={"id": data["idea_id"], "voted": voted}),
                    "status_html": self._render("brainstorm_status.html", bs=status)}
        return self._brainstorm_answer(actor, payload, event, data)

    @json_handler("POST")
    @once_per_submission("theme")
    def brainstorm_theme(self, actor, payload):
        """Open a theme (``brainstorm_id``, ``name``) or rename one (with ``theme_id``)."""
        bid = payload.get("brainstorm_id")
        if payload.get("theme_id") not in (None, ""):
            theme = brainstorm.rename_theme(actor, brainstorm_id=bid, theme_id=payload.get("theme_id"),
                                            name=payload.get("name"))
            event = "theme_renamed"
        else:
            theme = brainstorm.create_theme(actor, brainstorm_id=bid, name=payload.get("name"))
            event = "theme_created"
        return self._brainstorm_answer(actor, payload, event, {"brainstorm_id": int(bid), "theme_id": theme.id})

    @json_handler("POST")
    def brainstorm_group(self, actor, payload):
        """Put an idea under a theme (``brainstorm_id``, ``idea_id``, ``theme_id``; empty for none)."""
        bid = payload.get("brainstorm_id")
        theme_id = brainstorm.assign_theme(actor, brainstorm_id=bid, idea_id=payload.get("idea_id"),
                                           theme_id=payload.get("theme_id"))
        return self._brainstorm_answer(actor, payload, "idea_grouped", {
            "brainstorm_id": int(bid), "idea_id": int(payload.get("idea_id")), "theme_id": theme_id})

    @json_handler("POST")
    def brainstorm_close(self, actor, payload):
        """Close the vote (``closed``: true, the default) or open it again (``closed``: false)."""
        bid = payload.get("brainstorm_id")
        status = brainstorm.set_status(actor, brainstorm_id=bid, closed=payload.get("closed", True))
        event = "closed" if status == "closed" else "reopened"
        return self._brainstorm_answer(actor, payload, event, {"brainstorm_id": int(bid)})

    @json_handler("POST")
    def brainstorm_retain(self, actor, payload):
        """Mark an idea as retained by the community (``retained``: true) or not."""
        bid = payload.get("brainstorm_id")
        retained = brainstorm.set_retained(actor, brainstorm_id=bid, idea_id=payload.get("idea_id"),
                                           retained=payload.get("retained", True))
        return self._brainstorm_answer(actor, payload, "idea_retained", {
            "brainstorm_id": int(bid), "idea_id": int(payload.get("idea_id")), "retained": retained})

    def render_brainstorm_section(self, actor, _community_view):
        """The first view of the brainstorm, rendered on the server."""
        view = brainstorm.brainstorm_view(actor, question=self.localized_question(),
                                          settings=self.brainstorm_settings())
        # Facilitators of several communities, and course staff, choose the community they look at.
        choices = access.communities_to_choose(actor)
        choices = choices if len(choices) > 1 else []
        html = self._render("brainstorm.html", bs=view, choices=choices, results=_results(view))
        return Section(key="brainstorm", title=_("Brainstorming"), html=html, js_files=["brainstorm.js"],
                       strings=_strings())


def _results(view):
    """The ranked ideas of ``view`` with the width of their bar (percent of the top score)."""
    ranked = view.results.items if view.results else []
    return [(item, _bar_width(item.votes, view.top_votes)) for item in ranked]


def _bar_width(votes, top):
    return round(100 * votes / top) if top else 0


def _strings():
    return {
        "brainstorm_added": _("Your idea was added."),
        "brainstorm_report_reason": _("Why are you reporting this idea? Only the facilitation reads it."),
        "brainstorm_report_send": _("Send the report"),
        "brainstorm_reported": _("Thank you. The facilitation will look at it."),
        "brainstorm_hide_reason": _("Why hide this idea? Its author will see this reason."),
        "brainstorm_hide_send": _("Confirm hiding"),
        "brainstorm_closed": _("The vote is closed."),
        "brainstorm_reopened": _("The vote is open again."),
    }
