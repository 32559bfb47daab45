"""Rules of cap_xblock.api.moderation: reports and the review queue, hide and restore, pin, lock, mute,
permanent delete, the moderation log, and the wall between communities."""

import pytest

from cap_xblock.api import discussion, moderation
from cap_xblock.errors import Conflict, InvalidInput, NotAllowed, NotFound
from cap_xblock.models import ModerationAction, Post, Report
from tests.discussion_utils import person, reply, thread, french, two  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_a_report_lands_in_the_queue_with_the_reason_and_the_reporter(two):
    baobabs, _erables = two
    opened = thread("l1", body="Texte signalé")
    report_id = moderation.report_post(person("l2"), post_id=opened.id, reason="Propos blessants")
    queue = moderation.review_queue(person("f1"), community_id=baobabs)
    assert queue.total == 1
    item = queue.items[0]
    assert (item.id, item.post_id, item.reason, item.reporter, item.post_author) == (
        report_id, opened.id, "Propos blessants", "Moussa Sow", "Awa Ndiaye")
    assert "Texte signalé" in item.post_excerpt
    with pytest.raises(Conflict) as error:
        moderation.report_post(person("l2"), post_id=opened.id, reason="Encore")
    assert error.value.code == "already_reported"
    with pytest.raises(InvalidInput) as error:
        moderation.report_post(person("l1"), post_id=opened.id, reason="Moi-même")
    assert error.value.code == "own_post"
    with pytest.raises(InvalidInput):
        moderation.report_post(person("l2"), post_id=opened.id, reason="")
    with pytest.raises(NotFound):
        moderation.report_post(person("l3"), post_id=opened.id, reason="Pas ma communauté")
    with pytest.raises(NotAllowed) as error:
        moderation.review_queue(person("l2"), community_id=baobabs)
    assert error.value.code == "moderators_only"


def test_reporters_stay_hidden_from_the_author_even_when_the_author_moderates(two):
    baobabs, _erables = two
    opened = thread("f1")
    moderation.report_post(person("l1"), post_id=opened.id, reason="Trop directif")
    assert moderation.review_queue(person("f1"), community_id=baobabs).items[0].reporter == ""
    assert moderation.review_queue(person("staff"), community_id=baobabs).items[0].reporter == "Awa Ndiaye"


def test_hide_shows_the_author_why_masks_it_for_peers_and_restore_brings_it_back(two):
    baobabs, _erables = two
    opened = thread("l1")
    answer = reply("l2", opened.id, "Message vif")
    moderation.report_post(person("l1"), post_id=answer.id, reason="Agressif")
    moderation.hide_post(person("f1"), post_id=answer.id, reason="Restons bienveillants")
    assert moderation.review_queue(person("f1"), community_id=baobabs).total == 0
    assert Report.objects.get().outcome == Report.HIDDEN
    peer = discussion.get_thread(person("l1"), thread_id=opened.id).replies.items[0]
    assert peer.hidden and peer.body_html == "" and peer.moderation_reason == ""
    author = discussion.get_thread(person("l2"), thread_id=opened.id).replies.items[0]
    assert author.hidden and author.moderation_reason == "Restons bienveillants" and "vif" in author.body_html
    with pytest.raises(Conflict):
        discussion.mark_useful(person("l1"), post_id=answer.id)
    with pytest.raises(Conflict):
        moderation.hide_post(person("f1"), post_id=answer.id, reason="Encore")
    moderation.restore_post(person("f1"), post_id=answer.id)
    assert "vif" in discussion.get_thread(person("l1"), thread_id=opened.id).replies.items[0].body_html
    log = moderation.moderation_log(person("f1"), community_id=baobabs)
    assert [(line.action, line.moderator, line.target) for line in log.items] == [
        ("restore", "Aminata Diallo", "Moussa Sow"), ("hide", "Aminata Diallo", "Moussa Sow")]
    assert log.items[1].reason == "Restons bienveillants" and log.items[1].excerpt == "Message vif"


