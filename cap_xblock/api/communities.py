"""Communities (CAP cohorts) of a course: settings, forming, placing, facilitators.

Every function checks the actor's permission, validates its input and writes
in one transaction. Sizes are counted from membership rows.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from .. import permissions
from ..errors import Conflict, NotFound
from ..i18n import gettext as _
from ..models import Community, CourseConfig, Departure, FacilitatorRole, Membership, Participant
from ..models.community import NAME_LENGTH, name_key
from . import cohorts, people
from .access import config_row, forget, roles_of
from .community_data import CommunityDetail, CommunitySummary, CommunityView, CourseSettings
from .data import Page
from .validation import as_bool, as_choice, as_id, as_int, as_page, as_text

MIN_TARGET_SIZE = 3
MAX_TARGET_SIZE = 30
DEFAULT_TARGET_SIZE = 10
PAGE_SIZE = 20
MODES = (CourseConfig.AUTOMATIC, CourseConfig.MANUAL)


# --- settings --------------------------------------------------------------


def _settings(row):
    return CourseSettings(course_key=row.course_key, target_size=row.target_size, assignment_mode=row.assignment_mode)


def get_settings(course_key):
    """The course's ``CourseSettings`` (defaults until staff change them)."""
    return _settings(config_row(course_key))


def update_settings(actor, *, target_size=None, assignment_mode=None):
    """Change the course's target size and/or assignment mode. Staff only.

    Raises NotAllowed, InvalidInput.
    """
    permissions.require_manage_communities(actor)
    config_row(actor.course_key)
    with transaction.atomic():
        row = CourseConfig.objects.select_for_update().get(course_key=actor.course_key)
        if target_size is not None:
            row.target_size = as_int(target_size, "target_size", MIN_TARGET_SIZE, MAX_TARGET_SIZE)
        if assignment_mode is not None:
            row.assignment_mode = as_choice(assignment_mode, "assignment_mode", MODES)
        row.save()
    return _settings(row)


# --- what a person sees ----------------------------------------------------------


def _details(course_key, communities):
    """CommunityDetail for each community, in a constant number of queries."""
    ids = [community.id for community in communities]
    members = {}
    for community_id, user_id in Membership.objects.filter(community_id__in=ids).values_list(
        "community_id", "user_id"
    ):
        members.setdefault(community_id, []).append(user_id)
    leaders = {}
    for community_id, user_id in FacilitatorRole.objects.filter(community_id__in=ids).values_list(
        "community_id", "user_id"
    ):
        leaders.setdefault(community_id, []).append(user_id)
    everyone = {uid for uids in members.values() for uid in uids} | {uid for uids in leaders.values() for uid in uids}
    named = people.names(course_key, everyone)
    return [
        CommunityDetail(
            id=community.id,
            name=community.name,
            archived=community.archived,
            members=people.sort_people(named[uid] for uid in members.get(community.id, [])),
            facilitators=people.sort_people(named[uid] for uid in leaders.get(community.id, [])),
        )
        for community in communities
    ]


def view_for(actor, *, place=True):
    """What ``actor`` sees when they open the block (``CommunityView``).

    A learner with no community is placed automatically when the course is in
    automatic mode (unless ``place`` is False); in manual mode they wait.
    Raises NotAllowed for an anonymous visitor.
    """
    permissions.require_authenticated(actor)
    people.register_visit(actor)
    course_settings = get_settings(actor.course_key)
    roles = roles_of(actor)
    led = []
    if roles.leads:
        led = _details(actor.course_key, list(Community.objects.filter(id__in=roles.leads).order_by("name")))
    if roles.is_staff:
        return CommunityView(role="staff", settings=course_settings, led=led)
    community_id = roles.member_of
    if community_id is None and not roles.leads and place:
        if course_settings.assignment_mode == CourseConfig.AUTOMATIC:
            community_id = join_automatically(actor)
            if community_id is None:  # named facilitator meanwhile: not placed, see what they lead
                return view_for(actor, place=False)
    community = None
    if community_id is not None:
        community = _details(actor.course_key, [Community.objects.get(id=community_id)])[0]
    return CommunityView(
        role=roles.primary_role(),
        settings=course_settings,
        community=community,
        led=led,
        waiting=community is None and not roles.leads,
    )


