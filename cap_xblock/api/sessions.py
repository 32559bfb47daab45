"""Rencontres: planning a community's sessions (and the course's plenaries), answers, attendance, notices.

Who does what:

| action | who |
| --- | --- |
| see a community's session | its members, its facilitators, course staff |
| see a plenary (``community`` None) | everyone signed in to the course |
| plan, edit, cancel a community's session | its facilitators, course staff |
| plan, edit, cancel a plenary | course staff |
| answer yes / no / maybe | whoever sees it (members after accepting their charter), before it ends |
| record attendance, name the note-taker | those who plan it, once it has started |

The minutes are in ``session_minutes``, the calendar in ``session_calendar``,
co-development run live in ``session_live``. Editing or cancelling leaves a
``SessionNotice`` the people concerned see on their next view. Lists are
pages read in a constant number of queries.
"""

from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from .. import permissions
from ..errors import Conflict, InvalidInput, NotAllowed, NotFound
from ..i18n import gettext as _
from ..i18n import gettext_lazy
from ..models import (AgendaItem, Attendance, CalendarToken, Case, Community, FacilitatorRole, LiveRun, Membership,
                      MinutesVersion, NoticeRead, Participant, Rsvp, Session, SessionNotice)
from ..models.sessions import LINK_LENGTH, PLACE_LENGTH, TITLE_LENGTH
from . import access, gate, people, session_times
from .data import Page
from .session_data import AgendaEntry, AttendanceRow, AttendanceSheet, NoticeItem, SessionItem, SessionList
from .validation import as_choice, as_id, as_int, as_page, as_text

PAGE_SIZE = 10
SHEET_PAGE_SIZE = 50
MAX_AGENDA_ITEMS = 20
MAX_ATTENDANCE_ROWS = 100
MIN_DURATION = 15
MAX_DURATION = 12 * 60
MAX_VERSION = 2**31 - 1
NOTICES_SHOWN = 5
COURSE_WIDE = "course"
MODES = (Session.VIRTUAL, Session.IN_PERSON, Session.HYBRID)
MODE_NAMES = {
    Session.VIRTUAL: gettext_lazy("Virtual"),
    Session.IN_PERSON: gettext_lazy("In person"),
    Session.HYBRID: gettext_lazy("Hybrid (in person and virtual)"),
}
ANSWERS = (Rsvp.YES, Rsvp.NO, Rsvp.MAYBE)
STATUSES = (Attendance.PRESENT, Attendance.EXCUSED, Attendance.ABSENT)
AGENDA_KINDS = (AgendaItem.TOPIC, AgendaItem.CASE, AgendaItem.BRAINSTORM)
WHEN = ("upcoming", "past")


# --- who may do what (pure: over Roles and a session's community) --------------------------


def can_see(roles, community_id):
    """A plenary is seen by everyone in the course; a community's session by that community."""
    return community_id is None or permissions.can_see_community(roles, community_id)


def can_plan(roles, community_id):
    """A community's facilitators and staff plan its sessions; only staff plan a plenary."""
    return roles.is_staff if community_id is None else permissions.can_facilitate(roles, community_id)


def _not_found():
    return NotFound(_("This session does not exist or is not shared with you."), code="session_not_found")


def visible_session(actor, *, session_id, lock=False):
    """The session row and the actor's Roles, or NotFound when they may not see it."""
    permissions.require_authenticated(actor)
    session_id = as_id(session_id, "session_id")
    roles = access.roles_of(actor)
    query = Session.objects.select_for_update() if lock else Session.objects
    row = query.filter(id=session_id, course_key=actor.course_key).first()
    if row is None or not can_see(roles, row.community_id):
        raise _not_found()
    return row, roles


def require_can_plan(actor, *, roles, community_id):
    """Raise unless ``actor`` plans sessions for ``community_id`` (None: a plenary)."""
    if not can_plan(roles, community_id):
        if community_id is None:
            raise NotAllowed(_("Only the course team plans sessions for every community."), code="staff_only")
        if not permissions.can_see_community(roles, community_id):
            raise NotFound(_("This community does not exist."), code="community_not_found")
        raise NotAllowed(_("Only the facilitators of the community plan its sessions."), code="facilitator_only")
    if community_id is not None:
        gate.require_can_write(actor, community_id=community_id, roles=roles)


