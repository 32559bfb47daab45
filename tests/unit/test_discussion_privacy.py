"""What members never see of the discussion: hidden and deleted threads, edits awaiting approval, and replies
that cannot land under a thread the facilitation hid."""

import pytest

from cap_xblock.api import discussion, moderation
from cap_xblock.errors import Conflict
from tests.discussion_utils import OPEN, person, reply, thread, french, two  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
HELD = discussion.DiscussionSettings(premoderation=True, rate_limit=0)
SECRET_TITLE = "Titre-secret-7c1e"
SECRET_BODY = "Corps-secret-7c1e"


def _carries(view, *markers):
    text = " ".join(str(value) for value in view.__dict__.values())
    return [marker for marker in markers if marker in text]


# --- hidden and deleted threads --------------------------------------------------------------------


def test_a_hidden_thread_shows_neither_title_nor_body_nor_author_to_members(two):
    opened = thread("l1", title=SECRET_TITLE, body=SECRET_BODY)
    moderation.hide_post(person("f1"), post_id=opened.id, reason="Propos blessants")
    for peer in ("l2",):
        listed = discussion.list_threads(person(peer)).items[0]
        shown = discussion.get_thread(person(peer), thread_id=opened.id).thread
        for view in (listed, shown):
            assert view.hidden and _carries(view, SECRET_TITLE, SECRET_BODY, "Awa Ndiaye", "l1") == []
            assert view.title == "Ce message a été masqué par la facilitation."
    # Its author reads what they wrote and why it was hidden; the moderators see it all.
    mine = discussion.get_thread(person("l1"), thread_id=opened.id).thread
    assert (mine.title, mine.moderation_reason) == (SECRET_TITLE, "Propos blessants")
    for moderator in ("f1", "staff"):
        seen = discussion.get_thread(person(moderator), thread_id=opened.id).thread
        assert seen.title == SECRET_TITLE and SECRET_BODY in seen.body_html and seen.author == "Awa Ndiaye"


def test_a_thread_deleted_by_its_author_shows_neither_title_nor_author_to_members(two):
    opened = thread("l1", title=SECRET_TITLE, body=SECRET_BODY)
    discussion.delete_own_post(person("l1"), post_id=opened.id)
    for peer in ("l2",):
        for view in (discussion.list_threads(person(peer)).items[0],
                     discussion.get_thread(person(peer), thread_id=opened.id).thread):
            assert view.deleted and _carries(view, SECRET_TITLE, SECRET_BODY, "Awa Ndiaye") == []
            assert view.title == "Ce message a été supprimé par son auteur·e."
    assert discussion.list_threads(person("f1")).items[0].title == SECRET_TITLE


# --- replies under hidden or deleted threads --------------------------------------------------------


@pytest.mark.parametrize("withdraw", ["hide", "delete"])
def test_no_reply_lands_under_a_hidden_or_deleted_thread_even_through_one_of_its_replies(two, withdraw):
    opened = thread("l1")
    first = reply("l2", opened.id)
    if withdraw == "hide":
        moderation.hide_post(person("f1"), post_id=opened.id, reason="Hors charte")
    else:
        discussion.delete_own_post(person("l1"), post_id=opened.id)
    for parent in (opened.id, first.id):
        for who in ("l2", "f1"):
            with pytest.raises(Conflict) as refused:
                reply(who, parent)
            assert refused.value.code == "cannot_reply"


# --- editing after approval under pre-moderation -----------------------------------------------------


@pytest.mark.parametrize("depth", [0, 1])
def test_an_edit_after_approval_waits_for_approval_again(two, depth):
    baobabs, _erables = two
    opened = thread("l1", title="Titre approuvé", body="Texte approuvé", settings=HELD)
    moderation.approve_post(person("f1"), post_id=opened.id)
    post = opened
    if depth:
        post = reply("l1", opened.id, "Réponse approuvée", settings=HELD)
        moderation.approve_post(person("f1"), post_id=post.id)
    edited = discussion.edit_post(person("l1"), post_id=post.id, body=SECRET_BODY,
                                  title=SECRET_TITLE if not depth else None,
                                  settings=HELD)
    assert edited.status == "pending" and SECRET_BODY in edited.body_html  # the author sees their edit
    # Members no longer see the edited text until the facilitation approves it.
    peer_view = discussion.list_threads(person("l2")).items if not depth else \
        discussion.get_thread(person("l2"), thread_id=opened.id).replies.items
    assert all(_carries(view, SECRET_TITLE, SECRET_BODY) == [] for view in peer_view)
    assert post.id in [p["id"] for p in moderation.pending_posts(person("f1"), community_id=baobabs).items]
    moderation.approve_post(person("f1"), post_id=post.id)
    shown = discussion.get_thread(person("l2"), thread_id=opened.id)
    seen = shown.thread if not depth else shown.replies.items[0]
    assert SECRET_BODY in seen.body_html


def test_without_premoderation_and_for_moderators_an_edit_is_published_at_once(two):
    opened = thread("l1", settings=OPEN)
    assert discussion.edit_post(person("l1"), post_id=opened.id, body="Corrigé", settings=OPEN).status == "published"
    own = thread("f1", settings=HELD)
    assert discussion.edit_post(person("f1"), post_id=own.id, body="Corrigé", settings=HELD).status == "published"
