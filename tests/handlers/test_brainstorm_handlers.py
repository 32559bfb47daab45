"""The brainstorm handlers through the workbench, CSRF enforced, role by role, on the demo data."""

import pytest

from cap_xblock import platform
from cap_xblock.models import Brainstorm, Idea, Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(monkeypatch):
    published = []
    monkeypatch.setattr(platform, "publish_event", lambda block, name, data: published.append((name, data)))
    return published


def state(workbench, student, **params):
    status, body = workbench.get("brainstorm_state", student, params)
    assert status == 200, body
    return body


def baobabs_id(workbench):
    return state(workbench, "learner1")["id"]


def idea_id(text_start):
    return Idea.objects.get(text__startswith=text_start).id


def test_member_sees_the_open_vote_without_totals(workbench, demo):
    body = state(workbench, "learner1")
    assert body["question"] == "Comment mieux impliquer les parties prenantes ?"
    assert body["status"] == "open" and body["can_vote"] and not body["can_facilitate"]
    assert (body["budget"], body["votes_left"]) == (3, 0)
    assert body["ideas"]["total"] == 8 and body["results"] is None
    assert {idea["votes"] for idea in body["ideas"]["items"]} == {None}
    assert [t["name"] for t in body["themes"]] == ["Associer dès la conception", "Inclure les voix moins entendues",
                                                   "Restituer et rendre compte"]
    assert state(workbench, "learner2")["votes_left"] == 1


def test_facilitator_sees_the_ranking_while_the_vote_is_open(workbench, demo):
    body = state(workbench, "facilitator1")
    assert body["can_facilitate"] and not body["can_vote"]
    ranked = body["results"]["items"]
    assert [idea["votes"] for idea in ranked] == sorted((idea["votes"] for idea in ranked), reverse=True)
    assert ranked[0]["text"].startswith("Réunir d'abord les femmes") and ranked[0]["votes"] == 3
    assert body["top_votes"] == 3 and ranked[0]["rank"] == 1


def test_facilitator_of_two_communities_chooses_one(workbench, demo):
    led = {c["name"]: c["id"] for c in workbench.get("community_state", "facilitator2")[1]["led"]}
    body = state(workbench, "facilitator2", community_id=led["Les Palétuviers"])
    assert body["status"] == "closed" and body["community_id"] == led["Les Palétuviers"]
    assert [idea["retained"] for idea in body["results"]["items"][:2]] == [True, True]
    erables = state(workbench, "facilitator2", community_id=led["Les Érables"])
    assert erables["status"] == "open" and erables["ideas"]["total"] == 0 and erables["id"] != body["id"]
    html = workbench.view("facilitator2").content.decode("utf-8")
    assert 'data-bs-form="community"' in html and "Les Érables</option>" in html


def test_a_full_round_role_by_role(workbench, demo, events):
    bid = baobabs_id(workbench)
    status, body = workbench.post("brainstorm_add_idea", "learner6", {"brainstorm_id": bid,
                                                                      "text": "Une boîte à idées au marché"})
    assert status == 200 and body["state"]["ideas"]["items"][0]["text"] == "Une boîte à idées au marché"
    new = body["state"]["ideas"]["items"][0]["id"]
    status, body = workbench.post("brainstorm_vote", "learner6", {"brainstorm_id": bid, "idea_id": new})
    assert status == 200 and body["state"]["votes_left"] == 2
    assert body["state"]["ideas"]["items"][0]["voted"] is True
    status, body = workbench.post("brainstorm_vote", "learner6", {"brainstorm_id": bid, "idea_id": new,
                                                                  "withdraw": True})
    assert status == 200 and body["state"]["votes_left"] == 3
    status, body = workbench.post("brainstorm_vote", "learner1", {"brainstorm_id": bid, "idea_id": new})
    assert status == 409 and body["error"]["code"] == "no_votes_left"
    assert "3 votes" in body["error"]["message"]

    status, body = workbench.post("brainstorm_theme", "facilitator1", {"brainstorm_id": bid,
                                                                       "name": "Être présent·es sur place"})
    assert status == 200
    theme = [t for t in body["state"]["themes"] if t["name"] == "Être présent·es sur place"][0]
    status, body = workbench.post("brainstorm_group", "facilitator1", {"brainstorm_id": bid, "idea_id": new,
                                                                       "theme_id": theme["id"]})
    assert status == 200 and Idea.objects.get(id=new).theme_id == theme["id"]
    status, body = workbench.post("brainstorm_theme", "facilitator1", {"brainstorm_id": bid, "theme_id": theme["id"],
                                                                       "name": "Aller vers les gens"})
    assert status == 200 and "Aller vers les gens" in [t["name"] for t in body["state"]["themes"]]
    status, body = workbench.post("brainstorm_close", "facilitator1", {"brainstorm_id": bid})
    assert status == 200 and body["state"]["status"] == "closed"
    status, body = workbench.post("brainstorm_vote", "learner6", {"brainstorm_id": bid, "idea_id": new})
    assert status == 409 and body["error"]["code"] == "vote_closed"
    assert body["error"]["message"] == "Le vote est clos : la facilitation a terminé ce remue-méninges."
    top = idea_id("Réunir d'abord les femmes")
    status, body = workbench.post("brainstorm_retain", "facilitator1", {"brainstorm_id": bid, "idea_id": top})
    assert status == 200 and body["state"]["results"]["items"][0]["retained"] is True
    member = state(workbench, "learner6")
    assert member["results"]["items"][0]["id"] == top and member["results"]["items"][0]["votes"] == 3
    status, body = workbench.post("brainstorm_close", "facilitator1", {"brainstorm_id": bid, "closed": False})
    assert status == 200 and body["state"]["status"] == "open"
    events = [(name, data) for name, data in events if name.startswith("cap.brainstorm.")]
    assert [name for name, _data in events] == [
        "cap.brainstorm.idea_added", "cap.brainstorm.voted", "cap.brainstorm.vote_withdrawn",
        "cap.brainstorm.theme_created", "cap.brainstorm.idea_grouped", "cap.brainstorm.theme_renamed",
        "cap.brainstorm.closed", "cap.brainstorm.idea_retained", "cap.brainstorm.reopened"]
    assert events[1][1] == {"brainstorm_id": bid, "idea_id": new, "votes_left": 2}


