"""Moderation beyond the discussion: case contributions and brainstorm ideas are reported, hidden and restored
under the rules of posts, in the same review queue and log."""

import pytest

from cap_xblock.api import brainstorm, cases, moderation
from cap_xblock.errors import Conflict, InvalidInput, NotAllowed, NotFound
from cap_xblock.models import ModerationAction, Report
from tests.discussion_utils import person, french, two  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
QUESTION = "Comment mieux impliquer les parties prenantes ?"


def a_question(owner="l1", asker="l2", body="Qui décide, au fond ?"):
    """A case of ``owner`` at step 2 with a clarifying question of ``asker``; returns (case id, question id)."""
    draft = cases.save_draft(person(owner), title="Un comité qui ne pilote plus", context="Kaolack",
                             problem="Les élus partent", tried="Réunions")
    cases.present_case(person(owner), case_id=draft.id)
    cases.move_step(person("f1"), case_id=draft.id, from_step=1, direction="next")
    contribution_id, _detail = cases.contribute(person(asker), case_id=draft.id, step=2, body=body)
    return draft.id, contribution_id


def an_idea(author="l1", text="Une radio communautaire"):
    bid = brainstorm.brainstorm_view(person(author), question=QUESTION).id
    return bid, brainstorm.add_idea(person(author), brainstorm_id=bid, text=text)


def seen_by(user_id, case_id, contribution_id):
    items = cases.get_case(person(user_id), case_id=case_id).contributions.items
    return next(item for item in items if item.id == contribution_id)


def idea_seen_by(user_id, idea_id):
    view = brainstorm.brainstorm_view(person(user_id), question=QUESTION)
    return next(item for item in view.ideas.items if item.id == idea_id)


def test_a_contribution_is_reported_hidden_from_members_and_restored(two):
    baobabs, _erables = two
    case_id, question = a_question()
    report_id = moderation.report_item(person("l1"), kind="contribution", item_id=question, reason="Ton blessant")
    item = moderation.review_queue(person("f1"), community_id=baobabs).items[0]
    assert (item.id, item.kind, item.item_id, item.case_id, item.post_id) == (
        report_id, "contribution", question, case_id, 0)
    assert item.post_excerpt == "Qui décide, au fond ?" and item.post_author == "Moussa Sow"
    assert item.reporter == "Awa Ndiaye"

    hidden = moderation.hide_item(person("f1"), kind="contribution", item_id=question, reason="Restons bienveillants")
    assert hidden == {"id": question, "kind": "contribution", "community_id": baobabs, "hidden": True}
    assert moderation.review_queue(person("f1"), community_id=baobabs).total == 0
    assert Report.objects.get(id=report_id).outcome == Report.HIDDEN
    peer = seen_by("l1", case_id, question)
    assert peer.hidden and peer.body == "" and peer.moderation_reason == ""
    author = seen_by("l2", case_id, question)
    assert author.hidden and author.body == "Qui décide, au fond ?" and author.moderation_reason == "Restons bienveillants"
    facilitator = seen_by("f1", case_id, question)
    assert facilitator.body and facilitator.moderation_reason == "Restons bienveillants"
    assert (cases.get_case(person("f1"), case_id=case_id).can_moderate
            and not cases.get_case(person("l1"), case_id=case_id).can_moderate)
    with pytest.raises(Conflict) as error:
        cases.mark_useful(person("l1"), contribution_id=question)
    assert error.value.code == "hidden"
    with pytest.raises(Conflict):
        moderation.hide_item(person("f1"), kind="contribution", item_id=question, reason="Encore")

    moderation.restore_item(person("staff"), kind="contribution", item_id=question, reason="Reformulé en réunion")
    assert seen_by("l1", case_id, question).body == "Qui décide, au fond ?"
    log = moderation.moderation_log(person("f1"), community_id=baobabs).items
    assert [(line.action, line.kind) for line in log] == [("restore", "contribution"), ("hide", "contribution")]
    assert log[1].excerpt == "Qui décide, au fond ?" and log[1].target == "Moussa Sow"
    assert log[0].reason == "Reformulé en réunion"


