"""Handlers of the dashboard, the course team's view, notification preferences, unsubscribe and « Quoi de neuf »."""

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cap_xblock.api import notifications
from cap_xblock.models import Community, LastVisit, NotificationPreference
from tests.dashboard_utils import SECRET, add_items
from tests.utils import COURSE

pytestmark = pytest.mark.django_db
BAOBABS_MEMBERS = ("learner1", "learner2", "learner3")


def baobabs():
    return Community.objects.get(course_key=COURSE, name="Les Baobabs").id


def test_the_dashboard_is_for_facilitators(workbench, demo):
    status, body = workbench.get("dashboard_view", "facilitator1")
    assert status == 200 and "Les Baobabs" in body["html"] and "Tableau de bord" in body["html"]
    assert body["data"]["communities"][0]["waiting"]["shared_entries"] >= 0
    for student, expected in (("learner1", 403), ("", 403), ("staff", 404)):
        status, body = workbench.get("dashboard_view", student)
        assert status == expected and body["error"]["code"] and body["error"]["message"]
    status, body = workbench.get("dashboard_view", "staff", {"community_id": baobabs()})
    assert status == 200
    status, body = workbench.get("dashboard_view", "facilitator2", {"community_id": baobabs()})
    assert status == 404
    status, body = workbench.get("dashboard_view", "facilitator1", {"silent_days": "zéro"})
    assert status == 400


def test_the_dashboard_never_shows_journal_text(workbench, demo):
    add_items({"community": baobabs()}, 3, course_key=COURSE, names=BAOBABS_MEMBERS)
    status, body = workbench.get("dashboard_view", "facilitator1")
    assert status == 200 and body["data"]["communities"][0]["waiting"]["shared_entries"] >= 3
    assert SECRET not in body["html"] and SECRET not in str(body["data"])
    status, section = workbench.get("section_view", "facilitator1", {"key": "dashboard"})
    assert status == 200 and "Tableau de bord" in section["html"] and SECRET not in section["html"]
    # The facilitator reads shared entries in the journal itself, never in the dashboard.


def test_dashboard_queries_do_not_grow_with_items(workbench, demo):
    add_items({"community": baobabs()}, 10, course_key=COURSE, names=BAOBABS_MEMBERS)
    workbench.get("dashboard_view", "facilitator1")
    with CaptureQueriesContext(connection) as small:
        assert workbench.get("dashboard_view", "facilitator1")[0] == 200
    add_items({"community": baobabs()}, 10000, course_key=COURSE, names=BAOBABS_MEMBERS)
    with CaptureQueriesContext(connection) as large:
        assert workbench.get("dashboard_view", "facilitator1")[0] == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_course_overview_and_export_are_for_staff(workbench, demo):
    status, body = workbench.get("course_overview", "staff")
    assert status == 200 and "Les Palétuviers" in body["html"] and body["data"]["communities"]["total"] == 3
    for student in ("learner1", "facilitator1", ""):
        assert workbench.get("course_overview", student)[0] == 403
        response = workbench.raw_get("participation_export", student)
        assert response.status_code == 403 and response.json()["error"]["code"]
    response = workbench.raw_get("participation_export", "staff")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 22 and {row["community"] for row in rows} == {"Les Baobabs", "Les Palétuviers", "Les Érables"}


def test_overview_queries_do_not_grow_with_items(workbench, demo):
    add_items({"community": baobabs()}, 10, course_key=COURSE, names=BAOBABS_MEMBERS)
    workbench.get("course_overview", "staff")
    with CaptureQueriesContext(connection) as small:
        assert workbench.get("course_overview", "staff")[0] == 200
        assert workbench.raw_get("participation_export", "staff").status_code == 200
    add_items({"community": baobabs()}, 10000, course_key=COURSE, names=BAOBABS_MEMBERS)
    with CaptureQueriesContext(connection) as large:
        assert workbench.get("course_overview", "staff")[0] == 200
        assert workbench.raw_get("participation_export", "staff").status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_preferences_round_trip(workbench, demo):
    status, body = workbench.get("notification_preferences", "learner1")
    assert status == 200 and {kind["key"] for kind in body["kinds"]} == {"contribution", "feedback", "session",
                                                                         "activity"}
    status, body = workbench.post("notification_save", "learner1", {"choices": {"activity": "daily"}})
    assert status == 200 and {k["key"]: k["frequency"] for k in body["kinds"]}["activity"] == "daily"
    for bad in ({"choices": {"activity": "hourly"}}, {"choices": "daily"}, {"choices": {"report": "never"}}):
        status, body = workbench.post("notification_save", "learner1", bad)
        assert status == 400 and body["error"]["message"]
    assert workbench.post("notification_save", "", {"choices": {}})[0] == 403
    assert NotificationPreference.objects.filter(user_id="learner1", kind="activity").get().frequency == "daily"


def test_unsubscribe_works_without_login_and_without_changing_anything_on_get(scenario_usage_id, demo):
    token = notifications.token_for(COURSE, "learner3")
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    url = f"/unauth_handler/{scenario_usage_id}/unsubscribe/"
    page = client.get(url, {"token": token, "kind": "activity"}, HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and b'name="token"' in page.content
    assert not NotificationPreference.objects.filter(user_id="learner3").exists()
    done = client.post(url, {"token": token, "kind": "activity"}, HTTP_ACCEPT="text/html")
    assert done.status_code == 200
    assert NotificationPreference.objects.get(user_id="learner3", kind="activity").frequency == "never"
    wrong = client.get(url, {"token": token + "x"}, HTTP_ACCEPT="text/html")
    assert wrong.status_code == 404 and b"<html" in wrong.content
    api = client.post(url, '{"token": "nothing.here"}', content_type="application/json")
    assert api.status_code == 404 and api.json()["error"]["code"] == "invalid_token"
    assert client.post(url, "[]", content_type="application/json").status_code == 400
    assert client.put(url).status_code == 405


def test_whats_new_on_the_second_visit(workbench, demo):
    workbench.view("learner2", open_sections=False)
    LastVisit.objects.filter(user_id="learner2").update(visited_at="2020-01-01T00:00:00Z")
    status, _body = workbench.post("discussion_start", "learner3", {"community_id": baobabs(), "title": "Sujet",
                                                                    "body": "Un message"})
    assert status == 200
    page = workbench.view("learner2", open_sections=False).content.decode("utf-8")
    assert "Quoi de neuf" in page and "data-go-section=\"discussion\"" in page
    page = workbench.view("learner2", open_sections=False).content.decode("utf-8")
    assert "Quoi de neuf" not in page