def _ends_at(row):
    return row.ends_at


# --- input ------------------------------------------------------------------------------------


def _link(value, required):
    link = as_text(value, "link", LINK_LENGTH, required=False)
    if not link:
        if required:
            raise InvalidInput(_("Give the link of the virtual meeting."), code="link_required")
        return ""
    parts = urlsplit(link)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidInput(_("The link must start with https:// (or http://)."), code="invalid_link")
    return link


def _fields(*, title, day, time, time_zone, duration, mode, link, place):
    zone = session_times.as_zone(time_zone)
    mode = as_choice(mode or Session.VIRTUAL, "mode", MODES)
    place = as_text(place, "place", PLACE_LENGTH, required=False)
    if mode != Session.VIRTUAL and not place:
        raise InvalidInput(_("Say where the session takes place."), code="place_required")
    return {
        "title": as_text(title, "title", TITLE_LENGTH),
        "starts_at": session_times.as_local_start(day, time, zone),
        "time_zone": zone.key,
        "duration_minutes": as_int(duration if duration not in (None, "") else 90, "duration", MIN_DURATION,
                                   MAX_DURATION),
        "mode": mode,
        "link": _link(link, mode != Session.IN_PERSON),
        "place": place if mode != Session.VIRTUAL else "",
    }


def _agenda(items, community_id, course_key):
    """Clean agenda items: ``[{"kind", "text", "case_id"}]``; cases must be presented cases of the community."""
    if items in (None, ""):
        return []
    if not isinstance(items, list) or len(items) > MAX_AGENDA_ITEMS:
        raise InvalidInput(
            # Translators: {most} is a number.
            _("The agenda is a list of {most} items at most.").format(most=MAX_AGENDA_ITEMS), code="invalid_agenda")
    cleaned = []
    for item in items:
        if isinstance(item, str):
            item = {"kind": AgendaItem.TOPIC, "text": item}
        if not isinstance(item, dict):
            raise InvalidInput(_("The agenda is a list of {most} items at most.").format(most=MAX_AGENDA_ITEMS),
                               code="invalid_agenda")
        kind = as_choice(item.get("kind") or AgendaItem.TOPIC, "kind", AGENDA_KINDS)
        case_id = None
        if kind == AgendaItem.CASE:
            case_id = as_id(item.get("case_id"), "case_id")
            title = Case.objects.filter(id=case_id, course_key=course_key, community_id=community_id,
                                        presented_at__isnull=False).values_list("title", flat=True).first()
            if community_id is None or title is None:
                raise NotFound(_("This case does not exist or is not shared with you."), code="case_not_found")
            text = as_text(item.get("text") or title, "text", TITLE_LENGTH * 2)
        else:
            text = as_text(item.get("text"), "text", TITLE_LENGTH * 2, required=False)
            if not text:
                continue
        cleaned.append({"kind": kind, "text": text, "case_id": case_id})
    return cleaned


def _write_agenda(row, items):
    AgendaItem.objects.filter(session=row).delete()
    AgendaItem.objects.bulk_create([
        AgendaItem(session=row, position=index, kind=item["kind"], text=item["text"], case_id=item["case_id"])
        for index, item in enumerate(items, start=1)])


def _community_of(scope):
    """``scope``: a community id, or ``"course"`` for a plenary (None)."""
    if scope == COURSE_WIDE:
        return None
    return as_id(scope, "community_id")


# --- planning ----------------------------------------------------------------------------------


def plan_session(actor, *, community_id, title, day, time, time_zone, duration=90, mode=Session.VIRTUAL, link="",
                 place="", agenda=None):
    """Plan a session for a community (``community_id``) or every community (``"course"``: staff).

    ``day`` YYYY-MM-DD and ``time`` HH:MM are read in ``time_zone`` (IANA).
    Returns ``SessionItem``. Raises InvalidInput, NotAllowed ``facilitator_only``
    / ``staff_only``, NotFound.
    """
    permissions.require_authenticated(actor)
    community = _community_of(community_id)
    roles = access.roles_of(actor)
    if community is not None and not Community.objects.filter(id=community, course_key=actor.course_key).exists():
        raise NotFound(_("This community does not exist."), code="community_not_found")
    require_can_plan(actor, roles=roles, community_id=community)
    fields = _fields(title=title, day=day, time=time, time_zone=time_zone, duration=duration, mode=mode, link=link,
                     place=place)
    items = _agenda(agenda, community, actor.course_key)
    with transaction.atomic():
        row = Session.objects.create(course_key=actor.course_key, community_id=community, planned_by=actor.user_id,
                                     **fields)
        _write_agenda(row, items)
    return get_session(actor, session_id=row.id)


