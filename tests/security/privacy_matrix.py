"""What must never reach whom: private and hidden content seeded with unique markers, and who may read each.

``seed(ctx)`` writes, through the handlers and as the people who would write it, in Les Baobabs:

- learner1's private journal entry (with an earlier version) and learner4's: their authors only;
- learner1's entry shared with the facilitation, and the facilitator's feedback on it: learner1 and
  the facilitator of Les Baobabs only (staff included: course staff see journal counts, never texts);
- the browser draft keys of learner1 and learner4 (``data-draft-key``): each person's own pages only;
- learner1's draft case: learner1 only;
- a thread of learner2 hidden by the facilitator, one deleted by learner2, one awaiting approval:
  the moderators (facilitator of the community, staff) only;
- an anonymous thread of learner3: its author's name and id never travel with it to peers;
- an open brainstorm with votes, one idea per theme: no vote total reaches a member before the vote closes;
- a session of Les Baobabs with its agenda and minutes: its community (members, facilitator) and staff only;
  learner1's private calendar address (its secret): learner1 only.
- knowledge sheets: learner1's draft (learner1 and the facilitation only); learner2's, published in the
  community (its people only); learner1's, consented by learner1 for the course but quoting learner4 who has
  not consented (nobody beyond the people it concerns); learner3's, published to the course and for the
  organisation, then withdrawn (the facilitation only: it leaves search, lists and exports);
- learner4's card in the network, filled in but not opted in: learner4 only.

``test_privacy_matrix`` calls every handler of the block as every role of ``handler_matrix.ROLES`` and checks
each answer (JSON, HTML, downloads) against ``allowed``.
"""

import re
from dataclasses import dataclass, field

from tests.security.handler_matrix import CASE_TEXT

# Markers are plain ASCII, so JSON escaping and HTML autoescaping leave them readable in any answer.
J_PRIVATE_TITLE = "PRIVACYMARK-journal-private-title"
J_PRIVATE_TEXT = "PRIVACYMARK-journal-private-text"
J_PRIVATE_EARLIER = "PRIVACYMARK-journal-private-earlier-version"
J_PEER_TEXT = "PRIVACYMARK-journal-of-the-peer"
J_SHARED_TEXT = "PRIVACYMARK-journal-shared-text"
J_FEEDBACK = "PRIVACYMARK-journal-feedback"
CASE_DRAFT = "PRIVACYMARK-case-draft"
HIDDEN_TITLE = "PRIVACYMARK-hidden-thread-title"
HIDDEN_BODY = "PRIVACYMARK-hidden-thread-body"
DELETED_TITLE = "PRIVACYMARK-deleted-thread-title"
DELETED_BODY = "PRIVACYMARK-deleted-thread-body"
PENDING_TITLE = "PRIVACYMARK-pending-thread-title"
ANON_TITLE = "PRIVACYMARK-anonymous-thread"
SESSION_AGENDA = "PRIVACYMARK-session-agenda"
SESSION_MINUTES = "PRIVACYMARK-session-minutes"
K_DRAFT = "PRIVACYMARK-sheet-draft"
K_COMMUNITY = "PRIVACYMARK-sheet-community"
K_QUOTE_PENDING = "PRIVACYMARK-sheet-quote-not-consented"
K_WITHDRAWN = "PRIVACYMARK-sheet-withdrawn"
N_UNLISTED = "PRIVACYMARK-network-not-listed"

MODERATORS = {"facilitator", "staff"}
# Handlers that answer as someone other than the caller: the calendar feed is its token's owner's
# (learner1's in the matrix request), whoever fetches it; its answers are checked as that person's.
ANSWERS_AS = {"sessions_feed": "learner"}


@dataclass
class Seeded:
    """What ``seed`` wrote: ``allowed`` maps each marker to the roles that may read it; ids to aim requests at."""

    allowed: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)
    anonymous_author: tuple = ()  # (user id, display name) of the anonymous thread's author

    def forbidden_for(self, role):
        return [marker for marker, roles in self.allowed.items() if role not in roles]


def _thread(ctx, author, title, body, **extra):
    return ctx.call("discussion_start", author, dict({"community_id": ctx.community, "title": title,
                                                      "body": body}, **extra))["id"]


