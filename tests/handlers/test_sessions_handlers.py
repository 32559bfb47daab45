"""The sessions (Rencontres) handlers through the workbench, CSRF enforced, role by role, in French."""

import datetime
import json

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cap_xblock.models import AgendaItem, CalendarToken, Case, CaseContribution, MinutesVersion, Session

pytestmark = pytest.mark.django_db


def plan(workbench, student="facilitator1", community=None, days=3, **extra):
    day = (timezone.now().date() + datetime.timedelta(days=days)).isoformat()
    data = {"community_id": community or Session.objects.filter(community__name="Les Baobabs").first().community_id,
            "title": "Rencontre de janvier", "day": day, "time": "18:00", "time_zone": "Africa/Abidjan",
            "duration": "90", "mode": "virtual", "link": "https://meet.example.org/j",
            "agenda_text": "Météo du groupe\nLe cas de Moussa", "submission_id": "plan-" + str(days) + student}
    data.update(extra)
    return workbench.post("session_plan", student, data)


def test_the_section_shows_the_demo_sessions_in_french(workbench, demo):
    status, section = workbench.get("section_view", "learner1", {"key": "sessions"})
    assert status == 200 and any(url.endswith("/sessions.js") for url in section["scripts"])
    html = section["html"]
    assert "Rencontres" in html and "Rencontre de décembre" in html and "Séminaire en présentiel" in html
    assert "Rencontre des Palétuviers" not in html
    assert "Ajouter les rencontres à mon agenda" in html and "sessions_feed/" in html
    assert "Planifier une rencontre" not in html  # members do not plan
    status, other = workbench.get("section_view", "facilitator1", {"key": "sessions"})
    assert "Planifier une rencontre" in other["html"]


def test_plan_answer_and_see_it_in_two_zones(workbench, demo):
    status, body = plan(workbench)
    assert status == 200, body
    assert body["message"] == "La rencontre est planifiée." and "Rencontre de janvier" in body["list_html"]
    session_id = body["session"]["id"]
    assert [entry["text"] for entry in body["session"]["agenda"]] == ["Météo du groupe", "Le cas de Moussa"]
    again = plan(workbench)  # the same submission again: nothing new
    assert again[1]["session"]["id"] == session_id
    status, body = workbench.post("session_rsvp", "learner2", {"session_id": session_id, "answer": "yes"})
    assert status == 200 and body["session"]["my_rsvp"] == "yes" and body["message"] == "Votre réponse est enregistrée."
    assert 'aria-pressed="true"' in body["html"]
    status, body = workbench.post("session_rsvp", "learner9", {"session_id": session_id, "answer": "yes"})
    assert status == 404 and body["error"]["code"] == "session_not_found"
    status, body = workbench.post("session_rsvp", "learner2", {"session_id": session_id, "answer": "oui"})
    assert status == 400 and body["error"]["message"]


def test_errors_follow_the_contract(workbench, demo):
    status, body = plan(workbench, student="learner1")
    assert status == 403 and body["error"]["code"] == "facilitator_only"
    status, body = plan(workbench, student="facilitator1", community="course")
    assert status == 403 and body["error"]["code"] == "staff_only"
    status, body = plan(workbench, time="02:30", day="2027-03-28", time_zone="Europe/Paris")
    assert status == 400 and body["error"]["code"] == "time_does_not_exist"
    assert "Europe/Paris" in body["error"]["message"]
    for bad in ({"session_id": "x"}, {"session_id": 10**30}, {}):
        status, body = workbench.get("session_detail", "learner1", bad)
        assert status in (400, 404) and body["error"]["message"]


def test_edit_and_cancel_tell_members_on_their_next_view(workbench, demo):
    session = Session.objects.get(title__startswith="Rencontre de décembre")
    status, body = workbench.post("session_cancel", "learner1", {"session_id": session.id})
    assert status == 403
    status, body = workbench.post("session_cancel", "facilitator1", {"session_id": session.id})
    assert status == 200 and body["session"]["cancelled"]
    first_render = workbench.view("learner4", open_sections=False).content.decode("utf-8")
    assert "est annulée" in first_render  # the sessions open by themselves on the next view
    assert "est annulée" not in workbench.view("learner9", open_sections=False).content.decode("utf-8")
    status, section = workbench.get("section_view", "learner4", {"key": "sessions"})
    assert "est annulée" in section["html"] and "data-notices" in section["html"]
    up_to = section["html"].split('data-up-to="')[1].split('"')[0]
    status, body = workbench.post("sessions_notices_seen", "learner4", {"up_to": up_to})
    assert status == 200
    status, section = workbench.get("section_view", "learner4", {"key": "sessions"})
    assert "data-notices" not in section["html"]