def update_session(actor, *, session_id, base_version, title, day, time, time_zone, duration=90,
                   mode=Session.VIRTUAL, link="", place="", agenda=None):
    """Change a session planned earlier; ``base_version`` is the version the form was filled on.

    Members are told in the block (a notice) when its time, place, link or
    mode changed. Returns ``SessionItem``. Raises NotFound, NotAllowed,
    InvalidInput, Conflict ``cancelled`` / ``stale_version``.
    """
    base_version = as_int(base_version, "base_version", 1, MAX_VERSION)
    with transaction.atomic():
        row, roles = visible_session(actor, session_id=session_id, lock=True)
        require_can_plan(actor, roles=roles, community_id=row.community_id)
        fields = _fields(title=title, day=day, time=time, time_zone=time_zone, duration=duration, mode=mode,
                         link=link, place=place)
        items = _agenda(agenda, row.community_id, actor.course_key)
        if row.cancelled_at is not None:
            raise Conflict(_("This session is cancelled."), code="cancelled")
        if row.version != base_version:
            raise Conflict(_("This session was changed elsewhere since you opened it. Reload it, then make your "
                             "change again."), code="stale_version", details={"version": row.version})
        told = any(getattr(row, name) != fields[name]
                   for name in ("starts_at", "time_zone", "duration_minutes", "mode", "link", "place", "title"))
        for name, value in fields.items():
            setattr(row, name, value)
        row.version += 1
        row.save()
        _write_agenda(row, items)
        if told:
            SessionNotice.objects.create(course_key=actor.course_key, session=row, kind=SessionNotice.CHANGED)
    return get_session(actor, session_id=row.id)


def cancel_session(actor, *, session_id):
    """Cancel a session (it stays listed, marked cancelled; calendars drop it). Members are told.

    Returns ``SessionItem``. Raises NotFound, NotAllowed, Conflict ``cancelled`` / ``session_over``.
    """
    with transaction.atomic():
        row, roles = visible_session(actor, session_id=session_id, lock=True)
        require_can_plan(actor, roles=roles, community_id=row.community_id)
        if row.cancelled_at is not None:
            raise Conflict(_("This session is cancelled."), code="cancelled")
        if _ends_at(row) <= timezone.now():
            raise Conflict(_("This session is over."), code="session_over")
        row.cancelled_at = timezone.now()
        row.version += 1
        row.save(update_fields=["cancelled_at", "version", "updated_at"])
        SessionNotice.objects.create(course_key=actor.course_key, session=row, kind=SessionNotice.CANCELLED)
    return get_session(actor, session_id=row.id)


# --- reading -----------------------------------------------------------------------------------


def _visible_filter(actor, roles):
    """The sessions of the course the actor sees: plenaries, and their communities' (all, for staff)."""
    mine = Q(community__isnull=True)
    if roles.is_staff:
        return Q(course_key=actor.course_key)
    ids = set(roles.leads) | ({roles.member_of} if roles.member_of else set())
    if ids:
        mine |= Q(community_id__in=ids)
    return Q(course_key=actor.course_key) & mine


