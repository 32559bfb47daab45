"""Sessions in the facilitator's dashboard, the participation export and the e-mails of the day before."""

import csv
import io

import pytest
from django.core.management import call_command

from cap_xblock.api import course_view, dashboard, sessions
from cap_xblock.capabilities import sessions as _capability  # noqa: F401  pylint: disable=unused-import
from cap_xblock.models import Attendance, SentNotification
from tests.notification_utils import mailbox  # noqa: F401  (fixture)
from tests.unit.sessions_fixtures import cap, move_to_past, plan  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_the_export_counts_attendance_of_past_sessions(cap):  # pylint: disable=redefined-outer-name
    past = plan(cap["f1"], cap["community"], days=2)
    move_to_past(past.id, hours_ago=30)
    sessions.record_attendance(cap["f1"], past.id, {"m1": Attendance.PRESENT, "m2": Attendance.ABSENT})
    rows = {row["username"]: row for row in csv.DictReader(io.StringIO(course_view.participation_csv(cap["staff"])))}
    assert rows["m1"]["attendance"] == "1/1" and rows["m2"]["attendance"] == "0/1"


def test_the_dashboard_shows_the_next_session_and_its_answers(cap):  # pylint: disable=redefined-outer-name
    item = plan(cap["f1"], cap["community"], days=3, title="Rencontre de mars")
    sessions.answer(cap["m1"], item.id, "yes")
    board = dashboard.dashboard(cap["f1"]).communities[0]
    panel = [panel for panel in board.panels if panel.key == "sessions"][0]
    text = " ".join(str(label) + " " + str(value) for label, value in panel.lines)
    assert "Rencontre de mars" in text and "1" in text


def test_the_daily_run_announces_tomorrows_sessions_once(cap, mailbox):  # pylint: disable=redefined-outer-name
    plan(cap["f1"], cap["community"], days=1, hour="12:00", zone="UTC", title="Rencontre de demain")
    plan(cap["f1"], cap["community"], days=3, title="Plus tard")
    call_command("cap_send_digests", "--frequency", "daily", stdout=io.StringIO())
    assert sorted(message.to[0] for message in mailbox) == [
        "f1@example.org", "m1@example.org", "m2@example.org", "m3@example.org"]
    assert all("Rencontre de demain" in message.subject for message in mailbox)
    call_command("cap_send_digests", "--frequency", "daily", stdout=io.StringIO())
    assert len(mailbox) == 4 and SentNotification.objects.filter(kind="session").count() == 4
