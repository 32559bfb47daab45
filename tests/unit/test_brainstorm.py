"""Brainstorming: ideas, the vote budget, themes, closing, retaining, privacy and query counts."""

import dataclasses
import threading
from types import SimpleNamespace

import pytest
from django.db import connection

from cap_xblock import retirement
from cap_xblock.api import brainstorm, communities
from cap_xblock.errors import Conflict, InvalidInput, NotAllowed, NotFound, TooManyRequests
from cap_xblock.models import Brainstorm, Idea, Vote
from tests.utils import OTHER_COURSE, make_actor, staff_actor

pytestmark = pytest.mark.django_db
QUESTION = "Comment mieux impliquer les parties prenantes ?"


@pytest.fixture
def cap():
    """Two communities: Baobabs (facilitator f1, members m1-m4) and Palétuviers (f2, member o1)."""
    staff = staff_actor()
    baobabs = communities.create_community(staff, name="Les Baobabs")
    paletuviers = communities.create_community(staff, name="Les Palétuviers")
    members = [make_actor(f"m{index}", name=f"Membre {index}") for index in range(1, 5)]
    for member in members:
        communities.place_learner(staff, user_id=member.user_id, community_id=baobabs.id)
    outsider = make_actor("o1", name="Ousmane Ba")
    communities.place_learner(staff, user_id=outsider.user_id, community_id=paletuviers.id)
    facilitator = make_actor("f1", name="Aminata Diallo")
    communities.add_facilitator(staff, community_id=baobabs.id, user_id=facilitator.user_id)
    other_facilitator = make_actor("f2", name="Jean Tremblay")
    communities.add_facilitator(staff, community_id=paletuviers.id, user_id=other_facilitator.user_id)
    bs = brainstorm.open_brainstorm(members[0], question=QUESTION)
    return SimpleNamespace(staff=staff, baobabs=baobabs, paletuviers=paletuviers, members=members, outsider=outsider,
                           facilitator=facilitator, other_facilitator=other_facilitator, id=bs.id)


def ideas(cap, *texts, author=None):
    return [brainstorm.add_idea(author or cap.members[0], brainstorm_id=cap.id, text=text) for text in texts]


def view(actor, **kwargs):
    return brainstorm.brainstorm_view(actor, question=QUESTION, **kwargs)


# --- one brainstorm per block and community ---------------------------------------------


def test_one_brainstorm_per_block_and_community(cap):
    assert brainstorm.open_brainstorm(cap.members[1], question=QUESTION).id == cap.id
    assert brainstorm.open_brainstorm(cap.facilitator, question=QUESTION).id == cap.id
    theirs = brainstorm.open_brainstorm(cap.outsider, question=QUESTION)
    assert theirs.id != cap.id and theirs.community_id == cap.paletuviers.id
    other_block = dataclasses.replace(cap.members[0], block_key="block-2")
    assert brainstorm.open_brainstorm(other_block, question=QUESTION).id != cap.id
    assert Brainstorm.objects.count() == 3


def test_summary_for_those_who_may_see_it(cap):
    summary = brainstorm.get_brainstorm_summary(cap.members[2], brainstorm_id=cap.id)
    assert (summary.id, summary.question, summary.community_id) == (cap.id, QUESTION, cap.baobabs.id)
    assert brainstorm.get_brainstorm_summary(cap.facilitator, brainstorm_id=cap.id).id == cap.id
    assert brainstorm.get_brainstorm_summary(cap.staff, brainstorm_id=cap.id).id == cap.id
    # The journal links entries from any block of the course.
    assert brainstorm.get_brainstorm_summary(dataclasses.replace(cap.members[0], block_key="b9"),
                                             brainstorm_id=cap.id).id == cap.id
    for stranger in (cap.outsider, cap.other_facilitator, make_actor("m1", course=OTHER_COURSE)):
        with pytest.raises(NotFound):
            brainstorm.get_brainstorm_summary(stranger, brainstorm_id=cap.id)
    with pytest.raises(NotAllowed):
        brainstorm.get_brainstorm_summary(make_actor(""), brainstorm_id=cap.id)
    for bad in ("abc", None, 0, {"id": 1}, 99999):
        with pytest.raises((InvalidInput, NotFound)):
            brainstorm.get_brainstorm_summary(cap.members[0], brainstorm_id=bad)