def test_an_idea_is_reported_hidden_masked_refuses_votes_and_is_restored(two):
    baobabs, _erables = two
    bid, idea = an_idea()
    moderation.report_item(person("l2"), kind="idea", item_id=idea, reason="Hors sujet")
    item = moderation.review_queue(person("f1"), community_id=baobabs).items[0]
    assert (item.kind, item.item_id, item.post_excerpt) == ("idea", idea, "Une radio communautaire")
    moderation.hide_item(person("f1"), kind="idea", item_id=idea, reason="Hors de la question posée")
    peer = idea_seen_by("l2", idea)
    assert peer.hidden and peer.text == "" and peer.moderation_reason == ""
    mine = idea_seen_by("l1", idea)
    assert mine.text == "Une radio communautaire" and mine.moderation_reason == "Hors de la question posée"
    assert idea_seen_by("f1", idea).text == "Une radio communautaire"
    with pytest.raises(Conflict) as error:
        brainstorm.cast_vote(person("l2"), brainstorm_id=bid, idea_id=idea)
    assert error.value.code == "hidden"
    moderation.restore_item(person("f1"), kind="idea", item_id=idea)
    assert idea_seen_by("l2", idea).text == "Une radio communautaire"
    assert brainstorm.cast_vote(person("l2"), brainstorm_id=bid, idea_id=idea) == 2
    assert [line.kind for line in moderation.moderation_log(person("f1"),
                                                            community_id=baobabs).items] == ["idea", "idea"]


def test_the_rules_of_reports_hold_for_contributions_and_ideas(two):
    _baobabs, _erables = two
    _case_id, question = a_question()
    _bid, idea = an_idea()
    for kind, item_id, author, peer in (("contribution", question, "l2", "l1"), ("idea", idea, "l1", "l2")):
        moderation.report_item(person(peer), kind=kind, item_id=item_id, reason="Une fois")
        with pytest.raises(Conflict) as error:
            moderation.report_item(person(peer), kind=kind, item_id=item_id, reason="Deux fois")
        assert error.value.code == "already_reported"
        with pytest.raises(InvalidInput) as error:
            moderation.report_item(person(author), kind=kind, item_id=item_id, reason="Moi-même")
        assert error.value.code == "own_item"
        with pytest.raises(InvalidInput):
            moderation.report_item(person("f1"), kind=kind, item_id=item_id, reason="")
        # Another community's member, facilitator: as if it did not exist. A member cannot hide.
        with pytest.raises(NotFound):
            moderation.report_item(person("l3"), kind=kind, item_id=item_id, reason="Pas ma communauté")
        with pytest.raises(NotFound):
            moderation.hide_item(person("f2"), kind=kind, item_id=item_id, reason="Pas ma communauté")
        with pytest.raises(NotAllowed) as error:
            moderation.hide_item(person(peer), kind=kind, item_id=item_id, reason="Je masque")
        assert error.value.code == "moderators_only"
        with pytest.raises(Conflict) as error:
            moderation.restore_item(person("f1"), kind=kind, item_id=item_id)
        assert error.value.code == "not_hidden"
    with pytest.raises(NotFound):
        moderation.report_item(person("l1"), kind="idea", item_id=10 ** 9, reason="Inconnue")
    with pytest.raises(InvalidInput) as error:
        moderation.report_item(person("l1"), kind="case", item_id=question, reason="Un cas")
    assert error.value.code == "invalid_kind"
    assert not ModerationAction.objects.exists()


def test_dismissing_a_report_on_an_idea_logs_it(two):
    baobabs, _erables = two
    _bid, idea = an_idea()
    report_id = moderation.report_item(person("l2"), kind="idea", item_id=idea, reason="Doublon")
    moderation.dismiss_report(person("f1"), report_id=report_id)
    line = moderation.moderation_log(person("f1"), community_id=baobabs).items[0]
    assert (line.action, line.kind, line.excerpt) == ("dismiss", "idea", "Une radio communautaire")
