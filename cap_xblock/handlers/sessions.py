"""Handlers of « Rencontres »: planning sessions, answers, attendance, minutes, calendars, co-development live.

Answers carry the server-rendered, autoescaped HTML of the part of the section
that changed (the script only puts it in place). ``live_version`` is the poll
of members' screens during a live co-development: a few bytes; the state is
fetched (``live_view``) only when its version changed. ``sessions_feed`` is
the personal calendar feed, reached without cookies through the platform's
third-party handler address, authenticated by its token only.
"""

import datetime
import hashlib
import json

from django.utils import timezone
from webob import Response
from xblock.core import XBlock

from .. import platform
from ..api import access, session_calendar, session_live, session_minutes, sessions
from ..api.data import to_json
from ..errors import CapError, InvalidInput, MethodNotAllowed
from ..i18n import gettext as _
from .base import Section, error_response, json_handler, query_payload
from .host import BlockHost
from .submissions import once_per_submission


def _session_fields(payload):
    return {name: payload.get(name) for name in
            ("title", "day", "time", "time_zone", "duration", "mode", "link", "place", "agenda")}


def _agenda_lines(payload, current=None):
    """The agenda as the form sends it: one item per line (``agenda_text``), or a list (``agenda``).

    The form shows only the text items: when it does not send ``agenda_cases``, the cases already on
    the agenda (``current``, the session's entries) stay where they were, and a line whose text is
    an item of another kind (brainstorm) keeps that kind.
    """
    if payload.get("agenda") not in (None, ""):
        return payload.get("agenda")
    invalid = InvalidInput(_("The agenda is a list of {most} items at most.").format(most=sessions.MAX_AGENDA_ITEMS),
                           code="invalid_agenda")
    text = payload.get("agenda_text")
    cases = payload.get("agenda_cases")
    if text is not None and not isinstance(text, str):
        raise invalid
    if cases is not None and (not isinstance(cases, list) or any(
            isinstance(case_id, bool) or not isinstance(case_id, (int, str)) for case_id in cases)):
        raise invalid
    current = current or []
    kinds = {entry.text: entry.kind for entry in current if entry.kind != "case"}
    items = [{"kind": kinds.get(line.strip(), "topic"), "text": line}
             for line in (text or "").splitlines() if line.strip()]
    if cases is None:
        for position, entry in enumerate(current):
            if entry.kind == "case":
                items.insert(min(position, len(items)),
                             {"kind": "case", "case_id": entry.case_id, "text": entry.text})
    else:
        items.extend({"kind": "case", "case_id": case_id} for case_id in cases)
    return items


# Screens start watching for a case run live this many minutes before a session starts.
WATCH_BEFORE_MINUTES = 30