def _settings(ctx, **values):
    ctx.call("submit_studio_edits", "staff", {"values": values, "defaults": []})


def _draft_key(ctx, student):
    status, body = ctx.workbench.get("section_view", student, {"key": "journal"})
    assert status == 200, body
    found = re.search(r'data-draft-key="([^"]+)"', body["html"])
    assert found and len(found.group(1)) >= 16, "the journal editor has no draft key"
    return found.group(1)


def seed(ctx):
    """Write the private and hidden content of the matrix; returns ``Seeded``."""
    from cap_xblock.models import Participant  # pylint: disable=import-outside-toplevel

    seeded = Seeded()
    allow = seeded.allowed

    # --- journal ---------------------------------------------------------------------------------
    first = ctx.call("journal_save", "learner1", {"title": J_PRIVATE_TITLE, "free_text": J_PRIVATE_EARLIER,
                                                  "checkpoint": True})
    private = ctx.call("journal_save", "learner1", {"entry_id": first["id"], "base_version": first["version"],
                                                    "title": J_PRIVATE_TITLE, "free_text": J_PRIVATE_TEXT,
                                                    "checkpoint": True})
    shared = ctx.call("journal_save", "learner1", {"title": "Partagée", "free_text": J_SHARED_TEXT})
    ctx.call("journal_share", "learner1", {"entry_id": shared["id"]})
    ctx.call("journal_feedback", "facilitator1", {"entry_id": shared["id"], "text": J_FEEDBACK})
    ctx.call("journal_save", "learner4", {"title": "La mienne", "free_text": J_PEER_TEXT})
    seeded.ids.update(private_entry=private["id"], shared_entry=shared["id"])
    for marker in (J_PRIVATE_TITLE, J_PRIVATE_TEXT, J_PRIVATE_EARLIER):
        allow[marker] = {"learner"}
    allow[J_PEER_TEXT] = {"peer"}
    allow[J_SHARED_TEXT] = allow[J_FEEDBACK] = {"learner", "facilitator"}
    allow[_draft_key(ctx, "learner1")] = {"learner"}
    allow[_draft_key(ctx, "learner4")] = {"peer"}

    # --- cases -------------------------------------------------------------------------------------
    case = ctx.call("case_save", "learner1", dict(CASE_TEXT, title=CASE_DRAFT, problem=CASE_DRAFT,
                                                  community_id=ctx.community))["case"]
    seeded.ids["case_draft"] = case["id"]
    allow[CASE_DRAFT] = {"learner"}

    # --- discussion --------------------------------------------------------------------------------
    _settings(ctx, allow_anonymous_posts=True, premoderation=True)
    seeded.ids["pending"] = _thread(ctx, "learner2", PENDING_TITLE, PENDING_TITLE)
    _settings(ctx, allow_anonymous_posts=True, premoderation=False)
    seeded.ids["hidden"] = _thread(ctx, "learner2", HIDDEN_TITLE, HIDDEN_BODY)
    ctx.call("discussion_reply", "learner3", {"parent_id": seeded.ids["hidden"], "body": "Une réponse"})
    ctx.call("moderation_hide", "facilitator1", {"post_id": seeded.ids["hidden"], "reason": "Hors charte"})
    seeded.ids["deleted"] = _thread(ctx, "learner2", DELETED_TITLE, DELETED_BODY)
    ctx.call("discussion_delete", "learner2", {"post_id": seeded.ids["deleted"]})
    seeded.ids["anonymous"] = _thread(ctx, "learner3", ANON_TITLE, "Sans mon nom", anonymous=True)
    for marker in (HIDDEN_TITLE, HIDDEN_BODY, DELETED_TITLE, DELETED_BODY, PENDING_TITLE):
        allow[marker] = set(MODERATORS)
    name = Participant.objects.filter(user_id="learner3").values_list("display_name", flat=True).first()
    seeded.anonymous_author = ("learner3", name)

    # --- brainstorm: one idea per theme, votes cast, the vote open ----------------------------------
    brainstorm_id = ctx.get("brainstorm_state", "learner2", {"community_id": ctx.community})["id"]
    for number, (text, voters) in enumerate((("Idée A", ("learner2", "learner3")), ("Idée B", ("learner4",)))):
        state = ctx.call("brainstorm_add_idea", "learner2", {"brainstorm_id": brainstorm_id, "text": text})["state"]
        idea_id = [idea["id"] for idea in state["ideas"]["items"] if idea["text"] == text][0]
        theme = ctx.call("brainstorm_theme", "facilitator1", {"brainstorm_id": brainstorm_id,
                                                              "name": f"Thème {number}"})["state"]
        theme_id = [t["id"] for t in theme["themes"] if t["name"] == f"Thème {number}"][0]
        ctx.call("brainstorm_group", "facilitator1", {"brainstorm_id": brainstorm_id, "idea_id": idea_id,
                                                      "theme_id": theme_id})
        for voter in voters:
            ctx.call("brainstorm_vote", voter, {"brainstorm_id": brainstorm_id, "idea_id": idea_id})
    seeded.ids["brainstorm"] = brainstorm_id

    # --- sessions: a community's session, its minutes, a person's calendar secret ---------------------
    from cap_xblock.models import CalendarToken  # pylint: disable=import-outside-toplevel

    session = ctx.call("session_plan", "facilitator1", {
        "community_id": ctx.community, "title": "Rencontre", "day": "2030-01-08", "time": "18:00",
        "time_zone": "Africa/Dakar", "duration": 90, "mode": "virtual", "link": "https://meet.example.org/p",
        "agenda_text": SESSION_AGENDA})["session"]
    ctx.call("session_minutes_save", "facilitator1", {"session_id": session["id"], "body": SESSION_MINUTES,
                                                      "base_number": 0})
    seeded.ids["session"] = session["id"]
    allow[SESSION_AGENDA] = allow[SESSION_MINUTES] = {"learner", "peer", "facilitator", "staff"}
    ctx.get("section_view", "learner1", {"key": "sessions"})
    allow[CalendarToken.objects.get(user_id="learner1").secret] = {"learner"}
    _seed_knowledge(ctx, seeded)
    return seeded