def test_minutes_and_attendance_of_the_past_session(workbench, demo):
    past = Session.objects.get(title="Rencontre de lancement")
    status, body = workbench.get("session_detail", "learner5", {"session_id": past.id})
    assert status == 200 and "Décisions" in body["html"] and "Version 2 sur 2" in body["html"]
    assert "Enregistrer les présences" not in body["html"]
    status, body = workbench.get("session_detail", "learner9", {"session_id": past.id})
    assert status == 404  # minutes stay in the community
    status, body = workbench.get("session_detail", "facilitator1", {"session_id": past.id})
    assert "Enregistrer les présences" in body["html"]
    status, body = workbench.post("session_attendance", "facilitator1", {
        "session_id": past.id, "status-learner8": "present"})
    assert status == 200 and body["message"] == "Les présences sont enregistrées."
    status, body = workbench.post("session_minutes_save", "learner3", {
        "session_id": past.id, "body": "*Complément* de la secrétaire", "base_number": 2})
    assert status == 200 and MinutesVersion.objects.filter(session=past).count() == 3
    status, body = workbench.post("session_minutes_save", "learner3", {
        "session_id": past.id, "body": "Encore", "base_number": 2})
    assert status == 409 and body["error"]["code"] == "stale_version"
    status, body = workbench.get("session_minutes", "learner5", {"session_id": past.id, "number": 1})
    assert status == 200 and body["minutes"]["number"] == 1


def test_an_ics_file_and_the_private_feed_without_cookies(workbench, demo, client):
    session = Session.objects.get(title__startswith="Rencontre de décembre")
    response = workbench.raw_get("session_ics", "learner1", {"session_id": session.id})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]["summary"] == session.title
    status, section = workbench.get("section_view", "learner1", {"key": "sessions"})
    feed_path = section["html"].split('data-feed-url')[0].rsplit('value="', 1)[1].split('"')[0]
    assert "/unauth_handler/" in feed_path or "/handler_noauth/" in feed_path  # workbench, LMS
    assert "student=" not in feed_path
    answer = client.get(feed_path)  # a calendar application: no cookie, no student
    assert answer.status_code == 200
    titles = sorted(str(e["summary"]) for e in icalendar.Calendar.from_ical(answer.content).walk("VEVENT"))
    assert "Rencontre des Palétuviers" not in titles and "Rencontre de lancement" in titles
    token = CalendarToken.objects.get(user_id="learner1")
    wrong = client.get(feed_path.replace(token.secret, "0" * 64))
    assert wrong.status_code == 404 and wrong.json()["error"]["code"] == "feed_not_found"
    status, body = workbench.post("calendar_address", "learner1", {"regenerate": True})
    assert status == 200 and body["feed_url"] != feed_path
    assert client.get(feed_path).status_code == 404


