"""An archived community through the workbench: members read with a notice and write nowhere; its facilitator
keeps moderating and is not placed as a learner elsewhere."""

import pytest

from cap_xblock.models import Community, FacilitatorRole, Membership

pytestmark = pytest.mark.django_db


def _archive(workbench, name):
    community_id = Community.objects.get(name=name).id
    status, body = workbench.post("manage_archive", "staff", {"community_id": community_id, "archived": True})
    assert status == 200, body
    return community_id


def test_members_read_an_archived_community_with_a_notice_and_cannot_write(workbench, demo):
    baobabs = _archive(workbench, "Les Baobabs")
    html = workbench.view("learner1").content.decode("utf-8")
    assert "Cette communauté est archivée" in html
    status, threads = workbench.get("discussion_threads", "learner1")
    assert status == 200 and threads["total"] >= 1
    status, body = workbench.post("discussion_start", "learner1", {"community_id": baobabs, "title": "Encore",
                                                                   "body": "Un message"})
    assert status == 403 and body["error"]["code"] == "community_archived"
    assert "archivée" in body["error"]["message"]
    status, body = workbench.post("discussion_reply", "learner1", {"parent_id": threads["items"][0]["id"],
                                                                   "body": "Une réponse"})
    assert status == 403 and body["error"]["code"] == "community_archived"


def test_the_facilitator_of_an_archived_community_keeps_moderating_and_is_not_placed(workbench, demo):
    baobabs = _archive(workbench, "Les Baobabs")
    assert set(FacilitatorRole.objects.filter(user_id="facilitator1").values_list("community_id", flat=True)) == {
        baobabs}
    html = workbench.view("facilitator1").content.decode("utf-8")
    assert not Membership.objects.filter(user_id="facilitator1").exists()
    assert "vous continuez à la modérer" in html
    status, threads = workbench.get("discussion_threads", "facilitator1", {"community_id": baobabs})
    assert status == 200 and threads["total"] >= 1
    status, body = workbench.post("moderation_hide", "facilitator1", {"post_id": threads["items"][0]["id"],
                                                                      "reason": "Hors charte"})
    assert status == 200, body
    status, body = workbench.get("moderation_queue", "facilitator1", {"community_id": baobabs})
    assert status == 200, body
    status, body = workbench.get("journal_shared", "facilitator1")
    assert status == 200, body
