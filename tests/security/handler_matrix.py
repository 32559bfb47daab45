"""The expected answer of every handler of the block to every role, with a valid request for each.

The handlers are discovered on ``CapXBlock`` (``tests.security.test_authorization_matrix``
fails for a handler without an entry here, and for an entry whose handler is gone).
Each ``Entry`` builds a request that is *valid* for a permitted person, so a
refusal in the matrix is a refusal of the person, never of a malformed request.

The roles, in the demo course:
  anonymous          nobody signed in (``?student=`` empty)
  learner            a member of the community acted on (Les Baobabs)
  peer               another member of Les Baobabs, for what belongs to the learner (drafts, journal)
  other_learner      a member of another community (Les Palétuviers)
  facilitator        the facilitator of Les Baobabs
  other_facilitator  the facilitator of Les Palétuviers and Les Érables only
  staff              course staff
"""

import json
from dataclasses import dataclass, field
from typing import Callable

from django.db import transaction

ROLES = {
    "anonymous": "",
    "learner": "learner1",
    "peer": "learner4",
    "other_learner": "learner9",
    "facilitator": "facilitator1",
    "other_facilitator": "facilitator2",
    "staff": "staff",
}


def statuses(anonymous=403, learner=200, other_learner=200, facilitator=200, other_facilitator=200, staff=200,
             peer=None):
    """A role -> HTTP status mapping (keyword per role; a peer is answered as the learner unless told)."""
    return {"anonymous": anonymous, "learner": learner, "peer": learner if peer is None else peer,
            "other_learner": other_learner,
            "facilitator": facilitator, "other_facilitator": other_facilitator, "staff": staff}


# The usual shapes of a rule.
EVERYONE_SIGNED_IN = statuses()
STAFF_ONLY = statuses(learner=403, other_learner=403, facilitator=403, other_facilitator=403)
# Things of one community: its members, its facilitators and staff; others are told it does not exist.
COMMUNITY_MEMBERS = statuses(other_learner=404, other_facilitator=404)
# Facilitation of one community: its facilitators and staff.
COMMUNITY_FACILITATORS = statuses(learner=403, other_learner=404, other_facilitator=404)
# What only a member (learner) of the community does: present a case, vote, accept the charter.
MEMBERS_ONLY = statuses(other_learner=404, facilitator=403, other_facilitator=404, staff=403)
# A draft case of learner1: nobody else knows it exists.
OWNER_ONLY = statuses(peer=404, other_learner=404, facilitator=404, other_facilitator=404, staff=404)
# A journal entry of learner1: private to its author...
AUTHOR_ONLY = OWNER_ONLY
# ...and, while shared, readable by the facilitators of the author's community.
AUTHOR_AND_ITS_FACILITATOR = statuses(peer=404, other_learner=404, other_facilitator=404, staff=404)
# A post of learner1: its author edits or deletes it; moderators hide it instead.
POST_AUTHOR_ONLY = statuses(peer=403, other_learner=404, facilitator=403, other_facilitator=404, staff=403)


@dataclass
class Context:
    """What a payload builder may use: the two communities and calls through the workbench."""

    community: int  # Les Baobabs
    other_community: int  # Les Palétuviers
    role: str
    student: str
    workbench: object

    def call(self, handler, student, data=None, method="POST"):
        """Call ``handler`` as ``student`` to prepare something; returns the JSON answer (must be 2xx)."""
        if method == "GET":
            status, body = self.workbench.get(handler, student, data)
        else:
            status, body = self.workbench.post(handler, student, data)
        assert 200 <= status < 300, (handler, student, status, body)
        return body

    def get(self, handler, student, params=None):
        """GET ``handler`` as ``student`` to prepare something; returns the JSON answer (must be 2xx)."""
        return self.call(handler, student, params, method="GET")

    def accept_charter(self, student, community_id=None):
        """``student`` (a member) accepts their community's current charter, as the course asks."""
        state = self.get("charter_state", student, {"community_id": community_id} if community_id else {})
        self.call("charter_accept", student, {"community_id": state["community_id"], "version": state["version"]})


