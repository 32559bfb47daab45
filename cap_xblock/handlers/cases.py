"""Handlers of "Cas (co-développement)": presenting cases and working through the six steps.

Answers carry the data (``case``, ``cases``) and the server-rendered,
autoescaped HTML of the part of the section that changed, so the script stays small.
The section's script asks for the lean answer (``answer``: ``fragment``): a new contribution
answers its own item and the counts, not the whole case again.
"""

import hashlib

from .. import platform
from ..api import cases
from ..api.data import to_json
from ..errors import CapError
from ..i18n import gettext as _
from .base import Section, json_handler
from .fragments import wants_fragment
from .host import BlockHost
from .submissions import once_per_submission


def _case_json(detail):
    return dict(to_json(detail), contributions=to_json(detail.contributions))


def _list_json(case_list):
    return dict(to_json(case_list), cases=to_json(case_list.cases))


class _SettingsOnDemand:  # pylint: disable=too-few-public-methods
    """The block's ``CaseSettings``, its Studio field read only when the api asks for it (each read is a
    query in the runtime; a contribution answered by its item needs none)."""

    def __init__(self, block):
        self._block = block

    @property
    def owner_can_advance(self):
        return bool(self._block.owner_can_advance)


class CaseHandlers(BlockHost):
    """Mixin of the block: the co-development cases of the person's community."""

    # Its Studio settings, defined by its declaration's ``fields`` (annotations only: the block's fields answer).
    owner_can_advance: bool

    def case_settings(self):
        """The block's ``CaseSettings`` (may a case's owner move its steps)."""
        return cases.CaseSettings(owner_can_advance=bool(self.owner_can_advance))

    def _cases_uid(self):
        return "cap-cases-" + hashlib.sha1(platform.block_key(self).encode("utf-8")).hexdigest()[:8]

    def _case_list_html(self, case_list):
        return self._render("cases_list.html", list=case_list, uid=self._cases_uid())

    def _case_html(self, detail):
        return self._render("case_detail.html", case=detail, uid=self._cases_uid(), steps=cases.case_steps.STEP_NAMES)

    def _contribution_answer(self, written, message):
        """The new contribution's item, the count and what is expected now (``written``: ``ContributionWritten``),
        and the question it answers when that question is on the same page."""
        uid, steps = self._cases_uid(), cases.case_steps.STEP_NAMES
        answer = {
            "contribution_id": written.item.id, "total": written.total, "message": message,
            "item_html": self._render("case_contribution.html", case=written.case, item=written.item, uid=uid,
                                      steps=steps, heading=written.heading),
            "count_html": self._render("case_count.html", total=written.total),
            "expected_html": self._render("case_expected.html", case=written.case),
        }
        if written.question is not None:
            # The question is answered: it no longer carries the form of the answer.
            answer["question_id"] = written.question.id
            answer["question_html"] = self._render("case_contribution.html", case=written.case,
                                                   item=written.question, uid=uid, steps=steps)
        return answer

    def _case_answer(self, actor, detail, message, with_list=False):
        answer = {"case": _case_json(detail), "html": self._case_html(detail), "message": message}
        if with_list:
            answer["list_html"] = self._case_list_html(cases.list_cases(actor, community_id=detail.community_id))
        return answer

    def render_cases_section(self, actor, community_view):  # pylint: disable=unused-argument
        """The first page of the community's cases, rendered on the server."""
        case_list = cases.list_cases(actor)
        html = self._render("cases.html", list_html=self._case_list_html(case_list), list=case_list,
                            uid=self._cases_uid())
        strings = {
            "cases_confirm_delete": _("Delete this draft? This cannot be undone."),
            "cases_useful_added": _("Marked as useful."),
            "cases_useful_removed": _("Mark taken back."),
            "cases_reported": _("Thank you. The facilitation will look at it."),
        }
        return Section(key="cases", title=_("Cases (co-development)"), html=html, js_files=["cases.js"],
                       strings=strings)

    @json_handler("GET")
    def cases_list(self, actor, payload):
        """A page of the community's cases (``community_id`` for facilitators and staff, ``page``)."""
        case_list = cases.list_cases(actor, community_id=payload.get("community_id"), page=payload.get("page"))
        return {"cases": _list_json(case_list), "html": self._case_list_html(case_list)}

    @json_handler("GET")
    def case_detail(self, actor, payload):
        """One case with a page of its contributions (``case_id``, ``page``)."""
        detail = cases.get_case(actor, case_id=payload.get("case_id"), page=payload.get("page"),
                                settings=self.case_settings())
        return {"case": _case_json(detail), "html": self._case_html(detail)}

    @json_handler("POST")
    @once_per_submission("case")
    def case_save(self, actor, payload):
        """Create a draft case (no ``case_id``) or change the owner's draft or presented case at step 1
        (``base_version``: the version the text was written on; 409 ``stale_version`` otherwise)."""
        creating = payload.get("case_id") in (None, "")
        try:
            detail = cases.save_draft(actor, title=payload.get("title"), context=payload.get("context"),
                                      problem=payload.get("problem"),
                                      tried=payload.get("tried"), confidentiality=payload.get("confidentiality"),
                                      case_id=payload.get("case_id"), community_id=payload.get("community_id"),
                                      base_version=payload.get("base_version"))
        except CapError as error:
            if error.code == "stale_version" and isinstance(error.details, dict) and wants_fragment(payload):
                # The text saved elsewhere, drawn by the server beside the person's own (kept in the form).
                error.extra["saved_elsewhere_html"] = self._render("case_saved_elsewhere.html", saved=error.details)
            raise
        platform.publish_event(self, "cap.cases.draft_saved" if creating or detail.is_draft else "cap.cases.edited",
                               {"case_id": detail.id, "community_id": detail.community_id})
        return self._case_answer(actor, detail, _("Saved."), with_list=True)

    @json_handler("POST")
    @once_per_submission("case_presentation")
    def case_present(self, actor, payload):
        """Present a draft to the community (it starts at step 1)."""
        detail = cases.present_case(actor, case_id=payload.get("case_id"))
        platform.publish_event(self, "cap.cases.presented", {"case_id": detail.id, "community_id": detail.community_id})
        self.record_progress(actor, one_more="cases")
        return self._case_answer(actor, detail, _("Your case is presented to the community."), with_list=True)

    @json_handler("POST")
    def case_delete(self, actor, payload):
        """Delete one of the owner's drafts."""
        case_id = payload.get("case_id")
        cases.delete_draft(actor, case_id=case_id)
        platform.publish_event(self, "cap.cases.draft_deleted", {"case_id": int(case_id)})
        case_list = cases.list_cases(actor)
        return {"html": "", "list_html": self._case_list_html(case_list), "message": _("The draft is deleted.")}

    @json_handler("POST")
    @once_per_submission("case_contribution")
    def case_contribute(self, actor, payload):
        """Write in the case's current step (``case_id``, ``step`` as seen, ``body``, ``reply_to`` for answers).

        With ``answer``: ``fragment`` and ``page`` the page the person looks at, when it is the one the
        contribution lands on (the last): its item and the counts; otherwise the whole case at its last page.
        """
        page = payload.get("page") if wants_fragment(payload) else None
        written = cases.write_contribution(actor, case_id=payload.get("case_id"), step=payload.get("step"),
                                           body=payload.get("body"), reply_to=payload.get("reply_to"),
                                           page=page, settings=_SettingsOnDemand(self))
        platform.publish_event(self, "cap.cases.contributed", {
            "case_id": written.case.id, "contribution_id": written.item.id, "step": written.case.step,
            "kind": written.item.kind})
        if written.first_in_case:
            # Completion and the grade count the cases taken part in: a further contribution changes neither.
            self.record_progress(actor, one_more="cases")
        message = _("Your contribution is published.")
        if written.detail is None:
            return self._contribution_answer(written, message)
        if wants_fragment(payload):
            return {"html": self._case_html(written.detail), "message": message}
        return self._case_answer(actor, written.detail, message)

    @json_handler("POST")
    def case_move(self, actor, payload):
        """Move the case to the next step or back (``case_id``, ``from_step``, ``direction``: next|back)."""
        before = payload.get("from_step")
        detail = cases.move_step(actor, case_id=payload.get("case_id"), from_step=before,
                                 direction=payload.get("direction"),
                                 settings=self.case_settings())
        platform.publish_event(self, "cap.cases.step_moved", {
            "case_id": detail.id, "from_step": int(before), "to_step": detail.step})
        # Translators: {step} is the name of a co-development step.
        message = _("The case is now at the step « {step} ».").format(step=detail.step_name)
        return self._case_answer(actor, detail, message, with_list=True)

    @json_handler("POST")
    def case_deadline(self, actor, payload):
        """Set or clear the due date of a step (``case_id``, ``step``, ``due_on``: YYYY-MM-DD or empty)."""
        detail = cases.set_deadline(actor, case_id=payload.get("case_id"), step=payload.get("step"),
                                    due_on=payload.get("due_on"),
                                    settings=self.case_settings())
        step = int(payload.get("step"))
        platform.publish_event(self, "cap.cases.deadline_set", {
            "case_id": detail.id, "step": step, "due_on": detail.deadlines.get(step)})
        return self._case_answer(actor, detail, _("Saved."), with_list=True)

    @json_handler("POST")
    def case_useful(self, actor, payload):
        """Mark a contribution as useful or take the mark back (``contribution_id``, ``useful``: true|false)."""
        count, mine = cases.mark_useful(actor, contribution_id=payload.get("contribution_id"),
                                        useful=payload.get("useful", True))
        platform.publish_event(self, "cap.cases.useful_marked", {
            "contribution_id": int(payload.get("contribution_id")), "useful": mine})
        answer = {"useful": count, "useful_by_me": mine}
        if wants_fragment(payload):
            answer["html"] = self._render("case_useful.html", item={"id": int(payload.get("contribution_id")),
                                                                    "useful": count, "useful_by_me": mine})
        return answer
