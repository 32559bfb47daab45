"""Lifecycle through openedx-events: blocks deleted or duplicated in Studio, learners who unenrol and come back.

The events are sent as the platform sends them: the real signals of the
``openedx-events`` package with their real data classes; the app connected its
receivers at start-up (``CapXBlockConfig.ready``).
"""

from datetime import datetime, timezone

import pytest
from opaque_keys.edx.keys import CourseKey, UsageKey
from openedx_events.content_authoring.data import DuplicatedXBlockData, XBlockData
from openedx_events.content_authoring.signals import XBLOCK_DELETED, XBLOCK_DUPLICATED
from openedx_events.learning.data import CourseData, CourseEnrollmentData, UserData, UserPersonalData
from openedx_events.learning.signals import (
    COURSE_ENROLLMENT_CHANGED, COURSE_ENROLLMENT_CREATED, COURSE_UNENROLLMENT_COMPLETED,
)

from cap_xblock import retirement
from cap_xblock.api import communities, journal
from cap_xblock.models import CourseConfig, Departure, JournalEntry, Membership, Post, Submission
from tests.utils import COURSE, OTHER_COURSE, make_actor, staff_actor

pytestmark = pytest.mark.django_db

# The `community` fixture, where a test does not read it, sets up three members the test relies on.
# pylint: disable=unused-argument

BLOCK = f"block-v1:{COURSE[len('course-v1:'):]}+type@cap+block@reflect"
COPY = f"block-v1:{COURSE[len('course-v1:'):]}+type@cap+block@reflect_copy"
OTHER_COPY = f"block-v1:{OTHER_COURSE[len('course-v1:'):]}+type@cap+block@reflect"


def enrollment(user_id, course=COURSE, is_active=True):
    return CourseEnrollmentData(
        user=UserData(id=int(user_id), is_active=True,
                      pii=UserPersonalData(username=f"learner{user_id}", email=f"{user_id}@example.org",
                                           name=f"Person {user_id}")),
        course=CourseData(course_key=CourseKey.from_string(course), display_name="CAP"),
        mode="audit",
        is_active=is_active,
        creation_date=datetime(2026, 9, 1, tzinfo=timezone.utc),
    )


def unenrol(user_id, course=COURSE):
    COURSE_UNENROLLMENT_COMPLETED.send_event(enrollment=enrollment(user_id, course, is_active=False))


def enrol_again(user_id, course=COURSE):
    # The platform reactivates the learner's enrolment row: COURSE_ENROLLMENT_CHANGED, is_active True.
    COURSE_ENROLLMENT_CHANGED.send_event(enrollment=enrollment(user_id, course, is_active=True))


def size(community_id):
    return communities.get_community(staff_actor(), community_id=community_id).size


@pytest.fixture(name="community")
def community_of_three():
    staff = staff_actor()
    community = communities.create_community(staff, name="Cercle de Kolda")
    for user_id in ("11", "12", "13"):
        communities.place_learner(staff, user_id=make_actor(user_id).user_id, community_id=community.id)
    return community


# --- unenrolment --------------------------------------------------------------------------------------


def test_a_learner_who_unenrols_leaves_their_community_and_their_writing_stays(community):
    learner = make_actor("11", block=BLOCK)
    entry = journal.save_entry(learner, title="Réunion", free_text="Ce que j'ai appris")
    Post.objects.create(course_key=COURSE, block_key=BLOCK, community_id=community.id, author_id="11",
                        body="Bonjour", body_html="<p>Bonjour</p>")

    unenrol("11")

    assert not Membership.objects.filter(course_key=COURSE, user_id="11").exists()
    assert size(community.id) == 2
    assert JournalEntry.objects.filter(id=entry.id, user_id="11").exists()
    assert Post.objects.filter(author_id="11", body="Bonjour").exists()
    assert Departure.objects.get(course_key=COURSE, user_id="11").community_id == community.id


def test_unenrolling_from_another_course_changes_nothing_here(community):
    unenrol("11", course=OTHER_COURSE)
    assert size(community.id) == 3
    assert not Departure.objects.exists()


def test_a_learner_who_enrols_again_rejoins_their_community(community):
    unenrol("12")
    enrol_again("12")
    assert Membership.objects.get(course_key=COURSE, user_id="12").community_id == community.id
    assert size(community.id) == 3
    assert not Departure.objects.exists()


def test_a_new_enrolment_row_also_brings_them_back(community):
    unenrol("12")
    COURSE_ENROLLMENT_CREATED.send_event(enrollment=enrollment("12"))
    assert Membership.objects.get(course_key=COURSE, user_id="12").community_id == community.id


def test_an_inactive_enrolment_change_does_not_bring_them_back(community):
    unenrol("12")
    COURSE_ENROLLMENT_CHANGED.send_event(enrollment=enrollment("12", is_active=False))
    assert not Membership.objects.filter(course_key=COURSE, user_id="12").exists()
    assert Departure.objects.filter(user_id="12").exists()


