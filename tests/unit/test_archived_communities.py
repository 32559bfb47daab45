"""An archived community is read-only for its members; its facilitators and the course team keep reading and
moderating it (decision 0015). The rule lives in ``gate.require_can_write``."""

import pytest

from cap_xblock.api import access, brainstorm, cases, charter, communities, discussion, journal, moderation
from cap_xblock.errors import NotAllowed
from tests.discussion_utils import OPEN, person, reply, thread, french, two  # noqa: F401  (fixtures)
from tests.utils import make_actor, staff_actor

pytestmark = pytest.mark.django_db
QUESTION = "Comment mieux impliquer les parties prenantes ?"


def _archive(community_id, archived=True):
    communities.set_archived(staff_actor(), community_id=community_id, archived=archived)


def _refused(call):
    with pytest.raises(NotAllowed) as refused:
        call()
    return refused.value.code


def test_members_of_an_archived_community_read_but_write_nowhere(two):
    baobabs, _erables = two
    opened = thread("l1")
    answer = reply("l2", opened.id)
    bs = brainstorm.open_brainstorm(person("l1"), question=QUESTION)
    idea = brainstorm.add_idea(person("l2"), brainstorm_id=bs.id, text="Une idée")
    case = cases.save_draft(person("l1"), title="Un cas")
    _archive(baobabs)
    member = person("l1")
    writes = {
        "thread": lambda: thread("l1"),
        "reply": lambda: reply("l1", opened.id),
        "reply to a reply": lambda: reply("l1", answer.id),
        "edit": lambda: discussion.edit_post(member, post_id=opened.id, body="Changé"),
        "useful": lambda: discussion.mark_useful(member, post_id=answer.id),
        "idea": lambda: brainstorm.add_idea(member, brainstorm_id=bs.id, text="Encore une"),
        "vote": lambda: brainstorm.cast_vote(member, brainstorm_id=bs.id, idea_id=idea),
        "case": lambda: cases.save_draft(member, title="Un autre cas"),
        "case edit": lambda: cases.save_draft(member, title="Renommé", case_id=case.id),
        "present": lambda: cases.present_case(member, case_id=case.id),
    }
    codes = {name: _refused(call) for name, call in writes.items()}
    assert set(codes.values()) == {"community_archived"}, codes
    # Reading stays open, and nothing asks them to accept the charter any more.
    assert discussion.list_threads(member).total == 1
    assert discussion.get_thread(member, thread_id=opened.id).replies.total == 1
    view = brainstorm.brainstorm_view(member, question=QUESTION)
    assert view.ideas.total == 1 and not view.can_vote
    assert not cases.list_cases(member).can_present
    assert not charter.get_charter(member).must_accept
    # Their private journal is theirs, not the community's: it stays open.
    assert journal.save_entry(member, entry_id=None, title="Après la fin", answers=[], free_text="Ce que je retiens").id
    _archive(baobabs, False)
    assert thread("l1").status == "published"


def test_facilitators_and_staff_keep_moderating_an_archived_community(two):
    baobabs, _erables = two
    opened = thread("l1")
    entry = journal.save_entry(person("l1"), entry_id=None, title="Pour ma facilitatrice", answers=[],
                               free_text="Texte partagé")
    journal.share_entry(person("l1"), entry_id=entry.id)
    _archive(baobabs)
    for moderator in ("f1", "staff"):
        assert discussion.list_threads(person(moderator), community_id=baobabs).total == 1
    moderation.hide_post(person("f1"), post_id=opened.id, reason="Hors charte")
    moderation.restore_post(person("staff"), post_id=opened.id)
    assert moderation.review_queue(person("f1"), community_id=baobabs).total == 0
    assert [item.id for item in journal.list_shared(person("f1")).items] == [entry.id]
    assert journal.get_entry(person("f1"), entry_id=entry.id).free_text == "Texte partagé"
    assert journal.give_feedback(person("f1"), entry_id=entry.id, text="Merci pour ce partage").text
    # The facilitation may still close what is open, e.g. say goodbye in the discussion.
    assert thread("f1", title="Merci à toutes et à tous").status == "published"


def test_a_facilitator_whose_only_community_was_archived_is_not_placed_as_a_learner(two):
    baobabs, erables = two
    _archive(baobabs)
    view = communities.view_for(person("f1"))
    assert view.role == "facilitator" and view.community is None and not view.waiting
    assert [community.id for community in view.led] == [baobabs]
    assert view.led[0].archived
    assert access.roles_of(person("f1")).member_of is None
    # A facilitator of an open and an archived community starts in the open one.
    communities.add_facilitator(staff_actor(), community_id=erables, user_id="f1")
    assert access.resolve_community(person("f1"))[0] == erables


def test_a_newcomer_is_never_placed_in_an_archived_community(two):
    baobabs, erables = two
    _archive(baobabs)
    _archive(erables)
    newcomer = make_actor("l9", name="Nouvelle")
    placed = communities.view_for(newcomer).community
    assert placed.id not in (baobabs, erables) and not placed.archived
