"""Co-development run live, minutes and calendar of sessions (cap_xblock.api.session_*)."""

import datetime
import threading

import icalendar
import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from cap_xblock.api import cases, session_calendar, session_live, session_minutes, sessions
from cap_xblock.errors import Conflict, InvalidInput, NotAllowed, NotFound
from cap_xblock.models import CalendarToken, CaseContribution, MinutesVersion, Rsvp
from cap_xblock.retirement import retire_user
from tests.unit.sessions_fixtures import cap, move_to_past, plan  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def presented(cap):
    draft = cases.save_draft(cap["m1"], title="Impliquer les élu·es", context="Une commune rurale.",
                             problem="Les élu·es ne viennent pas.")
    return cases.present_case(cap["m1"], case_id=draft.id)


# --- live ----------------------------------------------------------------------------------------


def test_the_facilitator_runs_a_case_live_and_every_screen_follows(cap):
    case = presented(cap)
    session = plan(cap["f1"], cap["community"])
    for name in ("m1", "m2"):
        with pytest.raises(NotAllowed):
            session_live.start_live(cap[name], case_id=case.id, session_id=session.id)
    with pytest.raises(NotFound):
        session_live.start_live(cap["f2"], case_id=case.id)
    state = session_live.start_live(cap["f1"], case_id=case.id, session_id=session.id, durations=[5, 10, 5, 15, 5, 5])
    assert state.step == 1 and [step.minutes for step in state.steps] == [5, 10, 5, 15, 5, 5]
    assert 290 <= state.seconds_left <= 300 and state.role == "facilitator"
    with pytest.raises(Conflict) as twice:
        session_live.start_live(cap["staff"], case_id=case.id)
    assert twice.value.code == "already_live"
    owner = session_live.live_state(cap["m1"], run_id=state.id)
    consultant = session_live.live_state(cap["m2"], run_id=state.id)
    assert owner.role == "owner" and consultant.role == "consultant" and not consultant.can_drive
    with pytest.raises(NotFound):
        session_live.live_state(cap["other"], run_id=state.id)
    version = session_live.live_version(cap["m2"], run_id=state.id)[0]
    moved = session_live.move_live(cap["f1"], run_id=state.id, from_step=1, direction="next")
    assert moved.step == 2 and cases.get_case(cap["m2"], case_id=case.id).step == 2
    assert session_live.live_version(cap["m2"], run_id=state.id)[0] > version
    assert "question" in session_live.live_state(cap["m2"], run_id=state.id).expected.lower()
    with pytest.raises(Conflict) as late:
        session_live.move_live(cap["staff"], run_id=state.id, from_step=1, direction="next")
    assert late.value.code == "wrong_step"
    with pytest.raises(NotAllowed):
        session_live.move_live(cap["m1"], run_id=state.id, from_step=2, direction="next")


def test_screens_of_the_community_find_the_run_going_on(cap):
    case = presented(cap)
    assert session_live.running_in(cap["m2"], community_id=cap["community"]) == (0, 0)
    state = session_live.start_live(cap["f1"], case_id=case.id)
    assert session_live.running_in(cap["m2"], community_id=cap["community"]) == (state.id, state.version)
    assert session_live.running_in(cap["staff"], community_id=cap["community"])[0] == state.id
    for name in ("other", "f2"):
        with pytest.raises(NotFound):
            session_live.running_in(cap[name], community_id=cap["community"])
    session_live.end_live(cap["f1"], run_id=state.id)
    assert session_live.running_in(cap["m2"], community_id=cap["community"]) == (0, 0)