class SessionHandlers(BlockHost):
    """Mixin of the block: the sessions (Rencontres) of the person's communities and of the course."""

    def _sessions_uid(self):
        return "cap-sessions-" + hashlib.sha1(platform.block_key(self).encode("utf-8")).hexdigest()[:8]

    def _feed_url(self, actor):
        token = session_calendar.feed_token(actor)
        return platform.thirdparty_handler_url(self, "sessions_feed", suffix=token)

    def _sessions_list_html(self, session_list):
        return self._render("sessions_list.html", list=session_list, uid=self._sessions_uid())

    def _session_html(self, actor, item, message=""):
        minutes = session_minutes.get_minutes(actor, session_id=item.id)
        sheet = None
        if item.can_record_attendance or (sessions.can_plan(access.roles_of(actor), item.community_id)
                                          and item.is_past):
            sheet = sessions.attendance_sheet(actor, session_id=item.id)
        live_cases = []
        if item.can_edit or item.is_now:
            roles = access.roles_of(actor)
            if item.community_id is not None and sessions.can_plan(roles, item.community_id):
                live_cases = session_live.live_cases(actor, community_id=item.community_id)
        uid = self._sessions_uid()
        fields_html = self._render("session_fields.html", session=item, prefix=item.id, uid=uid,
                                   modes=sessions.MODE_NAMES, zone=item.time_zone) if item.can_edit else ""
        return self._render(
            "session_detail.html", session=item, minutes=minutes, sheet=sheet, live_cases=live_cases,
            minutes_html=self._render("session_minutes.html", minutes=minutes, uid=uid), fields_html=fields_html,
            my_attendance=sessions.my_attendance(actor, session_id=item.id), uid=self._sessions_uid(), message=message,
            ics_url=self.runtime.handler_url(self, "session_ics", query=f"session_id={item.id}"),
            durations=session_live.DEFAULT_MINUTES, modes=sessions.MODE_NAMES,
        )

    def _live_html(self, state):
        return self._render("session_live.html", live=state, uid=self._sessions_uid()) if state else ""

    def render_sessions_section(self, actor, community_view):  # pylint: disable=unused-argument
        """The upcoming sessions, notices of changes, the live co-development going on, the calendar address."""
        session_list = sessions.list_sessions(actor)
        soon = timezone.now() + datetime.timedelta(minutes=WATCH_BEFORE_MINUTES)
        running = None
        roles = access.roles_of(actor)
        community_id = roles.member_of or (min(roles.leads) if roles.leads else None)
        if community_id is not None:
            running = session_live.current_run(actor, community_id=community_id, roles=roles)
        # While a session of theirs is about to start or going on, screens watch for a case run live.
        watch = community_id if community_id is not None and running is None and any(
            item.is_now or datetime.datetime.fromisoformat(item.starts_at) <= soon
            for item in session_list.sessions.items if not item.cancelled) else ""
        fields_html = ""
        if session_list.can_plan_for or session_list.can_plan_plenary:
            fields_html = self._render("session_fields.html", session=None, prefix="new", uid=self._sessions_uid(),
                                       modes=sessions.MODE_NAMES, zone=session_list_zone())
        html = self._render(
            "sessions.html", list=session_list, fields_html=fields_html, watch=watch,
            list_html=self._sessions_list_html(session_list),
            live_html=self._live_html(running), uid=self._sessions_uid(), feed_url=self._feed_url(actor),
            modes=sessions.MODE_NAMES, zone=session_list_zone(),
        )
        return Section(key="sessions", title=_("Sessions"), html=html, js_files=["sessions.js"],
                       strings=session_strings())

    # --- sessions -----------------------------------------------------------------------------

    @json_handler("GET")
    def sessions_list(self, actor, payload):
        """A page of the sessions (``when``: upcoming|past, ``page``)."""
        session_list = sessions.list_sessions(actor, when=payload.get("when"), page=payload.get("page"),
                                              with_notices=False)
        return {"sessions": to_json(session_list.sessions), "html": self._sessions_list_html(session_list)}

    @json_handler("GET")
    def session_detail(self, actor, payload):
        """One session: agenda, answers, minutes, attendance for those who record it (``session_id``)."""
        item = sessions.get_session(actor, session_id=payload.get("session_id"))
        return {"session": to_json(item), "html": self._session_html(actor, item)}

    @json_handler("POST")
    @once_per_submission("session")
    def session_plan(self, actor, payload):
        """Plan a session (``community_id``: a community, or ``course`` for a plenary; ``title``, ``day``,
        ``time``, ``time_zone``, ``duration``, ``mode``, ``link``, ``place``, ``agenda_text``)."""
        fields = _session_fields(payload)
        fields["agenda"] = _agenda_lines(payload)
        item = sessions.plan_session(actor, community_id=payload.get("community_id"), **fields)
        platform.publish_event(self, "cap.sessions.planned", {
            "session_id": item.id, "community_id": item.community_id, "plenary": item.is_plenary})
        session_list = sessions.list_sessions(actor, with_notices=False)
        return {"session": to_json(item), "list_html": self._sessions_list_html(session_list),
                "html": self._session_html(actor, item), "message": _("The session is planned.")}

    @json_handler("POST")
    def session_update(self, actor, payload):
        """Change a session (``session_id``, ``base_version`` and the planning fields)."""
        fields = _session_fields(payload)
        current = None
        if payload.get("agenda") in (None, "") and payload.get("agenda_cases") is None:
            current = sessions.get_session(actor, session_id=payload.get("session_id")).agenda
        fields["agenda"] = _agenda_lines(payload, current)
        item = sessions.update_session(actor, session_id=payload.get("session_id"),
                                       base_version=payload.get("base_version"), **fields)
        platform.publish_event(self, "cap.sessions.edited", {"session_id": item.id, "version": item.version})
        return {"session": to_json(item), "html": self._session_html(actor, item),
                "list_html": self._sessions_list_html(sessions.list_sessions(actor, with_notices=False)),
                "message": _("Saved. Members will see the change.")}

    @json_handler("POST")
    def session_cancel(self, actor, payload):
        """Cancel a session (``session_id``)."""
        item = sessions.cancel_session(actor, session_id=payload.get("session_id"))
        platform.publish_event(self, "cap.sessions.cancelled", {"session_id": item.id})
        return {"session": to_json(item), "html": self._session_html(actor, item),
                "list_html": self._sessions_list_html(sessions.list_sessions(actor, with_notices=False)),
                "message": _("The session is cancelled. Members will be told.")}

    @json_handler("POST")
    def session_rsvp(self, actor, payload):
        """Answer yes / no / maybe (``session_id``, ``answer``)."""
        item = sessions.answer(actor, session_id=payload.get("session_id"), value=payload.get("answer"))
        platform.publish_event(self, "cap.sessions.answered", {"session_id": item.id, "answer": item.my_rsvp})
        return {"session": to_json(item), "html": self._session_html(actor, item),
                "message": _("Your answer is saved.")}

    @json_handler("POST")
    def session_attendance(self, actor, payload):
        """Record who came (``session_id``, ``statuses``: {user_id: present|excused|absent|""})."""
        statuses = payload.get("statuses")
        if statuses is None:
            statuses = {key[len("status-"):]: value for key, value in payload.items() if key.startswith("status-")}
        recorded = sessions.record_attendance(actor, session_id=payload.get("session_id"), statuses=statuses)
        item = sessions.get_session(actor, session_id=payload.get("session_id"))
        platform.publish_event(self, "cap.sessions.attendance_recorded", {"session_id": item.id, "people": recorded})
        return {"html": self._session_html(actor, item), "message": _("Attendance is saved.")}

    @json_handler("POST")
    def session_note_taker(self, actor, payload):
        """Name the note-taker of a session (``session_id``, ``user_id``; empty: nobody)."""
        item = sessions.name_note_taker(actor, session_id=payload.get("session_id"), user_id=payload.get("user_id"))
        platform.publish_event(self, "cap.sessions.note_taker_named", {
            "session_id": item.id, "named": bool(item.note_taker)})
        return {"html": self._session_html(actor, item), "message": _("Saved.")}

    @json_handler("GET")
    def session_minutes(self, actor, payload):
        """A version of the minutes of a session (``session_id``, ``number``: empty for the latest)."""
        minutes = session_minutes.get_minutes(actor, session_id=payload.get("session_id"), number=payload.get("number"))
        return {"minutes": to_json(minutes),
                "html": self._render("session_minutes.html", minutes=minutes, uid=self._sessions_uid())}

    @json_handler("POST")
    def session_minutes_save(self, actor, payload):
        """Publish a new version of the minutes (``session_id``, ``body``, ``base_number``: the version edited)."""
        minutes = session_minutes.save_minutes(actor, session_id=payload.get("session_id"), body=payload.get("body"),
                                               base_number=payload.get("base_number"))
        platform.publish_event(self, "cap.sessions.minutes_saved", {
            "session_id": minutes.session_id, "version": minutes.number})
        item = sessions.get_session(actor, session_id=minutes.session_id)
        return {"html": self._session_html(actor, item), "message": _("The minutes are published to the community.")}

    @json_handler("POST")
    def sessions_notices_seen(self, actor, payload):
        """The person has read the notices of changes up to ``up_to`` (a notice id)."""
        return {"up_to": sessions.mark_notices_seen(actor, up_to=payload.get("up_to"))}

    # --- calendars ------------------------------------------------------------------------------

    @json_handler("GET")
    def session_ics(self, actor, payload):
        """One session as an iCalendar file (``session_id``)."""
        name, data = session_calendar.session_ics(actor, session_id=payload.get("session_id"))
        return Response(body=data, content_type="text/calendar", charset="utf-8",
                        content_disposition=f'attachment; filename="{name}"')

    @json_handler("POST")
    def calendar_address(self, actor, payload):
        """Make a new private calendar address (``regenerate``: true) or delete it (``revoke``: true)."""
        if payload.get("revoke") is True:
            session_calendar.revoke_feed_token(actor)
            platform.publish_event(self, "cap.sessions.calendar_revoked", {})
            return {"feed_url": "", "message": _("The calendar address is deleted. A new one is made when you "
                                                 "next open the sessions.")}
        session_calendar.feed_token(actor, regenerate=True)
        platform.publish_event(self, "cap.sessions.calendar_regenerated", {})
        return {"feed_url": self._feed_url(actor),
                "message": _("Here is your new calendar address. The old one no longer works.")}

    @XBlock.handler
    def sessions_feed(self, request, suffix=""):
        """The personal calendar feed: GET ``.../sessions_feed/<token>``. No cookie, no user: the token only."""
        try:
            if request.method != "GET":
                raise MethodNotAllowed()
            data = session_calendar.feed(platform.course_key(self), suffix or query_payload(request).get("token") or "",
                                         in_course=platform.in_course(self))
        except CapError as error:
            return error_response(error)
        response = Response(body=data, content_type="text/calendar", charset="utf-8")
        response.cache_control = "private, max-age=900"
        return response

    sessions_feed.cap_method = "GET"

    # --- co-development run live --------------------------------------------------------------

    def _live_answer(self, state, message=""):
        return {"live": {"id": state.id, "v": state.version, "step": state.step},
                "html": self._live_html(state), "message": message}

    @json_handler("POST")
    @once_per_submission("live")
    def live_start(self, actor, payload):
        """Open a case in live mode (``case_id``, ``session_id``, ``minutes``: six numbers or empty)."""
        minutes = payload.get("minutes")
        if minutes in (None, "") and any(f"minutes-{n}" in payload for n in range(1, 7)):
            minutes = [payload.get(f"minutes-{n}") for n in range(1, 7)]
        state = session_live.start_live(actor, case_id=payload.get("case_id"), session_id=payload.get("session_id"),
                                        durations=minutes)
        platform.publish_event(self, "cap.sessions.live_started", {
            "run_id": state.id, "case_id": state.case_id, "session_id": state.session_id})
        return self._live_answer(state, _("The case is now run live. Members see it on their screens."))

    @json_handler("GET")
    def live_version(self, actor, payload):
        """The poll of members' screens, a few bytes: ``{"v": version, "e": 1 when ended}`` of a run (``run_id``),
        or ``{"r": run id or 0, "v": version}`` of the run going on in a community (``community_id``)."""
        if payload.get("run_id") in (None, "") and payload.get("community_id") not in (None, ""):
            run_id, version = session_live.running_in(actor, community_id=payload.get("community_id"))
            answer = {"r": run_id, "v": version}
        else:
            version, ended = session_live.live_version(actor, run_id=payload.get("run_id"))
            run_id, answer = payload.get("run_id"), {"v": version, "e": int(ended)}
        body = json.dumps(answer, separators=(",", ":")).encode("ascii")
        response = Response(body=body, content_type="application/json", charset="utf-8")
        response.etag = f"live-{run_id}-{version}"
        response.cache_control = "no-cache"
        return response

    @json_handler("GET")
    def live_view(self, actor, payload):
        """The rendered state of a live run (``run_id``): fetched when its version changed."""
        state = session_live.live_state(actor, run_id=payload.get("run_id"))
        return self._live_answer(state)

    @json_handler("POST")
    def live_move(self, actor, payload):
        """Move the live case to the next step or back (``run_id``, ``from_step``, ``direction``)."""
        state = session_live.move_live(actor, run_id=payload.get("run_id"), from_step=payload.get("from_step"),
                                       direction=payload.get("direction"))
        platform.publish_event(self, "cap.sessions.live_step_moved", {"run_id": state.id, "step": state.step})
        # Translators: {step} is the name of a co-development step.
        return self._live_answer(state, _("The case is now at the step « {step} ».").format(step=state.step_name))

    @json_handler("POST")
    def live_minutes(self, actor, payload):
        """Change the planned minutes of the six steps (``run_id``, ``minutes-1`` .. ``minutes-6``)."""
        minutes = payload.get("minutes")
        if minutes in (None, ""):
            minutes = [payload.get(f"minutes-{n}") for n in range(1, 7)]
        state = session_live.set_durations(actor, run_id=payload.get("run_id"), durations=minutes)
        platform.publish_event(self, "cap.sessions.live_minutes_changed", {"run_id": state.id})
        return self._live_answer(state, _("Saved."))

    @json_handler("POST")
    @once_per_submission("live_note")
    def live_note(self, actor, payload):
        """Take a note of the current step into the case (``run_id``, ``body``)."""
        contribution_id, state = session_live.add_note(actor, run_id=payload.get("run_id"), body=payload.get("body"))
        platform.publish_event(self, "cap.sessions.live_note", {
            "run_id": state.id, "case_id": state.case_id, "contribution_id": contribution_id, "step": state.step})
        return self._live_answer(state, _("The note is added to the case."))

    @json_handler("POST")
    def live_end(self, actor, payload):
        """End the live run (``run_id``)."""
        state = session_live.end_live(actor, run_id=payload.get("run_id"))
        platform.publish_event(self, "cap.sessions.live_ended", {"run_id": state.id, "step": state.step})
        return self._live_answer(state, _("The live co-development has ended."))


def session_list_zone():
    """The zone people read times in (for the planning form's default zone)."""
    return sessions.session_times.zone_label(sessions.session_times.person_zone())


def session_strings():
    """The translated texts the sessions script needs."""
    return {
        "sessions_confirm_cancel": _("Cancel this session? Members will be told in the activity."),
        "sessions_confirm_regenerate": _("Make a new address? The current one stops working in every calendar "
                                         "that uses it."),
        "sessions_time_up": _("Time is up for this step."),
        # Translators: {step} is the name of a co-development step, shown when the facilitator moves on.
        "sessions_step_now": _("Now: {step}"),
    }
