"""Rules of cap_xblock.api.charter: default text, versions, acceptance, the gate on writing."""

import pytest
from django.utils import translation

from cap_xblock import retirement
from cap_xblock.api import access, charter, communities, gate
from cap_xblock.api.charter_texts import DEFAULT_CHARTER_EN, DEFAULT_CHARTER_FR
from cap_xblock.api.data import Actor
from cap_xblock.errors import Conflict, InvalidInput, NotAllowed, NotFound
from cap_xblock.models import CharterAcceptance, CharterVersion
from tests.utils import COURSE, OTHER_COURSE, make_actor, staff_actor

pytestmark = [pytest.mark.django_db, pytest.mark.charter_gate]


@pytest.fixture
def baobabs():
    """A community with facilitator f1 and members l1, l2; another one (f2, l3)."""
    staff = staff_actor()
    first = communities.create_community(staff, name="Les Baobabs")
    other = communities.create_community(staff, name="Les Érables")
    communities.add_facilitator(staff, community_id=first.id, user_id=make_actor("f1", name="Aminata Diallo").user_id)
    communities.add_facilitator(staff, community_id=other.id, user_id=make_actor("f2").user_id)
    for user_id, community in (("l1", first), ("l2", first), ("l3", other)):
        communities.place_learner(staff, user_id=make_actor(user_id).user_id, community_id=community.id)
    return first.id, other.id


def studio_texts(french, english):
    """The block's settings with these default charter texts, as Studio saves them."""
    return charter.CharterSettings(defaults={"fr": french, "en": english})


def actor(user_id):
    if user_id == "staff":
        return staff_actor()
    return make_actor(user_id, name={"f1": "Aminata Diallo"}.get(user_id))


def test_default_charter_is_the_blocks_text_in_the_readers_language(baobabs):
    with translation.override("en"):
        state = charter.get_charter(actor("l1"))
    assert state.version == 0 and state.is_default and state.text == DEFAULT_CHARTER_EN
    with translation.override("fr"):
        assert charter.get_charter(actor("l1")).text == DEFAULT_CHARTER_FR
        state = charter.get_charter(actor("l1"), settings=studio_texts("Notre charte à nous", ""))
    assert state.text == "Notre charte à nous"
    with translation.override("en"):
        # No English text in Studio: the French one rather than nothing.
        assert charter.get_charter(actor("l1"), settings=studio_texts("Notre charte", " ")).text == "Notre charte"
    assert state.must_accept and state.accepted_version is None and not state.can_edit


def test_member_accepts_the_current_version_and_may_then_write(baobabs):
    community_id, _other = baobabs
    learner = actor("l1")
    with pytest.raises(NotAllowed) as error:
        charter.raise_unless_accepted(learner, community_id=community_id)
    assert error.value.code == "charter_not_accepted" and error.value.status == 403
    state, created = charter.accept_charter(learner, community_id=None, version=0)
    assert created and not state.must_accept and state.accepted_version == 0 and state.accepted_at
    charter.raise_unless_accepted(learner, community_id=community_id)
    # A second click is harmless and keeps one row.
    _state, created = charter.accept_charter(learner, community_id=community_id, version="0")
    assert not created and CharterAcceptance.objects.filter(user_id="l1").count() == 1
    # Another member is still gated.
    with pytest.raises(NotAllowed):
        charter.raise_unless_accepted(actor("l2"), community_id=community_id)


def test_a_new_version_asks_members_to_accept_again_and_keeps_history(baobabs):
    community_id, _other = baobabs
    learner = actor("l1")
    charter.accept_charter(learner, community_id=None, version=0)
    state, created = charter.save_charter(actor("f1"), community_id=community_id,
                                          text="  Nouvelle charte des Baobabs  ", expected_version=0)
    assert created and state.version == 1 and state.text == "Nouvelle charte des Baobabs"
    assert state.edited_by == "Aminata Diallo" and state.can_edit and state.accepted_count == 0
    assert state.member_count == 2
    seen = charter.get_charter(learner)
    assert seen.must_accept and seen.accepted_version == 0 and seen.text == "Nouvelle charte des Baobabs"
    with pytest.raises(NotAllowed) as error:
        charter.raise_unless_accepted(learner, community_id=community_id)
    assert error.value.code == "charter_not_accepted"
    # Accepting the old version a page still shows is refused: read the new one first.
    with pytest.raises(Conflict) as error:
        charter.accept_charter(learner, community_id=None, version=0)
    assert error.value.code == "charter_changed"
    charter.accept_charter(learner, community_id=None, version=1)
    charter.raise_unless_accepted(learner, community_id=community_id)
    assert list(CharterAcceptance.objects.filter(user_id="l1").order_by("version").values_list("version", flat=True)) \
        == [0, 1]
    assert charter.get_charter(actor("f1"), community_id=community_id).accepted_count == 1


