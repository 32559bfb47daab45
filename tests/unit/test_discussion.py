"""Rules of cap_xblock.api.discussion: threads, replies, edits, "Utile", unread marks, anonymity,
pre-moderation, the posting rate, and who sees what."""

import pytest

from cap_xblock import retirement
from cap_xblock.api import discussion, markup, moderation
from cap_xblock.errors import Conflict, InvalidInput, NotAllowed, NotFound, TooManyRequests
from cap_xblock.models import Post, PostVersion, Reaction, ThreadRead
from tests.discussion_utils import OPEN, person, reply, thread, french, two  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_markdown_subset_is_rendered_and_everything_else_is_sanitised():
    html = markup.render("**gras** *ital* [site](https://exemple.org) [x](javascript:alert(1))\n\n"
                         "- un\n- deux\n\n> citation\n\n<script>alert(1)</script><img src=x onerror=alert(1)>")
    assert "<strong>gras</strong>" in html and "<em>ital</em>" in html
    assert '<a href="https://exemple.org" rel="nofollow noopener noreferrer">site</a>' in html
    assert "<ul>" in html and "<blockquote>" in html
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html


def test_thread_and_replies_two_levels_deep_at_most(two):
    opened = thread("l1", body="Les **élus** ?")
    assert opened.body_html == "<p>Les <strong>élus</strong> ?</p>" and opened.status == "published"
    first = reply("l2", opened.id)
    second = reply("f1", first.id, "Et les chefs de village ?")
    assert (first.depth, second.depth) == (1, 2)
    with pytest.raises(InvalidInput) as error:
        reply("l1", second.id)
    assert error.value.code == "too_deep"
    later = reply("l1", opened.id, "Autre piste")
    view = discussion.get_thread(person("l2"), thread_id=opened.id)
    # Tree order: each reply is followed by the replies to it.
    assert [p.id for p in view.replies.items] == [first.id, second.id, later.id]
    assert discussion.list_threads(person("l2")).items[0].replies == 3


def test_people_of_another_community_see_nothing(two):
    baobabs, erables = two
    opened = thread("l1")
    for call in (lambda: discussion.get_thread(person("l3"), thread_id=opened.id),
                 lambda: reply("l3", opened.id),
                 lambda: discussion.mark_useful(person("l3"), post_id=opened.id),
                 lambda: discussion.list_threads(person("l3"), community_id=baobabs),
                 lambda: discussion.list_threads(person("f2"), community_id=baobabs)):
        with pytest.raises(NotFound):
            call()
    assert discussion.list_threads(person("l3")).total == 0
    assert discussion.list_threads(person("staff"), community_id=baobabs).total == 1


def test_posts_of_another_block_are_not_found(two):
    opened = thread("l1")
    elsewhere = person("l2").__class__(**dict(person("l2").__dict__, block_key="block-2"))
    with pytest.raises(NotFound):
        discussion.get_thread(elsewhere, thread_id=opened.id)
    assert discussion.list_threads(elsewhere).total == 0


def test_edit_keeps_earlier_versions_for_the_facilitators(two):
    opened = thread("l1", body="Première version")
    edited = discussion.edit_post(person("l1"), post_id=opened.id, body="Deuxième version", title="Nouveau titre")
    assert edited.edited and edited.title == "Nouveau titre" and "Deuxième" in edited.body_html
    versions = discussion.post_versions(person("f1"), post_id=opened.id)
    assert [v["body"] for v in versions] == ["Première version"]
    with pytest.raises(NotAllowed) as error:
        discussion.post_versions(person("l2"), post_id=opened.id)
    assert error.value.code == "moderators_only"
    with pytest.raises(NotAllowed) as error:
        discussion.edit_post(person("l2"), post_id=opened.id, body="Pas à moi")
    assert error.value.code == "not_author"


