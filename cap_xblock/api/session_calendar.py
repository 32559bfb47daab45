"""Sessions in people's calendars: an .ics per session, and a private feed per person (``icalendar``).

The feed is fetched by calendar applications, which carry no cookie: its
address holds a per-person token (``CalendarToken``: ``key.secret``). The key
finds the row, the secret is compared in constant time; nothing else
identifies the person. Regenerating the token replaces the address; revoking
it deletes it. The feed lists the sessions of the communities the person is a
member or a facilitator of, and the course's plenaries, from 60 days ago on;
cancelled sessions stay in it as cancelled, so calendars remove them.
Times carry the session's own time zone (a VTIMEZONE is included), so each
calendar shows them in its owner's zone, daylight-saving changes included.
"""

import datetime
import hmac
import secrets
import zoneinfo

import icalendar
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .. import permissions
from ..errors import NotFound
from ..i18n import gettext as _
from ..models import AgendaItem, CalendarToken, Departure, FacilitatorRole, Membership, Session
from . import sessions

FEED_DAYS_BACK = 60
FEED_LIMIT = 200
PRODID = "-//cap_xblock//Rencontres//FR"


def _uid(row):
    return f"cap-session-{row.id}@{row.course_key}"


def _event(row, agenda):
    event = icalendar.Event()
    zone = zoneinfo.ZoneInfo(row.time_zone)
    event.add("uid", _uid(row))
    event.add("dtstamp", row.updated_at or timezone.now())
    event.add("dtstart", row.starts_at.astimezone(zone))
    event.add("dtend", row.ends_at.astimezone(zone))
    event.add("summary", row.title)
    event.add("sequence", row.version)
    event.add("status", "CANCELLED" if row.cancelled_at else "CONFIRMED")
    where = [part for part in (row.place, row.link) if part]
    if where:
        event.add("location", " — ".join(where))
    if row.link:
        event.add("url", row.link)
    lines = [f"{index}. {text}" for index, text in enumerate(agenda, start=1)]
    if lines:
        event.add("description", _("Agenda") + ":\n" + "\n".join(lines))
    return event


def _calendar(rows, name):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    agenda = {}
    for session_id, text in AgendaItem.objects.filter(session_id__in=[row.id for row in rows]).order_by(
            "session_id", "position").values_list("session_id", "text"):
        agenda.setdefault(session_id, []).append(text)
    for row in rows:
        calendar.add_component(_event(row, agenda.get(row.id, [])))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def session_ics(actor, *, session_id):
    """``(file name, bytes)`` of one session as an iCalendar file. Raises NotFound."""
    row, _roles = sessions.visible_session(actor, session_id=session_id)
    return f"session-{row.id}.ics", _calendar([row], row.title)


# --- the personal feed -------------------------------------------------------------------------


def _new_token():
    return secrets.token_hex(8), secrets.token_hex(32)


def feed_token(actor, *, regenerate=False):
    """The actor's feed token (``key.secret``) in their course, made on first use or anew (``regenerate``).

    Raises NotAllowed for the anonymous (and outside a course).
    """
    permissions.require_authenticated(actor)
    with transaction.atomic():
        row = CalendarToken.objects.select_for_update().filter(course_key=actor.course_key,
                                                               user_id=actor.user_id).first()
        if row is not None and not regenerate:
            return f"{row.key}.{row.secret}"
        key, secret = _new_token()
        if row is None:
            try:
                with transaction.atomic():
                    row = CalendarToken.objects.create(course_key=actor.course_key, user_id=actor.user_id,
                                                       key=key, secret=secret)
            except IntegrityError:
                # The same person opened the block twice at once: the other token was kept.
                row = CalendarToken.objects.get(course_key=actor.course_key, user_id=actor.user_id)
        else:
            row.key, row.secret = key, secret
            row.save(update_fields=["key", "secret", "created_at"])
    return f"{row.key}.{row.secret}"


def revoke_feed_token(actor):
    """Delete the actor's feed token: the address stops working. Returns True when there was one."""
    permissions.require_authenticated(actor)
    with transaction.atomic():
        return CalendarToken.objects.filter(course_key=actor.course_key, user_id=actor.user_id).delete()[0] > 0


def _token_owner(course_key, token):
    """The user id the token belongs to in the course, or NotFound (the same answer for every wrong token)."""
    refused = NotFound(_("This calendar address is not valid any more."), code="feed_not_found")
    if not isinstance(token, str) or token.count(".") != 1 or len(token) > 200:
        raise refused
    key, secret = token.split(".")
    row = CalendarToken.objects.filter(key=key[:16], course_key=course_key).values_list("user_id", "secret").first()
    expected = row[1] if row else "0" * 64
    if not hmac.compare_digest(secret.encode("utf-8"), expected.encode("utf-8")) or row is None:
        raise refused
    return row[0]


def feed(course_key, token, in_course=True):
    """The iCalendar bytes of the person whose ``token`` it is.

    ``in_course`` is False in Studio, its preview and libraries. Raises NotAllowed ``not_in_course``,
    NotFound ``feed_not_found`` for any token but a current one of this course.
    """
    permissions.require_in_course(in_course)
    user_id = _token_owner(course_key, token)
    mine = set(Membership.objects.filter(course_key=course_key, user_id=user_id).values_list(
        "community_id", flat=True))
    mine |= set(FacilitatorRole.objects.filter(community__course_key=course_key, user_id=user_id).values_list(
        "community_id", flat=True))
    if not mine and Departure.objects.filter(course_key=course_key, user_id=user_id).exists():
        # A learner who unenrolled: the address of the sessions they no longer take part in.
        raise NotFound(_("This calendar address is not valid any more."), code="feed_not_found")
    since = timezone.now() - datetime.timedelta(days=FEED_DAYS_BACK)
    rows = list(Session.objects.filter(course_key=course_key, ends_at__gte=since).filter(
        Q(community__isnull=True) | Q(community_id__in=mine)).order_by("starts_at", "id")[:FEED_LIMIT])
    return _calendar(rows, _("Sessions of my community"))