@pytest.mark.parametrize("student", ["learner1", "learner2"])
def test_members_cannot_facilitate(workbench, demo, student):
    bid = baobabs_id(workbench)
    some = idea_id("Envoyer les comptes rendus")
    for handler, data in [("brainstorm_theme", {"name": "X"}), ("brainstorm_close", {}),
                          ("brainstorm_group", {"idea_id": some, "theme_id": ""}),
                          ("brainstorm_retain", {"idea_id": some})]:
        status, body = workbench.post(handler, student, dict(data, brainstorm_id=bid))
        assert status == 403, handler
        assert body["error"]["code"] == "facilitators_only"
        assert body["error"]["message"] == "Seule la facilitation de la communauté peut faire cela."


def test_facilitators_and_staff_do_not_vote(workbench, demo):
    bid = baobabs_id(workbench)
    for student in ("facilitator1", "staff"):
        status, body = workbench.post("brainstorm_vote", student, {"brainstorm_id": bid,
                                                                   "idea_id": idea_id("Envoyer")})
        assert status == 403 and body["error"]["code"] == "members_only"


@pytest.mark.parametrize("student", ["learner9", "learner17", "facilitator2"])
def test_another_community_gets_404(workbench, demo, student):
    bid = baobabs_id(workbench)
    some = idea_id("Envoyer les comptes rendus")
    for handler, data in [("brainstorm_add_idea", {"text": "Intrusion"}), ("brainstorm_vote", {"idea_id": some}),
                          ("brainstorm_theme", {"name": "X"}), ("brainstorm_close", {}),
                          ("brainstorm_group", {"idea_id": some, "theme_id": ""}),
                          ("brainstorm_retain", {"idea_id": some})]:
        status, body = workbench.post(handler, student, dict(data, brainstorm_id=bid))
        assert status == 404, handler
        assert body["error"]["code"] == "brainstorm_not_found"
    status, body = workbench.get("brainstorm_state", student, {"community_id": Brainstorm.objects.get(id=bid)
                                                               .community_id})
    assert status == 404
    assert not Idea.objects.filter(text="Intrusion").exists()
    assert not Vote.objects.filter(voter_id=student, brainstorm_id=bid).exists()


def test_anonymous_visitor_is_refused(workbench, demo):
    status, body = workbench.get("brainstorm_state", "anonymous")
    assert status == 403 and body["error"]["code"] == "login_required"