def _items(actor, roles, rows):
    """SessionItem for each row, in a constant number of queries."""
    ids = [row.id for row in rows]
    agenda = {}
    for session_id, kind, text, case_id in AgendaItem.objects.filter(session_id__in=ids).values_list(
            "session_id", "kind", "text", "case_id"):
        agenda.setdefault(session_id, []).append(AgendaEntry(kind=kind, text=text, case_id=case_id))
    counts = {}
    # Only the answers of people still in the course count: members of the session's community (a
    # plenary: of any community) and facilitators; a learner who unenrolled is no longer expected.
    in_community = Exists(Membership.objects.filter(user_id=OuterRef("user_id"),
                                                    community_id=OuterRef("session__community_id")))
    in_course = Exists(Membership.objects.filter(user_id=OuterRef("user_id"), course_key=actor.course_key))
    leads = Exists(FacilitatorRole.objects.filter(user_id=OuterRef("user_id"), community__course_key=actor.course_key))
    current = Rsvp.objects.filter(in_community | (Q(session__community__isnull=True) & in_course) | leads)
    for session_id, given, number in current.filter(session_id__in=ids).values_list(
            "session_id", "answer").annotate(number=Count("id")).order_by():
        counts.setdefault(session_id, {})[given] = number
    mine = dict(Rsvp.objects.filter(session_id__in=ids, user_id=actor.user_id).values_list("session_id", "answer"))
    minutes = dict(MinutesVersion.objects.filter(session_id__in=ids).values_list("session_id").annotate(
        last=Max("number")).order_by())
    named = people.names(actor.course_key, {row.note_taker_id for row in rows if row.note_taker_id})
    zone = session_times.person_zone()
    now = timezone.now()
    facts = {"agenda": agenda, "counts": counts, "mine": mine, "minutes": minutes, "named": named, "zone": zone,
             "now": now}
    return [_item(actor, roles, row, facts) for row in rows]


def _item(actor, roles, row, facts):
    """The SessionItem of ``row`` for ``actor``, from the facts ``_items`` read for the whole page."""
    agenda, counts, mine, minutes = facts["agenda"], facts["counts"], facts["mine"], facts["minutes"]
    named, zone, now = facts["named"], facts["zone"], facts["now"]
    ends = _ends_at(row)
    session_zone = session_times.as_zone(row.time_zone)
    planner = can_plan(roles, row.community_id)
    started = row.starts_at <= now
    cancelled = row.cancelled_at is not None
    day, time = session_times.local_parts(row.starts_at, session_zone)
    same = row.starts_at.astimezone(zone).utcoffset() == row.starts_at.astimezone(session_zone).utcoffset()
    return SessionItem(
        id=row.id, title=row.title, community_id=row.community_id,
        community_name=row.community.name if row.community_id else str(_("All communities")),
        is_plenary=row.community_id is None, mode=row.mode, mode_name=str(MODE_NAMES[row.mode]),
        link=row.link, place=row.place, starts_at=row.starts_at.isoformat(), ends_at=ends.isoformat(),
        time_zone=row.time_zone, when_session=session_times.in_zone(row.starts_at, session_zone),
        when_mine=session_times.in_zone(row.starts_at, zone), same_zone=same,
        my_zone=session_times.zone_label(zone), duration_minutes=row.duration_minutes, cancelled=cancelled,
        is_past=ends <= now, is_now=started and now < ends and not cancelled,
        agenda=agenda.get(row.id, []), my_rsvp=mine.get(row.id, ""),
        rsvp_counts={given: counts.get(row.id, {}).get(given, 0) for given in ANSWERS},
        minutes_version=minutes.get(row.id, 0),
        note_taker=named.get(row.note_taker_id) if row.note_taker_id else None, version=row.version,
        can_edit=planner and not cancelled and ends > now,
        can_rsvp=not cancelled and ends > now and not actor.is_anonymous and (
            row.community_id is None or not permissions.is_read_only(roles, row.community_id)),
        can_record_attendance=planner and started and not cancelled,
        can_write_minutes=not cancelled and (planner or (bool(row.note_taker_id)
                                                         and row.note_taker_id == actor.user_id)),
        local_date=day, local_time=time,
    )


def get_session(actor, *, session_id):
    """``SessionItem`` of one session the actor sees. Raises NotFound."""
    row, roles = visible_session(actor, session_id=session_id)
    return _items(actor, roles, [row])[0]


def _plan_choices(actor, roles):
    if roles.is_staff:
        query = Community.objects.filter(course_key=actor.course_key, archived=False)
    elif roles.leads:
        query = Community.objects.filter(id__in=roles.leads)
    else:
        return []
    return sorted(query.values_list("id", "name"), key=lambda row: (row[1].casefold(), row[0]))


