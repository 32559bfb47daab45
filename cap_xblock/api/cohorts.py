"""CAP communities mirrored as Open edX cohorts, and communities made from a course's cohorts.

When course staff turn the mirror on (a course setting), each community of
the course has a cohort of the same name (created, or an existing cohort of
that name linked), renamed with it, and each member of a community is in its
cohort; taking a learner out of their community takes them out of its
cohort. Cohort-divided discussions, content groups and bulk e-mail then
follow the communities.

The cohort calls go through ``platform`` after the community change is
committed (``transaction.on_commit``): a cohort failure is logged and never
undoes or refuses the community change. The platform stays the authority on
its cohorts; turning the mirror off leaves them as they are.
"""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from .. import permissions, platform
from ..errors import Conflict, InvalidInput
from ..i18n import gettext as _
from ..models import Community, CourseConfig, FacilitatorRole, Membership, Participant
from ..models.community import NAME_LENGTH, name_key
from . import people
from .access import config_row, forget
from .validation import as_bool, as_int

log = logging.getLogger(__name__)
MAX_COHORTS = 200


@dataclass(frozen=True)
class CohortSettings:
    """Whether the platform has cohorts, and whether the course's communities mirror them."""

    available: bool
    mirror: bool


def _unavailable():
    return Conflict(_("This platform has no Open edX cohorts: communities cannot mirror them here."),
                    code="cohorts_unavailable")


def _config(course_key):
    return config_row(course_key)


def _mirroring(course_key):
    return CourseConfig.objects.filter(course_key=course_key, mirror_cohorts=True).exists()


def get_settings(course_key):
    """``CohortSettings`` of the course (the mirror reads as off where the platform has no cohorts)."""
    available = platform.cohorts_available()
    return CohortSettings(available=available, mirror=available and _mirroring(course_key))


def set_mirror(actor, *, mirror):
    """Turn the mirror on or off for the course. Staff only.

    Turning it on makes the course cohorted, then gives every community its
    cohort and puts its members in it (after the commit). Raises NotAllowed,
    InvalidInput, Conflict ``cohorts_unavailable`` (turning it on where the
    platform has no cohorts).
    """
    permissions.require_manage_communities(actor)
    mirror = as_bool(mirror, "mirror")
    if mirror and not platform.cohorts_available():
        raise _unavailable()
    _config(actor.course_key)
    with transaction.atomic():
        row = CourseConfig.objects.select_for_update().get(course_key=actor.course_key)
        changed = row.mirror_cohorts != mirror
        row.mirror_cohorts = mirror
        row.save(update_fields=["mirror_cohorts", "updated_at"])
        if mirror and changed:
            course_key = actor.course_key
            transaction.on_commit(lambda: _guarded(sync_course, course_key))
    return get_settings(actor.course_key)


def list_cohorts(actor):
    """The course's cohorts (200 at most), each with the community that mirrors it (or None). Staff only.

    Empty where the platform has no cohorts. Raises NotAllowed.
    """
    permissions.require_manage_communities(actor)
    if not platform.cohorts_available():
        return []
    found = _read_cohorts(actor.course_key)[:MAX_COHORTS]
    linked = dict(Community.objects.filter(course_key=actor.course_key, cohort_id__isnull=False)
                  .values_list("cohort_id", "id"))
    return [{"id": cohort_id, "name": name, "community_id": linked.get(cohort_id)} for cohort_id, name in found]


def _read_cohorts(course_key):
    """The course's cohorts from the platform, or Conflict ``cohorts_failed`` (logged) when it cannot answer."""
    try:
        return platform.course_cohorts(course_key)
    except Exception:
        log.exception("Could not read the cohorts of %s", course_key)
        raise Conflict(_("The course's Open edX cohorts could not be read. Try again in a moment."),
                       code="cohorts_failed") from None


def create_from_cohorts(actor, *, cohort_ids=None):
    """Make a community of each cohort of the course not mirrored yet (``cohort_ids``: only these). Staff only.

    A community of the same name with no cohort is linked rather than
    duplicated. The cohort's people who are in no community and facilitate
    none are placed in it (the cohort is the course team's choice: the target
    size does not apply). Returns ``{"created", "linked", "placed", "skipped"}``
    (names, names, count, names): all empty where the platform has no
    cohorts. Raises NotAllowed, InvalidInput, Conflict (``cohorts_failed``:
    the platform could not answer; ``concurrent_change``).
    """
    permissions.require_manage_communities(actor)
    forget(actor)  # staff may change their own roles too
    wanted = None
    if cohort_ids not in (None, ""):
        if not isinstance(cohort_ids, list) or len(cohort_ids) > MAX_COHORTS:
            raise InvalidInput(code="invalid_cohorts")
        wanted = {as_int(value, "cohort_ids", 1) for value in cohort_ids}
    if not platform.cohorts_available():
        return {"created": [], "linked": [], "placed": 0, "skipped": []}
    cohorts = [(cid, name) for cid, name in _read_cohorts(actor.course_key)
               if wanted is None or cid in wanted][:MAX_COHORTS]
    try:
        members = {cid: platform.cohort_members(actor.course_key, cid) for cid, _name in cohorts}
    except Exception:
        log.exception("Could not read the members of the cohorts of %s", actor.course_key)
        raise Conflict(_("The course's Open edX cohorts could not be read. Try again in a moment."),
                       code="cohorts_failed") from None
    _config(actor.course_key)
    try:
        return _make_communities(actor.course_key, cohorts, members)
    except IntegrityError:
        # A community of one of these names, or linked to one of these cohorts, appeared at the same moment.
        raise Conflict(_("The communities changed at the same moment. Try again."), code="concurrent_change") from None