def join_automatically(actor):
    """Place ``actor`` in the open community with the fewest members; open a new one when all are full.

    The course's config row is locked for the decision, so the target size
    holds when many learners arrive at the same moment; staff naming a
    facilitator and CSV imports take the same lock. Returns the community id,
    or None when the person facilitates a community of the course (they are
    not placed as a learner).
    """
    permissions.require_authenticated(actor)
    forget(actor)  # placed or not, the rest of the request reads their roles again
    config_row(actor.course_key)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                config = CourseConfig.objects.select_for_update().get(course_key=actor.course_key)
                existing = (
                    Membership.objects.filter(course_key=actor.course_key, user_id=actor.user_id)
                    .values_list("community_id", flat=True)
                    .first()
                )
                if existing is not None:
                    return existing
                if FacilitatorRole.objects.filter(community__course_key=actor.course_key,
                                                  user_id=actor.user_id).exists():
                    return None
                candidate = (
                    Community.objects.filter(course_key=actor.course_key, archived=False)
                    .annotate(size=Count("memberships"))
                    .filter(size__lt=config.target_size)
                    .order_by("size", "id")
                    .first()
                )
                if candidate is None:
                    candidate = _open_new_community(actor.course_key)
                Membership.objects.create(course_key=actor.course_key, user_id=actor.user_id, community=candidate)
                cohorts.people_changed(actor.course_key, [actor.user_id])
                return candidate.id
        except IntegrityError:
            # Another request placed this learner (or named a community) at
            # the same moment: read the state again.
            continue
    raise Conflict(_("We could not place you in a community. Reload the page to try again."))


def _open_new_community(course_key):
    """A new community with the next free default name, e.g. « Communauté 4 »."""
    number = Community.objects.filter(course_key=course_key).count() + 1
    while True:
        # Translators: default name of a community opened automatically; {number} is 1, 2, 3...
        name = _("Community {number}").format(number=number)
        if not Community.objects.filter(course_key=course_key, name_key=name_key(name)).exists():
            return Community.objects.create(course_key=course_key, name=name)
        number += 1


# --- staff: the list -------------------------------------------------------------


def list_communities(actor, *, page=1, include_archived=False):
    """A ``Page`` of ``CommunitySummary`` of the course, with sizes. Staff only."""
    permissions.require_manage_communities(actor)
    page = as_page(page)
    include_archived = as_bool(include_archived, "include_archived")
    target = get_settings(actor.course_key).target_size
    query = Community.objects.filter(course_key=actor.course_key)
    if not include_archived:
        query = query.filter(archived=False)
    total = query.count()
    rows = list(
        query.annotate(size=Count("memberships")).order_by("archived", "name", "id")[
            (page - 1) * PAGE_SIZE : page * PAGE_SIZE
        ]
    )
    leaders = {}
    for community_id, user_id in FacilitatorRole.objects.filter(community__in=[r.id for r in rows]).values_list(
        "community_id", "user_id"
    ):
        leaders.setdefault(community_id, []).append(user_id)
    named = people.names(actor.course_key, {uid for uids in leaders.values() for uid in uids})
    items = [
        CommunitySummary(
            id=row.id,
            name=row.name,
            size=row.size,
            target_size=target,
            archived=row.archived,
            facilitators=people.sort_people(named[uid] for uid in leaders.get(row.id, [])),
        )
        for row in rows
    ]
    return Page(items=items, page=page, page_size=PAGE_SIZE, total=total)


def community_names(actor, *, community_ids):
    """``{id: name}`` of these communities of the course, archived ones included (one query). Staff only."""
    permissions.require_manage_communities(actor)
    return dict(Community.objects.filter(course_key=actor.course_key, id__in=set(community_ids))
                .values_list("id", "name"))


def get_community(actor, *, community_id):
    """``CommunityDetail`` of one community, for its members, its facilitators and staff.

    Raises NotFound when it does not exist in the course or the actor may not see it.
    """
    permissions.require_authenticated(actor)
    community = _community(actor.course_key, community_id)
    if not permissions.can_see_community(roles_of(actor), community.id):
        raise NotFound()
    return _details(actor.course_key, [community])[0]


def _community(course_key, community_id, lock=False):
    community_id = as_id(community_id, "community_id")
    query = Community.objects.select_for_update() if lock else Community.objects
    try:
        return query.get(id=community_id, course_key=course_key)
    except Community.DoesNotExist:
        raise NotFound(_("This community does not exist."), code="community_not_found") from None


# --- staff: forming communities --------------------------------------------------------


def _clean_name(name):
    return as_text(name, "name", NAME_LENGTH)