def list_sessions(actor, *, when="upcoming", page=1, with_notices=True):
    """``SessionList``: a page of the sessions the actor sees, upcoming (soonest first) or past (latest first).

    Raises NotAllowed (anonymous, outside a course), InvalidInput.
    """
    permissions.require_authenticated(actor)
    when = as_choice(when or "upcoming", "when", WHEN)
    page = as_page(page)
    roles = access.roles_of(actor)
    now = timezone.now()
    query = Session.objects.filter(_visible_filter(actor, roles)).select_related("community")
    if when == "upcoming":
        # A session stays « upcoming » until it ends (it may be happening now).
        query = query.filter(ends_at__gt=now).order_by("starts_at", "id")
    else:
        query = query.filter(ends_at__lte=now).order_by("-starts_at", "-id")
    total = query.count()
    rows = list(query[(page - 1) * PAGE_SIZE: page * PAGE_SIZE])
    return SessionList(
        when=when, sessions=Page(items=_items(actor, roles, rows), page=page, page_size=PAGE_SIZE, total=total),
        can_plan_for=_plan_choices(actor, roles), can_plan_plenary=roles.is_staff,
        notices=unseen_notices(actor, roles=roles) if with_notices else [],
    )


# --- answers (RSVP) ----------------------------------------------------------------------------


def answer(actor, *, session_id, value):
    """The actor answers yes / no / maybe (one answer per person; a new answer replaces the old).

    Returns ``SessionItem``. Raises NotFound, InvalidInput, NotAllowed
    (archived, charter not accepted, muted), Conflict ``cancelled`` / ``session_over``.
    """
    value = as_choice(value, "answer", ANSWERS)
    with transaction.atomic():
        # The session row is locked: two answers of the same person at once are one after the other.
        row, roles = visible_session(actor, session_id=session_id, lock=True)
        # A plenary: the gate of the person's own community (muted, charter not accepted, archived).
        community_id = row.community_id if row.community_id is not None else roles.member_of
        if community_id is not None:
            gate.require_can_write(actor, community_id=community_id, roles=roles)
        if row.cancelled_at is not None:
            raise Conflict(_("This session is cancelled."), code="cancelled")
        if _ends_at(row) <= timezone.now():
            raise Conflict(_("This session is over."), code="session_over")
        Rsvp.objects.update_or_create(session=row, user_id=actor.user_id, defaults={"answer": value})
    return get_session(actor, session_id=row.id)


# --- attendance ----------------------------------------------------------------------------


def _expected_people(row):
    """Who is expected at the session: the community's members (a plenary: every member of the course)."""
    if row.community_id is None:
        return Membership.objects.filter(course_key=row.course_key)
    return Membership.objects.filter(community_id=row.community_id)


def attendance_sheet(actor, *, session_id, page=1):
    """``AttendanceSheet``: a page of the people expected, with their answer and whether they came.

    Those who plan the session only (members see their own status in the
    session). Raises NotFound, NotAllowed ``facilitator_only``, InvalidInput.
    """
    row, roles = visible_session(actor, session_id=session_id)
    if not can_plan(roles, row.community_id):
        raise NotAllowed(_("Only the facilitators of the community see and record attendance."),
                         code="facilitator_only")
    page = as_page(page)
    expected = _expected_people(row)
    total = expected.count()
    ids = list(expected.order_by("user_id").values_list("user_id", flat=True)[
        (page - 1) * SHEET_PAGE_SIZE: page * SHEET_PAGE_SIZE])
    named = people.names(actor.course_key, ids)
    answers = dict(Rsvp.objects.filter(session=row, user_id__in=ids).values_list("user_id", "answer"))
    came = dict(Attendance.objects.filter(session=row, user_id__in=ids).values_list("user_id", "status"))
    rows = [AttendanceRow(person=named[uid], rsvp=answers.get(uid, ""), status=came.get(uid, ""))
            for uid in ids]
    rows = sorted(rows, key=lambda r: people.sort_people([r.person])[0].display_name.casefold())
    present = Attendance.objects.filter(session=row, status=Attendance.PRESENT,
                                        user_id__in=expected.values("user_id")).count()
    return AttendanceSheet(session_id=row.id, rows=Page(items=rows, page=page, page_size=SHEET_PAGE_SIZE, total=total),
                           can_record=row.starts_at <= timezone.now() and row.cancelled_at is None, present=present)