@dataclass(frozen=True)
class Entry:
    """The expected status per role, and a valid request (``payload(ctx)`` -> dict) for the handler."""

    expected: dict
    payload: Callable = field(default=lambda ctx: {})
    json_answer: bool = True  # False for downloads (CSV)


class _Undo(Exception):
    pass


def undone(call):
    """Run ``call`` and roll back what it wrote (so that each role meets the same data); returns its result."""
    result = []
    try:
        with transaction.atomic():
            result.append(call())
            raise _Undo()
    except _Undo:
        pass
    return result[0]


def send(workbench, handler, method, student, payload, token=True):
    """Call ``handler`` as ``student`` like the block's script does (GET parameters or a JSON body)."""
    if method == "GET":
        return workbench.raw_get(handler, student, payload)
    headers = {"HTTP_X_CSRFTOKEN": workbench.csrf()} if token else {}
    return workbench.client.post(workbench.url(handler, student), json.dumps(payload),
                                 content_type="application/json", **headers)


def make_context(workbench, communities, role):
    """The ``Context`` of one request as ``role``; the members used here have accepted their charter."""
    ctx = Context(community=communities["Les Baobabs"], other_community=communities["Les Palétuviers"],
                  role=role, student=ROLES[role] if role in ROLES else role, workbench=workbench)
    for member in ("learner1", "learner2", "learner3", "learner4", "learner9"):
        ctx.accept_charter(member)
    return ctx


# --- what the requests act on: made by other members of Les Baobabs ---------------------------------
# learner1 is the "learner" role; learner2 and learner3 are other members of the same community.

def _brainstorm(ctx):
    return ctx.get("brainstorm_state", "learner2", {"community_id": ctx.community})["id"]


def _idea(ctx):
    brainstorm_id = _brainstorm(ctx)
    state = ctx.call("brainstorm_add_idea", "learner2", {"brainstorm_id": brainstorm_id,
                                                         "text": "Associer les chefs de village dès le diagnostic"})
    return brainstorm_id, state["state"]["ideas"]["items"][0]["id"]


def _theme(ctx, brainstorm_id):
    state = ctx.call("brainstorm_theme", "facilitator1", {"brainstorm_id": brainstorm_id, "name": "Gouvernance"})
    return state["state"]["themes"][0]["id"]


CASE_TEXT = {"title": "Un comité de pilotage qui ne se réunit plus", "context": "Projet d'eau potable à Kaolack.",
             "problem": "Les élus locaux ne viennent plus aux réunions.", "tried": "Relances par courrier.",
             "confidentiality": "community"}


def _draft(ctx, owner):
    return ctx.call("case_save", owner, dict(CASE_TEXT, community_id=ctx.community))["case"]["id"]


def _case(ctx, step=1):
    """A case of learner2, presented, moved on to ``step`` by the facilitator."""
    case_id = _draft(ctx, "learner2")
    ctx.call("case_present", "learner2", {"case_id": case_id})
    for current in range(1, step):
        ctx.call("case_move", "facilitator1", {"case_id": case_id, "from_step": current, "direction": "next"})
    return case_id


def _question(ctx):
    """A question of learner3 on learner2's case (step 2)."""
    case_id = _case(ctx, step=2)
    body = ctx.call("case_contribute", "learner3", {"case_id": case_id, "step": 2,
                                                    "body": "Qui convoque le comité ?"})
    return body["case"]["contributions"]["items"][-1]["id"]


def _entry(ctx, shared=False, checkpoint=False):
    """A journal entry of learner1 (the "learner" role), shared with the facilitator when ``shared``."""
    entry = ctx.call("journal_save", "learner1", {"title": "Ce que j'ai appris", "checkpoint": checkpoint,
                                                  "free_text": "Écouter avant de proposer."})
    if shared:
        ctx.call("journal_share", "learner1", {"entry_id": entry["id"]})
    return entry["id"]


