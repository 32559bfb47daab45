"""What happens to CAP data when the platform changes around it (decision 0025).

The platform tells through ``openedx-events`` (``platform.py`` connects the
receivers and turns the events' data into plain values):

- A block deleted in Studio: nothing is deleted. Learner data (cases,
  brainstorms, discussions, journal entries) stays until the course's data
  is deleted, so a block deleted by mistake and restored (or re-imported
  with the same key) finds it again, and exports and retirement still reach it.
- A block duplicated in Studio: the copy gets the block's settings, never its
  learner data. Studio copies the block's fields; the settings kept outside
  them (``CourseConfig``) belong to the course, so a copy in the same course
  shares them and a copy into another course that has none gets them. Rows
  keyed by the block's key are not copied: the copy starts empty.
- A learner who unenrols leaves their community: the membership goes (sizes
  are counted from memberships), their writing stays, as for retirement. The
  community they left is remembered (``Departure``): if they enrol again while
  it is open and has room, they are back in it; else they are placed as any
  newcomer (automatically or by staff).
"""

import logging

from django.db import transaction

from ..models import (Brainstorm, CalendarToken, Case, Community, CourseConfig, Departure, FacilitatorRole,
                      JournalEntry, Membership, Post, Submission)
from . import cohorts

log = logging.getLogger(__name__)

# The rows kept for one block, by the key of the block they were written in.
BLOCK_KEYED = (Brainstorm, Case, Post, JournalEntry, Submission)


def learner_data_of_block(block_key):
    """How many rows of each kind are kept for the block ``block_key`` (``{model name: count}``)."""
    return {model.__name__: model.objects.filter(block_key=block_key).count() for model in BLOCK_KEYED}


def block_deleted(block_key):
    """A block was deleted in Studio: its learner data stays. Returns what stays (``learner_data_of_block``)."""
    kept = learner_data_of_block(block_key)
    if any(kept.values()):
        log.info("CAP block %s deleted; its learner data stays until the course's data is deleted: %s",
                 block_key, kept)
    return kept


def block_duplicated(source_course_key, course_key):
    """A block of ``source_course_key`` was duplicated into ``course_key``: the settings follow, learner data not.

    Returns True when the course settings were copied (a course that had none), False otherwise.
    """
    if not course_key or source_course_key == course_key:
        return False
    source = CourseConfig.objects.filter(course_key=source_course_key).first()
    if source is None:
        return False
    with transaction.atomic():
        _row, created = CourseConfig.objects.get_or_create(
            course_key=course_key,
            defaults={"target_size": source.target_size, "assignment_mode": source.assignment_mode},
        )
    return created


def learner_unenrolled(course_key, user_id):
    """The learner unenrolled from the course: they leave their community. Returns its id, or None."""
    user_id = str(user_id)
    with transaction.atomic():
        membership = (Membership.objects.select_for_update()
                      .filter(course_key=course_key, user_id=user_id).first())
        if membership is None:
            return None
        Departure.objects.update_or_create(course_key=course_key, user_id=user_id,
                                           defaults={"community_id": membership.community_id})
        membership.delete()
        # Their private calendar address stops working: it showed the sessions of the community they left.
        CalendarToken.objects.filter(course_key=course_key, user_id=user_id).delete()
        cohorts.people_changed(course_key, [user_id])
    return membership.community_id


def learner_enrolled(course_key, user_id):
    """The learner enrolled (again): back in the community they left if it is open and has room.

    Decided under the course's config row, the lock every placement takes, so the
    target size holds. Returns the community id they are back in, or None.
    """
    user_id = str(user_id)
    if not Departure.objects.filter(course_key=course_key, user_id=user_id).exists():
        return None
    with transaction.atomic():
        config, _created = CourseConfig.objects.get_or_create(course_key=course_key)
        config = CourseConfig.objects.select_for_update().get(id=config.id)
        departure = (Departure.objects.select_for_update()
                     .filter(course_key=course_key, user_id=user_id).first())
        if departure is None:
            return None
        community = Community.objects.select_for_update().get(id=departure.community_id)
        departure.delete()
        if Membership.objects.filter(course_key=course_key, user_id=user_id).exists():
            return None
        if community.archived or Membership.objects.filter(community=community).count() >= config.target_size:
            return None
        if FacilitatorRole.objects.filter(community__course_key=course_key, user_id=user_id).exists():
            return None
        Membership.objects.create(course_key=course_key, user_id=user_id, community=community)
        cohorts.people_changed(course_key, [user_id])
    return community.id