def test_question_follows_the_block_while_the_vote_is_open(cap):
    assert brainstorm.open_brainstorm(cap.members[0], question="Nouvelle question ?").question == "Nouvelle question ?"
    brainstorm.set_status(cap.facilitator, brainstorm_id=cap.id, closed=True)
    assert brainstorm.open_brainstorm(cap.members[0], question="Autre ?").question == "Nouvelle question ?"


# --- ideas ---------------------------------------------------------------------------------


def test_members_and_facilitators_add_ideas_newest_first(cap):
    ideas(cap, "Cartographier les acteurs", "Restituer au village")
    brainstorm.add_idea(cap.facilitator, brainstorm_id=cap.id, text="Un comité de pilotage mixte")
    seen = view(cap.members[1])
    assert [idea.text for idea in seen.ideas.items] == [
        "Un comité de pilotage mixte", "Restituer au village", "Cartographier les acteurs"]
    assert seen.ideas.items[1].author == "Membre 1" and not seen.ideas.items[1].mine
    assert view(cap.members[0]).ideas.items[1].mine


@pytest.mark.parametrize("text", ["", "   ", None, 12, ["x"], "x" * 501])
def test_idea_text_is_checked(cap, text):
    with pytest.raises(InvalidInput):
        brainstorm.add_idea(cap.members[0], brainstorm_id=cap.id, text=text)
    assert not Idea.objects.exists()


def test_strangers_cannot_add_or_see_ideas(cap):
    for stranger in (cap.outsider, cap.other_facilitator):
        with pytest.raises(NotFound):
            brainstorm.add_idea(stranger, brainstorm_id=cap.id, text="Intrusion")
    with pytest.raises(NotFound):
        view(cap.outsider, community_id=cap.baobabs.id)
    # The same id used from another block is not this block's brainstorm.
    with pytest.raises(NotFound):
        brainstorm.add_idea(dataclasses.replace(cap.members[0], block_key="block-2"), brainstorm_id=cap.id,
                            text="Ailleurs")


def test_ideas_per_person_are_limited(cap, monkeypatch):
    monkeypatch.setattr(brainstorm, "MAX_IDEAS_PER_PERSON", 2)
    ideas(cap, "Une", "Deux")
    with pytest.raises(TooManyRequests) as refused:
        brainstorm.add_idea(cap.members[0], brainstorm_id=cap.id, text="Trois")
    assert refused.value.code == "too_many_ideas"
    brainstorm.add_idea(cap.members[1], brainstorm_id=cap.id, text="Trois")


def test_ideas_are_paginated(cap):
    ideas(cap, *[f"Idée {index}" for index in range(23)])
    first = view(cap.members[0])
    assert (first.ideas.total, first.ideas.pages, len(first.ideas.items)) == (23, 3, 10)
    assert [idea.text for idea in view(cap.members[0], page=3).ideas.items] == ["Idée 2", "Idée 1", "Idée 0"]
    with pytest.raises(InvalidInput):
        view(cap.members[0], page="zéro")



@pytest.mark.parametrize("who", ["member", "facilitator"])
def test_a_new_idea_comes_back_as_its_author_sees_it_on_the_first_page(cap, who):
    ideas(cap, *[f"Idée {index}" for index in range(10)])
    brainstorm.create_theme(cap.facilitator, brainstorm_id=cap.id, name="Écoute")
    author = cap.members[1] if who == "member" else cap.facilitator
    new = brainstorm.add_idea_item(author, brainstorm_id=cap.id, text="  Une radio <locale>  ")
    first = view(author)
    assert new.idea == first.ideas.items[0] and new.idea.text == "Une radio <locale>"
    assert (new.total, new.page_size) == (first.ideas.total, first.ideas.page_size) == (11, 10)
    assert (new.id, new.community_id, new.status) == (first.id, first.community_id, first.status)
    assert (new.can_vote, new.can_facilitate) == (first.can_vote, first.can_facilitate)