def test_dismissing_a_report_closes_it_and_is_logged(two):
    baobabs, _erables = two
    opened = thread("l1")
    report_id = moderation.report_post(person("l2"), post_id=opened.id, reason="Je ne suis pas d'accord")
    moderation.dismiss_report(person("f1"), report_id=report_id)
    assert moderation.review_queue(person("f1"), community_id=baobabs).total == 0
    with pytest.raises(Conflict):
        moderation.dismiss_report(person("f1"), report_id=report_id)
    assert moderation.moderation_log(person("f1"), community_id=baobabs).items[0].action == "dismiss"


def test_pinned_threads_come_first_and_only_threads_are_pinned_or_locked(two):
    first = thread("l1", title="Ancien")
    thread("l2", title="Récent")
    moderation.pin_thread(person("f1"), post_id=first.id, pinned=True)
    assert [t.title for t in discussion.list_threads(person("l1")).items] == ["Ancien", "Récent"]
    assert discussion.list_threads(person("l1")).items[0].pinned
    answer = reply("l2", first.id)
    with pytest.raises(InvalidInput):
        moderation.pin_thread(person("f1"), post_id=answer.id, pinned=True)
    with pytest.raises(InvalidInput):
        moderation.lock_thread(person("f1"), post_id=answer.id, locked=True)
    moderation.pin_thread(person("f1"), post_id=first.id, pinned=False)
    assert not any(t.pinned for t in discussion.list_threads(person("l1")).items)


def test_a_muted_member_reads_but_cannot_post_until_unmuted(two):
    baobabs, _erables = two
    opened = thread("l1")
    mute = moderation.mute_member(person("f1"), community_id=baobabs, user_id="l2", days=7, reason="Pause")
    assert mute.name == "Moussa Sow"
    with pytest.raises(NotAllowed) as error:
        reply("l2", opened.id)
    assert error.value.code == "muted" and "jusqu" in error.value.message
    with pytest.raises(NotAllowed):
        thread("l2")
    with pytest.raises(NotAllowed):
        discussion.mark_useful(person("l2"), post_id=opened.id)
    assert discussion.get_thread(person("l2"), thread_id=opened.id).thread.id == opened.id  # reading stays open
    assert [m.user_id for m in moderation.muted_members(person("f1"), community_id=baobabs).items] == ["l2"]
    moderation.unmute_member(person("f1"), community_id=baobabs, user_id="l2")
    assert reply("l2", opened.id).depth == 1
    with pytest.raises(NotFound):
        moderation.unmute_member(person("f1"), community_id=baobabs, user_id="l2")
    for days in (0, 91, "x"):
        with pytest.raises(InvalidInput):
            moderation.mute_member(person("f1"), community_id=baobabs, user_id="l2", days=days)
    with pytest.raises(NotFound):
        # not a member of this community
        moderation.mute_member(person("f1"), community_id=baobabs, user_id="l3", days=2)
    assert [line.action for line in moderation.moderation_log(person("f1"),
                                                              community_id=baobabs).items] == ["unmute", "mute"]


def test_permanent_delete_is_for_staff_only_and_logged(two):
    baobabs, _erables = two
    opened = thread("l1", body="À effacer")
    reply("l2", opened.id)
    with pytest.raises(NotAllowed) as error:
        moderation.delete_permanently(person("f1"), post_id=opened.id, reason="Données personnelles")
    assert error.value.code == "staff_only"
    moderation.delete_permanently(person("staff"), post_id=opened.id, reason="Données personnelles")
    assert not Post.objects.exists()
    line = moderation.moderation_log(person("f1"), community_id=baobabs).items[0]
    assert (line.action, line.reason, line.moderator) == ("delete", "Données personnelles", "Claire Dubois")