def test_saving_the_same_text_adds_no_version_and_stale_editors_are_told(baobabs):
    community_id, _other = baobabs
    _state, created = charter.save_charter(actor("f1"), community_id=community_id, text=DEFAULT_CHARTER_FR,
                                           settings=charter.CharterSettings())
    assert not created and not CharterVersion.objects.exists()
    charter.save_charter(actor("f1"), community_id=community_id, text="Version A", expected_version=0)
    with pytest.raises(Conflict) as error:
        charter.save_charter(actor("staff"), community_id=community_id, text="Version B", expected_version=0)
    assert error.value.code == "charter_changed"
    state, created = charter.save_charter(actor("staff"), community_id=community_id, text="Version B",
                                          expected_version=1)
    assert created and state.version == 2 and state.edited_by == "Claire Dubois"


@pytest.mark.parametrize("text", [None, "", "   ", 12, ["x"], "x" * 10001])
def test_charter_text_is_validated(baobabs, text):
    with pytest.raises(InvalidInput):
        charter.save_charter(actor("f1"), community_id=baobabs[0], text=text)
    assert not CharterVersion.objects.exists()


def test_only_facilitators_of_the_community_and_staff_edit_and_follow_it(baobabs):
    community_id, other_id = baobabs
    with pytest.raises(NotAllowed) as error:
        charter.save_charter(actor("l1"), community_id=community_id, text="Ma charte")
    assert error.value.code == "facilitator_only"
    with pytest.raises(NotAllowed):
        charter.list_acceptances(actor("l1"), community_id=community_id)
    # A facilitator of another community does not even see this one.
    for call in (lambda: charter.save_charter(actor("f2"), community_id=community_id, text="X"),
                 lambda: charter.list_acceptances(actor("f2"), community_id=community_id),
                 lambda: charter.get_charter(actor("f2"), community_id=community_id),
                 lambda: charter.accept_charter(actor("l3"), community_id=community_id, version=0),
                 lambda: charter.get_charter(actor("l1"), community_id=other_id),
                 lambda: charter.get_charter(make_actor("l1", course=OTHER_COURSE, staff=True),
                                             community_id=community_id)):
        with pytest.raises(NotFound):
            call()
    assert not CharterVersion.objects.exists()
    state, _created = charter.save_charter(actor("staff"), community_id=other_id, text="Charte des Érables")
    assert state.version == 1


def test_facilitators_and_staff_are_not_gated_and_do_not_accept(baobabs):
    community_id, _other = baobabs
    charter.raise_unless_accepted(actor("f1"), community_id=community_id)
    charter.raise_unless_accepted(actor("staff"), community_id=community_id)
    with pytest.raises(NotAllowed) as error:
        charter.accept_charter(actor("f1"), community_id=community_id, version=0)
    assert error.value.code == "not_a_member"


def test_anonymous_and_malformed_input(baobabs):
    anonymous = Actor(user_id="", username="", display_name="", course_key=COURSE)
    with pytest.raises(NotAllowed):
        charter.get_charter(anonymous)
    for version in (None, "abc", -1, True, [1]):
        with pytest.raises(InvalidInput):
            charter.accept_charter(actor("l1"), community_id=None, version=version)
    with pytest.raises(InvalidInput):
        charter.get_charter(actor("staff"), community_id="abc")
    with pytest.raises(NotFound):
        charter.get_charter(actor("staff"), community_id=999999)


def test_acceptance_list_shows_who_accepted_which_version(baobabs):
    community_id, _other = baobabs
    charter.accept_charter(actor("l1"), community_id=None, version=0)
    charter.accept_charter(make_actor("l2", name="Zoé Tremblay"), community_id=None, version=0)
    charter.save_charter(actor("f1"), community_id=community_id, text="V1", expected_version=0)
    charter.accept_charter(actor("l1"), community_id=None, version=1)
    page = charter.list_acceptances(actor("f1"), community_id=community_id)
    assert page.total == 2
    rows = {item["user_id"]: item for item in page.items}
    assert rows["l1"]["accepted_version"] == 1 and rows["l1"]["current"] and rows["l1"]["accepted_at"]
    assert rows["l2"]["accepted_version"] == 0 and not rows["l2"]["current"]
    assert [item["display_name"] for item in page.items] == ["Person l1", "Zoé Tremblay"]