@pytest.mark.parametrize("decision", ["idea", "vote", "withdraw", "theme", "retain"])
def test_a_decision_on_a_brainstorm_deleted_meanwhile_is_not_found(cap, monkeypatch, decision):
    # The brainstorm vanishes between its first read and the lock of the decision (decision 17): a 404.
    (idea,) = ideas(cap, "Une idée")
    require = brainstorm.gate.require_can_write

    def deleted_meanwhile(actor, **kwargs):
        Brainstorm.objects.filter(id=cap.id).delete()
        return require(actor, **kwargs)

    monkeypatch.setattr(brainstorm.gate, "require_can_write", deleted_meanwhile)
    member, facilitator = cap.members[1], cap.facilitator
    with pytest.raises(NotFound) as refused:
        {"idea": lambda: brainstorm.add_idea(member, brainstorm_id=cap.id, text="Trop tard"),
         "vote": lambda: brainstorm.cast_vote(member, brainstorm_id=cap.id, idea_id=idea),
         "withdraw": lambda: brainstorm.withdraw_vote(member, brainstorm_id=cap.id, idea_id=idea),
         "theme": lambda: brainstorm.create_theme(facilitator, brainstorm_id=cap.id, name="Écoute"),
         "retain": lambda: brainstorm.set_retained(facilitator, brainstorm_id=cap.id, idea_id=idea, retained=True),
         }[decision]()
    assert refused.value.code == "brainstorm_not_found" and not Idea.objects.exists()


# --- votes -----------------------------------------------------------------------------------


def test_the_vote_budget_holds(cap):
    first, second, third, fourth = ideas(cap, "A", "B", "C", "D")
    voter = cap.members[1]
    assert brainstorm.cast_vote(voter, brainstorm_id=cap.id, idea_id=first) == 2
    assert brainstorm.cast_vote(voter, brainstorm_id=cap.id, idea_id=first) == 2  # a second click changes nothing
    assert brainstorm.cast_vote(voter, brainstorm_id=cap.id, idea_id=second) == 1
    assert brainstorm.cast_vote(voter, brainstorm_id=cap.id, idea_id=third) == 0
    with pytest.raises(Conflict) as refused:
        brainstorm.cast_vote(voter, brainstorm_id=cap.id, idea_id=fourth)
    assert refused.value.code == "no_votes_left"
    assert brainstorm.withdraw_vote(voter, brainstorm_id=cap.id, idea_id=first) == 1
    assert brainstorm.cast_vote(voter, brainstorm_id=cap.id, idea_id=fourth) == 0
    assert Vote.objects.filter(voter_id=voter.user_id).count() == 3
    seen = view(voter)
    assert seen.votes_left == 0 and seen.budget == 3
    assert {idea.text for idea in seen.ideas.items if idea.voted} == {"B", "C", "D"}


def test_the_budget_comes_from_the_block(cap):
    first, second = ideas(cap, "A", "B")
    one_vote = brainstorm.BrainstormSettings(vote_budget=1)
    assert brainstorm.cast_vote(cap.members[1], brainstorm_id=cap.id, idea_id=first, settings=one_vote) == 0
    with pytest.raises(Conflict):
        brainstorm.cast_vote(cap.members[1], brainstorm_id=cap.id, idea_id=second, settings=one_vote)
    assert view(cap.members[1], settings=brainstorm.BrainstormSettings(vote_budget=5)).votes_left == 4


def test_only_members_of_the_community_vote(cap):
    (idea,) = ideas(cap, "A")
    with pytest.raises(NotAllowed) as refused:
        brainstorm.cast_vote(cap.facilitator, brainstorm_id=cap.id, idea_id=idea)
    assert refused.value.code == "members_only"
    with pytest.raises(NotAllowed):
        brainstorm.cast_vote(cap.staff, brainstorm_id=cap.id, idea_id=idea)
    with pytest.raises(NotFound):
        brainstorm.cast_vote(cap.outsider, brainstorm_id=cap.id, idea_id=idea)
    assert not view(cap.facilitator).can_vote
    theirs = brainstorm.open_brainstorm(cap.outsider, question=QUESTION)
    with pytest.raises(NotFound) as unknown:
        brainstorm.cast_vote(cap.outsider, brainstorm_id=theirs.id, idea_id=idea)  # an idea of another brainstorm
    assert unknown.value.code == "idea_not_found"
    assert not Vote.objects.exists()


