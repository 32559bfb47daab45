"""Communities mirrored as Open edX cohorts, through a fake of the platform's cohorts module."""

import logging

import pytest
from django.contrib.auth import get_user_model

from cap_xblock.api import cohorts, communities
from cap_xblock.errors import Conflict
from cap_xblock.api.data import Actor
from cap_xblock.models import Community, Membership, Participant
from tests.fakes.openedx_cohorts import FakeCohortPlatform
from tests.utils import COURSE, staff_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def lms(monkeypatch):
    """An LMS with cohorts: the platform's module is the fake."""
    return FakeCohortPlatform().install(monkeypatch)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the tests run inside a transaction that never commits)."""
    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)
    return run


def learner(username):
    """A learner as the LMS knows them: a Django user (id and username) and the block's snapshot."""
    user, _created = get_user_model().objects.get_or_create(username=username)
    actor = Actor(user_id=str(user.pk), username=username, display_name=username.title(), course_key=COURSE)
    Participant.objects.update_or_create(course_key=COURSE, user_id=actor.user_id, defaults={
        "username": username, "display_name": actor.display_name})
    return actor


def uid(username):
    return str(get_user_model().objects.get(username=username).pk)


def test_the_workbench_has_no_cohorts_and_the_option_stays_off():
    staff = staff_actor()
    assert cohorts.get_settings(COURSE) == cohorts.CohortSettings(available=False, mirror=False)
    with pytest.raises(Conflict) as refused:
        cohorts.set_mirror(staff, mirror=True)
    assert refused.value.code == "cohorts_unavailable" and refused.value.status == 409
    assert "cohortes" in refused.value.message or "cohorts" in refused.value.message
    assert cohorts.get_settings(COURSE).mirror is False
    assert cohorts.create_from_cohorts(staff) == {"created": [], "linked": [], "placed": 0, "skipped": []}
    assert cohorts.list_cohorts(staff) == []
    # Turning it off is always allowed.
    assert cohorts.set_mirror(staff, mirror=False).mirror is False


def test_learners_cannot_turn_the_mirror_on(lms):
    with pytest.raises(Exception) as refused:
        cohorts.set_mirror(learner("learner1"), mirror=True)
    assert refused.value.code == "staff_only"


def test_turning_the_mirror_on_gives_every_community_its_cohort_with_its_members(lms, commit):
    staff = staff_actor()
    baobabs = communities.create_community(staff, name="Les Baobabs")
    erables = communities.create_community(staff, name="Les Érables")
    for user_id, community in (("awa", baobabs), ("binta", baobabs), ("chloe", erables)):
        learner(user_id)
        communities.place_learner(staff, user_id=uid(user_id), community_id=community.id)
    assert lms.calls == []  # nothing mirrored while the option is off

    settings = commit(cohorts.set_mirror, staff, mirror=True)

    assert settings == cohorts.CohortSettings(available=True, mirror=True)
    assert lms.cohorted[COURSE] is True
    assert lms.names(COURSE) == ["Les Baobabs", "Les Érables"]
    assert lms.people_of(COURSE, "Les Baobabs") == ["awa", "binta"]
    assert lms.people_of(COURSE, "Les Érables") == ["chloe"]
    assert Community.objects.get(id=baobabs.id).cohort_id == lms.cohort(COURSE, "Les Baobabs").id


def test_an_existing_cohort_of_the_same_name_is_linked_not_duplicated(lms, commit):
    staff = staff_actor()
    existing = lms.seed(COURSE, "Les Baobabs")
    commit(cohorts.set_mirror, staff, mirror=True)
    community = commit(communities.create_community, staff, name="Les Baobabs")
    assert Community.objects.get(id=community.id).cohort_id == existing.id
    assert lms.names(COURSE) == ["Les Baobabs"]


def test_create_rename_place_move_and_remove_follow_in_the_cohorts(lms, commit):
    staff = staff_actor()
    commit(cohorts.set_mirror, staff, mirror=True)
    first = commit(communities.create_community, staff, name="Les Baobabs")
    second = commit(communities.create_community, staff, name="Les Érables")
    assert lms.names(COURSE) == ["Les Baobabs", "Les Érables"]

    commit(communities.rename_community, staff, community_id=first.id, name="Les Fromagers")
    assert lms.names(COURSE) == ["Les Fromagers", "Les Érables"]

    learner("awa")
    commit(communities.place_learner, staff, user_id=uid("awa"), community_id=first.id)
    assert lms.people_of(COURSE, "Les Fromagers") == ["awa"]

    commit(communities.place_learner, staff, user_id=uid("awa"), community_id=second.id)
    assert lms.people_of(COURSE, "Les Fromagers") == []
    assert lms.people_of(COURSE, "Les Érables") == ["awa"]

    commit(communities.remove_learner, staff, user_id=uid("awa"))
    assert lms.people_of(COURSE, "Les Érables") == []
    assert "awa" not in lms.members.get(COURSE, {})


