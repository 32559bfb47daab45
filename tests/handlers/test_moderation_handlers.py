"""The moderation handlers through the workbench, role by role: a facilitator of another community gets
404 for every moderation action, a member 403, permanent delete is for staff only."""

import pytest

from cap_demo.people import display_name
from cap_xblock.models import ModerationAction, Mute, Post, Report
from tests.discussion_utils import accept_charter
from tests.utils import make_actor

pytestmark = pytest.mark.django_db


def member(user_id):
    accept_charter(make_actor(user_id, name=display_name(user_id)))
    return user_id


def baobabs_ids():
    thread = Post.objects.get(title__startswith="Les élus locaux")
    return thread.community_id, thread.id


def test_the_demo_queue_holds_one_report_and_the_log_its_history(workbench, demo):
    community_id, _thread = baobabs_ids()
    status, queue = workbench.get("moderation_queue", "facilitator1", {"community_id": community_id})
    assert status == 200 and queue["total"] == 1
    assert queue["items"][0]["reporter"] == "Ousmane Faye"
    status, log = workbench.get("moderation_log", "facilitator1", {"community_id": community_id})
    assert status == 200 and [line["action"] for line in log["items"]] == ["hide", "pin"]


def test_report_hide_restore_round_trip(workbench, demo):
    community_id, thread_id = baobabs_ids()
    reporter = member("learner3")
    status, body = workbench.post("moderation_report", reporter, {"post_id": thread_id, "reason": "Hors charte"})
    assert status == 200
    status, body = workbench.post("moderation_report", reporter, {"post_id": thread_id, "reason": "Encore"})
    assert status == 409 and body["error"]["code"] == "already_reported"
    status, body = workbench.post("moderation_hide", "facilitator1", {"post_id": thread_id, "reason": "À reformuler"})
    assert status == 200 and body["hidden"]
    status, seen = workbench.get("discussion_thread", "learner2", {"thread_id": thread_id})
    assert seen["thread"]["hidden"] and seen["thread"]["body_html"] == ""
    status, seen = workbench.get("discussion_thread", "learner1", {"thread_id": thread_id})
    assert seen["thread"]["moderation_reason"] == "À reformuler"
    status, body = workbench.post("moderation_restore", "facilitator1", {"post_id": thread_id})
    assert status == 200 and not body["hidden"]
    status, queue = workbench.get("moderation_queue", "facilitator1", {"community_id": community_id})
    assert [item["reason"] for item in queue["items"]] == ["Le ton me semble un peu sec envers l'auteur·e, "
                                                           "pouvez-vous regarder ?"]


def test_mute_blocks_posting_with_a_clear_message(workbench, demo):
    community_id, thread_id = baobabs_ids()
    learner = member("learner4")
    status, _body = workbench.post("moderation_mute", "facilitator1",
                                   {"community_id": community_id, "user_id": learner, "days": 2, "reason": "Pause"})
    assert status == 200
    status, body = workbench.post("discussion_reply", learner, {"parent_id": thread_id, "body": "Je reviens"})
    assert status == 403 and body["error"]["code"] == "muted"
    assert "sourdine" in body["error"]["message"]
    status, _body = workbench.get("discussion_thread", learner, {"thread_id": thread_id})
    assert status == 200
    status, mutes = workbench.get("moderation_mutes", "facilitator1", {"community_id": community_id})
    assert [m["user_id"] for m in mutes["items"]] == [learner]
    status, _body = workbench.post("moderation_unmute", "facilitator1", {"community_id": community_id,
                                                                         "user_id": learner})
    assert status == 200
    assert workbench.post("discussion_reply", learner, {"parent_id": thread_id, "body": "Je reviens"})[0] == 200


def test_permanent_delete_is_for_staff_only(workbench, demo):
    _community_id, thread_id = baobabs_ids()
    status, body = workbench.post("moderation_delete", "facilitator1", {"post_id": thread_id, "reason": "x"})
    assert status == 403 and body["error"]["code"] == "staff_only"
    status, _body = workbench.post("moderation_delete", "staff", {"post_id": thread_id, "reason": "Données"})
    assert status == 200 and not Post.objects.filter(id=thread_id).exists()


def _targets():
    community_id, thread_id = baobabs_ids()
    pending = Post.objects.create(course_key=Post.objects.get(id=thread_id).course_key,
                                  block_key=Post.objects.get(id=thread_id).block_key, community_id=community_id,
                                  depth=0, author_id="learner2", title="En attente", body="x", body_html="<p>x</p>",
                                  status=Post.PENDING)
    hidden = Post.objects.get(hidden=True, community_id=community_id)
    report = Report.objects.get(outcome=Report.OPEN, community_id=community_id)
    Mute.objects.create(community_id=community_id, user_id="learner8", until="2099-01-01T00:00:00Z",
                        muted_by="facilitator1")
    return community_id, thread_id, pending.id, hidden.id, report.id