def test_delete_own_post_leaves_a_trace_without_the_text(two):
    opened = thread("l1")
    answer = reply("l2", opened.id, "Mon avis")
    with pytest.raises(NotAllowed):
        discussion.delete_own_post(person("l1"), post_id=answer.id)
    assert discussion.delete_own_post(person("l2"), post_id=answer.id).deleted
    seen = discussion.get_thread(person("l1"), thread_id=opened.id).replies.items[0]
    assert seen.deleted and seen.body_html == ""
    with pytest.raises(Conflict):
        discussion.delete_own_post(person("l2"), post_id=answer.id)
    with pytest.raises(Conflict):
        reply("l1", answer.id)


def test_useful_counts_are_exact_and_a_double_click_counts_once(two):
    opened = thread("l1")
    for user_id in ("l2", "l2", "f1"):
        discussion.mark_useful(person(user_id), post_id=opened.id, useful=True)
    assert Reaction.objects.filter(post_id=opened.id).count() == 2
    result = discussion.mark_useful(person("l2"), post_id=opened.id, useful=False)
    assert result == {"id": opened.id, "useful": 1, "useful_mine": False}
    seen = discussion.list_threads(person("f1")).items[0]
    assert seen.useful == 1 and seen.useful_mine


def test_unread_markers_show_what_is_new_since_the_last_visit(two):
    opened = thread("l1")
    assert discussion.list_threads(person("l2")).items[0].is_new
    assert not discussion.list_threads(person("l1")).items[0].is_new  # one's own thread
    discussion.get_thread(person("l2"), thread_id=opened.id)
    assert not discussion.list_threads(person("l2")).items[0].is_new
    answer = reply("l1", opened.id)
    assert discussion.list_threads(person("l2")).items[0].is_new
    replies = discussion.get_thread(person("l2"), thread_id=opened.id).replies.items
    assert [(p.id, p.is_new) for p in replies] == [(answer.id, True)]
    assert not discussion.get_thread(person("l2"), thread_id=opened.id).replies.items[0].is_new


def test_anonymous_posts_hide_the_author_from_peers_only(two):
    with pytest.raises(InvalidInput) as error:
        thread("l1", anonymous=True)
    assert error.value.code == "anonymous_off"
    allowed = discussion.DiscussionSettings(allow_anonymous=True, rate_limit=0)
    opened = thread("l1", settings=allowed, anonymous=True)
    peer = discussion.list_threads(person("l2")).items[0]
    assert peer.author == "Membre anonyme" and peer.author_id == "" and peer.anonymous
    facilitator = discussion.list_threads(person("f1")).items[0]
    assert facilitator.author == "Awa Ndiaye" and facilitator.author_id == "l1"
    mine = discussion.get_thread(person("l1"), thread_id=opened.id).thread
    assert mine.mine and mine.author == "Awa Ndiaye"


def test_premoderation_keeps_posts_for_the_author_and_facilitators_until_approved(two):
    baobabs, _erables = two
    held = discussion.DiscussionSettings(premoderation=True, rate_limit=0)
    opened = thread("l1", settings=held)
    assert opened.status == "pending"
    assert discussion.list_threads(person("l2")).total == 0
    with pytest.raises(NotFound):
        discussion.get_thread(person("l2"), thread_id=opened.id)
    assert discussion.list_threads(person("l1")).items[0].status == "pending"
    assert [p["id"] for p in moderation.pending_posts(person("f1"), community_id=baobabs).items] == [opened.id]
    # The facilitator's own posts need no approval.
    assert thread("f1", settings=held).status == "published"
    moderation.approve_post(person("f1"), post_id=opened.id)
    assert discussion.list_threads(person("l2")).total == 2
    answer = reply("l2", opened.id, settings=held)
    moderation.reject_post(person("f1"), post_id=answer.id, reason="Hors sujet")
    assert discussion.get_thread(person("l1"), thread_id=opened.id).replies.total == 0
    mine = discussion.get_thread(person("l2"), thread_id=opened.id).replies.items[0]
    assert mine.status == "rejected" and mine.moderation_reason == "Hors sujet"