def test_a_learner_placed_automatically_enters_the_cohort(lms, commit):
    staff = staff_actor()
    commit(cohorts.set_mirror, staff, mirror=True)
    commit(communities.create_community, staff, name="Les Baobabs")
    awa = learner("awa")
    view = commit(communities.view_for, awa)
    assert view.community.name == "Les Baobabs"
    assert lms.people_of(COURSE, "Les Baobabs") == ["awa"]


def test_nothing_goes_to_the_platform_while_the_mirror_is_off(lms, commit):
    staff = staff_actor()
    community = commit(communities.create_community, staff, name="Les Baobabs")
    learner("awa")
    commit(communities.place_learner, staff, user_id=uid("awa"), community_id=community.id)
    commit(communities.rename_community, staff, community_id=community.id, name="Les Fromagers")
    commit(communities.remove_learner, staff, user_id=uid("awa"))
    assert lms.calls == []


def test_a_cohort_failure_is_logged_and_the_community_change_stays(lms, commit, caplog):
    staff = staff_actor()
    commit(cohorts.set_mirror, staff, mirror=True)
    lms.broken = True
    with caplog.at_level(logging.ERROR, logger="cap_xblock.api.cohorts"):
        community = commit(communities.create_community, staff, name="Les Baobabs")
        learner("awa")
        detail = commit(communities.place_learner, staff, user_id=uid("awa"), community_id=community.id)
    assert Community.objects.filter(id=community.id, name="Les Baobabs").exists()
    assert [p.user_id for p in detail.members] == [uid("awa")]
    assert Membership.objects.filter(user_id=uid("awa"), community_id=community.id).exists()
    assert "Could not mirror" in caplog.text


def test_cohort_calls_wait_for_the_commit(lms, django_capture_on_commit_callbacks):
    staff = staff_actor()
    with django_capture_on_commit_callbacks(execute=True):
        cohorts.set_mirror(staff, mirror=True)
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        communities.create_community(staff, name="Les Baobabs")
    assert lms.names(COURSE) == [] and len(waiting) == 1


def test_communities_made_from_the_course_cohorts(lms, commit):
    staff = staff_actor()
    for user_id in ("awa", "binta", "chloe", "djeneba"):
        learner(user_id)
    lms.seed(COURSE, "Groupe Dakar", ["awa", "binta"])
    lms.seed(COURSE, "Groupe Thiès", ["chloe"])
    lms.seed(COURSE, "Les Baobabs", ["djeneba"])
    baobabs = communities.create_community(staff, name="Les Baobabs")

    report = commit(cohorts.create_from_cohorts, staff)

    assert report == {"created": ["Groupe Dakar", "Groupe Thiès"], "linked": ["Les Baobabs"], "placed": 4,
                      "skipped": []}
    dakar = Community.objects.get(course_key=COURSE, name="Groupe Dakar")
    assert dakar.cohort_id == lms.cohort(COURSE, "Groupe Dakar").id
    placed = set(Membership.objects.filter(community=dakar).values_list("user_id", flat=True))
    assert placed == {uid("awa"), uid("binta")}
    assert Membership.objects.get(user_id=uid("djeneba")).community_id == baobabs.id
    listed = cohorts.list_cohorts(staff)
    assert [(c["name"], c["community_id"] is not None) for c in listed] == [
        ("Groupe Dakar", True), ("Groupe Thiès", True), ("Les Baobabs", True)]
    # Again: nothing new.
    assert commit(cohorts.create_from_cohorts, staff) == {"created": [], "linked": [], "placed": 0, "skipped": []}