def test_totals_are_hidden_from_members_until_the_vote_closes(cap):
    first, second = ideas(cap, "A", "B")
    for member in cap.members[:3]:
        brainstorm.cast_vote(member, brainstorm_id=cap.id, idea_id=second)
    brainstorm.cast_vote(cap.members[3], brainstorm_id=cap.id, idea_id=first)
    member_view = view(cap.members[0])
    assert member_view.results is None and {idea.votes for idea in member_view.ideas.items} == {None}
    led = view(cap.facilitator)
    assert [(idea.text, idea.votes, idea.rank) for idea in led.results.items] == [("B", 3, 1), ("A", 1, 2)]
    assert led.top_votes == 3
    brainstorm.set_status(cap.facilitator, brainstorm_id=cap.id, closed=True)
    closed = view(cap.members[0])
    assert [(idea.text, idea.votes) for idea in closed.results.items] == [("B", 3), ("A", 1)]
    assert not closed.can_vote


@pytest.mark.django_db(transaction=True)
def test_budget_and_totals_hold_under_concurrent_votes(cap):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("SQLite in memory is not shared between threads (runs on MariaDB: scripts/mariadb.sh)")
    spread = ideas(cap, "A", "B", "C", "D", "E")
    popular = spread[0]
    # One member clicks five ideas at once with a budget of three; three others double-click the same idea.
    clicks = [(cap.members[0], idea) for idea in spread] + [(member, popular) for member in cap.members[1:]] * 2
    refused, errors = [], []
    barrier = threading.Barrier(len(clicks))

    def click(actor, idea):
        try:
            barrier.wait(timeout=10)
            brainstorm.cast_vote(actor, brainstorm_id=cap.id, idea_id=idea)
        except Conflict as error:
            refused.append(error.code)
        except Exception as error:  # pylint: disable=broad-except
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=click_args) for click_args in clicks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert refused == ["no_votes_left", "no_votes_left"]
    assert Vote.objects.filter(voter_id=cap.members[0].user_id).count() == 3
    for member in cap.members[1:]:
        assert list(Vote.objects.filter(voter_id=member.user_id).values_list("idea_id", flat=True)) == [popular]
    brainstorm.set_status(cap.facilitator, brainstorm_id=cap.id, closed=True)
    totals = {idea.id: idea.votes for idea in view(cap.members[0]).results.items}
    assert sum(totals.values()) == 6 and totals[popular] >= 3


# --- facilitation -------------------------------------------------------------------------------


def test_facilitator_groups_ideas_into_themes(cap):
    first, second, third = ideas(cap, "A", "B", "C")
    theme = brainstorm.create_theme(cap.facilitator, brainstorm_id=cap.id, name="Communication")
    other = brainstorm.create_theme(cap.facilitator, brainstorm_id=cap.id, name="Gouvernance")
    with pytest.raises(Conflict) as taken:
        brainstorm.create_theme(cap.facilitator, brainstorm_id=cap.id, name="communication")
    assert taken.value.code == "theme_name_taken"
    assert brainstorm.assign_theme(cap.facilitator, brainstorm_id=cap.id, idea_id=first, theme_id=theme.id) == theme.id
    brainstorm.assign_theme(cap.facilitator, brainstorm_id=cap.id, idea_id=second, theme_id=theme.id)
    brainstorm.assign_theme(cap.facilitator, brainstorm_id=cap.id, idea_id=third, theme_id=other.id)
    assert brainstorm.assign_theme(cap.facilitator, brainstorm_id=cap.id, idea_id=third, theme_id="") is None
    brainstorm.cast_vote(cap.members[1], brainstorm_id=cap.id, idea_id=first)
    brainstorm.cast_vote(cap.members[2], brainstorm_id=cap.id, idea_id=first)
    renamed = brainstorm.rename_theme(cap.facilitator, brainstorm_id=cap.id, theme_id=theme.id,
                                      name="Communication et restitution")
    assert renamed.name == "Communication et restitution"
    with pytest.raises(Conflict):
        brainstorm.rename_theme(cap.facilitator, brainstorm_id=cap.id, theme_id=other.id,
                                name="COMMUNICATION ET RESTITUTION")
    seen = view(cap.facilitator)
    assert [(t.name, t.ideas, t.votes) for t in seen.themes] == [
        ("Communication et restitution", 2, 2), ("Gouvernance", 0, 0)]
    assert [i.text for i in view(cap.members[0], theme=str(theme.id)).ideas.items] == ["B", "A"]
    assert [i.text for i in view(cap.members[0], theme="none").ideas.items] == ["C"]
    assert view(cap.members[0], theme=str(theme.id)).ideas.items[0].theme == "Communication et restitution"


