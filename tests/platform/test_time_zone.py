"""Dates written on the server follow the time zone the person chose in their Open edX account
(the ``time_zone`` preference that ``DjangoXBlockUserService`` passes on), else the site's zone."""

import datetime

import pytest

from cap_xblock.models import Post
from tests.platform import runtimes

WRITTEN = datetime.datetime(2026, 7, 1, 12, 0, tzinfo=datetime.timezone.utc)


@pytest.fixture
def preferences():
    runtimes.USER_PREFERENCES.clear()
    yield runtimes.USER_PREFERENCES
    runtimes.USER_PREFERENCES.clear()


def _thread_list(on):
    Post.objects.filter(parent__isnull=True).update(created_at=WRITTEN)
    status, body = on("lms").get("section_view", "learner1", {"key": "discussion"})
    assert status == 200, body
    return body["html"]


@pytest.mark.parametrize("zone,shown", [
    ("America/Montreal", "1 juillet 2026 à 08:00"),  # UTC-4 in summer
    ("Asia/Tokyo", "1 juillet 2026 à 21:00"),
    ("", "1 juillet 2026 à 12:00"),  # no preference: the site's zone (UTC)
    ("Nowhere/Atlantis", "1 juillet 2026 à 12:00"),  # an unknown zone is not trusted
])
def test_thread_dates_in_the_person_s_zone(on, demo, preferences, zone, shown):
    preferences["learner1"] = {"time_zone": zone} if zone else {}
    assert shown in _thread_list(on)


def test_winter_time_is_applied_too(on, demo, preferences):
    preferences["learner1"] = {"time_zone": "Europe/Paris"}
    Post.objects.filter(parent__isnull=True).update(
        created_at=datetime.datetime(2026, 1, 15, 12, 0, tzinfo=datetime.timezone.utc))
    status, body = on("lms").get("section_view", "learner1", {"key": "discussion"})
    assert status == 200 and "15 janvier 2026 à 13:00" in body["html"]