def test_queries_do_not_grow_with_members_or_versions(baobabs, django_assert_max_num_queries,
                                                      django_assert_num_queries):
    community_id, _other = baobabs
    staff = staff_actor()
    communities.update_settings(staff, target_size=30)
    facilitator = actor("f1")
    charter.save_charter(facilitator, community_id=community_id, text="Version 0")
    charter.list_acceptances(facilitator, community_id=community_id)
    charter.get_charter(facilitator, community_id=community_id)
    with django_assert_max_num_queries(10) as small_list:
        charter.list_acceptances(facilitator, community_id=community_id)
    with django_assert_max_num_queries(10) as small_state:
        charter.get_charter(facilitator, community_id=community_id)
    with django_assert_max_num_queries(3) as small_gate:
        charter.raise_unless_accepted(facilitator, community_id=community_id)
    for index in range(12):
        communities.place_learner(staff, user_id=make_actor(f"m{index}").user_id, community_id=community_id)
        charter.accept_charter(actor(f"m{index}"), community_id=None, version=index + 1)
        charter.save_charter(facilitator, community_id=community_id, text=f"Version {index + 1}")
    with django_assert_num_queries(len(small_list.captured_queries)):
        page = charter.list_acceptances(facilitator, community_id=community_id)
    assert page.total == 14 and len(page.items) == charter.PAGE_SIZE
    with django_assert_num_queries(len(small_state.captured_queries)):
        charter.get_charter(facilitator, community_id=community_id)
    with django_assert_num_queries(len(small_gate.captured_queries)):
        charter.raise_unless_accepted(facilitator, community_id=community_id)
    member = actor("m0")
    roles = access.roles_of(member)
    with django_assert_num_queries(1):
        with pytest.raises(NotAllowed):
            charter.raise_unless_accepted(member, community_id=community_id, roles=roles)


def test_retirement_removes_acceptances_and_anonymises_authorship(baobabs):
    community_id, _other = baobabs
    charter.accept_charter(actor("l1"), community_id=None, version=0)
    charter.save_charter(actor("f1"), community_id=community_id, text="V1")
    retirement.retire_user("l1")
    retirement.retire_user("f1")
    assert not CharterAcceptance.objects.filter(user_id="l1").exists()
    version = CharterVersion.objects.get()
    assert version.text == "V1" and version.author_id == ""


def test_a_member_who_facilitates_another_community_is_gated_only_where_they_are_a_member(baobabs):
    community_id, other_id = baobabs
    staff = staff_actor()
    # l1: member of Les Baobabs, facilitator of Les Érables
    communities.add_facilitator(staff, community_id=other_id, user_id="l1")
    person = actor("l1")
    charter.raise_unless_accepted(person, community_id=other_id)
    with pytest.raises(NotAllowed):
        charter.raise_unless_accepted(person, community_id=community_id)
    assert charter.get_charter(person, community_id=community_id).must_accept
    led = charter.get_charter(person, community_id=other_id)
    assert led.can_edit and not led.must_accept and not led.is_member
    assert access.communities_to_choose(person, roles=access.roles_of(person)) == [(other_id, "Les Érables")]


def test_require_can_write_asks_members_for_the_charter(baobabs):
    community_id, _other = baobabs
    with pytest.raises(NotAllowed) as error:
        gate.require_can_write(actor("l1"), community_id=community_id)
    assert error.value.code == "charter_not_accepted"
    charter.accept_charter(actor("l1"), community_id=None, version=0)
    gate.require_can_write(actor("l1"), community_id=community_id)
    gate.require_can_write(actor("f1"), community_id=community_id)
    gate.require_can_write(actor("staff"), community_id=community_id)
    with pytest.raises(NotFound):
        gate.require_can_write(actor("l3"), community_id=community_id)  # another community: 404 before the charter


def test_a_community_charter_in_two_languages_each_reader_gets_theirs_or_the_other(baobabs):
    community_id, _other = baobabs
    charter.save_charter(actor("f1"), community_id=community_id, text="Nous nous écoutons.", expected_version=0,
                         text_en="We listen to each other.")
    with translation.override("en"):
        assert charter.get_charter(actor("f1"), community_id=community_id).text == "We listen to each other."
    with translation.override("fr"):
        state = charter.get_charter(actor("f1"), community_id=community_id)
        assert state.text == "Nous nous écoutons."
        assert (state.text_fr, state.text_en) == ("Nous nous écoutons.", "We listen to each other.")
    charter.save_charter(actor("f1"), community_id=community_id, text="Nous nous écoutons toujours.",
                         expected_version=1, text_en="")
    with translation.override("en"):
        assert charter.get_charter(actor("f1"), community_id=community_id).text == "Nous nous écoutons toujours."
    with pytest.raises(InvalidInput):
        charter.save_charter(actor("f1"), community_id=community_id, text=" ", expected_version=2, text_en="")