def _thread(ctx, author="learner2"):
    return ctx.call("discussion_start", author, {"community_id": ctx.community, "title": "Réunions de village",
                                                 "body": "Comment les rendre utiles à tous ?"})["id"]


def _pending_post(ctx):
    ctx.call("submit_studio_edits", "staff", {"values": {"premoderation": True}, "defaults": []})
    return _thread(ctx)


def _report(ctx):
    return ctx.call("moderation_report", "learner3", {"post_id": _thread(ctx), "reason": "Propos blessants"})["id"]


# --- Savoirs partagés ---------------------------------------------------------------------------------
# A sheet concerns its owner (learner1 here), its author, the people it quotes by name and the facilitators of
# its community (staff everywhere); nobody else knows it exists until it is published with every consent.
SHEET_CONCERNED = statuses(peer=404, other_learner=404, other_facilitator=404)
SHEET_OWNER_CONSENTS = statuses(peer=404, other_learner=404, facilitator=403, other_facilitator=404, staff=403)
SHEET_FACILITATORS = statuses(learner=403, peer=404, other_learner=404, other_facilitator=404)
SHEET_TEXT = {"title": "Animer un comité de suivi", "summary": "Ce qui a marché.", "themes": "Animation",
              "body": "Des petits groupes de trois avant la plénière."}


def _sheet(ctx, owner="learner1", quote=None):
    """A sheet written by ``owner`` in Les Baobabs (a draft: seen by the people it concerns only)."""
    sheet = ctx.call("knowledge_create", owner, dict(SHEET_TEXT, community_id=ctx.community))["sheet"]
    if quote:
        sheet = ctx.call("knowledge_quote", owner, {"sheet_id": sheet["id"], "user_id": quote})["sheet"]
    return sheet


def _consented_sheet(ctx, level="community"):
    sheet = _sheet(ctx)
    ctx.call("knowledge_consent", "learner1", {"sheet_id": sheet["id"], "level": level, "version": sheet["version"]})
    return {"sheet_id": sheet["id"], "level": level, "version": sheet["version"]}


def _published_sheet(ctx):
    """A sheet of learner2 published to the whole course."""
    sheet = _sheet(ctx, owner="learner2")
    ctx.call("knowledge_consent", "learner2", {"sheet_id": sheet["id"], "level": "course", "version": sheet["version"]})
    ctx.call("knowledge_publish", "facilitator1",
             {"sheet_id": sheet["id"], "level": "course", "version": sheet["version"]})
    return sheet["id"]


def _finished_case_source(ctx):
    """A case of learner2 at step 6, as a source of a sheet (its owner and facilitator draft from it)."""
    return {"source": f"case:{_case(ctx, step=6)}"}


def _quoted(ctx):
    sheet = _sheet(ctx, quote="learner3")
    return {"sheet_id": sheet["id"], "quote_id": sheet["quoted"][0]["id"], "anonymised": True}


def _community(ctx):
    return {"community_id": ctx.community}


def _session(ctx, started=False):
    """A session of Les Baobabs planned by its facilitator (started an hour ago when ``started``)."""
    import datetime  # pylint: disable=import-outside-toplevel

    from django.utils import timezone  # pylint: disable=import-outside-toplevel

    from cap_xblock.models import Session  # pylint: disable=import-outside-toplevel

    day = (timezone.now().date() + datetime.timedelta(days=5)).isoformat()
    session_id = ctx.call("session_plan", "facilitator1", {
        "community_id": ctx.community, "title": "Rencontre de février", "day": day, "time": "18:00",
        "time_zone": "Africa/Dakar", "duration": 90, "mode": "virtual", "link": "https://meet.example.org/f"})[
        "session"]["id"]
    if started:
        row = Session.objects.get(id=session_id)
        row.starts_at = timezone.now() - datetime.timedelta(hours=1)
        row.save()
    return session_id


def _session_fields(ctx):
    session_id = _session(ctx)
    detail = ctx.get("session_detail", "facilitator1", {"session_id": session_id})["session"]
    return {"session_id": session_id, "base_version": detail["version"], "title": "Rencontre déplacée",
            "day": detail["local_date"], "time": "19:00", "time_zone": "Africa/Dakar", "duration": 60,
            "mode": "virtual", "link": "https://meet.example.org/f"}


