"""The charter handlers through the workbench, CSRF enforced, role by role (demo data)."""

import re

import pytest

from cap_xblock.models import CharterAcceptance, CharterVersion, Community
from tests.utils import Workbench

pytestmark = [pytest.mark.django_db, pytest.mark.charter_gate]


def ids():
    return {community.name: community.id for community in Community.objects.all()}


def test_member_reads_and_accepts_the_current_version(workbench, demo):
    status, body = workbench.get("charter_state", "learner16")
    assert status == 200
    assert body["community_name"] == "Les Palétuviers" and body["version"] == 0 and body["is_default"]
    assert body["must_accept"] and body["accepted_version"] is None and not body["can_edit"]
    assert body["text"].startswith("Notre communauté d'apprentissage et de pratiques est un espace de confiance.")
    assert body["accepted_count"] is None  # members do not see who accepted
    status, body = workbench.post("charter_accept", "learner16", {"version": 0})
    assert status == 200 and not body["must_accept"] and body["accepted_version"] == 0
    assert body["accepted_line"].startswith("Vous avez accepté cette charte le ")
    assert CharterAcceptance.objects.filter(user_id="learner16", version=0).count() == 1


def test_member_asked_again_after_a_new_version(workbench, demo):
    status, body = workbench.get("charter_state", "learner8")
    assert status == 200 and body["must_accept"] and body["accepted_version"] == 0 and body["version"] == 1
    assert "parties prenantes absentes" in body["text"] and body["edited_by"] == "Aminata Diallo"
    assert "a changé depuis que vous l'avez acceptée" in body["accepted_line"]
    status, body = workbench.post("charter_accept", "learner8", {"version": 0})
    assert status == 409 and body["error"]["code"] == "charter_changed"
    status, body = workbench.post("charter_accept", "learner8", {"version": 1})
    assert status == 200 and not body["must_accept"]


def test_learner_view_shows_the_charter_first_until_accepted(workbench, demo):
    html = workbench.view("learner8").content.decode()
    assert re.findall(r'data-section="(\w+)"', html)[0] == "charter"
    assert "J&#x27;accepte la charte" in html or "J'accepte la charte" in html
    assert 'data-version="1" data-must-accept>' in html
    assert "data-charter-guardian" not in html  # no editor for members
    accepted = workbench.view("learner1").content.decode()
    assert 'data-version="1">' in accepted and "Vous avez accepté cette charte le" in accepted


def test_facilitator_edits_their_communitys_charter_and_follows_acceptance(workbench, demo, monkeypatch):
    from workbench.runtime import WorkbenchRuntime  # pylint: disable=import-outside-toplevel

    events = []
    monkeypatch.setattr(WorkbenchRuntime, "publish", lambda self, block, name, data: events.append((name, data)))
    baobabs = ids()["Les Baobabs"]
    status, body = workbench.get("charter_state", "facilitator1")
    assert status == 200 and body["can_edit"] and not body["must_accept"]
    assert (body["accepted_count"], body["member_count"]) == (6, 8)
    assert body["count_line"] == "6 membres sur 8 ont accepté cette version."
    status, body = workbench.post("charter_save", "facilitator1",
                                  {"community_id": baobabs, "version": 1, "text": "Charte v2 des Baobabs"})
    assert status == 200 and body["created"] and body["version"] == 2 and body["accepted_count"] == 0
    status, body = workbench.get("charter_state", "learner1")
    assert body["must_accept"] and body["text"] == "Charte v2 des Baobabs"
    status, body = workbench.post("charter_accept", "learner1", {"version": 2})
    assert status == 200
    status, body = workbench.get("charter_acceptances", "facilitator1", {"community_id": baobabs})
    assert status == 200 and body["total"] == 8 and body["page_size"] == 10
    rows = {item["display_name"]: item for item in body["items"]}
    assert rows["Awa Ndiaye"]["current"] and rows["Awa Ndiaye"]["accepted_version"] == 2
    assert rows["Moussa Sow"]["accepted_version"] == 1 and not rows["Moussa Sow"]["current"]
    assert rows["Moussa Sow"]["status"].startswith("A accepté une version précédente, le ")
    assert rows["Awa Ndiaye"]["status"].startswith("Acceptée le ")
    assert rows["Cheikh Mbaye"]["accepted_version"] == 0 and not rows["Cheikh Mbaye"]["current"]
    names = [name for name, _data in events if name.startswith("cap.charter")]
    assert names == ["cap.charter.edited", "cap.charter.accepted"]
    assert [data for name, data in events if name == "cap.charter.accepted"] == [
        {"community_id": baobabs, "version": 2}]