def test_posting_faster_than_the_rate_is_refused_with_429(two):
    limited = discussion.DiscussionSettings(rate_limit=2)
    opened = thread("l1", settings=limited)
    reply("l1", opened.id, settings=limited)
    with pytest.raises(TooManyRequests) as error:
        reply("l1", opened.id, settings=limited)
    assert error.value.status == 429 and error.value.code == "rate_limited"
    assert "2 messages" in error.value.message and "texte est conservé" in error.value.message
    reply("l2", opened.id, settings=limited)  # another person is not slowed down
    reply("l1", opened.id, settings=OPEN)  # 0: no limit


def test_locked_thread_takes_replies_from_the_facilitation_only(two):
    opened = thread("l1")
    moderation.lock_thread(person("f1"), post_id=opened.id, locked=True)
    with pytest.raises(Conflict) as error:
        reply("l2", opened.id)
    assert error.value.code == "thread_locked"
    with pytest.raises(Conflict):
        discussion.edit_post(person("l1"), post_id=opened.id, body="Je change")
    assert reply("f1", opened.id).depth == 1


def test_invalid_input_is_refused_cleanly(two):
    for title, body in (("", "x"), ("x", ""), ("x" * 201, "x"), ("x", "y" * 5001), (["x"], "y"), ("x", {"a": 1})):
        with pytest.raises(InvalidInput):
            thread("l1", title=title, body=body)
    for post_id in ("abc", None, -1, True):
        with pytest.raises((InvalidInput, NotFound)):
            discussion.get_thread(person("l1"), thread_id=post_id)
    with pytest.raises(NotFound):
        discussion.get_thread(person("l1"), thread_id=999999)


def test_thread_list_and_thread_queries_do_not_grow(two, django_assert_max_num_queries, django_assert_num_queries):
    opened = thread("l1")
    reply("l2", opened.id)
    discussion.list_threads(person("l2"))
    discussion.get_thread(person("f1"), thread_id=opened.id)
    with django_assert_max_num_queries(12) as small_list:
        discussion.list_threads(person("l2"))
    with django_assert_max_num_queries(14) as small_thread:
        discussion.get_thread(person("f1"), thread_id=opened.id)
    for index in range(12):
        other = thread("l1" if index % 2 else "l2", title=f"Fil {index}")
        answer = reply("l1", other.id)
        reply("f1", answer.id)
        reply("l2", opened.id)
        discussion.mark_useful(person("l2"), post_id=other.id)
    with django_assert_num_queries(len(small_list.captured_queries)):
        discussion.list_threads(person("l2"))
    with django_assert_num_queries(len(small_thread.captured_queries)):
        discussion.get_thread(person("f1"), thread_id=opened.id)


def test_retirement_leaves_posts_unsigned_and_removes_personal_traces(two):
    opened = thread("l1")
    discussion.edit_post(person("l1"), post_id=opened.id, body="Texte revu")
    answer = reply("l2", opened.id)
    discussion.mark_useful(person("l1"), post_id=answer.id)
    moderation.report_post(person("l1"), post_id=answer.id, reason="Propos blessants")
    moderation.mute_member(person("f1"), community_id=two[0], user_id="l1", days=3)
    retirement.retire_user("l1")
    assert not Post.objects.filter(author_id="l1").exists()
    assert Post.objects.get(id=opened.id).author_id == ""
    assert not PostVersion.objects.filter(post_id=opened.id).exists()
    assert not ThreadRead.objects.filter(user_id="l1").exists()
    assert Reaction.objects.filter(post_id=answer.id).count() == 1
    assert not Reaction.objects.filter(user_id="l1").exists()
    assert discussion.get_thread(person("l2"), thread_id=opened.id).thread.author == "Ancien·ne membre"
    from cap_xblock.models import ModerationAction, Mute, Report  # pylint: disable=import-outside-toplevel
    assert not Mute.objects.filter(user_id="l1").exists()
    assert not Report.objects.filter(reporter_id="l1").exists() and Report.objects.count() == 1
    assert not ModerationAction.objects.filter(target_user_id="l1").exists()
