"""The sessions in the rest of the block: the facilitator's dashboard, the participation export, the e-mails.

Registered at import by the sessions capability: a panel of the dashboard (the next session and its
answers, attendance at past sessions), the ``attendance`` column of the participation export
(« present / sessions expected »), and ``announce_tomorrow``, called by the daily run of
``cap_send_digests`` to tell members and facilitators that a session of their community starts
tomorrow (each message once: the sent-log's key names the session and its day).
"""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from .. import dates
from ..i18n import gettext as _
from ..models import Attendance, FacilitatorRole, Membership, Rsvp, Session
from . import course_view, dashboard, notifications


def _panels(actor, *, community_ids):
    """``{community_id: Panel}``: the next session and its answers, attendance at past sessions."""
    now = timezone.now()
    rows = Session.objects.filter(Q(community_id__in=community_ids) | Q(community__isnull=True),
                                  course_key=actor.course_key, cancelled_at__isnull=True)
    upcoming = {}
    for row in rows.filter(ends_at__gte=now).order_by("starts_at", "id"):
        for community_id in ([row.community_id] if row.community_id else community_ids):
            upcoming.setdefault(community_id, row)
    members = dict(Membership.objects.filter(community_id__in=community_ids).values_list("user_id", "community_id"))
    answers = {}
    for session_id, user_id, value in Rsvp.objects.filter(
            session_id__in={row.id for row in upcoming.values()}, user_id__in=list(members)).values_list(
                "session_id", "user_id", "answer"):
        key = (session_id, members[user_id])
        answers.setdefault(key, {}).setdefault(value, 0)
        answers[key][value] += 1
    past = {}
    for user_id, status, count in (
            Attendance.objects.filter(user_id__in=list(members), session__course_key=actor.course_key,
                                      session__cancelled_at__isnull=True, session__starts_at__lt=now)
            .filter(Q(session__community_id__in=community_ids) | Q(session__community__isnull=True))
            .values("user_id", "status").annotate(n=Count("id")).values_list("user_id", "status", "n")):
        marks = past.setdefault(members[user_id], {})
        marks[status] = marks.get(status, 0) + count
    found = {}
    for community_id in community_ids:
        row = upcoming.get(community_id)
        marks = past.get(community_id, {})
        if row is None and not marks:
            continue
        lines = []
        if row is not None:
            counts = answers.get((row.id, community_id), {})
            lines.append((_("Next session"), f"{row.title} ({dates.format_datetime(row.starts_at, zone=True)})"))
            # Translators: answers to a session: {yes} coming, {maybe} maybe, {no} not coming.
            lines.append((_("Answers"), _("{yes} yes, {maybe} maybe, {no} no").format(
                yes=counts.get(Rsvp.YES, 0), maybe=counts.get(Rsvp.MAYBE, 0), no=counts.get(Rsvp.NO, 0))))
        if marks:
            present = marks.get(Attendance.PRESENT, 0)
            lines.append((_("Attendance at past sessions"), f"{present}/{sum(marks.values())}"))
        found[community_id] = dashboard.Panel(key="sessions", title=_("Sessions"), lines=lines)
    return found


def _attendance_column(course_key, user_ids):
    """``{user_id: "present/recorded"}`` over the past sessions where their attendance was taken."""
    totals = {}
    for user_id, status, count in (
            Attendance.objects.filter(session__course_key=course_key, user_id__in=list(user_ids),
                                      session__cancelled_at__isnull=True)
            .values("user_id", "status").annotate(n=Count("id")).values_list("user_id", "status", "n")):
        present, recorded = totals.get(user_id, (0, 0))
        totals[user_id] = (present + (count if status == Attendance.PRESENT else 0), recorded + count)
    return {user_id: f"{present}/{recorded}" for user_id, (present, recorded) in totals.items()}


def announce_tomorrow(today=None, course_key=None):
    """Tell the members and facilitators of a community that one of its sessions starts tomorrow (UTC day).

    A plenary is announced to every member of the course. Idempotent: the message's key names the
    session and its day. Returns the outcomes (``sent``, ``already_sent``, ``failed``...).
    """
    today = today or timezone.now().date()
    start = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min,
                                      tzinfo=datetime.timezone.utc)
    rows = Session.objects.filter(starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1),
                                  cancelled_at__isnull=True)
    if course_key:
        rows = rows.filter(course_key=course_key)
    outcomes = []
    for row in rows.order_by("starts_at", "id"):
        if row.community_id is None:
            people = set(Membership.objects.filter(course_key=row.course_key).values_list("user_id", flat=True))
        else:
            people = set(Membership.objects.filter(community_id=row.community_id).values_list("user_id", flat=True))
            people |= set(FacilitatorRole.objects.filter(community_id=row.community_id)
                          .values_list("user_id", flat=True))
        outcomes += notifications.session_tomorrow(row.course_key, f"session-{row.id}-{row.starts_at:%Y-%m-%d}",
                                                   row.title, row.starts_at, sorted(people))
    return outcomes


dashboard.register_panel("sessions", _panels)
course_view.register_column("attendance", "attendance", _attendance_column)