def test_notes_become_contributions_of_the_case_at_the_current_step(cap):
    case = presented(cap)
    session = plan(cap["f1"], cap["community"])
    state = session_live.start_live(cap["f1"], case_id=case.id, session_id=session.id)
    session_live.move_live(cap["f1"], run_id=state.id, from_step=1, direction="next")
    with pytest.raises(NotAllowed):
        session_live.add_note(cap["m2"], run_id=state.id, body="Question de Moussa")
    sessions.name_note_taker(cap["f1"], session_id=session.id, user_id="m2")
    note_id, after = session_live.add_note(cap["m2"], run_id=state.id, body="Moussa demande qui finance.")
    assert after.notes == [("Moussa Sow", "Moussa demande qui finance.")]
    row = CaseContribution.objects.get(id=note_id)
    assert (row.kind, row.step, row.author_id) == ("note", 2, "m2")
    kinds = [(item.kind, item.kind_name) for item in cases.get_case(cap["m3"], case_id=case.id).contributions.items]
    assert kinds == [("note", "Notes de séance")]


def test_durations_are_checked_and_a_run_ends(cap):
    case = presented(cap)
    state = session_live.start_live(cap["f1"], case_id=case.id)
    with pytest.raises(InvalidInput):
        session_live.set_durations(cap["f1"], run_id=state.id, durations=[10, 10])
    with pytest.raises(InvalidInput):
        session_live.set_durations(cap["f1"], run_id=state.id, durations=[0, 10, 10, 10, 10, 10])
    assert session_live.set_durations(cap["f1"], run_id=state.id, durations=[1, 2, 3, 4, 5, 6]).steps[0].minutes == 1
    ended = session_live.end_live(cap["f1"], run_id=state.id)
    assert ended.ended and not ended.can_drive
    with pytest.raises(Conflict):
        session_live.move_live(cap["f1"], run_id=state.id, from_step=1, direction="next")
    assert session_live.start_live(cap["f1"], case_id=case.id).id != state.id  # a case may be run live again


def test_a_poll_is_a_few_queries_whatever_the_case(cap):
    case = presented(cap)
    state = session_live.start_live(cap["f1"], case_id=case.id)
    for index in range(10):
        session_live.add_note(cap["f1"], run_id=state.id, body=f"Note {index}")
    with CaptureQueriesContext(connection) as queries:
        session_live.live_version(cap["m2"], run_id=state.id)
    assert len(queries) <= 3


# --- minutes --------------------------------------------------------------------------------------


def test_minutes_are_written_by_the_facilitator_or_the_note_taker_and_versions_are_kept(cap):
    session = plan(cap["f1"], cap["community"])
    with pytest.raises(NotAllowed) as refused:
        session_minutes.save_minutes(cap["m1"], session_id=session.id, body="Rien")
    assert refused.value.code == "note_taker_only"
    first = session_minutes.save_minutes(cap["f1"], session_id=session.id, body="**Décisions**\n\n- Se revoir en mai",
                                         base_number=0)
    assert first.number == 1 and "<strong>Décisions</strong>" in first.html
    with pytest.raises(Conflict) as stale:
        session_minutes.save_minutes(cap["staff"], session_id=session.id, body="Autre texte", base_number=0)
    assert stale.value.code == "stale_version"
    sessions.name_note_taker(cap["f1"], session_id=session.id, user_id="m2")
    second = session_minutes.save_minutes(cap["m2"], session_id=session.id, body="<script>x</script> *Suite*",
                                          base_number=1)
    assert second.number == 2 and "<script>" not in second.html and "<em>Suite</em>" in second.html
    read = session_minutes.get_minutes(cap["m3"], session_id=session.id)
    assert read.number == 2 and read.body == "" and not read.can_write
    assert [number for number, _name, _at in read.versions] == [2, 1]
    assert "Se revoir" in session_minutes.get_minutes(cap["m3"], session_id=session.id, number=1).html
    with pytest.raises(NotFound):
        session_minutes.get_minutes(cap["other"], session_id=session.id)
    assert MinutesVersion.objects.filter(session_id=session.id).count() == 2


# --- calendar -----------------------------------------------------------------------------------


