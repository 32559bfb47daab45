"""Rules of cap_xblock.api.sessions: who plans, sees, answers, records attendance; notices; queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cap_xblock.api import progress, sessions
from cap_xblock.errors import Conflict, InvalidInput, NotAllowed, NotFound
from cap_xblock.models import Attendance, Rsvp, SessionNotice
from tests.unit.sessions_fixtures import cap, move_to_past, plan  # noqa: F401  (fixture)
from tests.utils import make_actor

pytestmark = pytest.mark.django_db

ALL = ("m1", "other", "f1", "f2", "staff", "nobody")


def test_facilitators_and_staff_plan_a_communitys_sessions_and_nobody_else(cap):
    assert plan(cap["f1"], cap["community"]).community_id == cap["community"]
    assert plan(cap["staff"], cap["community"]).title == "Rencontre mensuelle"
    with pytest.raises(NotAllowed) as refused:
        plan(cap["m1"], cap["community"])
    assert refused.value.code == "facilitator_only"
    for name in ("f2", "other"):
        with pytest.raises(NotFound):
            plan(cap[name], cap["community"])


def test_only_staff_plan_a_plenary_and_everyone_in_the_course_sees_it(cap):
    for name in ("f1", "m1"):
        with pytest.raises(NotAllowed) as refused:
            plan(cap[name], "course")
        assert refused.value.code == "staff_only"
    plenary = plan(cap["staff"], "course", title="Séminaire")
    assert plenary.is_plenary and plenary.community_id is None
    for name in ALL:
        assert [item.id for item in sessions.list_sessions(cap[name]).sessions.items] == [plenary.id]


def test_a_communitys_session_is_seen_by_that_community_only(cap):
    session = plan(cap["f1"], cap["community"])
    for name in ("m1", "f1", "staff"):
        assert sessions.get_session(cap[name], session_id=session.id).id == session.id
        assert sessions.list_sessions(cap[name]).sessions.total == 1
    for name in ("other", "f2", "nobody"):
        with pytest.raises(NotFound):
            sessions.get_session(cap[name], session_id=session.id)
        assert sessions.list_sessions(cap[name]).sessions.total == 0


def test_edit_and_cancel_follow_the_planning_rule(cap):
    session = plan(cap["f1"], cap["community"])
    day, time = session.local_date, "16:00"
    args = dict(title="Rencontre déplacée", day=day, time=time, time_zone="Europe/Paris", duration=60,
                mode="virtual", link="https://meet.example.org/b")
    with pytest.raises(NotAllowed):
        sessions.update_session(cap["m1"], session_id=session.id, base_version=session.version, **args)
    with pytest.raises(NotFound):
        sessions.update_session(cap["f2"], session_id=session.id, base_version=session.version, **args)
    changed = sessions.update_session(cap["f1"], session_id=session.id, base_version=session.version, **args)
    assert changed.version == session.version + 1 and changed.local_time == "16:00"
    with pytest.raises(Conflict) as stale:
        sessions.update_session(cap["staff"], session_id=session.id, base_version=session.version, **args)
    assert stale.value.code == "stale_version"
    with pytest.raises(NotAllowed):
        sessions.cancel_session(cap["m1"], session_id=session.id)
    cancelled = sessions.cancel_session(cap["staff"], session_id=session.id)
    assert cancelled.cancelled and not cancelled.can_rsvp and not cancelled.can_edit
    with pytest.raises(Conflict):
        sessions.cancel_session(cap["f1"], session_id=session.id)


def test_members_are_told_of_a_change_and_a_cancellation_once(cap):
    session = plan(cap["f1"], cap["community"])
    assert sessions.list_sessions(cap["m1"]).notices == []
    sessions.update_session(cap["f1"], session_id=session.id, base_version=session.version, title=session.title,
                            day=session.local_date,
                            time="18:30", time_zone="Europe/Paris", duration=90, mode="virtual",
                            link="https://meet.example.org/baobabs")
    sessions.cancel_session(cap["f1"], session_id=session.id)
    notices = sessions.list_sessions(cap["m1"]).notices
    assert [notice.kind for notice in notices] == ["cancelled", "changed"]
    assert "Rencontre mensuelle" in notices[0].message
    assert sessions.list_sessions(cap["other"]).notices == []  # not their community
    assert sessions.list_sessions(cap["f1"]).notices == []  # who made the change knows it
    sessions.mark_notices_seen(cap["m1"], up_to=notices[0].id)
    assert sessions.list_sessions(cap["m1"]).notices == []
    assert len(sessions.list_sessions(cap["m2"]).notices) == 2


def test_an_edit_that_changes_only_the_agenda_tells_nobody(cap):
    session = plan(cap["f1"], cap["community"])
    sessions.update_session(cap["f1"], session_id=session.id, base_version=session.version, title=session.title,
                            day=session.local_date,
                            time=session.local_time, time_zone="Europe/Paris", duration=90, mode="virtual",
                            link="https://meet.example.org/baobabs", agenda=["Tour de table"])
    assert SessionNotice.objects.count() == 0
    assert [entry.text for entry in sessions.get_session(cap["m1"], session_id=session.id).agenda] == ["Tour de table"]


def test_input_is_checked(cap):
    with pytest.raises(InvalidInput) as bad:
        plan(cap["f1"], cap["community"], zone="Europe/Atlantis")
    assert bad.value.code == "unknown_time_zone"
    with pytest.raises(InvalidInput) as bad:
        plan(cap["f1"], cap["community"], link="javascript:alert(1)")
    assert bad.value.code == "invalid_link"
    with pytest.raises(InvalidInput) as bad:
        plan(cap["f1"], cap["community"], mode="in_person", link="")
    assert bad.value.code == "place_required"
    with pytest.raises(InvalidInput):
        plan(cap["f1"], cap["community"], duration=5)
    with pytest.raises(InvalidInput):
        plan(cap["f1"], cap["community"], agenda=[{"kind": "case", "case_id": 999999}] * 30)
    with pytest.raises(NotFound):
        plan(cap["f1"], cap["community"], agenda=[{"kind": "case", "case_id": 999999}])
    in_person = plan(cap["f1"], cap["community"], mode="in_person", link="", place="Salle 3, Dakar")
    assert in_person.place == "Salle 3, Dakar" and in_person.link == ""


def test_members_answer_once_and_a_new_answer_replaces_the_old(cap):
    session = plan(cap["f1"], cap["community"])
    sessions.answer(cap["m1"], session_id=session.id, value="maybe")
    item = sessions.answer(cap["m1"], session_id=session.id, value="yes")
    sessions.answer(cap["m2"], session_id=session.id, value="no")
    assert item.my_rsvp == "yes"
    assert sessions.get_session(cap["f1"], session_id=session.id).rsvp_counts == {"yes": 1, "no": 1, "maybe": 0}
    assert Rsvp.objects.filter(session_id=session.id, user_id="m1").count() == 1
    with pytest.raises(InvalidInput):
        sessions.answer(cap["m1"], session_id=session.id, value="perhaps")
    with pytest.raises(NotFound):
        sessions.answer(cap["other"], session_id=session.id, value="yes")


def test_no_answer_to_a_cancelled_or_finished_session(cap):
    session = plan(cap["f1"], cap["community"])
    move_to_past(session.id, hours_ago=5)
    with pytest.raises(Conflict) as over:
        sessions.answer(cap["m1"], session_id=session.id, value="yes")
    assert over.value.code == "session_over"
    other = plan(cap["f1"], cap["community"])
    sessions.cancel_session(cap["f1"], session_id=other.id)
    with pytest.raises(Conflict) as cancelled:
        sessions.answer(cap["m1"], session_id=other.id, value="yes")
    assert cancelled.value.code == "cancelled"


def test_attendance_is_recorded_after_the_start_by_the_facilitator(cap):
    session = plan(cap["f1"], cap["community"])
    with pytest.raises(Conflict) as early:
        sessions.record_attendance(cap["f1"], session_id=session.id, statuses={"m1": "present"})
    assert early.value.code == "not_started"
    move_to_past(session.id)
    with pytest.raises(NotAllowed):
        sessions.record_attendance(cap["m1"], session_id=session.id, statuses={"m1": "present"})
    with pytest.raises(NotFound):
        sessions.record_attendance(cap["f2"], session_id=session.id, statuses={"m1": "present"})
    with pytest.raises(NotFound) as stranger:
        sessions.record_attendance(cap["f1"], session_id=session.id, statuses={"other": "present"})
    assert stranger.value.code == "person_not_found"
    assert sessions.record_attendance(cap["f1"], session_id=session.id,
                                      statuses={"m1": "present", "m2": "excused", "m3": "absent"}) == 3
    sessions.record_attendance(cap["f1"], session_id=session.id, statuses={"m3": "present"})
    sheet = sessions.attendance_sheet(cap["f1"], session_id=session.id)
    assert sheet.present == 2
    assert {row.person.user_id: row.status for row in sheet.rows.items} == {
        "m1": "present", "m2": "excused", "m3": "present"}
    assert sessions.my_attendance(cap["m2"], session_id=session.id) == "excused"
    with pytest.raises(NotAllowed):
        sessions.attendance_sheet(cap["m1"], session_id=session.id)


def test_attendance_feeds_the_completion_rule(cap):
    rule = progress.CompletionRule(charter=False, cases=0, sessions=2)
    first, second = plan(cap["f1"], cap["community"]), plan(cap["staff"], "course")
    for session in (first, second):
        move_to_past(session.id)
    sessions.record_attendance(cap["f1"], session_id=first.id, statuses={"m1": "present"})
    assert progress.progress_of(cap["m1"], rule=rule).fraction == 0.5
    sessions.record_attendance(cap["staff"], session_id=second.id, statuses={"m1": "present", "other": "absent"})
    state = progress.progress_of(cap["m1"], rule=rule)
    assert state.sessions == 2 and state.met
    assert progress.progress_of(cap["other"], rule=rule).fraction == 0.0
    assert Attendance.objects.filter(user_id="m1").count() == 2


def test_the_note_taker_is_a_member_named_by_the_facilitator(cap):
    session = plan(cap["f1"], cap["community"])
    with pytest.raises(NotAllowed):
        sessions.name_note_taker(cap["m1"], session_id=session.id, user_id="m1")
    with pytest.raises(NotFound):
        sessions.name_note_taker(cap["f1"], session_id=session.id, user_id="other")
    item = sessions.name_note_taker(cap["f1"], session_id=session.id, user_id="m2")
    assert item.note_taker.display_name == "Moussa Sow"
    assert sessions.get_session(cap["m2"], session_id=session.id).can_write_minutes
    assert not sessions.get_session(cap["m1"], session_id=session.id).can_write_minutes


def test_the_list_reads_in_a_constant_number_of_queries(cap):
    plan(cap["f1"], cap["community"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            sessions.list_sessions(cap["m1"])
        return len(queries)

    few = count()
    for index in range(12):
        session = plan(cap["f1"], cap["community"], days=index + 1, agenda=["Point A", "Point B"])
        sessions.answer(cap["m1"], session_id=session.id, value="yes")
        sessions.answer(cap["m2"], session_id=session.id, value="maybe")
    sessions.name_note_taker(cap["f1"], session_id=session.id, user_id="m3")
    assert count() == few
    assert sessions.list_sessions(cap["m1"]).sessions.total == 13
    assert len(sessions.list_sessions(cap["m1"], page=2).sessions.items) == 3


def test_past_and_upcoming_are_split_at_the_end_of_a_session(cap):
    now_on = plan(cap["f1"], cap["community"])
    move_to_past(now_on.id, hours_ago=1)  # 90 minutes long: still going on
    done = plan(cap["f1"], cap["community"])
    move_to_past(done.id, hours_ago=3)
    upcoming = sessions.list_sessions(cap["m1"], when="upcoming").sessions.items
    assert [item.id for item in upcoming] == [now_on.id] and upcoming[0].is_now
    assert [item.id for item in sessions.list_sessions(cap["m1"], when="past").sessions.items] == [done.id]


def test_the_anonymous_and_people_outside_a_course_are_refused(cap):
    anonymous = make_actor("", name="Personne")
    with pytest.raises(NotAllowed):
        sessions.list_sessions(anonymous)


def test_a_plenary_answer_goes_through_the_write_gate_of_ones_community(cap):  # noqa: F811
    from cap_xblock.api import moderation  # pylint: disable=import-outside-toplevel
    plenary = plan(cap["staff"], "course", title="Séminaire")
    moderation.mute_member(cap["f1"], community_id=cap["community"], user_id="m1", days=3, reason="")
    with pytest.raises(NotAllowed):
        sessions.answer(cap["m1"], session_id=plenary.id, value="yes")
    assert sessions.answer(cap["m2"], session_id=plenary.id, value="yes").my_rsvp == "yes"
    assert not Rsvp.objects.filter(user_id="m1").exists()


def test_naming_the_note_taker_goes_through_the_planning_check(cap):  # noqa: F811
    plenary = plan(cap["staff"], "course", title="Séminaire")
    with pytest.raises(NotAllowed) as refused:
        sessions.name_note_taker(cap["f1"], session_id=plenary.id, user_id="m1")
    assert refused.value.code == "staff_only"


def test_retirement_takes_the_name_out_of_the_minutes(cap):  # noqa: F811
    from cap_xblock.api import session_minutes  # pylint: disable=import-outside-toplevel
    from cap_xblock.models import MinutesVersion  # pylint: disable=import-outside-toplevel
    item = plan(cap["f1"], cap["community"], days=1)
    move_to_past(item.id)
    session_minutes.save_minutes(cap["f1"], session_id=item.id, body="Awa Ndiaye prépare le cas ; Moussa Sow anime.",
                                 base_number=0)
    from cap_xblock import retirement  # pylint: disable=import-outside-toplevel
    retirement.retire_user("m1")
    body = MinutesVersion.objects.get(session_id=item.id).body
    assert "Awa" not in body and "Ndiaye" not in body and "Moussa Sow anime" in body