def test_themes_are_for_the_facilitator_of_the_community(cap):
    (idea,) = ideas(cap, "A")
    theme = brainstorm.create_theme(cap.staff, brainstorm_id=cap.id, name="Par l'équipe")
    with pytest.raises(NotAllowed) as refused:
        brainstorm.create_theme(cap.members[0], brainstorm_id=cap.id, name="Par un membre")
    assert refused.value.code == "facilitators_only"
    for call in (lambda a: brainstorm.assign_theme(a, brainstorm_id=cap.id, idea_id=idea, theme_id=theme.id),
                 lambda a: brainstorm.rename_theme(a, brainstorm_id=cap.id, theme_id=theme.id, name="X"),
                 lambda a: brainstorm.set_status(a, brainstorm_id=cap.id, closed=True),
                 lambda a: brainstorm.set_retained(a, brainstorm_id=cap.id, idea_id=idea, retained=True)):
        with pytest.raises(NotAllowed):
            call(cap.members[0])
        with pytest.raises(NotFound):
            call(cap.other_facilitator)
    theirs = brainstorm.open_brainstorm(cap.outsider, question=QUESTION)
    foreign = brainstorm.create_theme(cap.other_facilitator, brainstorm_id=theirs.id, name="Ailleurs")
    with pytest.raises(NotFound):
        brainstorm.assign_theme(cap.facilitator, brainstorm_id=cap.id, idea_id=idea, theme_id=foreign.id)
    with pytest.raises(NotFound):
        brainstorm.rename_theme(cap.facilitator, brainstorm_id=cap.id, theme_id=foreign.id, name="Pris")
    with pytest.raises(InvalidInput):
        brainstorm.create_theme(cap.facilitator, brainstorm_id=cap.id, name="x" * 101)


def test_themes_are_limited(cap, monkeypatch):
    monkeypatch.setattr(brainstorm, "MAX_THEMES", 2)
    brainstorm.create_theme(cap.facilitator, brainstorm_id=cap.id, name="Un")
    brainstorm.create_theme(cap.facilitator, brainstorm_id=cap.id, name="Deux")
    with pytest.raises(Conflict) as refused:
        brainstorm.create_theme(cap.facilitator, brainstorm_id=cap.id, name="Trois")
    assert refused.value.code == "too_many_themes"


def test_closing_stops_the_vote_and_retaining_follows(cap):
    first, second = ideas(cap, "A", "B")
    brainstorm.cast_vote(cap.members[1], brainstorm_id=cap.id, idea_id=first)
    with pytest.raises(Conflict) as too_early:
        brainstorm.set_retained(cap.facilitator, brainstorm_id=cap.id, idea_id=first, retained=True)
    assert too_early.value.code == "vote_open"
    assert brainstorm.set_status(cap.facilitator, brainstorm_id=cap.id, closed=True) == "closed"
    for call in (lambda: brainstorm.cast_vote(cap.members[2], brainstorm_id=cap.id, idea_id=second),
                 lambda: brainstorm.withdraw_vote(cap.members[1], brainstorm_id=cap.id, idea_id=first),
                 lambda: brainstorm.add_idea(cap.members[2], brainstorm_id=cap.id, text="Trop tard")):
        with pytest.raises(Conflict) as closed:
            call()
        assert closed.value.code == "vote_closed"
    assert brainstorm.set_retained(cap.facilitator, brainstorm_id=cap.id, idea_id=first, retained=True) is True
    results = view(cap.members[3]).results.items
    assert [(i.text, i.votes, i.retained) for i in results] == [("A", 1, True), ("B", 0, False)]
    with pytest.raises(InvalidInput):
        brainstorm.set_retained(cap.facilitator, brainstorm_id=cap.id, idea_id=first, retained="peut-être")
    assert brainstorm.set_status(cap.facilitator, brainstorm_id=cap.id, closed=False) == "open"
    assert brainstorm.cast_vote(cap.members[2], brainstorm_id=cap.id, idea_id=second) == 2