def _make_communities(course_key, cohorts, members):
    report = {"created": [], "linked": [], "placed": 0, "skipped": []}
    with transaction.atomic():
        CourseConfig.objects.select_for_update().get(course_key=course_key)
        linked = set(Community.objects.filter(course_key=course_key, cohort_id__isnull=False)
                     .values_list("cohort_id", flat=True))
        for cohort_id, name in cohorts:
            if cohort_id in linked:
                continue
            name = (name or "").strip()[:NAME_LENGTH]
            if not name:
                report["skipped"].append(str(cohort_id))
                continue
            # The course's one rule for « same name » (decision 16); an archived community takes nobody new.
            same = Community.objects.filter(course_key=course_key, name_key=name_key(name)).first()
            if same is not None and (same.cohort_id is not None or same.archived):
                report["skipped"].append(name)
                continue
            if same is not None:
                same.cohort_id = cohort_id
                same.save(update_fields=["cohort_id", "updated_at"])
                community = same
                report["linked"].append(name)
            else:
                community = Community.objects.create(course_key=course_key, name=name, cohort_id=cohort_id)
                report["created"].append(name)
            report["placed"] += _place_cohort_members(course_key, community, members[cohort_id])
    return report


def _place_cohort_members(course_key, community, users):
    """Place the cohort's people who are in no community and facilitate none. Returns how many."""
    ids = [user.user_id for user in users]
    taken = set(Membership.objects.filter(course_key=course_key, user_id__in=ids).values_list("user_id", flat=True))
    taken |= set(FacilitatorRole.objects.filter(community__course_key=course_key, user_id__in=ids)
                 .values_list("user_id", flat=True))
    placed = 0
    for user in users:
        if user.user_id in taken:
            continue
        people.remember(course_key, user)
        try:
            with transaction.atomic():
                Membership.objects.create(course_key=course_key, user_id=user.user_id, community=community)
        except IntegrityError:
            continue  # placed elsewhere at the same moment
        placed += 1
    return placed


# --- after a community change (called by api.communities and api.roster) -----------------


def community_changed(course_key, community_id):
    """A community was created or renamed: its cohort follows, after the commit, when the course mirrors."""
    transaction.on_commit(lambda: _guarded(_sync_community, course_key, community_id))


def people_changed(course_key, user_ids):
    """People were placed, moved or taken out: their cohorts follow, after the commit, when the course mirrors."""
    user_ids = [user_id for user_id in user_ids if user_id]
    if user_ids:
        transaction.on_commit(lambda: _guarded(_sync_people, course_key, user_ids))


def _guarded(func, *args):
    """Run a cohort sync; log any failure (the community change is already committed)."""
    try:
        if _mirroring(args[0]):
            func(*args)
    except Exception:  # pylint: disable=broad-except
        log.exception("Could not mirror the communities of %s as cohorts", args[0])


def sync_course(course_key):
    """Make the course cohorted, give every community its cohort, put every member in their cohort."""
    platform.make_course_cohorted(course_key)
    for community_id in Community.objects.filter(course_key=course_key).values_list("id", flat=True):
        _sync_community(course_key, community_id, with_members=False)
    _sync_people(course_key, list(Membership.objects.filter(course_key=course_key).values_list("user_id", flat=True)))


def _sync_community(course_key, community_id, with_members=True):
    """Create (or link by name) the community's cohort, or rename it after the community."""
    community = Community.objects.filter(id=community_id, course_key=course_key).first()
    if community is None:
        return
    if community.cohort_id is not None:
        platform.rename_cohort(course_key, community.cohort_id, community.name)
        return
    existing = {name_key(name): cid for cid, name in platform.course_cohorts(course_key)}
    cohort_id = existing.get(community.name_key)
    if cohort_id is None or Community.objects.filter(course_key=course_key, cohort_id=cohort_id).exists():
        cohort_id = platform.create_cohort(course_key, community.name)
    Community.objects.filter(id=community.id, cohort_id__isnull=True).update(cohort_id=cohort_id)
    if with_members:
        _sync_people(course_key, list(Membership.objects.filter(community_id=community.id)
                                      .values_list("user_id", flat=True)))


def _sync_people(course_key, user_ids):
    """Each person in the cohort of their community; out of a mirrored cohort when in no community."""
    placed = dict(Membership.objects.filter(course_key=course_key, user_id__in=user_ids)
                  .values_list("user_id", "community_id"))
    cohort_of_community = dict(Community.objects.filter(id__in=set(placed.values())).values_list("id", "cohort_id"))
    usernames = dict(Participant.objects.filter(course_key=course_key, user_id__in=user_ids)
                     .values_list("user_id", "username"))
    mirrored = set(Community.objects.filter(course_key=course_key, cohort_id__isnull=False)
                   .values_list("cohort_id", flat=True))
    for user_id in user_ids:
        username = usernames.get(user_id)
        if not username:
            log.warning("No username known for user %s: not mirrored in a cohort", user_id)
            continue
        try:
            community_id = placed.get(user_id)
            if community_id is not None:
                cohort_id = cohort_of_community.get(community_id)
                if cohort_id is None:
                    _sync_community(course_key, community_id)  # gives it a cohort and fills it
                else:
                    platform.add_to_cohort(course_key, cohort_id, username)
            else:
                current = platform.cohort_of(course_key, username)
                if current in mirrored:
                    platform.remove_from_cohort(course_key, current, username)
        except Exception:  # pylint: disable=broad-except
            # One person's failure does not stop the others.
            log.exception("Could not mirror user %s in the cohorts of %s", user_id, course_key)
