"""Rules of cap_xblock.api.communities: forming, placing, sizes, roles."""

import pytest

from cap_xblock.api import access, communities
from cap_xblock.api.data import Actor
from cap_xblock.errors import Conflict, InvalidInput, NotAllowed, NotFound
from cap_xblock.models import Community, Membership
from tests.utils import OTHER_COURSE, make_actor, staff_actor

pytestmark = pytest.mark.django_db


def test_automatic_mode_places_learner_in_smallest_open_community():
    staff = staff_actor()
    big = communities.create_community(staff, name="Grande")
    small = communities.create_community(staff, name="Petite")
    for index in range(3):
        communities.place_learner(staff, user_id=make_actor(f"l{index}").user_id, community_id=big.id)
    view = communities.view_for(make_actor("newcomer"))
    assert view.role == "learner"
    assert view.community.id == small.id
    assert [person.user_id for person in view.community.members] == ["newcomer"]


def test_automatic_mode_opens_a_new_community_when_all_are_full():
    staff = staff_actor()
    communities.update_settings(staff, target_size=3)
    for index in range(7):
        communities.view_for(make_actor(f"l{index}"))
    sizes = sorted(Membership.objects.filter(community=c).count() for c in Community.objects.all())
    assert sizes == [1, 3, 3]
    assert Community.objects.filter(name="Community 3").exists() or Community.objects.filter(name="Communauté 3").exists()


def test_learner_stays_in_the_same_community_on_later_visits():
    learner = make_actor("l1")
    first = communities.view_for(learner).community.id
    assert communities.view_for(learner).community.id == first
    assert Membership.objects.filter(user_id="l1").count() == 1


def test_manual_mode_learner_waits():
    communities.update_settings(staff_actor(), assignment_mode="manual")
    view = communities.view_for(make_actor("l1"))
    assert view.waiting and view.community is None
    assert not Membership.objects.exists()


def test_archived_community_takes_no_new_learners():
    staff = staff_actor()
    archived = communities.create_community(staff, name="Ancienne")
    communities.set_archived(staff, community_id=archived.id, archived=True)
    view = communities.view_for(make_actor("l1"))
    assert view.community.id != archived.id
    with pytest.raises(Conflict) as error:
        communities.place_learner(staff, user_id="l1", community_id=archived.id)
    assert error.value.code == "community_archived"


def test_staff_moves_a_learner_and_full_community_is_refused():
    staff = staff_actor()
    communities.update_settings(staff, target_size=3)
    first = communities.create_community(staff, name="A")
    second = communities.create_community(staff, name="B")
    for index in range(3):
        communities.place_learner(staff, user_id=make_actor(f"l{index}").user_id, community_id=second.id)
    communities.place_learner(staff, user_id=make_actor("mover").user_id, community_id=first.id)
    with pytest.raises(Conflict) as error:
        communities.place_learner(staff, user_id="mover", community_id=second.id)
    assert error.value.code == "community_full"
    communities.place_learner(staff, user_id="l0", community_id=first.id)
    communities.place_learner(staff, user_id="mover", community_id=second.id)
    assert Membership.objects.get(user_id="mover").community_id == second.id


def test_only_staff_manage():
    learner = make_actor("l1")
    for call in (
        lambda: communities.create_community(learner, name="X"),
        lambda: communities.update_settings(learner, target_size=5),
        lambda: communities.list_communities(learner),
        lambda: communities.list_people(learner),
    ):
        with pytest.raises(NotAllowed):
            call()


def test_settings_are_validated():
    staff = staff_actor()
    for bad in (2, 31, "dix", None.__class__, True):
        with pytest.raises(InvalidInput):
            communities.update_settings(staff, target_size=bad)
    with pytest.raises(InvalidInput):
        communities.update_settings(staff, assignment_mode="random")
    assert communities.update_settings(staff, target_size=12).target_size == 12


def test_names_are_unique_in_a_course_regardless_of_case():
    staff = staff_actor()
    communities.create_community(staff, name="Les Baobabs")
    with pytest.raises(Conflict):
        communities.create_community(staff, name="les baobabs")
    other = communities.create_community(staff, name="Autre")
    with pytest.raises(Conflict):
        communities.rename_community(staff, community_id=other.id, name="LES BAOBABS")
    communities.create_community(staff_actor(OTHER_COURSE), name="Les Baobabs")


def test_empty_or_long_names_are_refused():
    staff = staff_actor()
    with pytest.raises(InvalidInput):
        communities.create_community(staff, name="   ")
    with pytest.raises(InvalidInput):
        communities.create_community(staff, name="x" * 101)
    with pytest.raises(InvalidInput):
        communities.create_community(staff, name={"name": "x"})