def _name_taken(course_key, name, exclude_id=None):
    """Whether another community of the course has the same name (``name_key``: case, accents, spaces)."""
    query = Community.objects.filter(course_key=course_key, name_key=name_key(name))
    if exclude_id:
        query = query.exclude(id=exclude_id)
    return query.exists()


def _raise_name_taken(name):
    raise Conflict(
        # Translators: {name} is the name of a community.
        _("A community named « {name} » already exists in this course.").format(name=name),
        code="name_taken",
    )


def create_community(actor, *, name):
    """Open a new community. Staff only. Raises NotAllowed, InvalidInput, Conflict (name taken)."""
    permissions.require_manage_communities(actor)
    name = _clean_name(name)
    try:
        with transaction.atomic():
            if _name_taken(actor.course_key, name):
                _raise_name_taken(name)
            community = Community.objects.create(course_key=actor.course_key, name=name)
    except IntegrityError:
        _raise_name_taken(name)
    cohorts.community_changed(actor.course_key, community.id)
    return _details(actor.course_key, [community])[0]


def rename_community(actor, *, community_id, name):
    """Give a community a new name. Staff only. Raises NotAllowed, InvalidInput, NotFound, Conflict."""
    permissions.require_manage_communities(actor)
    name = _clean_name(name)
    try:
        with transaction.atomic():
            community = _community(actor.course_key, community_id, lock=True)
            if _name_taken(actor.course_key, name, exclude_id=community.id):
                _raise_name_taken(name)
            community.name = name
            community.save(update_fields=["name", "updated_at"])
    except IntegrityError:
        _raise_name_taken(name)
    cohorts.community_changed(actor.course_key, community.id)
    return _details(actor.course_key, [community])[0]


def set_archived(actor, *, community_id, archived):
    """Archive a community (it takes no new learners and leaves views) or bring it back. Staff only."""
    permissions.require_manage_communities(actor)
    forget(actor)  # staff may change their own roles too
    archived = as_bool(archived, "archived")
    with transaction.atomic():
        community = _community(actor.course_key, community_id, lock=True)
        community.archived = archived
        community.save(update_fields=["archived", "updated_at"])
    return _details(actor.course_key, [community])[0]


# --- staff: people ------------------------------------------------------------------


def _known_person(course_key, user_id):
    user_id = as_text(user_id, "user_id", 64)
    participant = Participant.objects.filter(course_key=course_key, user_id=user_id).first()
    if participant is None:
        raise NotFound(_("This person has not opened the course's community activity yet."), code="person_not_found")
    return participant


def place_learner(actor, *, user_id, community_id):
    """Place a learner in a community, or move them from the one they are in. Staff only.

    Raises NotAllowed, NotFound, Conflict (community full or archived, person is its facilitator).
    """
    permissions.require_manage_communities(actor)
    forget(actor)  # staff may change their own roles too
    participant = _known_person(actor.course_key, user_id)
    with transaction.atomic():
        config_row(actor.course_key)
        config = CourseConfig.objects.select_for_update().get(course_key=actor.course_key)
        community = _community(actor.course_key, community_id, lock=True)
        if community.archived:
            raise Conflict(_("This community is archived: it takes no new members."), code="community_archived")
        if FacilitatorRole.objects.filter(community=community, user_id=participant.user_id).exists():
            raise Conflict(_("This person facilitates this community: they cannot also be a member of it."),
                           code="is_facilitator")
        current = Membership.objects.filter(course_key=actor.course_key, user_id=participant.user_id).first()
        if current and current.community_id == community.id:
            return _details(actor.course_key, [community])[0]
        size = Membership.objects.filter(community=community).count()
        if size >= config.target_size:
            raise Conflict(
                # Translators: {name} is a community; {size} its number of members.
                _("« {name} » is full ({size} members). Raise the target size or choose another community.").format(
                    name=community.name, size=size
                ),
                code="community_full",
            )
        if current:
            current.community = community
            current.save(update_fields=["community"])
        else:
            Membership.objects.create(course_key=actor.course_key, user_id=participant.user_id, community=community)
    cohorts.people_changed(actor.course_key, [participant.user_id])
    return _details(actor.course_key, [community])[0]