def _sheet(ctx, owner, marker, levels=(), quote=None):
    """A sheet of ``owner`` whose every text carries ``marker``, consented by its owner at ``levels``, and
    published there by the facilitator when every consent is given."""
    sheet = ctx.call("knowledge_create", owner, {"title": marker, "summary": marker, "body": marker,
                                                 "themes": "Confidentiel", "community_id": ctx.community})["sheet"]
    if quote:
        ctx.call("knowledge_quote", owner, {"sheet_id": sheet["id"], "user_id": quote})
    for level in levels:
        ctx.call("knowledge_consent", owner, {"sheet_id": sheet["id"], "level": level, "version": sheet["version"]})
        if not quote:
            ctx.call("knowledge_publish", "facilitator1",
                     {"sheet_id": sheet["id"], "level": level, "version": sheet["version"]})
    return sheet["id"]


def _seed_knowledge(ctx, seeded):
    allow, ids = seeded.allowed, seeded.ids
    ids["sheet_draft"] = _sheet(ctx, "learner1", K_DRAFT)
    allow[K_DRAFT] = {"learner", "facilitator", "staff"}
    ids["sheet_community"] = _sheet(ctx, "learner2", K_COMMUNITY, levels=("community",))
    allow[K_COMMUNITY] = {"learner", "peer", "facilitator", "staff"}
    ids["sheet_quote"] = _sheet(ctx, "learner1", K_QUOTE_PENDING, levels=("community", "course"), quote="learner4")
    allow[K_QUOTE_PENDING] = {"learner", "peer", "facilitator", "staff"}  # learner4 (peer) is quoted: asked
    ids["sheet_withdrawn"] = _sheet(ctx, "learner3", K_WITHDRAWN, levels=("community", "course", "export"))
    ctx.call("knowledge_withdraw", "learner3", {"sheet_id": ids["sheet_withdrawn"]})
    allow[K_WITHDRAWN] = set(MODERATORS)
    ctx.call("network_entry", "learner4", {"listed": False, "organisation": N_UNLISTED, "country": N_UNLISTED})
    ctx.call("network_entry", "learner2", {"listed": True, "country": "Mali"})
    allow[N_UNLISTED] = {"peer"}