@pytest.mark.parametrize("handler,data,code", [
    ("brainstorm_add_idea", {"brainstorm_id": "abc", "text": "x"}, 400),
    ("brainstorm_add_idea", {"text": "x"}, 400),
    ("brainstorm_add_idea", {"brainstorm_id": 999999, "text": "x"}, 404),
    ("brainstorm_add_idea", {"brainstorm_id": "BID", "text": {"html": "<b>"}}, 400),
    ("brainstorm_add_idea", {"brainstorm_id": "BID", "text": "x" * 501}, 400),
    ("brainstorm_vote", {"brainstorm_id": "BID"}, 400),
    ("brainstorm_vote", {"brainstorm_id": "BID", "idea_id": 10 ** 30}, 400),
    ("brainstorm_vote", {"brainstorm_id": "BID", "idea_id": 999999}, 404),
    ("brainstorm_vote", {"brainstorm_id": ["BID"], "idea_id": 1}, 400),
    ("brainstorm_vote", {"brainstorm_id": "BID", "idea_id": 1, "withdraw": "peut-être"}, 400),
    ("brainstorm_state", {"community_id": 10 ** 30}, 400),
])
def test_bad_input_gets_the_error_contract(workbench, demo, handler, data, code):
    bid = baobabs_id(workbench)
    data = {key: (bid if value == "BID" else [bid] if value == ["BID"] else value) for key, value in data.items()}
    if handler == "brainstorm_state":
        status, body = workbench.get(handler, "learner6", data)
    else:
        status, body = workbench.post(handler, "learner6", data)
    assert status == code
    assert set(body["error"]) >= {"code", "message"}


@pytest.mark.parametrize("handler,data,code", [
    ("brainstorm_theme", {"name": ""}, "required"), ("brainstorm_theme", {"name": "x" * 101}, "too_long"),
    ("brainstorm_theme", {"theme_id": "un", "name": "x"}, "invalid_input"),
    ("brainstorm_close", {"closed": "peut-être"}, "invalid_input"),
    ("brainstorm_group", {"idea_id": "IDEA", "theme_id": "deux"}, "invalid_input"),
    ("brainstorm_retain", {"idea_id": "IDEA", "retained": [1]}, "invalid_input"),
])
def test_bad_facilitator_input_gets_400(workbench, demo, handler, data, code):
    bid = baobabs_id(workbench)
    some = idea_id("Envoyer")
    data = {key: (some if value == "IDEA" else value) for key, value in data.items()}
    status, body = workbench.post(handler, "facilitator1", dict(data, brainstorm_id=bid))
    assert status == 400 and body["error"]["code"] == code


def test_wrong_method_and_bad_pages(workbench, demo):
    response = workbench.client.get(workbench.url("brainstorm_vote", "learner1"))
    assert response.status_code == 405
    status, body = workbench.get("brainstorm_state", "learner1", {"page": "dernière"})
    assert status == 400 and body["error"]["code"] == "invalid_input"
    status, body = workbench.get("brainstorm_state", "learner1", {"theme": "'; DROP TABLE"})
    assert status == 400


def test_state_queries_do_not_grow_with_ideas_and_votes(workbench, demo, django_assert_num_queries):
    from django.db import connection  # pylint: disable=import-outside-toplevel
    from django.test.utils import CaptureQueriesContext  # pylint: disable=import-outside-toplevel

    bid = baobabs_id(workbench)
    row = Brainstorm.objects.get(id=bid)

    def add_ideas(count):
        for index in range(count):
            idea = Idea.objects.create(brainstorm=row, author_id=f"learner{index % 8 + 1}", text=f"Idée {index}")
            Vote.objects.create(brainstorm=row, idea=idea, voter_id=f"learner{index % 5 + 6}")

    add_ideas(5)  # 13 ideas: a second page of ideas and of results
    asks = [(student, pages) for student in ("learner1", "facilitator1")
            for pages in ({"page": 1, "results_page": 1}, {"page": 2, "results_page": 2}, {"theme": "none"})]
    small = {}
    for student, pages in asks:
        state(workbench, student, **pages)  # warm-up
        with CaptureQueriesContext(connection) as captured:
            state(workbench, student, **pages)
        small[student, str(pages)] = len(captured.captured_queries)
    add_ideas(40)
    for student, pages in asks:
        with django_assert_num_queries(small[student, str(pages)]):
            body = state(workbench, student, **pages)
        assert body["ideas"]["total"] >= 40 or pages.get("theme")


def test_the_page_shows_the_brainstorm_in_french(workbench, demo):
    html = workbench.view("learner6").content.decode("utf-8")
    assert "Remue-méninges" in html and "Ajouter mon idée" in html
    assert "Le vote est ouvert. Votes restants : 3 sur 3" in html
    assert html.count('data-idea="') == 8
    assert 'data-bs-action="vote"' in html and 'data-bs-action="group"' not in html
    html = workbench.view("facilitator1").content.decode("utf-8")
    assert 'data-bs-action="group"' in html and "Clore le vote" in html and "cap-bs-bar" in html


