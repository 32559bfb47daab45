"""A course with two communities, their facilitators, members and staff, for the sessions' tests."""

import datetime

import pytest
from django.utils import timezone

from cap_xblock.api import sessions
from cap_xblock.models import Session
from tests.utils import two_communities


@pytest.fixture
def cap():
    """« Les Baobabs » (facilitator f1, members m1, m2, m3) and « Les Palétuviers » (facilitator f2, member other)."""
    return two_communities([("m1", "Awa Ndiaye"), ("m2", "Moussa Sow"), ("m3", "Fatou Sarr")],
                           extra=[("nobody", "Sans Communauté")])


def in_days(days, hour="14:00"):
    """(YYYY-MM-DD, HH:MM) ``days`` from today (UTC)."""
    return (timezone.now().date() + datetime.timedelta(days=days)).isoformat(), hour


def plan(actor, community, days=7, hour="14:00", zone="Europe/Paris", **extra):
    day, time = in_days(days, hour)
    fields = {"title": "Rencontre mensuelle", "duration": 90, "mode": "virtual",
              "link": "https://meet.example.org/baobabs"}
    fields.update(extra)
    return sessions.plan_session(actor, community_id=community, day=day, time=time, time_zone=zone, **fields)


def move_to_past(session_id, hours_ago=3):
    """Make a session one that started ``hours_ago`` hours ago (as time passes)."""
    row = Session.objects.get(id=session_id)
    row.starts_at = timezone.now() - datetime.timedelta(hours=hours_ago)
    row.save()