def test_a_live_co_development_poll_is_tiny(workbench, demo):
    case_id = CaseContribution.objects.filter(case__owner_id="learner2").first().case_id
    upcoming = Session.objects.get(title__startswith="Rencontre de décembre")
    upcoming.starts_at = timezone.now() + datetime.timedelta(minutes=10)
    upcoming.save()
    status, section = workbench.get("section_view", "learner3", {"key": "sessions"})
    watched = section["html"].split('data-live-watch="')[1].split('"')[0]
    assert json.loads(workbench.raw_get("live_version", "learner3", {"community_id": watched}).content) == {
        "r": 0, "v": 0}
    status, body = workbench.post("live_start", "facilitator1", {
        "case_id": case_id, "session_id": upcoming.id, "minutes-1": "5", "minutes-2": "10", "minutes-3": "5",
        "minutes-4": "15", "minutes-5": "5", "minutes-6": "5", "submission_id": "live-start-1"})
    assert status == 200, body
    run_id = body["live"]["id"]
    status, body = workbench.post("live_start", "learner2", {"case_id": case_id, "submission_id": "live-start-2"})
    assert status == 403
    assert json.loads(workbench.raw_get("live_version", "learner3", {"community_id": watched}).content) == {
        "r": run_id, "v": 1}
    assert workbench.raw_get("live_version", "learner9", {"community_id": watched}).status_code == 404
    response = workbench.raw_get("live_version", "learner3", {"run_id": run_id})
    assert response.status_code == 200 and len(response.content) < 40 and response["ETag"]
    assert json.loads(response.content) == {"v": 1, "e": 0}
    with CaptureQueriesContext(connection) as queries:
        workbench.raw_get("live_version", "learner3", {"run_id": run_id})
    assert len(queries) <= 4
    assert workbench.raw_get("live_version", "learner9", {"run_id": run_id}).status_code == 404
    status, body = workbench.post("live_move", "facilitator1", {"run_id": run_id, "from_step": 2, "direction": "next"})
    assert status == 200 and body["live"]["step"] == 3
    status, body = workbench.get("live_view", "learner3", {"run_id": run_id})
    assert status == 200 and "Contrat" in body["html"] and "Pour vous maintenant" in body["html"]
    status, body = workbench.post("live_note", "facilitator1", {"run_id": run_id, "body": "Awa : un contrat clair",
                                                                "submission_id": "live-note-1"})
    assert status == 200 and CaseContribution.objects.filter(kind="note").count() == 1
    status, body = workbench.post("live_end", "facilitator1", {"run_id": run_id})
    assert status == 200
    assert json.loads(workbench.raw_get("live_version", "learner3", {"run_id": run_id}).content)["e"] == 1


def test_attendance_completes_the_activity_when_the_course_team_chose_it(workbench, demo, monkeypatch):
    from workbench.runtime import WorkbenchRuntime  # pylint: disable=import-outside-toplevel

    events = []
    monkeypatch.setattr(WorkbenchRuntime, "publish", lambda runtime, block, kind, data: events.append(
        (block.scope_ids.user_id, kind, data)) if kind in ("completion", "grade") else None)
    status, body = workbench.post("submit_studio_edits", "staff", {"values": {
        "completion_charter": False, "completion_cases": 0, "completion_sessions": 2}, "defaults": []})
    assert status == 200, body
    past = Session.objects.get(title="Rencontre de lancement")
    workbench.view("learner8")  # absent from the first session: not complete
    assert not [event for event in events if event[0] == "learner8"]
    plenary = Session.objects.get(community__isnull=True)
    plenary.starts_at = timezone.now() - datetime.timedelta(days=1)
    plenary.save()
    assert workbench.post("session_attendance", "facilitator1", {
        "session_id": past.id, "statuses": {"learner8": "present"}})[0] == 200
    assert workbench.post("session_attendance", "staff", {
        "session_id": plenary.id, "statuses": {"learner8": "present"}})[0] == 200
    workbench.view("learner8")
    assert ("completion", {"completion": 1.0}) in [(kind, data) for user, kind, data in events if user == "learner8"]


def test_saving_the_edit_form_keeps_the_cases_and_kinds_of_the_agenda(workbench, demo):
    status, body = plan(workbench, days=5)
    session_id = body["session"]["id"]
    row = Session.objects.get(id=session_id)
    case = Case.objects.create(course_key=row.course_key, block_key="b", community_id=row.community_id,
                               owner_id="x", title="Le cas d'Awa", presented_at=timezone.now())
    AgendaItem.objects.filter(session=row, position=2).update(kind="brainstorm")
    AgendaItem.objects.create(session=row, position=3, kind="case", text=case.title, case_id=case.id)
    status, detail = workbench.get("session_detail", "facilitator1", {"session_id": session_id})
    form_text = detail["html"].split('name="agenda_text"')[1].split(">", 1)[1].split("</textarea>")[0]
    data = {"session_id": session_id, "base_version": body["session"]["version"], "title": "Rencontre de janvier",
            "day": body["session"]["starts_at"][:10], "time": "18:00", "time_zone": "Africa/Abidjan",
            "duration": "90", "mode": "virtual", "link": "https://meet.example.org/j",
            "agenda_text": form_text.replace("&#x27;", "'")}
    status, saved = workbench.post("session_update", "facilitator1", data)
    assert status == 200, saved
    assert [(entry["kind"], entry["case_id"]) for entry in saved["session"]["agenda"]] == [
        ("topic", None), ("brainstorm", None), ("case", case.id)]
    status, refused = workbench.post("session_update", "facilitator1", dict(data, agenda_cases=5))
    assert status == 400 and refused["error"]["code"] == "invalid_agenda"
