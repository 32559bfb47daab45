"""Times of sessions across time zones and daylight-saving changes (zoneinfo)."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from django.utils import translation
from cap_xblock.api import session_times, sessions
from cap_xblock.errors import InvalidInput
from tests.unit.sessions_fixtures import cap  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
UTC = datetime.timezone.utc
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
ABIDJAN = zoneinfo.ZoneInfo("Africa/Abidjan")
MONTREAL = zoneinfo.ZoneInfo("America/Montreal")


def test_paris_before_and_after_the_change_to_summer_time():
    # In 2027 the clocks of Paris go forward on Sunday 28 March, from 02:00 to 03:00.
    before = session_times.as_local_start("2027-03-27", "14:00", PARIS)
    after = session_times.as_local_start("2027-03-28", "14:00", PARIS)
    assert before == datetime.datetime(2027, 3, 27, 13, 0, tzinfo=UTC)
    assert after == datetime.datetime(2027, 3, 28, 12, 0, tzinfo=UTC)


def test_the_hour_skipped_in_paris_is_refused():
    with pytest.raises(InvalidInput) as skipped:
        session_times.as_local_start("2027-03-28", "02:30", PARIS)
    assert skipped.value.code == "time_does_not_exist"


def test_the_hour_repeated_in_autumn_is_its_first_occurrence():
    # 31 October 2027, 02:30 happens twice in Paris: first in summer time (UTC+2).
    assert session_times.as_local_start("2027-10-31", "02:30", PARIS) == datetime.datetime(
        2027, 10, 31, 0, 30, tzinfo=UTC)


def test_abidjan_has_no_daylight_saving():
    for day in ("2027-01-15", "2027-03-28", "2027-07-15", "2027-10-31"):
        assert session_times.as_local_start(day, "09:00", ABIDJAN).hour == 9


def test_montreal_changes_two_weeks_before_paris():
    # In 2027 Montreal goes to summer time on 14 March, Paris on 28 March: for two weeks they are 5 hours apart.
    start = session_times.as_local_start("2027-03-20", "14:00", PARIS)
    assert start.astimezone(MONTREAL).hour == 9
    start = session_times.as_local_start("2027-04-03", "14:00", PARIS)
    assert start.astimezone(MONTREAL).hour == 8
    with pytest.raises(InvalidInput):
        session_times.as_local_start("2027-03-14", "02:15", MONTREAL)


def test_a_person_sees_the_session_in_its_zone_and_in_their_own(cap):
    session = sessions.plan_session(cap["f1"], community_id=cap["community"], title="Après le changement d'heure",
                                    day="2027-03-29", time="14:00", time_zone="Europe/Paris", duration=90,
                                    mode="virtual", link="https://meet.example.org/b")
    with translation.override("fr"), timezone.override(MONTREAL):
        seen = sessions.get_session(cap["m1"], session_id=session.id)
    assert seen.when_session == "29 mars 2027 à 14:00 (CEST)"
    assert seen.when_mine == "29 mars 2027 à 08:00 (EDT)"
    assert not seen.same_zone and seen.my_zone == "America/Montreal"
    with translation.override("fr"), timezone.override(ABIDJAN):
        seen = sessions.get_session(cap["m1"], session_id=session.id)
    assert seen.when_mine == "29 mars 2027 à 12:00 (GMT)"
    with translation.override("en"), timezone.override(PARIS):
        seen = sessions.get_session(cap["m1"], session_id=session.id)
    assert seen.same_zone and seen.when_mine == "March 29, 2027 at 2:00 PM (CEST)"
    assert (seen.local_date, seen.local_time) == ("2027-03-29", "14:00")


def test_a_weekly_time_stays_at_the_same_local_hour_across_the_change(cap):
    # Sessions planned each Monday at 18:00 in Paris around the change: always 18:00 there, not in UTC.
    starts = []
    for day in ("2027-03-22", "2027-03-29"):
        item = sessions.plan_session(cap["f1"], community_id=cap["community"], title="Hebdo", day=day, time="18:00",
                                     time_zone="Europe/Paris", duration=60, mode="virtual",
                                     link="https://meet.example.org/b")
        starts.append(datetime.datetime.fromisoformat(item.starts_at))
        assert item.local_time == "18:00"
    assert [start.astimezone(UTC).hour for start in starts] == [17, 16]