def test_only_the_chosen_cohorts_and_people_already_placed_stay_where_they_are(lms, commit):
    staff = staff_actor()
    learner("awa")
    learner("binta")
    elsewhere = communities.create_community(staff, name="Les Érables")
    communities.place_learner(staff, user_id=uid("awa"), community_id=elsewhere.id)
    dakar = lms.seed(COURSE, "Groupe Dakar", ["awa", "binta"])
    lms.seed(COURSE, "Groupe Thiès")
    report = commit(cohorts.create_from_cohorts, staff, cohort_ids=[dakar.id])
    assert report["created"] == ["Groupe Dakar"] and report["placed"] == 1
    assert Membership.objects.get(user_id=uid("awa")).community_id == elsewhere.id


def test_a_platform_that_cannot_answer_changes_nothing(lms):
    lms.seed(COURSE, "Groupe Dakar")
    lms.unreachable = True
    with pytest.raises(Conflict) as refused:
        cohorts.create_from_cohorts(staff_actor())
    assert refused.value.code == "cohorts_failed" and refused.value.status == 409
    assert not Community.objects.filter(course_key=COURSE).exists()


@pytest.mark.parametrize("bad", ["1,2", {"a": 1}, ["x"], [0]])
def test_bad_cohort_choices_are_refused(lms, bad):
    with pytest.raises(Exception) as refused:
        cohorts.create_from_cohorts(staff_actor(), cohort_ids=bad)
    assert refused.value.status == 400


def test_a_csv_import_follows_in_the_cohorts(lms, commit):
    from cap_xblock.api import roster  # pylint: disable=import-outside-toplevel

    staff = staff_actor()
    commit(cohorts.set_mirror, staff, mirror=True)
    for username in ("learner1", "learner2", "facilitator1"):
        get_user_model().objects.get_or_create(username=username)
    report = commit(roster.import_csv, staff, content="learner1,Les Fromagers,learner\nlearner2,Les Fromagers,learner\n"
                                              "facilitator1,Les Fromagers,facilitator\n")
    assert report["applied"]
    assert lms.names(COURSE) == ["Les Fromagers"]
    assert lms.people_of(COURSE, "Les Fromagers") == ["learner1", "learner2"]  # facilitators are not put in cohorts


def test_a_cohort_named_like_a_community_by_the_name_rule_is_linked(lms, commit):
    """« Equipe X » is « Équipe X » (decision 16): linked, never a second community nor a 409 forever."""
    staff = staff_actor()
    learner("awa")
    equipe = communities.create_community(staff, name="Équipe X")
    lms.seed(COURSE, "Equipe  x", ["awa"])
    report = commit(cohorts.create_from_cohorts, staff)
    assert report == {"created": [], "linked": ["Equipe  x"], "placed": 1, "skipped": []}
    assert Community.objects.filter(course_key=COURSE).count() == 1
    assert Membership.objects.get(user_id=uid("awa")).community_id == equipe.id


def test_an_archived_community_takes_nobody_from_a_cohort(lms, commit):
    staff = staff_actor()
    learner("awa")
    archived = communities.create_community(staff, name="Les Baobabs")
    communities.set_archived(staff, community_id=archived.id, archived=True)
    lms.seed(COURSE, "Les Baobabs", ["awa"])
    report = commit(cohorts.create_from_cohorts, staff)
    assert report == {"created": [], "linked": [], "placed": 0, "skipped": ["Les Baobabs"]}
    assert not Membership.objects.filter(user_id=uid("awa")).exists()
    assert Community.objects.get(id=archived.id).cohort_id is None


def test_mirroring_links_a_cohort_named_by_the_same_rule(lms, commit):
    staff = staff_actor()
    existing = lms.seed(COURSE, "equipe x")
    commit(cohorts.set_mirror, staff, mirror=True)
    community = commit(communities.create_community, staff, name="Équipe X")
    assert Community.objects.get(id=community.id).cohort_id == existing.id
    assert lms.names(COURSE) == ["equipe x"]


def test_a_community_a_csv_import_opens_for_facilitators_only_gets_its_cohort(lms, commit):
    from cap_xblock.api import roster  # pylint: disable=import-outside-toplevel

    staff = staff_actor()
    commit(cohorts.set_mirror, staff, mirror=True)
    get_user_model().objects.get_or_create(username="facilitator1")
    report = commit(roster.import_csv, staff, content="facilitator1,Les Fromagers,facilitator\n")
    assert report["applied"] and lms.names(COURSE) == ["Les Fromagers"]
    assert lms.people_of(COURSE, "Les Fromagers") == []
