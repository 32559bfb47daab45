"""What the mobile apps receive: ``student_view_data`` (the same for everyone) and ``mobile_data`` (the person's).

Never private text: no journal entry, no draft, no post or case text, nothing
hidden, no author of an anonymous post.
"""

import json

import pytest
from lxml import etree
from workbench.runtime import WorkbenchRuntime

from cap_xblock.block import CapXBlock
from cap_xblock.models import CaseDeadline, CourseConfig

pytestmark = pytest.mark.django_db

JOURNAL_SECRET = "J'ai eu honte devant le comité de pilotage"
DRAFT_SECRET = "Brouillon : le maire bloque tout"
POST_SECRET = "Message anonyme sur la cheffe de projet"


def block_for(usage_id, user="learner1"):
    return WorkbenchRuntime(user).get_block(usage_id)


def test_the_learner_view_supports_every_device():
    assert CapXBlock.supports("multi_device")  # the decorator exists on this XBlock version
    assert CapXBlock.has_support(CapXBlock, CapXBlock.student_view, "multi_device")


def test_student_view_data_is_the_activity_only_and_the_same_for_everyone(scenario_usage_id, demo):
    data = block_for(scenario_usage_id, "learner1").student_view_data()
    assert data == block_for(scenario_usage_id, "facilitator1").student_view_data()
    assert data == block_for(scenario_usage_id, "staff").student_view_data()
    assert data["format_version"] == 1
    assert data["guiding_question"] == "Comment mieux impliquer les parties prenantes ?"
    assert [s["key"] for s in data["sections"]] == ["community", "charter", "journal", "cases", "brainstorm",
                                                    "discussion", "knowledge", "sessions"]
    assert data["completion_rule"] == {"charter": True, "cases": 1, "journal_entries": 0}
    assert data["graded"] is False and data["weight"] is None
    assert data["personal_data_handler"] == "mobile_data"
    assert "me" not in data and "Baobabs" not in json.dumps(data, ensure_ascii=False)
    json.dumps(data)  # JSON-ready


def test_mobile_data_of_a_learner(workbench, demo):
    status, cases = workbench.get("cases_list", "learner1")
    presented = [c for c in cases["cases"]["cases"]["items"] if not c["is_draft"]]
    CaseDeadline.objects.update_or_create(case_id=presented[0]["id"], step=presented[0]["step"],
                                          defaults={"due_on": "2026-01-15"})

    status, data = workbench.get("mobile_data", "learner1")

    assert status == 200
    me = data["me"]
    assert me["role"] == "learner" and me["waiting"] is False
    community = me["community"]
    assert community["name"] == "Les Baobabs" and community["size"] == 8 == len(community["members"])
    assert all(isinstance(name, str) for name in community["members"] + community["facilitators"])
    assert len(community["facilitators"]) == 1
    assert set(me["counts"]) == {"cases", "brainstorm", "discussion", "journal"}
    assert me["counts"]["cases"] >= len(presented) == len(me["expected"]["cases"])
    assert me["expected"]["charter"]["must_accept"] is False
    assert me["expected"]["cases"] and all(c["expected"] for c in me["expected"]["cases"])
    assert {"case_id": presented[0]["id"], "title": presented[0]["title"], "step": presented[0]["step"],
            "step_name": presented[0]["step_name"], "due_on": "2026-01-15", "late": True} in me["deadlines"]
    assert [d["due_on"] for d in me["deadlines"]] == sorted(d["due_on"] for d in me["deadlines"])
    assert me["progress"]["charter_accepted"] is True and me["progress"]["graded"] is False
    assert [s["key"] for s in data["sections"]] == ["community", "charter", "journal", "cases", "brainstorm",
                                                    "discussion", "knowledge", "sessions"]


def test_mobile_data_in_english(workbench, demo):
    workbench.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    status, data = workbench.get("mobile_data", "learner1")
    assert status == 200 and [s["title"] for s in data["sections"]][:2] == ["My community", "Community charter"]