MODERATION_POSTS = [
    ("moderation_hide", lambda c, t, p, h, r: {"post_id": t, "reason": "x"}),
    ("moderation_restore", lambda c, t, p, h, r: {"post_id": h}),
    ("moderation_pin", lambda c, t, p, h, r: {"post_id": t, "pinned": False}),
    ("moderation_lock", lambda c, t, p, h, r: {"post_id": t, "locked": True}),
    ("moderation_approve", lambda c, t, p, h, r: {"post_id": p}),
    ("moderation_reject", lambda c, t, p, h, r: {"post_id": p, "reason": "x"}),
    ("moderation_delete", lambda c, t, p, h, r: {"post_id": t, "reason": "x"}),
    ("moderation_dismiss", lambda c, t, p, h, r: {"report_id": r}),
    ("moderation_mute", lambda c, t, p, h, r: {"community_id": c, "user_id": "learner2", "days": 1}),
    ("moderation_unmute", lambda c, t, p, h, r: {"community_id": c, "user_id": "learner8"}),
]
MODERATION_GETS = [
    ("moderation_queue", lambda c, t, p, h, r: {"community_id": c}),
    ("moderation_pending", lambda c, t, p, h, r: {"community_id": c}),
    ("moderation_mutes", lambda c, t, p, h, r: {"community_id": c}),
    ("moderation_log", lambda c, t, p, h, r: {"community_id": c}),
    ("discussion_versions", lambda c, t, p, h, r: {"post_id": t}),
]


def _name(value):
    return value if isinstance(value, str) else ""


@pytest.mark.parametrize("handler,data", MODERATION_POSTS + MODERATION_GETS, ids=_name)
@pytest.mark.parametrize("student,expected", [("facilitator2", 404), ("learner9", 404), ("learner2", 403)])
def test_moderation_outside_ones_communities_is_refused(workbench, demo, handler, data, student, expected):
    targets = _targets()
    before = ModerationAction.objects.count()
    if (handler, data) in MODERATION_GETS:
        status, body = workbench.get(handler, student, data(*targets))
    else:
        status, body = workbench.post(handler, student, data(*targets))
    assert status == expected, body
    assert body["error"]["code"]
    assert ModerationAction.objects.count() == before


@pytest.mark.parametrize("handler,data", MODERATION_POSTS, ids=_name)
def test_the_communitys_facilitator_may_do_every_action_but_erase(workbench, demo, handler, data):
    targets = _targets()
    status, body = workbench.post(handler, "facilitator1", data(*targets))
    assert status == (403 if handler == "moderation_delete" else 200), body
    status, body = workbench.post(handler, "staff", data(*targets))
    # Staff act everywhere; the second time, the state has changed (already hidden...) or the post is gone.
    assert status == STAFF_SECOND_TIME[handler], body


# What staff get when they do the same action right after the facilitator.
STAFF_SECOND_TIME = {
    "moderation_hide": 409, "moderation_restore": 409, "moderation_pin": 200, "moderation_lock": 200,
    "moderation_approve": 409, "moderation_reject": 409, "moderation_delete": 200, "moderation_dismiss": 409,
    "moderation_mute": 200, "moderation_unmute": 404,
}


def test_the_moderation_section_is_for_moderators_only(workbench, demo):
    assert 'data-section="moderation"' not in workbench.view("learner1").content.decode("utf-8")
    html = workbench.view("facilitator1").content.decode("utf-8")
    assert 'data-section="moderation"' in html and "Journal de modération" in html


def test_moderation_lists_do_not_grow_in_queries(workbench, demo, django_assert_num_queries,
                                                   django_assert_max_num_queries):
    community_id, thread_id = baobabs_ids()
    workbench.get("moderation_queue", "facilitator1", {"community_id": community_id})
    with django_assert_max_num_queries(40) as small:
        workbench.get("moderation_queue", "facilitator1", {"community_id": community_id})
    for post in Post.objects.filter(community_id=community_id).exclude(id=thread_id):
        Report.objects.get_or_create(post=post, community_id=community_id, reporter_id="learner5",
                                     defaults={"reason": "Raison"})
    with django_assert_num_queries(len(small.captured_queries)):
        workbench.get("moderation_queue", "facilitator1", {"community_id": community_id})


def test_a_learner_waiting_for_a_community_sees_no_moderation(workbench, demo):
    from cap_xblock.models import CourseConfig  # pylint: disable=import-outside-toplevel

    CourseConfig.objects.update(assignment_mode=CourseConfig.MANUAL)
    html = workbench.view("learner24").content.decode("utf-8")
    assert 'data-section="moderation"' not in html and "Modération" not in html
    # Everything but « Ma communauté » happens inside a community: nothing else is shown yet.
    assert 'data-section="discussion"' not in html