def test_saving_from_a_stale_page_is_a_conflict_and_changes_nothing(workbench, demo):
    baobabs = ids()["Les Baobabs"]
    status, body = workbench.post("charter_save", "facilitator1",
                                  {"community_id": baobabs, "version": 0, "text": "Texte d'une vieille page"})
    assert status == 409 and body["error"]["code"] == "charter_changed"
    assert CharterVersion.objects.filter(community_id=baobabs).count() == 1


def test_facilitator_of_another_community_gets_404_for_everything(workbench, demo):
    baobabs = ids()["Les Baobabs"]
    for handler, data in [("charter_save", {"community_id": baobabs, "text": "Intrusion", "version": 1}),
                          ("charter_accept", {"community_id": baobabs, "version": 1})]:
        status, body = workbench.post(handler, "facilitator2", data)
        assert status == 404, handler
        assert body["error"]["code"] == "community_not_found"
    for handler in ("charter_state", "charter_acceptances"):
        status, body = workbench.get(handler, "facilitator2", {"community_id": baobabs})
        assert status == 404, handler
    status, body = workbench.get("charter_state", "learner9", {"community_id": baobabs})
    assert status == 404
    assert CharterVersion.objects.filter(community_id=baobabs).count() == 1


def test_members_may_not_edit_nor_list(workbench, demo):
    status, body = workbench.post("charter_save", "learner1", {"text": "Ma charte à moi"})
    assert status == 403 and body["error"]["code"] == "facilitator_only"
    assert body["error"]["message"].startswith("Seul·es les facilitateur·trices")
    status, body = workbench.get("charter_acceptances", "learner1")
    assert status == 403 and body["error"]["code"] == "facilitator_only"


def test_staff_edit_any_community_and_do_not_accept(workbench, demo):
    erables = ids()["Les Érables"]
    status, body = workbench.post("charter_save", "staff", {"community_id": erables, "text": "Charte des Érables"})
    assert status == 200 and body["version"] == 1 and body["edited_by"].startswith("Claire Dubois")
    status, body = workbench.post("charter_accept", "staff", {"community_id": erables, "version": 1})
    assert status == 403 and body["error"]["code"] == "not_a_member"


def test_facilitator_of_two_communities_chooses_which_charter(workbench, demo):
    html = workbench.view("facilitator2").content.decode()
    assert "data-charter-community" in html and "Les Palétuviers" in html
    status, body = workbench.get("charter_state", "facilitator2", {"community_id": ids()["Les Érables"]})
    assert status == 200 and body["community_name"] == "Les Érables" and body["can_edit"]
    assert (body["accepted_count"], body["member_count"]) == (6, 6)


@pytest.mark.parametrize("data,expected", [({"version": "x"}, 400), ({"version": None}, 400), ({"version": [1]}, 400),
                                           ({"version": 1, "community_id": "x"}, 400),
                                           ({"version": 1, "community_id": 10 ** 30}, 400)])
def test_bad_input_is_400_or_404_never_500(workbench, demo, data, expected):
    status, body = workbench.post("charter_accept", "learner8", data)
    assert status == expected and set(body["error"]) >= {"code", "message"}


@pytest.mark.parametrize("text,code", [("", "required"), (None, "required"), (5, "invalid_input"),
                                       ({"a": 1}, "invalid_input"), ("x" * 10001, "too_long")])
def test_bad_charter_text_is_400(workbench, demo, text, code):
    status, body = workbench.post("charter_save", "facilitator1", {"text": text, "version": 1})
    assert status == 400 and body["error"]["code"] == code


def test_anonymous_and_wrong_method(workbench, demo):
    status, body = workbench.get("charter_state", "anonymous")
    assert status == 403 and body["error"]["code"] == "login_required"
    status, body = workbench.post("charter_state", "learner1")
    assert status == 405
    assert workbench.client.get(workbench.url("charter_accept", "learner1")).status_code == 405