def _feed_token(ctx):
    from cap_xblock.models import CalendarToken  # pylint: disable=import-outside-toplevel

    ctx.call("calendar_address", "learner1", {"regenerate": True})
    row = CalendarToken.objects.get(user_id="learner1")
    return {"token": f"{row.key}.{row.secret}"}


def _live(ctx):
    return ctx.call("live_start", "facilitator1", {"case_id": _case(ctx)})["live"]["id"]

def _unsubscribe_token(student):
    """The token of ``student``'s unsubscribe links, as the e-mails carry it."""
    from cap_xblock.api import notifications  # pylint: disable=import-outside-toplevel
    from cap_xblock.platform import WORKBENCH_COURSE_KEY  # pylint: disable=import-outside-toplevel

    return notifications.token_for(WORKBENCH_COURSE_KEY, student)



MATRIX = {
    # --- Ma communauté ---------------------------------------------------------------------------
    "community_state": Entry(EVERYONE_SIGNED_IN),
    "community_detail": Entry(COMMUNITY_MEMBERS, lambda ctx: {"community_id": ctx.community}),
    # --- Gérer les communautés (course staff) -----------------------------------------------------
    "manage_communities": Entry(STAFF_ONLY, lambda ctx: {"page": 1}),
    "manage_settings": Entry(STAFF_ONLY, lambda ctx: {"target_size": 12, "assignment_mode": "manual"}),
    "manage_create": Entry(STAFF_ONLY, lambda ctx: {"name": "Les Fromagers"}),
    "manage_rename": Entry(STAFF_ONLY, lambda ctx: {"community_id": ctx.community, "name": "Les Kapokiers"}),
    "manage_archive": Entry(STAFF_ONLY, lambda ctx: {"community_id": ctx.community, "archived": True}),
    "manage_people": Entry(STAFF_ONLY, lambda ctx: {"q": "Diallo"}),
    "manage_place": Entry(STAFF_ONLY, lambda ctx: {"user_id": "learner23", "community_id": ctx.community}),
    "manage_unplace": Entry(STAFF_ONLY, lambda ctx: {"user_id": "learner2"}),
    "manage_add_facilitator": Entry(STAFF_ONLY, lambda ctx: {"community_id": ctx.community,
                                                             "user_id": "facilitator2"}),
    "manage_remove_facilitator": Entry(STAFF_ONLY, lambda ctx: {"community_id": ctx.community,
                                                                "user_id": "facilitator1"}),
    "manage_import": Entry(STAFF_ONLY, lambda ctx: {"csv": "learner23,Les Baobabs,learner\n", "dry_run": True}),
    "manage_export": Entry(STAFF_ONLY, json_answer=False),
    "manage_cohort_mirror": Entry(STAFF_ONLY, lambda ctx: {"mirror": False}),
    "manage_cohorts": Entry(STAFF_ONLY),
    # The workbench has no Open edX cohorts: nothing to make communities from (an empty report).
    "manage_from_cohorts": Entry(STAFF_ONLY),
    # --- Mobile apps ------------------------------------------------------------------------------
    "mobile_data": Entry(EVERYONE_SIGNED_IN),
    # --- Studio --------------------------------------------------------------------------------
    "submit_studio_edits": Entry(STAFF_ONLY, lambda ctx: {"values": {"display_name": "CAP"}, "defaults": []}),
    # --- Sections opened one at a time ----------------------------------------------------------------
    "section_view": Entry(EVERYONE_SIGNED_IN, lambda ctx: {"key": "charter"}),
    "section_state": Entry(EVERYONE_SIGNED_IN, lambda ctx: {"key": "charter", "open": True}),
    # --- Tableau de bord, the course team's view, notifications ------------------------------------
    # The dashboard of the communities a facilitator leads; staff name the community; learners never.
    "dashboard_view": Entry(statuses(learner=403, other_learner=403, other_facilitator=404), _community),
    "course_overview": Entry(STAFF_ONLY),
    "participation_export": Entry(STAFF_ONLY, json_answer=False),
    "notification_preferences": Entry(EVERYONE_SIGNED_IN),
    "notification_save": Entry(EVERYONE_SIGNED_IN, lambda ctx: {"choices": {"activity": "daily"}}),
    # E-mail links work without a login: the token is the proof, whoever follows it.
    "unsubscribe": Entry(statuses(anonymous=200), lambda ctx: {"token": _unsubscribe_token("learner1"),
                                                               "kind": "activity"}),
    # --- Health -----------------------------------------------------------------------------------
    "ping": Entry(statuses(anonymous=200)),
    # --- Charte de la communauté ---------------------------------------------------------------------
    "charter_state": Entry(COMMUNITY_MEMBERS, _community),
    # Members accept; the community's facilitators and staff look after the charter and do not (403).
    "charter_accept": Entry(MEMBERS_ONLY, lambda ctx: {
        "community_id": ctx.community,
        "version": ctx.get("charter_state", "learner2", {"community_id": ctx.community})["version"]}),
    "charter_save": Entry(COMMUNITY_FACILITATORS, lambda ctx: {
        "community_id": ctx.community, "text": "Nous nous écoutons et respectons la confidentialité.",
        "version": ctx.get("charter_state", "facilitator1", {"community_id": ctx.community})["version"]}),
    "charter_acceptances": Entry(COMMUNITY_FACILITATORS, _community),
    # --- Brainstorming -----------------------------------------------------------------------------
    "brainstorm_state": Entry(COMMUNITY_MEMBERS, _community),
    "brainstorm_add_idea": Entry(COMMUNITY_MEMBERS, lambda ctx: {"brainstorm_id": _brainstorm(ctx),
                                                                 "text": "Un forum ouvert au marché"}),
    "brainstorm_vote": Entry(MEMBERS_ONLY, lambda ctx: dict(zip(("brainstorm_id", "idea_id"), _idea(ctx)))),
    "brainstorm_theme": Entry(COMMUNITY_FACILITATORS, lambda ctx: {"brainstorm_id": _brainstorm(ctx),
                                                                   "name": "Communication"}),
    "brainstorm_group": Entry(COMMUNITY_FACILITATORS, lambda ctx: _grouping(ctx)),
    "brainstorm_close": Entry(COMMUNITY_FACILITATORS, lambda ctx: {"brainstorm_id": _brainstorm(ctx)}),
    "brainstorm_retain": Entry(COMMUNITY_FACILITATORS, lambda ctx: _retaining(ctx)),
    # --- Cases -------------------------------------------------------------------------------------
    "cases_list": Entry(COMMUNITY_MEMBERS, _community),
    "case_detail": Entry(COMMUNITY_MEMBERS, lambda ctx: {"case_id": _case(ctx)}),
    "case_save": Entry(MEMBERS_ONLY, lambda ctx: dict(CASE_TEXT, community_id=ctx.community)),
    "case_present": Entry(OWNER_ONLY, lambda ctx: {"case_id": _draft(ctx, "learner1")}),
    "case_delete": Entry(OWNER_ONLY, lambda ctx: {"case_id": _draft(ctx, "learner1")}),
    "case_contribute": Entry(COMMUNITY_MEMBERS, lambda ctx: {"case_id": _case(ctx, step=2), "step": 2,
                                                             "body": "Depuis quand le comité existe-t-il ?"}),
    "case_move": Entry(COMMUNITY_FACILITATORS, lambda ctx: {"case_id": _case(ctx), "from_step": 1,
                                                            "direction": "next"}),
    "case_deadline": Entry(COMMUNITY_FACILITATORS, lambda ctx: {"case_id": _case(ctx), "step": 2,
                                                                "due_on": "2026-12-15"}),
    "case_useful": Entry(COMMUNITY_MEMBERS, lambda ctx: {"contribution_id": _question(ctx), "useful": True}),
    # --- Reflective journal (learner1's entries) ---------------------------------------------------
    "journal_save": Entry(EVERYONE_SIGNED_IN, lambda ctx: {"title": "Mon entrée", "free_text": "Une idée."}),
    "journal_entries": Entry(EVERYONE_SIGNED_IN, lambda ctx: {"scope": "course"}),
    "journal_link_choices": Entry(EVERYONE_SIGNED_IN),
    "journal_entry": Entry(AUTHOR_AND_ITS_FACILITATOR, lambda ctx: {"entry_id": _entry(ctx, shared=True)}),
    "journal_share": Entry(AUTHOR_ONLY, lambda ctx: {"entry_id": _entry(ctx)}),
    "journal_withdraw": Entry(AUTHOR_ONLY, lambda ctx: {"entry_id": _entry(ctx, shared=True)}),
    "journal_link": Entry(AUTHOR_ONLY, lambda ctx: {"entry_id": _entry(ctx), "kind": "case",
                                                    "target_id": _case(ctx)}),
    "journal_versions": Entry(AUTHOR_ONLY, lambda ctx: {"entry_id": _entry(ctx, checkpoint=True)}),
    "journal_version": Entry(AUTHOR_ONLY, lambda ctx: {"entry_id": _entry(ctx, checkpoint=True), "number": 1}),
    "journal_shared": Entry(statuses(learner=403, other_learner=403, staff=403)),
    "journal_feedback": Entry(statuses(learner=404, other_learner=404, other_facilitator=404, staff=404),
                              lambda ctx: {"entry_id": _entry(ctx, shared=True), "text": "Belle prise de recul."}),
    "journal_counts": Entry(STAFF_ONLY),
    "journal_export": Entry(EVERYONE_SIGNED_IN, json_answer=False),
    # --- Discussion --------------------------------------------------------------------------------
    "discussion_threads": Entry(COMMUNITY_MEMBERS, _community),
    "discussion_thread": Entry(COMMUNITY_MEMBERS, lambda ctx: {"thread_id": _thread(ctx)}),
    "discussion_start": Entry(COMMUNITY_MEMBERS, lambda ctx: {"community_id": ctx.community, "title": "Bonjour",
                                                              "body": "Je me présente."}),
    "discussion_reply": Entry(COMMUNITY_MEMBERS,
                              lambda ctx: {"parent_id": _thread(ctx), "body": "Bienvenue !"}),
    "discussion_edit": Entry(POST_AUTHOR_ONLY,
                             lambda ctx: {"post_id": _thread(ctx, author="learner1"), "body": "Texte corrigé."}),
    "discussion_delete": Entry(POST_AUTHOR_ONLY,
                               lambda ctx: {"post_id": _thread(ctx, author="learner1")}),
    "discussion_useful": Entry(COMMUNITY_MEMBERS,
                               lambda ctx: {"post_id": _thread(ctx), "useful": True}),
    "discussion_versions": Entry(COMMUNITY_FACILITATORS,
                                 lambda ctx: {"post_id": _thread(ctx)}),
    # --- Moderation --------------------------------------------------------------------------------
    "moderation_report": Entry(COMMUNITY_MEMBERS, lambda ctx: {"post_id": _thread(ctx), "reason": "Hors sujet"}),
    "moderation_queue": Entry(COMMUNITY_FACILITATORS, _community),
    "moderation_pending": Entry(COMMUNITY_FACILITATORS, _community),
    "moderation_mutes": Entry(COMMUNITY_FACILITATORS, _community),
    "moderation_log": Entry(COMMUNITY_FACILITATORS, _community),
    "moderation_hide": Entry(COMMUNITY_FACILITATORS, lambda ctx: {"post_id": _thread(ctx), "reason": "Blessant"}),
    "moderation_restore": Entry(COMMUNITY_FACILITATORS, lambda ctx: _hidden(ctx)),
    "moderation_pin": Entry(COMMUNITY_FACILITATORS, lambda ctx: {"post_id": _thread(ctx), "pinned": True}),
    "moderation_lock": Entry(COMMUNITY_FACILITATORS, lambda ctx: {"post_id": _thread(ctx), "locked": True,
                                                                  "reason": "Sujet clos"}),
    "moderation_approve": Entry(COMMUNITY_FACILITATORS, lambda ctx: {"post_id": _pending_post(ctx)}),
    "moderation_reject": Entry(COMMUNITY_FACILITATORS, lambda ctx: {"post_id": _pending_post(ctx),
                                                                    "reason": "Hors charte"}),
    "moderation_delete": Entry(statuses(learner=403, other_learner=404, facilitator=403, other_facilitator=404),
                               lambda ctx: {"post_id": _thread(ctx), "reason": "Données personnelles"}),
    "moderation_dismiss": Entry(COMMUNITY_FACILITATORS, lambda ctx: {"report_id": _report(ctx)}),
    "moderation_mute": Entry(COMMUNITY_FACILITATORS, lambda ctx: {"community_id": ctx.community,
                                                                  "user_id": "learner3", "days": 1,
                                                                  "reason": "Propos répétés"}),
    "moderation_unmute": Entry(COMMUNITY_FACILITATORS, lambda ctx: _muted(ctx)),
    # --- Rencontres (sessions) ------------------------------------------------------------------------
    "sessions_list": Entry(EVERYONE_SIGNED_IN, lambda ctx: {"when": "upcoming"}),
    "session_detail": Entry(COMMUNITY_MEMBERS, lambda ctx: {"session_id": _session(ctx)}),
    "session_plan": Entry(COMMUNITY_FACILITATORS, lambda ctx: {
        "community_id": ctx.community, "title": "Rencontre de mars", "day": "2030-03-05", "time": "18:00",
        "time_zone": "Europe/Paris", "duration": 90, "mode": "in_person", "place": "Thiès"}),
    "session_update": Entry(COMMUNITY_FACILITATORS, _session_fields),
    "session_cancel": Entry(COMMUNITY_FACILITATORS, lambda ctx: {"session_id": _session(ctx)}),
    "session_rsvp": Entry(COMMUNITY_MEMBERS, lambda ctx: {"session_id": _session(ctx), "answer": "yes"}),
    "session_attendance": Entry(COMMUNITY_FACILITATORS, lambda ctx: {
        "session_id": _session(ctx, started=True), "statuses": {"learner2": "present"}}),
    "session_note_taker": Entry(COMMUNITY_FACILITATORS, lambda ctx: {"session_id": _session(ctx),
                                                                     "user_id": "learner3"}),
    "session_minutes": Entry(COMMUNITY_MEMBERS, lambda ctx: {"session_id": _session(ctx)}),
    # Members write the minutes only once the facilitator names them note-taker.
    "session_minutes_save": Entry(COMMUNITY_FACILITATORS, lambda ctx: {
        "session_id": _session(ctx), "body": "**Décisions** : se revoir en mars.", "base_number": 0}),
    "sessions_notices_seen": Entry(EVERYONE_SIGNED_IN, lambda ctx: {"up_to": 1}),
    "session_ics": Entry(COMMUNITY_MEMBERS, lambda ctx: {"session_id": _session(ctx)}, json_answer=False),
    "calendar_address": Entry(EVERYONE_SIGNED_IN, lambda ctx: {"regenerate": True}),
    # Calendar applications carry no cookie: the token alone opens learner1's feed, whoever asks.
    "sessions_feed": Entry(statuses(anonymous=200), _feed_token, json_answer=False),
    "live_start": Entry(COMMUNITY_FACILITATORS, lambda ctx: {"case_id": _case(ctx)}),
    "live_version": Entry(COMMUNITY_MEMBERS, lambda ctx: {"run_id": _live(ctx)}),
    "live_view": Entry(COMMUNITY_MEMBERS, lambda ctx: {"run_id": _live(ctx)}),
    "live_move": Entry(COMMUNITY_FACILITATORS, lambda ctx: {"run_id": _live(ctx), "from_step": 1,
                                                            "direction": "next"}),
    "live_minutes": Entry(COMMUNITY_FACILITATORS, lambda ctx: {"run_id": _live(ctx),
                                                               "minutes": [5, 10, 5, 20, 5, 5]}),
    "live_note": Entry(COMMUNITY_FACILITATORS, lambda ctx: {"run_id": _live(ctx), "body": "Awa : le contrat."}),
    "live_end": Entry(COMMUNITY_FACILITATORS, lambda ctx: {"run_id": _live(ctx)}),
    # --- Savoirs partagés ------------------------------------------------------------------------------
    "knowledge_search": Entry(EVERYONE_SIGNED_IN, lambda ctx: {"query": "comité", "order": "useful"}),
    "knowledge_mine": Entry(EVERYONE_SIGNED_IN),
    "knowledge_sheet": Entry(SHEET_CONCERNED, lambda ctx: {"sheet_id": _sheet(ctx)["id"]}),
    "knowledge_review": Entry(SHEET_FACILITATORS, lambda ctx: {"sheet_id": _sheet(ctx)["id"]}),
    "knowledge_create": Entry(COMMUNITY_MEMBERS, lambda ctx: dict(SHEET_TEXT, community_id=ctx.community)),
    "knowledge_draft": Entry(statuses(learner=403, other_learner=404, other_facilitator=404),
                             _finished_case_source),
    "knowledge_update": Entry(SHEET_CONCERNED, lambda ctx: dict(SHEET_TEXT, sheet_id=_sheet(ctx)["id"],
                                                                title="Nouveau titre", base_version=1)),
    "knowledge_quote": Entry(SHEET_CONCERNED, lambda ctx: {"sheet_id": _sheet(ctx)["id"], "user_id": "learner3"}),
    "knowledge_anonymise": Entry(SHEET_CONCERNED, _quoted),
    "knowledge_consent": Entry(SHEET_OWNER_CONSENTS, lambda ctx: {"sheet_id": _sheet(ctx)["id"], "level": "course",
                                                                  "version": 1}),
    "knowledge_withdraw": Entry(SHEET_OWNER_CONSENTS, lambda ctx: {"sheet_id": _consented_sheet(ctx)["sheet_id"]}),
    "knowledge_publish": Entry(SHEET_FACILITATORS, _consented_sheet),
    "knowledge_unpublish": Entry(SHEET_FACILITATORS, lambda ctx: {"sheet_id": _sheet(ctx)["id"], "level": "course"}),
    "knowledge_useful": Entry(EVERYONE_SIGNED_IN, lambda ctx: {"sheet_id": _published_sheet(ctx), "useful": True}),
    "knowledge_export": Entry(STAFF_ONLY, lambda ctx: {"format": "csv"}, json_answer=False),
    "network_directory": Entry(EVERYONE_SIGNED_IN, lambda ctx: {"query": "Sénégal"}),
    "network_entry": Entry(EVERYONE_SIGNED_IN, lambda ctx: {"listed": True, "country": "Sénégal"}),
}


def _grouping(ctx):
    brainstorm_id, idea_id = _idea(ctx)
    return {"brainstorm_id": brainstorm_id, "idea_id": idea_id, "theme_id": _theme(ctx, brainstorm_id)}


def _retaining(ctx):
    brainstorm_id, idea_id = _idea(ctx)
    ctx.call("brainstorm_close", "facilitator1", {"brainstorm_id": brainstorm_id})
    return {"brainstorm_id": brainstorm_id, "idea_id": idea_id}


def _hidden(ctx):
    post_id = _thread(ctx)
    ctx.call("moderation_hide", "facilitator1", {"post_id": post_id, "reason": "Blessant"})
    return {"post_id": post_id}


def _muted(ctx):
    ctx.call("moderation_mute", "facilitator1", {"community_id": ctx.community, "user_id": "learner3", "days": 1,
                                                 "reason": "Propos répétés"})
    return {"community_id": ctx.community, "user_id": "learner3"}