# --- retirement and queries ---------------------------------------------------------------------


def test_retirement_scrubs_the_author_and_keeps_the_ideas_and_totals(cap):
    (idea,) = ideas(cap, "Écouter d'abord", author=cap.members[1])
    brainstorm.cast_vote(cap.members[1], brainstorm_id=cap.id, idea_id=idea)
    brainstorm.cast_vote(cap.members[2], brainstorm_id=cap.id, idea_id=idea)
    retirement.retire_user(cap.members[1].user_id)
    assert not Idea.objects.filter(author_id=cap.members[1].user_id).exists()
    assert not Vote.objects.filter(voter_id=cap.members[1].user_id).exists()
    brainstorm.set_status(cap.facilitator, brainstorm_id=cap.id, closed=True)
    shown = view(cap.members[0]).results.items[0]
    assert (shown.text, shown.votes, shown.author) == ("Écouter d'abord", 2, "Ancien·ne membre")


def _fill(cap, count, start=0):
    for index in range(start, start + count):
        author = cap.members[index % 4]
        idea = brainstorm.add_idea(author, brainstorm_id=cap.id, text=f"Idée {index}")
        if index % 3 == 0:
            theme = brainstorm.create_theme(cap.facilitator, brainstorm_id=cap.id, name=f"Thème {index}")
            brainstorm.assign_theme(cap.facilitator, brainstorm_id=cap.id, idea_id=idea, theme_id=theme.id)
        for member in cap.members[:2]:
            if Vote.objects.filter(voter_id=member.user_id).count() < 3:
                brainstorm.cast_vote(member, brainstorm_id=cap.id, idea_id=idea)


@pytest.mark.parametrize("who", ["members", "facilitator"])
def test_view_queries_do_not_grow_with_ideas_votes_and_themes(cap, who, django_assert_num_queries):
    actor = cap.members[0] if who == "members" else cap.facilitator
    _fill(cap, 3)
    view(actor, page=1, results_page=2)  # warm-up
    small_count = _count(lambda: view(actor, page=1, results_page=2))
    _fill(cap, 30, start=3)
    brainstorm.cast_vote(cap.members[3], brainstorm_id=cap.id, idea_id=Idea.objects.last().id)
    assert Idea.objects.count() == 33
    with django_assert_num_queries(small_count):
        view(actor, page=2, results_page=2)


def _count(call):
    from django.db import connection  # pylint: disable=import-outside-toplevel
    from django.test.utils import CaptureQueriesContext  # pylint: disable=import-outside-toplevel

    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


@pytest.mark.django_db(transaction=True)
def test_ideas_one_person_sends_at_once_never_pass_their_limit(cap):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("SQLite in memory is not shared between threads (runs on MariaDB: scripts/mariadb.sh)")
    # Ideas hold the brainstorm in share mode (decision 34): the person's own row is the lock of their count.
    author = cap.members[0]
    for number in range(brainstorm.MAX_IDEAS_PER_PERSON - 2):
        brainstorm.add_idea(author, brainstorm_id=cap.id, text=f"Idée {number}")
    sends = 8
    barrier, refused, errors = threading.Barrier(sends), [], []

    def send(number):
        try:
            barrier.wait(timeout=10)
            brainstorm.add_idea(author, brainstorm_id=cap.id, text=f"Idée envoyée d'un coup {number}")
        except TooManyRequests as error:
            refused.append(error.code)
        except Exception as error:  # pylint: disable=broad-except
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(number,)) for number in range(sends)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert refused == ["too_many_ideas"] * (sends - 2)
    assert Idea.objects.filter(brainstorm_id=cap.id, author_id=author.user_id).count() == \
        brainstorm.MAX_IDEAS_PER_PERSON