def test_an_ics_carries_the_session_in_its_own_zone(cap):
    session = sessions.plan_session(cap["f1"], community_id=cap["community"], title="Rencontre de mars",
                                    day="2027-03-29",
                                    time="14:00", time_zone="Europe/Paris", duration=90, mode="hybrid",
                                    link="https://meet.example.org/b", place="Dakar", agenda=["Tour de table"])
    name, data = session_calendar.session_ics(cap["m1"], session_id=session.id)
    assert name.endswith(".ics")
    calendar = icalendar.Calendar.from_ical(data)
    event = calendar.walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert str(start.tzinfo) == "Europe/Paris" and start.hour == 14
    assert start.astimezone(datetime.timezone.utc).hour == 12
    assert event.decoded("dtend") - start == datetime.timedelta(minutes=90)
    assert calendar.walk("VTIMEZONE") and "Tour de table" in str(event.get("description"))
    with pytest.raises(NotFound):
        session_calendar.session_ics(cap["other"], session_id=session.id)


def test_the_feed_is_reached_by_its_token_only_and_lists_the_persons_sessions(cap):
    mine = plan(cap["f1"], cap["community"], title="Baobabs")
    plan(cap["f2"], cap["other_community"], title="Palétuviers")
    plan(cap["staff"], "course", title="Plénière")
    sessions.cancel_session(cap["f1"], session_id=mine.id)
    token = session_calendar.feed_token(cap["m1"])
    assert session_calendar.feed_token(cap["m1"]) == token
    events = icalendar.Calendar.from_ical(session_calendar.feed(cap["m1"].course_key, token)).walk("VEVENT")
    assert sorted(str(event["summary"]) for event in events) == ["Baobabs", "Plénière"]
    assert {str(event["summary"]): str(event["status"]) for event in events}["Baobabs"] == "CANCELLED"
    key, secret = token.split(".")
    for wrong in ("", "x", key + "." + "0" * 64, key, token + ".", "." + secret, None):
        with pytest.raises(NotFound):
            session_calendar.feed(cap["m1"].course_key, wrong)
    with pytest.raises(NotFound):
        session_calendar.feed("course-v1:Other+Course+2026", token)
    new = session_calendar.feed_token(cap["m1"], regenerate=True)
    assert new != token
    with pytest.raises(NotFound):
        session_calendar.feed(cap["m1"].course_key, token)
    assert session_calendar.revoke_feed_token(cap["m1"])
    with pytest.raises(NotFound):
        session_calendar.feed(cap["m1"].course_key, new)


# --- retirement, concurrency ------------------------------------------------------------------------


def test_retirement_removes_answers_attendance_and_token_and_unsigns_minutes(cap):
    session = plan(cap["f1"], cap["community"])
    sessions.answer(cap["m2"], session_id=session.id, value="yes")
    sessions.name_note_taker(cap["f1"], session_id=session.id, user_id="m2")
    session_minutes.save_minutes(cap["m2"], session_id=session.id, body="Compte-rendu", base_number=0)
    session_calendar.feed_token(cap["m2"])
    move_to_past(session.id)
    sessions.record_attendance(cap["f1"], session_id=session.id, statuses={"m2": "present"})
    retire_user("m2")
    assert not Rsvp.objects.filter(user_id="m2").exists()
    assert not CalendarToken.objects.filter(user_id="m2").exists()
    assert MinutesVersion.objects.get(session_id=session.id).author_id == ""
    assert sessions.get_session(cap["f1"], session_id=session.id).note_taker is None


@pytest.mark.django_db(transaction=True)
def test_simultaneous_answers_of_one_person_keep_one_row(cap):
    session = plan(cap["f1"], cap["community"])
    errors = []

    def answer(value):
        try:
            sessions.answer(cap["m1"], session_id=session.id, value=value)
        except Exception as error:  # pylint: disable=broad-except
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(value,)) for value in ("yes", "no", "maybe", "yes")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rows = Rsvp.objects.filter(session_id=session.id, user_id="m1")
    assert rows.count() == 1
    assert not [error for error in errors if isinstance(error, IntegrityError)]
