"""Receivers of the platform's ``openedx-events`` (decision 0025), connected by ``apps.py``.

``platform.py`` names the signals; these receivers read the events' data
classes (``XBlockData``, ``DuplicatedXBlockData``, ``CourseEnrollmentData``)
into plain values and let ``api.lifecycle`` decide. A receiver never makes the
platform's action fail: an error is logged and the action goes on.
"""

import logging

from . import platform
from .api import lifecycle

log = logging.getLogger(__name__)


def _course_of(usage_key):
    key = getattr(usage_key, "context_key", None) or getattr(usage_key, "course_key", None)
    return str(key) if key is not None else ""


def _guarded(func):
    """A receiver never makes the platform's action fail: an error is logged, the action goes on."""
    def receiver(*args, **kwargs):
        try:
            func(*args, **kwargs)
        except Exception:  # pylint: disable=broad-except
            log.exception("cap_xblock could not handle %s", kwargs.get("signal"))
    receiver.__name__ = func.__name__
    receiver.__doc__ = func.__doc__
    return receiver


@_guarded
def on_xblock_deleted(xblock_info=None, **kwargs):
    """``XBLOCK_DELETED`` (``XBlockData``): a CAP block deleted in Studio keeps its learner data."""
    if xblock_info is not None and xblock_info.block_type == platform.BLOCK_TYPE:
        kept = lifecycle.block_deleted(str(xblock_info.usage_key))
        platform.emit_tracking("cap.block.deleted", {"usage_key": str(xblock_info.usage_key), "kept": kept})


@_guarded
def on_xblock_duplicated(xblock_info=None, **kwargs):
    """``XBLOCK_DUPLICATED`` (``DuplicatedXBlockData``): the copy gets the settings, never learner data."""
    if xblock_info is not None and xblock_info.block_type == platform.BLOCK_TYPE:
        copied = lifecycle.block_duplicated(_course_of(xblock_info.source_usage_key), _course_of(xblock_info.usage_key))
        platform.emit_tracking("cap.block.duplicated", {
            "usage_key": str(xblock_info.usage_key),
            "source_usage_key": str(xblock_info.source_usage_key),
            "course_settings_copied": copied,
        })


def _enrolment(enrollment):
    """(course key, user id) of a ``CourseEnrollmentData``."""
    return str(enrollment.course.course_key), str(enrollment.user.id)


@_guarded
def on_unenrolled(enrollment=None, **kwargs):
    """``COURSE_UNENROLLMENT_COMPLETED`` (``CourseEnrollmentData``): the learner leaves their community."""
    if enrollment is not None:
        course, user_id = _enrolment(enrollment)
        community_id = lifecycle.learner_unenrolled(course, user_id)
        if community_id is not None:
            platform.emit_tracking("cap.community.learner_left",
                                   {"course_id": course, "community_id": community_id, "user_id": user_id})


@_guarded
def on_enrolled(enrollment=None, **kwargs):
    """``COURSE_ENROLLMENT_CREATED`` or ``COURSE_ENROLLMENT_CHANGED`` (``CourseEnrollmentData``): an active
    enrolment brings a learner who left back into their community when it has room. (The platform sends
    ``COURSE_ENROLLMENT_CHANGED`` when an unenrolled learner enrols again: their enrolment row is reactivated.)"""
    if enrollment is not None and enrollment.is_active:
        course, user_id = _enrolment(enrollment)
        community_id = lifecycle.learner_enrolled(course, user_id)
        if community_id is not None:
            platform.emit_tracking("cap.community.learner_rejoined",
                                   {"course_id": course, "community_id": community_id, "user_id": user_id})


def lifecycle_receivers():
    """(signal, receiver, dispatch uid) of each ``openedx-events`` signal the app listens to; none without
    the package."""
    signals = platform.lifecycle_signals()
    if not signals:
        return []
    return [
        (signals["xblock_deleted"], on_xblock_deleted, "cap_xblock_block_deleted"),
        (signals["xblock_duplicated"], on_xblock_duplicated, "cap_xblock_block_duplicated"),
        (signals["unenrolled"], on_unenrolled, "cap_xblock_unenrolled"),
        (signals["enrolled"], on_enrolled, "cap_xblock_enrolled"),
        (signals["enrolment_changed"], on_enrolled, "cap_xblock_enrolment_changed"),
    ]