ACTIONS = {
    "hide": lambda actor, post, community: moderation.hide_post(actor, post_id=post, reason="Raison"),
    "restore": lambda actor, post, community: moderation.restore_post(actor, post_id=post),
    "pin": lambda actor, post, community: moderation.pin_thread(actor, post_id=post, pinned=True),
    "lock": lambda actor, post, community: moderation.lock_thread(actor, post_id=post, locked=True),
    "approve": lambda actor, post, community: moderation.approve_post(actor, post_id=post + 1),
    "reject": lambda actor, post, community: moderation.reject_post(actor, post_id=post + 1, reason="Raison"),
    "delete": lambda actor, post, community: moderation.delete_permanently(actor, post_id=post, reason="Raison"),
    "mute": lambda actor, post, community: moderation.mute_member(actor, community_id=community, user_id="l1", days=2),
    "unmute": lambda actor, post, community: moderation.unmute_member(actor, community_id=community, user_id="l1"),
    "queue": lambda actor, post, community: moderation.review_queue(actor, community_id=community),
    "pending": lambda actor, post, community: moderation.pending_posts(actor, community_id=community),
    "mutes": lambda actor, post, community: moderation.muted_members(actor, community_id=community),
    "log": lambda actor, post, community: moderation.moderation_log(actor, community_id=community),
    "versions": lambda actor, post, community: discussion.post_versions(actor, post_id=post),
    "dismiss": lambda actor, post, community: moderation.dismiss_report(
        actor, report_id=Report.objects.get(post_id=post).id),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_a_facilitator_of_another_community_gets_404_and_a_member_403(two, action):
    baobabs, _erables = two
    opened = thread("l1")
    held = thread("l1", settings=discussion.DiscussionSettings(premoderation=True, rate_limit=0))
    assert held.id == opened.id + 1  # approve and reject act on the post awaiting approval
    moderation.report_post(person("f1"), post_id=opened.id, reason="Pour le test")
    moderation.hide_post(person("f1"), post_id=opened.id, reason="Pour le test")
    moderation.mute_member(person("f1"), community_id=baobabs, user_id="l1", days=1)
    ModerationAction.objects.all().delete()
    with pytest.raises(NotFound):
        ACTIONS[action](person("f2"), opened.id, baobabs)
    with pytest.raises(NotAllowed):
        ACTIONS[action](person("l2"), opened.id, baobabs)
    assert not ModerationAction.objects.exists()


def test_queue_and_log_queries_do_not_grow(two, django_assert_max_num_queries, django_assert_num_queries):
    baobabs, _erables = two
    opened = thread("l1")
    moderation.report_post(person("l2"), post_id=opened.id, reason="Raison")
    moderation.pin_thread(person("f1"), post_id=opened.id, pinned=True)
    held = discussion.DiscussionSettings(premoderation=True, rate_limit=0)
    thread("l1", title="En attente", settings=held)
    moderation.mute_member(person("f1"), community_id=baobabs, user_id="l1", days=2)
    calls = (lambda: moderation.review_queue(person("f1"), community_id=baobabs),
             lambda: moderation.moderation_log(person("f1"), community_id=baobabs),
             lambda: moderation.pending_posts(person("f1"), community_id=baobabs),
             lambda: moderation.muted_members(person("f1"), community_id=baobabs))
    small = []
    for call in calls:
        call()
        with django_assert_max_num_queries(12) as counted:
            call()
        small.append(len(counted.captured_queries))
    for index in range(12):
        post = thread("f1" if index % 2 else "l2", title=f"Fil {index}")
        # muted members may still report
        moderation.report_post(person("l1"), post_id=post.id, reason=f"Raison {index}")
        moderation.lock_thread(person("f1"), post_id=post.id, locked=True)
        thread("l2", title=f"En attente {index}", settings=held)
    moderation.mute_member(person("f1"), community_id=baobabs, user_id="l2", days=2)
    for call, count in zip(calls, small):
        with django_assert_num_queries(count):
            call()