def record_attendance(actor, *, session_id, statuses):
    """Record who came: ``statuses`` maps user ids of expected people to present / excused / absent
    (an empty status clears it). Once the session has started. Returns the number of people recorded.

    Raises NotFound (session; ``person_not_found`` for someone not expected), NotAllowed
    ``facilitator_only``, InvalidInput, Conflict ``not_started`` / ``cancelled``.
    """
    if not isinstance(statuses, dict) or not statuses or len(statuses) > MAX_ATTENDANCE_ROWS:
        raise InvalidInput(
            # Translators: {most} is a number.
            _("Send the attendance of 1 to {most} people at a time.").format(most=MAX_ATTENDANCE_ROWS),
            code="invalid_attendance")
    cleaned = {}
    for user_id, status in statuses.items():
        user_id = as_text(user_id, "user_id", 64)
        cleaned[user_id] = "" if status in (None, "") else as_choice(status, "status", STATUSES)
    with transaction.atomic():
        row, roles = visible_session(actor, session_id=session_id, lock=True)
        if not can_plan(roles, row.community_id):
            raise NotAllowed(_("Only the facilitators of the community see and record attendance."),
                             code="facilitator_only")
        if row.community_id is not None:
            gate.require_can_write(actor, community_id=row.community_id, roles=roles)
        if row.cancelled_at is not None:
            raise Conflict(_("This session is cancelled."), code="cancelled")
        if row.starts_at > timezone.now():
            raise Conflict(_("Attendance is recorded once the session has started."), code="not_started")
        known = set(_expected_people(row).filter(user_id__in=list(cleaned)).values_list("user_id", flat=True))
        if set(cleaned) - known:
            raise NotFound(_("This person is not expected at this session."), code="person_not_found")
        for user_id, status in cleaned.items():
            if status:
                Attendance.objects.update_or_create(session=row, user_id=user_id,
                                                    defaults={"status": status, "recorded_by": actor.user_id})
            else:
                Attendance.objects.filter(session=row, user_id=user_id).delete()
    return len(cleaned)


def my_attendance(actor, *, session_id):
    """The actor's own attendance status at a session ("" when not recorded). Raises NotFound."""
    row, _roles = visible_session(actor, session_id=session_id)
    return Attendance.objects.filter(session=row, user_id=actor.user_id).values_list("status", flat=True).first() or ""


# --- the note-taker --------------------------------------------------------------------------


def name_note_taker(actor, *, session_id, user_id):
    """Name the member who writes the minutes with the facilitator (empty ``user_id``: nobody).

    Returns ``SessionItem``. Raises NotFound (session, ``person_not_found``), NotAllowed ``facilitator_only``.
    """
    user_id = as_text(user_id, "user_id", 64, required=False)
    with transaction.atomic():
        row, roles = visible_session(actor, session_id=session_id, lock=True)
        require_can_plan(actor, roles=roles, community_id=row.community_id)
        if user_id and not _expected_people(row).filter(user_id=user_id).exists():
            raise NotFound(_("This person is not expected at this session."), code="person_not_found")
        row.note_taker_id = user_id
        row.save(update_fields=["note_taker_id", "updated_at"])
    return get_session(actor, session_id=row.id)


# --- notices ---------------------------------------------------------------------------------


def unseen_notices(actor, *, roles=None):
    """The changes and cancellations of sessions the actor sees that they have not seen yet, newest first."""
    if actor.is_anonymous:
        return []
    roles = roles or access.roles_of(actor)
    seen = NoticeRead.objects.filter(course_key=actor.course_key, user_id=actor.user_id).values_list(
        "last_notice_id", flat=True).first() or 0
    rows = list(SessionNotice.objects.filter(course_key=actor.course_key, id__gt=seen).filter(
        session__in=Session.objects.filter(_visible_filter(actor, roles))).exclude(
        session__planned_by=actor.user_id).select_related("session").order_by("-id")[:NOTICES_SHOWN])
    zone = session_times.person_zone()
    found = []
    for notice in rows:
        when = session_times.in_zone(notice.session.starts_at, zone)
        if notice.kind == SessionNotice.CANCELLED:
            # Translators: {title} is a session's title, {when} its date and time.
            message = _("The session « {title} » of {when} is cancelled.").format(title=notice.session.title,
                                                                                  when=when)
        else:
            # Translators: {title} is a session's title, {when} its (new) date and time.
            message = _("The session « {title} » changed: it is now on {when}. Check the details.").format(
                title=notice.session.title, when=when)
        found.append(NoticeItem(id=notice.id, kind=notice.kind, session_id=notice.session_id, message=message))
    return found


