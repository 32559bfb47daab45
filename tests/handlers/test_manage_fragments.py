"""« Gérer les communautés » with ``answer``: ``fragment`` (what manage.js sends): the tables are the server's
escaped HTML and show what the JSON answer carries; without the parameter the JSON is unchanged."""

import html
import re

import pytest

from cap_xblock.models import Participant

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"


def _rows(fragment, attribute):
    """The ids of the table's rows, in order."""
    return [int(found) for found in re.findall(rf'<tr {attribute}="(\d+)"', fragment)]


def test_the_communities_part_is_escaped_and_shows_what_the_json_carries(workbench, demo):
    status, created = workbench.post("manage_create", "staff", {"name": "Les " + SCRIPT})
    assert status == 200
    assert workbench.post("manage_add_facilitator", "staff", {"community_id": created["id"],
                                                              "user_id": "facilitator1"})[0] == 200
    status, data = workbench.get("manage_communities", "staff")
    assert status == 200 and "html" not in data
    status, body = workbench.get("manage_communities", "staff", {"answer": "fragment"})
    assert status == 200, body
    part = body["communities_html"]
    assert SCRIPT not in part and html.escape("Les " + SCRIPT, quote=False) in part
    assert _rows(part, "data-community") == [c["id"] for c in data["communities"]["items"]]
    for community in data["communities"]["items"]:
        assert html.escape(community["name"], quote=False) in part
        assert f'{community["size"]} / {community["target_size"]}' in part
        for person in community["facilitators"]:
            assert f"Retirer : {html.escape(person['display_name'])}" in part
    assert '<th scope="row">' in part
    assert body["communities_pager_html"] == ""  # one page: no pager


def test_the_first_render_of_the_staff_view_draws_the_tables_and_the_cohorts_state(workbench, demo):
    page = workbench.view("staff", open_sections=False).content.decode()
    assert page.count("<tr data-community=") == 3 and '<tr data-person="learner1">' in page
    assert page.count('<th scope="row">') >= 3
    mirror = re.search(r'<input type="checkbox"[^>]*name="mirror"[^>]*>', page).group(0)
    assert " disabled" in mirror and " checked" not in mirror  # the workbench has no cohorts
    assert re.search(r"<p class=\"cap-hint\" data-cohorts-unavailable>", page)


def test_the_people_part_is_escaped_and_names_each_persons_community(workbench, demo):
    Participant.objects.filter(user_id="learner23").update(display_name="Samuel " + SCRIPT)
    status, data = workbench.get("manage_people", "staff", {"q": "Samuel"})
    assert status == 200 and "learner23" in [p["user_id"] for p in data["items"]]
    status, body = workbench.get("manage_people", "staff", {"q": "Samuel", "answer": "fragment"})
    assert status == 200, body
    part = body["people_html"]
    assert SCRIPT not in part and html.escape("Samuel " + SCRIPT, quote=False) in part
    assert re.findall(r'<tr data-person="([^"]+)">', part) == [p["user_id"] for p in data["items"]]
    assert "En attente d&#x27;une communauté" in part
    status, body = workbench.get("manage_people", "staff", {"q": "learner1", "answer": "fragment"})
    assert "Les Baobabs" in body["people_html"] and "Retirer de la communauté" in body["people_html"]
    assert 'aria-label="Placer : ' in body["people_html"]


def test_an_action_answers_its_json_and_the_tables_it_changed(workbench, demo):
    status, plain = workbench.post("manage_create", "staff", {"name": "Les Fromagers"})
    assert status == 200 and "communities_html" not in plain
    status, body = workbench.post("manage_create", "staff", {
        "name": "Les Kapokiers", "answer": "fragment", "view": {"q": "Ouédraogo"}})
    assert status == 200, body
    assert body["name"] == "Les Kapokiers" and body["id"] and body["message"] == "Enregistré."
    assert "Les Kapokiers" in body["communities_html"] and "Samuel Ouédraogo" in body["people_html"]
    assert "<option" in body["people_html"] and ">Les Kapokiers</option>" in body["people_html"]
    status, body = workbench.post("manage_place", "staff", {
        "user_id": "learner24", "community_id": body["id"], "answer": "fragment", "view": {"q": "learner24"}})
    assert status == 200 and [m["user_id"] for m in body["members"]] == ["learner24"]
    assert "1 / 10" in body["communities_html"] and "Les Kapokiers" in body["people_html"]


def test_a_view_that_is_not_an_object_is_refused_or_ignored_never_a_500(workbench, demo):
    for view in ["x", 3, None, {"page": "zz"}, {"q": ["a"]}]:
        status, body = workbench.post("manage_settings", "staff", {"target_size": 10, "answer": "fragment",
                                                                   "view": view})
        assert status in (200, 400), (view, body)
        if status == 400:
            assert body["error"]["message"]


def test_a_wrong_import_keeps_its_error_contract_and_draws_its_problems_escaped(workbench, demo):
    data = {"csv": f"username,community,role\n{SCRIPT},Les Baobabs,learner\n"}
    status, plain = workbench.post("manage_import", "staff", data)
    assert status == 400 and "problems_html" not in plain["error"]
    status, body = workbench.post("manage_import", "staff", dict(data, answer="fragment"))
    assert status == 400 and body["error"]["details"] == plain["error"]["details"]
    part = body["error"]["problems_html"]
    assert SCRIPT not in part and html.escape(SCRIPT, quote=False) in part and part.count("<li>") == len(
        body["error"]["details"]["problems"])
    assert "Ligne 2" in part