def test_a_full_community_does_not_take_them_back(community):
    staff = staff_actor()
    communities.update_settings(staff, target_size=3)
    unenrol("13")
    communities.place_learner(staff, user_id=make_actor("14").user_id, community_id=community.id)
    assert size(community.id) == 3

    enrol_again("13")

    assert not Membership.objects.filter(course_key=COURSE, user_id="13").exists()
    assert size(community.id) == 3
    # They are now a newcomer: placed as anyone else (automatically on their next visit).
    assert not Departure.objects.filter(user_id="13").exists()


def test_an_archived_community_does_not_take_them_back(community):
    unenrol("13")
    communities.set_archived(staff_actor(), community_id=community.id, archived=True)
    enrol_again("13")
    assert not Membership.objects.filter(course_key=COURSE, user_id="13").exists()


def test_a_learner_placed_elsewhere_meanwhile_stays_where_they_are(community):
    staff = staff_actor()
    other = communities.create_community(staff, name="Cercle de Ziguinchor")
    unenrol("13")
    communities.place_learner(staff, user_id="13", community_id=other.id)
    enrol_again("13")
    assert Membership.objects.get(course_key=COURSE, user_id="13").community_id == other.id
    assert size(community.id) == 2


def test_retirement_forgets_the_community_they_left(community):
    unenrol("11")

    class Retired:
        id = 11

    retirement.on_user_retired(sender=None, user=Retired())
    assert not Departure.objects.filter(user_id="11").exists()


# --- Studio: deleted and duplicated blocks -----------------------------------------------------------------


def test_a_deleted_block_keeps_its_learner_data(community):
    learner = make_actor("11", block=BLOCK)
    entry = journal.save_entry(learner, title="Réunion", free_text="Ce que j'ai appris")

    XBLOCK_DELETED.send_event(xblock_info=XBlockData(usage_key=UsageKey.from_string(BLOCK), block_type="cap"))

    assert JournalEntry.objects.filter(id=entry.id, block_key=BLOCK).exists()
    assert size(community.id) == 3


def test_a_duplicated_block_starts_without_learner_data(community):
    learner = make_actor("11", block=BLOCK)
    journal.save_entry(learner, title="Réunion", free_text="Ce que j'ai appris")
    Post.objects.create(course_key=COURSE, block_key=BLOCK, community_id=community.id, author_id="11",
                        body="Bonjour", body_html="<p>Bonjour</p>")
    Submission.objects.create(user_id="11", block_key=BLOCK, kind="idea", key="k1", response="{}")

    XBLOCK_DUPLICATED.send_event(xblock_info=DuplicatedXBlockData(
        usage_key=UsageKey.from_string(COPY), block_type="cap", source_usage_key=UsageKey.from_string(BLOCK)))

    for model in (JournalEntry, Post, Submission):
        assert not model.objects.filter(block_key=COPY).exists(), model
        assert model.objects.filter(block_key=BLOCK).exists(), model
    # The course's settings are shared by every block of the course: nothing to copy.
    assert CourseConfig.objects.filter(course_key=COURSE).count() == 1


def test_a_block_duplicated_into_another_course_brings_the_course_settings():
    communities.update_settings(staff_actor(), target_size=7, assignment_mode="manual")

    XBLOCK_DUPLICATED.send_event(xblock_info=DuplicatedXBlockData(
        usage_key=UsageKey.from_string(OTHER_COPY), block_type="cap", source_usage_key=UsageKey.from_string(BLOCK)))

    copied = CourseConfig.objects.get(course_key=OTHER_COURSE)
    assert (copied.target_size, copied.assignment_mode) == (7, "manual")
    assert not copied.mirror_cohorts


def test_a_course_with_its_own_settings_keeps_them():
    communities.update_settings(staff_actor(), target_size=7)
    communities.update_settings(staff_actor(OTHER_COURSE), target_size=12)

    XBLOCK_DUPLICATED.send_event(xblock_info=DuplicatedXBlockData(
        usage_key=UsageKey.from_string(OTHER_COPY), block_type="cap", source_usage_key=UsageKey.from_string(BLOCK)))

    assert CourseConfig.objects.get(course_key=OTHER_COURSE).target_size == 12


def test_other_block_types_are_ignored():
    communities.update_settings(staff_actor(), target_size=7)
    other = OTHER_COPY.replace("type@cap", "type@html")
    XBLOCK_DUPLICATED.send_event(xblock_info=DuplicatedXBlockData(
        usage_key=UsageKey.from_string(other), block_type="html",
        source_usage_key=UsageKey.from_string(BLOCK.replace("type@cap", "type@html"))))
    assert not CourseConfig.objects.filter(course_key=OTHER_COURSE).exists()


def test_a_learner_who_unenrolled_is_not_waiting_to_be_placed(community):
    staff = staff_actor()
    make_actor("20")
    unenrol("11")
    waiting = {row["user_id"] for row in communities.list_people(staff, waiting_only=True).items}
    assert waiting == {"20"}
    enrol_again("11")
    assert "11" not in {row["user_id"] for row in communities.list_people(staff, waiting_only=True).items}