def has_unseen_notices(actor):
    """Whether a session the actor sees changed or was cancelled since the last notice they dismissed."""
    if actor.is_anonymous or not actor.in_course:
        return False
    roles = access.roles_of(actor)
    seen = NoticeRead.objects.filter(course_key=actor.course_key, user_id=actor.user_id).values_list(
        "last_notice_id", flat=True).first() or 0
    return SessionNotice.objects.filter(course_key=actor.course_key, id__gt=seen).filter(
        session__in=Session.objects.filter(_visible_filter(actor, roles))).exclude(
        session__planned_by=actor.user_id).exists()


def mark_notices_seen(actor, *, up_to):
    """The actor has seen the notices up to ``up_to`` (a notice id). Returns the id kept."""
    permissions.require_authenticated(actor)
    up_to = as_id(up_to, "up_to")
    with transaction.atomic():
        row, _created = NoticeRead.objects.select_for_update().get_or_create(
            course_key=actor.course_key, user_id=actor.user_id)
        if up_to > row.last_notice_id:
            row.last_notice_id = up_to
            row.save(update_fields=["last_notice_id"])
    return row.last_notice_id


# --- retirement ------------------------------------------------------------------------------


def anonymise_minutes(user_id):
    """Replace the person's display name by a neutral label in the text of every minutes of their courses.

    Needs the display-name snapshot: ``retire_user`` calls it first, and the declaration's ``retire_order``
    runs it before « Ma communauté » deletes the snapshot.
    Returns the number of versions changed.
    """
    from . import knowledge_text  # pylint: disable=import-outside-toplevel

    touched = 0
    for course_key, name in sorted(Participant.objects.filter(user_id=user_id).exclude(display_name="")
                                   .values_list("course_key", "display_name")):
        replacements = [(name, knowledge_text.label_for(0))]
        for version in MinutesVersion.objects.filter(session__course_key=course_key).only("id", "body"):
            body = knowledge_text.anonymise(version.body, replacements)
            if body != version.body:
                touched += MinutesVersion.objects.filter(id=version.id).update(body=body)
    return touched


def sessions_attended(actor, *, community_id=None):  # pylint: disable=unused-argument
    """How many sessions of the course the actor was recorded present at (cancelled ones do not count).

    The counter of the completion rule's part « sessions attended » (``capabilities/sessions.py``).
    """
    return Attendance.objects.filter(session__course_key=actor.course_key, session__cancelled_at__isnull=True,
                                     user_id=actor.user_id, status=Attendance.PRESENT).count()


def retire_user(user_id):
    """Rencontres: answers, attendance, the calendar token and notice marks are deleted; minutes they wrote
    stay for the community, unsigned; sessions they planned or were note-taker of stay, without their id.
    The minutes name people (« who does what »): the retired person's name is replaced in their
    text by a neutral label, as the shared knowledge does for the people it quotes.
    Returns the number of rows touched."""
    touched = anonymise_minutes(user_id)
    touched += Rsvp.objects.filter(user_id=user_id).delete()[0]
    touched += Attendance.objects.filter(user_id=user_id).delete()[0]
    touched += Attendance.objects.filter(recorded_by=user_id).update(recorded_by="")
    touched += CalendarToken.objects.filter(user_id=user_id).delete()[0]
    touched += NoticeRead.objects.filter(user_id=user_id).delete()[0]
    touched += MinutesVersion.objects.filter(author_id=user_id).update(author_id="")
    touched += Session.objects.filter(planned_by=user_id).update(planned_by="")
    touched += Session.objects.filter(note_taker_id=user_id).update(note_taker_id="")
    touched += LiveRun.objects.filter(started_by=user_id).update(started_by="")
    return touched
