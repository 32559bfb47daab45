"""The community and management handlers through the workbench, CSRF enforced, role by role."""

import pytest

from cap_xblock.models import Community, CourseConfig, Membership

pytestmark = pytest.mark.django_db


def test_post_without_csrf_token_is_refused(workbench, demo):
    status, _body = workbench.post("manage_create", "staff", {"name": "Sans jeton"}, csrf=False)
    assert status == 403
    assert not Community.objects.filter(name="Sans jeton").exists()


def test_learner_sees_their_community(workbench, demo):
    status, body = workbench.get("community_state", "learner1")
    assert status == 200
    assert body["role"] == "learner"
    assert body["community"]["name"] == "Les Baobabs"
    assert "Aminata Diallo" in [p["display_name"] for p in body["community"]["facilitators"]]
    assert len(body["community"]["members"]) == 8


def test_facilitator_sees_the_communities_they_lead(workbench, demo):
    status, body = workbench.get("community_state", "facilitator2")
    assert status == 200 and body["role"] == "facilitator"
    assert sorted(c["name"] for c in body["led"]) == ["Les Palétuviers", "Les Érables"]


@pytest.mark.parametrize("student", ["learner1", "facilitator1"])
def test_management_is_for_staff_only(workbench, demo, student):
    for handler, data in [("manage_create", {"name": "X"}), ("manage_settings", {"target_size": 5}),
                          ("manage_place", {"user_id": "learner1", "community_id": 1}),
                          ("manage_import", {"csv": "learner1,X,learner"})]:
        status, body = workbench.post(handler, student, data)
        assert status == 403, handler
        assert body["error"]["code"] == "staff_only"
        assert body["error"]["message"] == "Seule l'équipe pédagogique peut gérer les communautés."
    status, body = workbench.get("manage_communities", student)
    assert status == 403
    assert workbench.raw_get("manage_export", student).status_code == 403


def test_staff_forms_communities(workbench, demo):
    status, body = workbench.post("manage_create", "staff", {"name": "Les Fromagers"})
    assert status == 200 and body["name"] == "Les Fromagers"
    community_id = body["id"]
    status, body = workbench.post("manage_place", "staff", {"user_id": "learner23", "community_id": community_id})
    assert status == 200 and [m["user_id"] for m in body["members"]] == ["learner23"]
    status, body = workbench.post("manage_add_facilitator", "staff", {"user_id": "facilitator1",
                                                                      "community_id": community_id})
    assert status == 200 and body["facilitators"][0]["display_name"] == "Aminata Diallo"
    status, body = workbench.post("manage_rename", "staff", {"community_id": community_id, "name": "Les Kapokiers"})
    assert status == 200 and body["name"] == "Les Kapokiers"
    status, body = workbench.get("manage_communities", "staff")
    assert status == 200 and body["communities"]["total"] == 4
    assert {c["name"]: c["size"] for c in body["communities"]["items"]}["Les Kapokiers"] == 1
    status, body = workbench.post("manage_archive", "staff", {"community_id": community_id})
    assert status == 200 and body["archived"] is True


def test_settings_change_through_the_handler(workbench, demo):
    status, body = workbench.post("manage_settings", "staff", {"target_size": 12, "assignment_mode": "manual"})
    assert status == 200 and body == {"course_key": "course-v1:CAP+Demo+2026", "target_size": 12,
                                      "assignment_mode": "manual"}
    assert CourseConfig.objects.get().assignment_mode == "manual"
    status, body = workbench.post("manage_settings", "staff", {"target_size": 99})
    assert status == 400 and body["error"]["code"] == "invalid_input"


@pytest.mark.parametrize("raw", ["{", "[]", "null", "\"texte\"", "\xff", "{\"name\": {\"$gt\": 1}}"])
def test_malformed_bodies_get_the_error_contract(workbench, demo, raw):
    status, body = workbench.post("manage_create", "staff", raw=raw)
    assert status == 400
    assert set(body["error"]) >= {"code", "message"}


def test_wrong_method_is_refused(workbench, demo):
    response = workbench.client.get(workbench.url("manage_create", "staff"))
    assert response.status_code == 405
    status, body = workbench.post("community_state", "learner1")
    assert status == 405 and body["error"]["code"] == "method_not_allowed"


def test_unknown_ids_are_404(workbench, demo):
    status, body = workbench.post("manage_rename", "staff", {"community_id": 999999, "name": "X"})
    assert status == 404 and body["error"]["code"] == "community_not_found"
    status, body = workbench.post("manage_place", "staff", {"user_id": "nobody", "community_id": 1})
    assert status == 404


def test_full_community_is_a_conflict(workbench, demo):
    workbench.post("manage_settings", "staff", {"target_size": 8})
    baobabs = Community.objects.get(name="Les Baobabs").id
    status, body = workbench.post("manage_place", "staff", {"user_id": "learner9", "community_id": baobabs})
    assert status == 409 and body["error"]["code"] == "community_full"
    assert "Les Baobabs" in body["error"]["message"]


def test_csv_import_report_and_export(workbench, demo):
    status, body = workbench.post("manage_import", "staff", {"csv": "learner23,Les Baobabs,learner\nnobody!,X,learner\n"})
    assert status == 400 and body["error"]["code"] == "csv_invalid"
    assert body["error"]["details"]["problems"][0]["line"] == 2
    assert not Membership.objects.filter(user_id="learner23").exists()
    status, body = workbench.post("manage_import", "staff", {"csv": "learner23,Les Baobabs,learner\n"})
    assert status == 200 and body["applied"] is True
    response = workbench.raw_get("manage_export", "staff")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "learner23,Les Baobabs,learner" in text and "facilitator2,Les Érables,facilitator" in text


def test_manual_mode_learner_waits_with_a_clear_message(workbench, demo):
    workbench.post("manage_settings", "staff", {"assignment_mode": "manual"})
    response = workbench.view("learner24")
    assert "Vous ne faites pas encore partie d'une communauté" in response.content.decode()
    assert not Membership.objects.filter(user_id="learner24").exists()


def test_automatic_mode_places_on_first_visit(workbench, demo):
    response = workbench.view("learner24")
    html = response.content.decode()
    assert "Les Érables" in html  # the smallest of the three demo communities
    assert Membership.objects.get(user_id="learner24").community.name == "Les Érables"


def test_actions_emit_tracking_events(workbench, demo, monkeypatch):
    from workbench.runtime import WorkbenchRuntime  # pylint: disable=import-outside-toplevel

    events = []
    monkeypatch.setattr(WorkbenchRuntime, "publish", lambda self, block, name, data: events.append((name, data)))
    status, body = workbench.post("manage_create", "staff", {"name": "Les Kapokiers"})
    workbench.post("manage_place", "staff", {"user_id": "learner23", "community_id": body["id"]})
    workbench.post("manage_import", "staff", {"csv": "learner24,Les Kapokiers,learner\n"})
    events = [event for event in events if event[0] != "cap.community.viewed"]
    names = [name for name, _data in events]
    assert names == ["cap.community.created", "cap.community.learner_placed", "cap.community.imported"]
    assert events[1][1] == {"community_id": body["id"], "user_id": "learner23"}
    assert events[2][1] == {"learners": 1, "facilitators": 0, "new_communities": 0}
