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
    sessions.record_attendance(cap["f1"], session_id=past.id,
                               statuses={"m1": Attendance.PRESENT, "m2": Attendance.ABSENT})
    rows = {row["username"]: row for row in csv.DictReader(io.StringIO(course_view.participation_csv(cap["staff"])))}
    assert rows["m1"]["attendance"] == "1/1" and rows["m2"]["attendance"] == "0/1"


def test_the_dashboard_shows_the_next_session_and_its_answers(cap):  # pylint: disable=redefined-outer-name
    item = plan(cap["f1"], cap["community"], days=3, title="Rencontre de mars")
    sessions.answer(cap["m1"], session_id=item.id, value="yes")
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


def test_a_learner_who_unenrolled_loses_the_feed_and_their_answers_stop_counting(cap):  # noqa: F811
    from cap_xblock.api import lifecycle, session_calendar  # pylint: disable=import-outside-toplevel
    from cap_xblock.errors import NotFound  # pylint: disable=import-outside-toplevel
    plenary = plan(cap["staff"], "course", title="Séminaire")
    item = plan(cap["f1"], cap["community"], days=4)
    token = session_calendar.feed_token(cap["m1"])
    for session_id in (plenary.id, item.id):
        sessions.answer(cap["m1"], session_id=session_id, value="yes")
    lifecycle.learner_unenrolled(cap["m1"].course_key, "m1")
    with pytest.raises(NotFound):
        session_calendar.feed(cap["m1"].course_key, token)
    assert sessions.get_session(cap["f1"], session_id=item.id).rsvp_counts["yes"] == 0
    assert sessions.get_session(cap["staff"], session_id=plenary.id).rsvp_counts["yes"] == 0


def test_no_e_mail_to_someone_who_left_the_course(cap, mailbox):  # noqa: F811  pylint: disable=redefined-outer-name
    import datetime  # pylint: disable=import-outside-toplevel

    from django.utils import timezone  # pylint: disable=import-outside-toplevel

    from cap_xblock.api import lifecycle, notifications  # pylint: disable=import-outside-toplevel
    lifecycle.learner_unenrolled(cap["m1"].course_key, "m1")
    outcomes = notifications.session_tomorrow(cap["m1"].course_key, "session-1-x", "Rencontre",
                                              timezone.now() + datetime.timedelta(days=1), ["m1", "m2", "f1"])
    assert sorted(message.to[0] for message in mailbox) == ["f1@example.org", "m2@example.org"]
    assert outcomes == ["sent", "sent"]