def test_studio_sets_the_vote_budget(workbench, demo):
    status, _body = workbench.post("submit_studio_edits", "staff", {"values": {"vote_budget": 5}, "defaults": []})
    assert status == 200
    body = state(workbench, "learner2")
    assert (body["budget"], body["votes_left"]) == (5, 3)
    for wrong in (0, 21, "beaucoup"):
        status, body = workbench.post("submit_studio_edits", "staff", {"values": {"vote_budget": wrong},
                                                                       "defaults": []})
        assert status == 400, wrong
    assert state(workbench, "learner2")["budget"] == 5
    html = workbench.view("staff", view="studio_view").content.decode()
    assert "vote_budget" in html


def test_vote_queries_do_not_grow_with_ideas_and_votes(workbench, demo, django_assert_num_queries):
    from django.db import connection  # pylint: disable=import-outside-toplevel
    from django.test.utils import CaptureQueriesContext  # pylint: disable=import-outside-toplevel

    bid = baobabs_id(workbench)
    row = Brainstorm.objects.get(id=bid)
    target = idea_id("Envoyer les comptes rendus")

    def cycle():
        for withdraw in (False, True):
            status, body = workbench.post("brainstorm_vote", "learner6", {"brainstorm_id": bid, "idea_id": target,
                                                                          "withdraw": withdraw, "page": 2})
            assert status == 200, body

    for index in range(5):
        Idea.objects.create(brainstorm=row, author_id="learner7", text=f"Idée {index}")
    cycle()  # warm-up
    with CaptureQueriesContext(connection) as small:
        cycle()
    for index in range(60):
        idea = Idea.objects.create(brainstorm=row, author_id=f"learner{index % 8 + 1}", text=f"Idée {index}")
        Vote.objects.create(brainstorm=row, idea=idea, voter_id=f"learner{index % 5 + 1}x{index}")
    with django_assert_num_queries(len(small.captured_queries)):
        cycle()


def test_olx_round_trip_keeps_the_vote_budget(scenario_usage_id):
    from lxml import etree  # pylint: disable=import-outside-toplevel
    from workbench.runtime import WorkbenchRuntime  # pylint: disable=import-outside-toplevel

    runtime = WorkbenchRuntime("staff")
    block = runtime.get_block(scenario_usage_id)
    block.vote_budget = 7
    block.save()
    node = etree.Element("cap")
    block.add_xml_to_node(node)
    copy = runtime.get_block(runtime.parse_xml_string(etree.tostring(node, encoding="unicode")))
    assert copy.vote_budget == 7


def test_staff_choose_any_community_of_the_course(workbench, demo):
    html = workbench.view("staff").content.decode("utf-8")
    assert 'data-bs-form="community"' in html
    assert all(f"{name}</option>" in html for name in ("Les Baobabs", "Les Palétuviers", "Les Érables"))
    led = {c["name"]: c["id"] for c in workbench.get("community_state", "facilitator2")[1]["led"]}
    body = state(workbench, "staff", community_id=led["Les Palétuviers"])
    assert body["can_facilitate"] and not body["can_vote"] and body["status"] == "closed"
    html = workbench.view("learner1").content.decode("utf-8")
    assert 'data-bs-form="community"' not in html


def _vote_totals(state_json):
    """Every vote total a brainstorm answer carries (themes, ideas, results)."""
    found = [theme.get("votes") for theme in state_json["themes"]]
    found += [idea.get("votes") for idea in state_json["ideas"]["items"]]
    found += [idea.get("votes") for idea in (state_json["results"] or {}).get("items", [])]
    return [value for value in found if value is not None]


def test_no_brainstorm_answer_carries_totals_to_members_while_the_vote_is_open(workbench, demo):
    bid = baobabs_id(workbench)
    theme_id = state(workbench, "facilitator1")["themes"][0]["id"]
    # Demo data: a theme of the Baobabs holds ideas that have votes.
    answers = [state(workbench, "learner1"), state(workbench, "learner2", theme=str(theme_id))]
    status, body = workbench.post("brainstorm_add_idea", "learner1", {"brainstorm_id": bid, "text": "Un forum"})
    assert status == 200, body
    answers.append(body["state"])
    status, body = workbench.post("brainstorm_vote", "learner2", {"brainstorm_id": bid,
                                                                  "idea_id": idea_id("Un forum")})
    assert status == 200, body
    answers.append(body["state"])
    for answer in answers:
        assert answer["status"] == "open"
        assert _vote_totals(answer) == [], answer["themes"]
        assert answer["top_votes"] == 0
    # The facilitator reads them at any time.
    assert _vote_totals(state(workbench, "facilitator1"))