def test_mobile_data_of_a_facilitator_and_staff(workbench, demo):
    status, data = workbench.get("mobile_data", "facilitator2")
    assert status == 200 and data["me"]["role"] == "facilitator" and data["me"]["community"] is None
    assert sorted(c["name"] for c in data["me"]["led"]) == ["Les Palétuviers", "Les Érables"]
    assert "moderation" in [s["key"] for s in data["sections"]]
    assert data["me"]["progress"] is None
    status, data = workbench.get("mobile_data", "staff")
    assert status == 200 and data["me"]["role"] == "staff" and data["me"]["counts"] == {}


def test_a_learner_waiting_for_a_community_is_not_placed_by_the_mobile_data(workbench, demo):
    CourseConfig.objects.filter(course_key="course-v1:CAP+Demo+2026").update(assignment_mode="manual")
    status, data = workbench.get("mobile_data", "learner24")
    assert status == 200 and data["me"]["waiting"] is True and data["me"]["community"] is None
    assert [s["key"] for s in data["sections"]] == ["community"]
    CourseConfig.objects.filter(course_key="course-v1:CAP+Demo+2026").update(assignment_mode="automatic")
    status, data = workbench.get("mobile_data", "learner25")
    assert data["me"]["waiting"] is True  # placed on their first visit of the activity, not by this read


def test_anonymous_visitors_get_the_error_contract(workbench):
    status, body = workbench.get("mobile_data", "anonymous")
    assert status == 403 and body["error"]["code"] == "login_required"


def test_no_private_text_ever_reaches_the_mobile_apps(workbench, demo, scenario_usage_id):
    # A journal entry shared with the facilitator, a draft case, an anonymous post, a hidden post.
    status, entry = workbench.post("journal_save", "learner2", {"title": "Kolda", "free_text": JOURNAL_SECRET})
    assert status == 200
    assert workbench.post("journal_share", "learner2", {"entry_id": entry["id"]})[0] == 200
    assert workbench.post("case_save", "learner2", {"title": DRAFT_SECRET, "context": DRAFT_SECRET,
                                                    "problem": DRAFT_SECRET})[0] == 200
    assert workbench.post("submit_studio_edits", "staff", {
        "values": {"allow_anonymous_posts": True, "post_rate_limit": 0}, "defaults": []})[0] == 200
    status, post = workbench.post("discussion_start", "learner2", {"title": POST_SECRET, "body": POST_SECRET,
                                                                   "anonymous": True})
    assert status == 200, post
    status, hidden = workbench.post("discussion_start", "learner3", {"title": "Caché", "body": "Texte masqué"})
    hidden_id = hidden["id"]
    assert workbench.post("moderation_hide", "facilitator1", {"post_id": hidden_id, "reason": "hors sujet"})[0] == 200

    answers = [workbench.get("mobile_data", who)[1] for who in ("learner1", "learner2", "facilitator1", "staff")]
    answers.append(block_for(scenario_usage_id, "learner2").student_view_data())
    for answer in answers:
        text = json.dumps(answer, ensure_ascii=False)
        for secret in (JOURNAL_SECRET, DRAFT_SECRET, POST_SECRET, "Texte masqué", "Caché", "hors sujet"):
            assert secret not in text
    # The author's own count includes their entry; nobody gets its text.
    assert answers[1]["me"]["counts"]["journal"] >= 1


def test_completion_and_grade_settings_round_trip_through_olx(scenario_usage_id):
    runtime = WorkbenchRuntime("staff")
    block = runtime.get_block(scenario_usage_id)
    block.completion_charter = False
    block.completion_cases = 3
    block.completion_journal_entries = 2
    block.graded = True
    block.weight = 2.5
    block.save()
    node = etree.Element("cap")
    block.add_xml_to_node(node)
    copy = runtime.get_block(runtime.parse_xml_string(etree.tostring(node, encoding="unicode")))
    for field in ("completion_charter", "completion_cases", "completion_journal_entries", "graded", "weight"):
        assert getattr(copy, field) == getattr(block, field), field
    assert copy.has_score is True and copy.max_score() == 1.0