def test_facilitators_see_the_communities_they_lead():
    staff = staff_actor()
    first = communities.create_community(staff, name="A")
    second = communities.create_community(staff, name="B")
    communities.create_community(staff, name="C")
    facilitator = make_actor("f1", name="Aminata Diallo")
    communities.add_facilitator(staff, community_id=first.id, user_id="f1")
    communities.add_facilitator(staff, community_id=second.id, user_id="f1")
    view = communities.view_for(facilitator)
    assert view.role == "facilitator"
    assert [c.name for c in view.led] == ["A", "B"]
    assert view.community is None and not view.waiting
    assert not Membership.objects.filter(user_id="f1").exists()


def test_member_cannot_be_facilitator_of_the_same_community():
    staff = staff_actor()
    community = communities.create_community(staff, name="A")
    communities.place_learner(staff, user_id=make_actor("l1").user_id, community_id=community.id)
    with pytest.raises(Conflict):
        communities.add_facilitator(staff, community_id=community.id, user_id="l1")


def test_community_detail_visibility():
    staff = staff_actor()
    mine = communities.create_community(staff, name="A")
    theirs = communities.create_community(staff, name="B")
    communities.place_learner(staff, user_id=make_actor("l1").user_id, community_id=mine.id)
    communities.place_learner(staff, user_id=make_actor("l2").user_id, community_id=theirs.id)
    communities.add_facilitator(staff, community_id=theirs.id, user_id=make_actor("f2").user_id)
    learner = make_actor("l1")
    assert communities.get_community(learner, community_id=mine.id).name == "A"
    with pytest.raises(NotFound):
        communities.get_community(learner, community_id=theirs.id)
    with pytest.raises(NotFound):
        communities.get_community(make_actor("f2"), community_id=mine.id)
    assert communities.get_community(make_actor("f2"), community_id=theirs.id).size == 1
    with pytest.raises(NotFound):
        communities.get_community(staff_actor(OTHER_COURSE), community_id=mine.id)


def test_list_is_paginated_with_sizes_and_facilitators():
    staff = staff_actor()
    for index in range(25):
        communities.create_community(staff, name=f"C{index:02d}")
    first = communities.list_communities(staff, page=1)
    assert first.total == 25 and first.pages == 2 and len(first.items) == 20
    assert communities.list_communities(staff, page=2).items[-1].name == "C24"
    with pytest.raises(InvalidInput):
        communities.list_communities(staff, page=0)


def test_list_queries_do_not_grow_with_communities(django_assert_max_num_queries, django_assert_num_queries):
    staff = staff_actor()
    for index in range(3):
        community = communities.create_community(staff, name=f"C{index}")
        communities.add_facilitator(staff, community_id=community.id, user_id=make_actor(f"f{index}").user_id)
    communities.list_communities(staff)  # the course's settings row now exists
    with django_assert_max_num_queries(10) as small:
        communities.list_communities(staff)
    for index in range(3, 20):
        community = communities.create_community(staff, name=f"C{index}")
        communities.add_facilitator(staff, community_id=community.id, user_id=make_actor(f"f{index}").user_id)
        communities.place_learner(staff, user_id=make_actor(f"l{index}").user_id, community_id=community.id)
    with django_assert_num_queries(len(small.captured_queries)):
        communities.list_communities(staff)


def test_waiting_people_are_listed_for_staff():
    staff = staff_actor()
    communities.update_settings(staff, assignment_mode="manual")
    communities.view_for(make_actor("l1", name="Awa Ndiaye"))
    communities.view_for(make_actor("l2", name="Moussa Sow"))
    community = communities.create_community(staff, name="A")
    communities.place_learner(staff, user_id="l2", community_id=community.id)
    waiting = communities.list_people(staff, waiting_only=True)
    assert [row["user_id"] for row in waiting.items] == ["l1"]
    found = communities.list_people(staff, query="sow")
    assert found.items[0]["community_id"] == community.id


def test_remove_learner_and_unknown_people():
    staff = staff_actor()
    community = communities.create_community(staff, name="A")
    communities.place_learner(staff, user_id=make_actor("l1").user_id, community_id=community.id)
    communities.remove_learner(staff, user_id="l1")
    assert not Membership.objects.exists()
    with pytest.raises(NotFound):
        communities.remove_learner(staff, user_id="l1")
    with pytest.raises(NotFound):
        communities.place_learner(staff, user_id="ghost", community_id=community.id)


def test_anonymous_is_refused():
    anonymous = Actor(user_id="", username="", display_name="", course_key="c")
    with pytest.raises(NotAllowed) as error:
        communities.view_for(anonymous)
    assert error.value.code == "login_required"


def test_huge_or_odd_ids_are_refused_cleanly():
    staff = staff_actor()
    for bad in (10**30, -1, 0, "1e3", 2.5, [1]):
        with pytest.raises((InvalidInput, NotFound)):
            communities.get_community(staff, community_id=bad)
        with pytest.raises((InvalidInput, NotFound)):
            access.resolve_community(staff, community_id=bad)
