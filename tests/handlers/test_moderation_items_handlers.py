"""Reporting, hiding and restoring case contributions and brainstorm ideas through the moderation handlers,
CSRF on, role by role, on the demo."""

import pytest

from cap_demo.people import display_name
from cap_xblock.models import Brainstorm, CaseContribution, Community, Idea
from tests.discussion_utils import accept_charter
from tests.utils import make_actor

pytestmark = pytest.mark.django_db


def member(user_id):
    accept_charter(make_actor(user_id, name=display_name(user_id)))
    return user_id


def baobabs_idea():
    brainstorm = Brainstorm.objects.get(community__name="Les Baobabs")
    return Idea.objects.filter(brainstorm=brainstorm).exclude(author_id="learner2").order_by("id").first()


def test_an_idea_reported_by_a_member_is_hidden_from_the_queue_and_restored(workbench, demo):
    idea = baobabs_idea()
    baobabs = Community.objects.get(name="Les Baobabs").id
    reporter = member("learner2")
    status, body = workbench.post("moderation_report", reporter, {"idea_id": idea.id, "reason": "Hors sujet"})
    assert status == 200 and body["id"]
    status, body = workbench.post("moderation_report", reporter, {"idea_id": idea.id, "reason": "Encore"})
    assert status == 409 and body["error"]["code"] == "already_reported"
    status, queue = workbench.get("moderation_queue", "facilitator1", {"community_id": baobabs})
    item = next(item for item in queue["items"] if item["kind"] == "idea")
    assert item["item_id"] == idea.id and item["reason"] == "Hors sujet" and item["post_id"] == 0

    status, body = workbench.post("moderation_hide", reporter, {"idea_id": idea.id, "reason": "Je masque"})
    assert status == 403 and body["error"]["code"] == "moderators_only"
    status, body = workbench.post("moderation_hide", "facilitator2", {"idea_id": idea.id, "reason": "Ailleurs"})
    assert (status, body["error"]["code"]) == (404, "community_not_found")
    status, body = workbench.post("moderation_hide", "facilitator1", {"idea_id": idea.id, "reason": "Hors sujet"})
    assert status == 200 and body == {"id": idea.id, "kind": "idea", "community_id": baobabs, "hidden": True}
    status, state = workbench.get("brainstorm_state", reporter)
    seen = next(item for item in state["ideas"]["items"] if item["id"] == idea.id)
    assert seen["hidden"] and seen["text"] == "" and seen["moderation_reason"] == ""
    html = workbench.view(reporter).content.decode("utf-8")
    assert "Cette idée a été masquée par la facilitation." in html and idea.text not in html

    status, body = workbench.post("moderation_restore", "facilitator1", {"idea_id": idea.id})
    assert status == 200 and body["hidden"] is False
    status, log = workbench.get("moderation_log", "facilitator1", {"community_id": baobabs})
    assert [(line["action"], line["kind"]) for line in log["items"][:2]] == [("restore", "idea"), ("hide", "idea")]


def test_a_contribution_can_be_reported_and_hidden_and_the_case_shows_it(workbench, demo):
    contribution = CaseContribution.objects.filter(case__community__name="Les Baobabs").exclude(
        author_id="learner2").exclude(case__owner_id="learner2").order_by("id").first()
    reporter = member("learner2")
    status, _body = workbench.post("moderation_report", reporter, {"contribution_id": contribution.id,
                                                                   "reason": "Nomme un collègue"})
    assert status == 200
    status, body = workbench.post("moderation_hide", "facilitator1", {"contribution_id": contribution.id,
                                                                      "reason": "Sans nommer personne"})
    assert status == 200 and body["kind"] == "contribution"
    status, detail = workbench.get("case_detail", reporter, {"case_id": contribution.case_id})
    seen = next(item for item in detail["case"]["contributions"]["items"] if item["id"] == contribution.id)
    assert seen["hidden"] and seen["body"] == ""
    assert "Cette contribution a été masquée par la facilitation." in detail["html"]
    status, detail = workbench.get("case_detail", "facilitator1", {"case_id": contribution.case_id})
    assert 'data-action="moderation_restore"' in detail["html"]


@pytest.mark.parametrize("data, status", [({"idea_id": "x", "reason": "r"}, 400), ({"idea_id": 10 ** 30, "reason": "r"}, 400),
                                          ({"contribution_id": [1], "reason": "r"}, 400),
                                          ({"idea_id": 10 ** 9, "reason": "r"}, 404),
                                          ({"contribution_id": 10 ** 9, "reason": "r"}, 404)])
def test_bad_targets_get_the_error_contract(workbench, demo, data, status):
    learner = member("learner2")
    for handler in ("moderation_report", "moderation_hide", "moderation_restore"):
        answer, body = workbench.post(handler, learner, data)
        assert answer == status and body["error"]["code"]