def remove_learner(actor, *, user_id):
    """Take a learner out of their community (they wait to be placed again). Staff only."""
    permissions.require_manage_communities(actor)
    forget(actor)  # staff may change their own roles too
    participant = _known_person(actor.course_key, user_id)
    with transaction.atomic():
        deleted, _rows = Membership.objects.filter(course_key=actor.course_key, user_id=participant.user_id).delete()
    if not deleted:
        raise NotFound(_("This person is not in any community."), code="not_a_member")
    cohorts.people_changed(actor.course_key, [participant.user_id])


def add_facilitator(actor, *, community_id, user_id):
    """Name someone facilitator of a community. Staff only.

    Raises NotAllowed, NotFound, Conflict (they are a learner of that community).
    """
    permissions.require_manage_communities(actor)
    forget(actor)  # staff may change their own roles too
    participant = _known_person(actor.course_key, user_id)
    config_row(actor.course_key)
    with transaction.atomic():
        # The lock of automatic placement first: a first visit cannot place them meanwhile.
        CourseConfig.objects.select_for_update().get(course_key=actor.course_key)
        community = _community(actor.course_key, community_id, lock=True)
        if Membership.objects.filter(community=community, user_id=participant.user_id).exists():
            raise Conflict(
                _("This person is a member of this community: move them out before naming them facilitator."),
                code="is_member")
        FacilitatorRole.objects.get_or_create(community=community, user_id=participant.user_id)
    return _details(actor.course_key, [community])[0]


def remove_facilitator(actor, *, community_id, user_id):
    """Withdraw someone's facilitator role in a community. Staff only."""
    permissions.require_manage_communities(actor)
    forget(actor)  # staff may change their own roles too
    user_id = as_text(user_id, "user_id", 64)
    with transaction.atomic():
        community = _community(actor.course_key, community_id, lock=True)
        deleted, _rows = FacilitatorRole.objects.filter(community=community, user_id=user_id).delete()
    if not deleted:
        raise NotFound(_("This person does not facilitate this community."), code="not_a_facilitator")
    return _details(actor.course_key, [community])[0]


def list_people(actor, *, page=1, query="", waiting_only=False):
    """A ``Page`` of people seen in the course with their community, for staff to place them.

    ``waiting_only`` keeps the learners who are in no community and facilitate none, and who did not
    leave the course (a learner who unenrolled waits for nothing: ``api.lifecycle``).
    """
    permissions.require_manage_communities(actor)
    page = as_page(page)
    query = as_text(query, "q", 100, required=False)
    waiting_only = as_bool(waiting_only, "waiting")
    rows = Participant.objects.filter(course_key=actor.course_key, is_staff=False)
    if query:
        rows = rows.filter(Q(display_name__icontains=query) | Q(username__icontains=query))
    if waiting_only:
        members = Membership.objects.filter(course_key=actor.course_key).values("user_id")
        leaders = FacilitatorRole.objects.filter(community__course_key=actor.course_key).values("user_id")
        departed = Departure.objects.filter(course_key=actor.course_key).values("user_id")
        rows = rows.exclude(user_id__in=members).exclude(user_id__in=leaders).exclude(user_id__in=departed)
    total = rows.count()
    chunk = list(
        rows.order_by("display_name", "user_id").values("user_id", "username", "display_name")[
            (page - 1) * PAGE_SIZE : page * PAGE_SIZE
        ]
    )
    ids = [row["user_id"] for row in chunk]
    placed = dict(
        Membership.objects.filter(course_key=actor.course_key, user_id__in=ids).values_list("user_id", "community_id")
    )
    leads = {}
    for user_id, community_id in FacilitatorRole.objects.filter(
        community__course_key=actor.course_key, user_id__in=ids
    ).values_list("user_id", "community_id"):
        leads.setdefault(user_id, []).append(community_id)
    items = [dict(row, community_id=placed.get(row["user_id"]), leads=sorted(leads.get(row["user_id"], [])))
             for row in chunk]
    return Page(items=items, page=page, page_size=PAGE_SIZE, total=total)


# --- retirement -----------------------------------------------------------------------


def retire_user(user_id):
    """Memberships and facilitator roles are deleted (the community keeps going without them); so is the
    display-name snapshot, so nobody's name is left behind. Returns the number of rows touched."""
    touched = Membership.objects.filter(user_id=user_id).delete()[0]
    touched += FacilitatorRole.objects.filter(user_id=user_id).delete()[0]
    touched += Participant.objects.filter(user_id=user_id).delete()[0]
    # The community they left when they unenrolled: nobody to bring back.
    touched += Departure.objects.filter(user_id=user_id).delete()[0]
    return touched