def aimed_payloads(ctx, seeded, handler, section_keys):
    """Requests aimed at the seeded content, for the handlers that read one thing; [] for the others."""
    ids = seeded.ids
    aimed = {
        "discussion_thread": [{"thread_id": ids[key]} for key in ("hidden", "deleted", "pending", "anonymous")],
        "discussion_versions": [{"post_id": ids["hidden"]}],
        "discussion_threads": [{"community_id": ctx.community}],
        "journal_entry": [{"entry_id": ids["private_entry"]}, {"entry_id": ids["shared_entry"]}],
        "journal_versions": [{"entry_id": ids["private_entry"]}],
        "journal_version": [{"entry_id": ids["private_entry"], "number": 1}],
        "journal_entries": [{"scope": "course"}, {"scope": "block"}],
        "journal_export": [{"format": "markdown"}, {"format": "html"}],
        "case_detail": [{"case_id": ids["case_draft"]}],
        "cases_list": [{"community_id": ctx.community}],
        "brainstorm_state": [{"community_id": ctx.community}, {}],
        "section_view": [{"key": key} for key in section_keys],
        "moderation_pending": [{"community_id": ctx.community}],
        "moderation_log": [{"community_id": ctx.community}],
        "session_detail": [{"session_id": ids["session"]}],
        "session_minutes": [{"session_id": ids["session"]}],
        "session_ics": [{"session_id": ids["session"]}],
        "sessions_list": [{"when": "upcoming"}],
        "knowledge_sheet": [{"sheet_id": ids[key]} for key in (
            "sheet_draft", "sheet_community", "sheet_quote", "sheet_withdrawn")],
        "knowledge_review": [{"sheet_id": ids["sheet_quote"]}, {"sheet_id": ids["sheet_withdrawn"]}],
        "knowledge_search": [{"query": "PRIVACYMARK"}, {"theme": "Confidentiel"}, {"order": "useful"},
                             {"community_id": ctx.community}],
        "knowledge_mine": [{}, {"page": 1}],
        "knowledge_useful": [{"sheet_id": ids[key], "useful": True} for key in (
            "sheet_draft", "sheet_community", "sheet_quote", "sheet_withdrawn")],
        "knowledge_export": [{"format": kind} for kind in ("markdown", "csv", "json", "print")],
        "network_directory": [{}, {"query": "PRIVACYMARK"}],
    }
    return aimed.get(handler, [])


# --- what an answer must not say -----------------------------------------------------------------------------


def leaks(text, role, seeded):
    """The markers in ``text`` that ``role`` must not read, and the anonymous author shown beside their thread."""
    found = [marker for marker in seeded.forbidden_for(role) if marker in text]
    if role not in MODERATORS and ANON_TITLE in text:
        user_id, name = seeded.anonymous_author
        for start in [m.start() for m in re.finditer(re.escape(ANON_TITLE), text)]:
            near = text[start:start + 600]
            # The post's own JSON object, or its list item in HTML: up to the next post.
            near = re.split(r'\{"id": |<li |<article ', near)[0]
            if name and name in near or f'"author_id": "{user_id}"' in near:
                found.append(f"the anonymous author ({name}) beside {ANON_TITLE}")
    return found


def vote_totals_shown(value, role):
    """Paths of vote totals in a brainstorm answer a member reads while the vote is open (JSON)."""
    found = []

    def walk(node, path):
        if isinstance(node, dict):
            if {"themes", "ideas", "can_facilitate", "status"} <= set(node) and node["status"] == "open" \
                    and not node["can_facilitate"]:
                for theme in node["themes"]:
                    if theme.get("votes") is not None:
                        found.append(f"{path}.themes[{theme['id']}].votes")
                for idea in (node["ideas"] or {}).get("items", []):
                    if idea.get("votes") is not None:
                        found.append(f"{path}.ideas[{idea['id']}].votes")
                if node.get("results") or node.get("top_votes"):
                    found.append(f"{path}.results")
            for key, child in node.items():
                walk(child, f"{path}.{key}")
        elif isinstance(node, list):
            for index, child in enumerate(node):
                walk(child, f"{path}[{index}]")

    walk(value, role)
    return found