def test_charter_text_is_escaped(workbench, demo):
    workbench.post("charter_save", "facilitator1", {"text": "<script>alert(1)</script> <b>gras</b>", "version": 1})
    html = workbench.view("learner1").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_view_queries_do_not_grow_with_members(workbench, demo, django_assert_max_num_queries,
                                               django_assert_num_queries):
    baobabs = ids()["Les Baobabs"]
    workbench.get("charter_acceptances", "facilitator1", {"community_id": baobabs})
    with django_assert_max_num_queries(30) as small:
        workbench.get("charter_acceptances", "facilitator1", {"community_id": baobabs})
    count = len(small.captured_queries)  # read now: each request resets Django's query log
    workbench.post("manage_settings", "staff", {"target_size": 30})
    for index in range(12):
        workbench.view(f"extra{index}")
        status, _body = workbench.post("manage_place", "staff", {"user_id": f"extra{index}", "community_id": baobabs})
        assert status == 200
        workbench.post("charter_accept", f"extra{index}", {"version": 1})
    with django_assert_num_queries(count):
        status, body = workbench.get("charter_acceptances", "facilitator1", {"community_id": baobabs})
    assert status == 200 and body["total"] == 20


def test_course_default_comes_from_studio_in_the_readers_language(workbench, demo):
    status, body = workbench.post("submit_studio_edits", "staff", {
        "values": {"charter_fr": "Notre charte : bienveillance et confidentialité.",
                   "charter_en": "Our charter: kindness and confidentiality."}, "defaults": []})
    assert status == 200
    status, body = workbench.get("charter_state", "learner9")  # Les Palétuviers keep the course default
    assert body["is_default"] and body["text"] == "Notre charte : bienveillance et confidentialité."
    english = Workbench(workbench.usage_id, language="en")
    status, body = english.get("charter_state", "learner9")
    assert body["text"] == "Our charter: kindness and confidentiality."
    assert body["meta"] == "The course's default charter."
    # Les Baobabs have their own version: the Studio default does not replace it.
    status, body = workbench.get("charter_state", "learner1")
    assert "parties prenantes absentes" in body["text"]
    # ... written in French and in English by their facilitator: each reader gets theirs.
    status, body = english.get("charter_state", "learner1")
    assert "Absent stakeholders" in body["text"] and "parties prenantes" not in body["text"]


def test_studio_refuses_an_overlong_default_charter(workbench):
    status, body = workbench.post("submit_studio_edits", "staff", {"values": {"charter_fr": "x" * 10001},
                                                                   "defaults": []})
    assert status == 400 and body["error"]["code"] == "invalid_settings"
    html = workbench.view("staff", view="studio_view").content.decode()
    assert "charter_fr" in html and "charter_en" in html


def test_the_charter_section_stays_when_studio_hides_it(workbench, demo):
    workbench.post("submit_studio_edits", "staff", {"values": {"sections": ["community"]}, "defaults": []})
    html = workbench.view("learner8").content.decode()
    assert 'data-section="charter"' in html


def test_a_learner_waiting_for_a_community_has_no_charter_yet(workbench, demo):
    workbench.post("manage_settings", "staff", {"assignment_mode": "manual"})
    html = workbench.view("learner24").content.decode()
    assert "Vous ne faites pas encore partie d'une communauté" in html
    assert 'data-section="charter"' not in html
    status, body = workbench.get("charter_state", "learner24")
    assert status == 404 and body["error"]["code"] == "no_community"


def test_writing_elsewhere_waits_for_the_charter_and_reading_stays_open(workbench, demo):
    baobabs = ids()["Les Baobabs"]
    start = {"community_id": baobabs, "title": "Bonjour", "body": "Je me présente."}
    status, body = workbench.post("discussion_start", "learner8", start)  # accepted version 0 only
    assert status == 403 and body["error"]["code"] == "charter_not_accepted"
    assert body["error"]["message"].startswith("Avant d'écrire, acceptez la charte de votre communauté")
    status, _body = workbench.get("discussion_threads", "learner8", {"community_id": baobabs})
    assert status == 200
    workbench.post("charter_accept", "learner8", {"version": 1})
    status, body = workbench.post("discussion_start", "learner8", start)
    assert status == 200, body
    # The facilitator is the charter's guardian: never gated.
    status, body = workbench.post("discussion_start", "facilitator1", dict(start, title="Bienvenue"))
    assert status == 200, body
