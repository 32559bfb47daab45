"""Below every capability: who is acting, their roles and their community, read once per request.

``Access`` is the request's ``Actor`` with a memory: the handler layer builds
one per request (``handlers.base.actor_of``) and every api function receives
it where it takes an ``actor``. ``roles_of`` reads the person's roles once for
it, and ``resolve_community`` finds the community they work in once. A plain
``Actor`` (tests, management commands) is read afresh each time it is asked.

An api function that changes the acting person's own roles (a first visit
placing them, staff naming facilitators, archiving) calls ``forget``, so the
rest of the request reads them again.

This module imports no capability: capabilities, the community forming of
``communities`` and the write gate (``gate``) are built on it.
"""

import unicodedata
from dataclasses import dataclass, field, fields

from django.db import IntegrityError, transaction

from .. import permissions
from ..errors import NotFound
from ..i18n import gettext as _
from ..models import Community, CourseConfig, FacilitatorRole, Membership
from . import tables
from .data import Actor
from .validation import as_id

# The fields an ``Access`` copies from the ``Actor`` it is opened for.
ACTOR_FIELDS = tuple(f.name for f in fields(Actor))

NO_COMMUNITY = object()


@dataclass(frozen=True)
class Access(Actor):
    """The acting person of one request, with their roles and community once they were read."""

    # What was read during this request (roles, resolved communities); never compared, never hashed.
    memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)


def open_access(actor):
    """The ``Access`` of ``actor`` for one request (``actor`` itself when it already is one)."""
    if isinstance(actor, Access):
        return actor
    return Access(**{name: getattr(actor, name) for name in ACTOR_FIELDS})


def forget(actor):
    """Drop what the request read about ``actor`` (their roles changed). Nothing to do for a plain ``Actor``."""
    if isinstance(actor, Access):
        actor.memo.clear()


MEMBER, LEADS = 0, 1


@tables.written_once
def _roles_sql(names):
    """The roles query. Every request reads roles: the ORM built and compiled the same union each time,
    about 0.7 ms of Python."""
    community, archived = names.table(Community), names.column(Community, "archived")
    picked = []
    for role, model, where in ((MEMBER, Membership, f"m.{names.column(Membership, 'course_key')} = %s"),
                               (LEADS, FacilitatorRole, f"c.{names.column(Community, 'course_key')} = %s")):
        picked.append(
            f"SELECT {role} AS role, m.{names.column(model, 'id')} AS id, "
            f"m.{names.column(model, 'community')} AS community_id, c.{archived} AS archived "
            f"FROM {names.table(model)} m "
            f"INNER JOIN {community} c ON c.{names.column(Community, 'id')} = m.{names.column(model, 'community')} "
            f"WHERE {where} AND m.{names.column(model, 'user_id')} = %s")
    return " UNION ALL ".join(picked)


def _load_roles(actor):
    """The ``permissions.Roles`` of ``actor`` in their course (one query: their membership and the
    communities they lead, side by side)."""
    if actor.is_anonymous:
        return permissions.Roles()
    connection = tables.connection_for(Membership)
    with connection.cursor() as cursor:
        cursor.execute(_roles_sql(connection),
                       [actor.course_key, actor.user_id, actor.course_key, actor.user_id])
        rows = sorted((role, row_id, community_id, bool(archived))
                      for role, row_id, community_id, archived in cursor.fetchall())
    # One membership per course; should there be more, the first one counts.
    member_of, archived = next(((row[2], {row[2]} if row[3] else set()) for row in rows if row[0] == MEMBER),
                               (None, set()))
    led = [(row[2], row[3]) for row in rows if row[0] == LEADS]
    # Archived communities stay led: their facilitators keep reading and moderating them (decision 0015).
    archived |= {community_id for community_id, is_archived in led if is_archived}
    return permissions.Roles(is_staff=actor.is_staff, member_of=member_of,
                             leads=frozenset(community_id for community_id, _archived in led),
                             archived=frozenset(archived))


def roles_of(actor):
    """The ``permissions.Roles`` of ``actor`` in their course: one query, once per request for an ``Access``."""
    if not isinstance(actor, Access):
        return _load_roles(actor)
    if "roles" not in actor.memo:
        actor.memo["roles"] = _load_roles(actor)
    return actor.memo["roles"]


def resolve_community(actor, *, community_id=None):
    """The community an activity of ``actor`` happens in, and their ``Roles``.

    A learner: their own community (a ``community_id`` that is not theirs is
    NotFound). A facilitator: the given community among those they lead, or
    the first one. Staff: any community of the course (the given one, or the
    first open one). Returns ``(community_id, roles)``; raises NotAllowed for
    an anonymous visitor and NotFound when there is no such community for them.
    """
    permissions.require_authenticated(actor)
    roles = roles_of(actor)
    wanted = as_id(community_id, "community_id") if community_id not in (None, "") else None
    memo = actor.memo if isinstance(actor, Access) else {}
    if ("community", wanted) not in memo:
        memo["community", wanted] = _resolve(actor, roles, wanted)
    if memo["community", wanted] is NO_COMMUNITY:
        raise NotFound(_("You are not in a community yet."), code="no_community")
    return memo["community", wanted], roles


def _resolve(actor, roles, wanted):
    if wanted is not None:
        if not permissions.can_see_community(roles, wanted) or not Community.objects.filter(
            id=wanted, course_key=actor.course_key
        ).exists():
            raise NotFound(_("This community does not exist."), code="community_not_found")
        return wanted
    if roles.member_of is not None:
        return roles.member_of
    if roles.leads:
        return min(roles.leads - roles.archived or roles.leads)
    if roles.is_staff:
        first = (
            Community.objects.filter(course_key=actor.course_key, archived=False)
            .order_by("name", "id").values_list("id", flat=True).first()
        )
        if first is not None:
            return first
    return NO_COMMUNITY


def communities_to_choose(actor, *, roles=None, own=False, limit=None):
    """``[(id, name)]`` of the communities ``actor`` may switch between, in alphabetical order (one query).

    Course staff: every open community of the course. Facilitators: the ones they lead, archived ones
    included (they keep looking after them); with ``own``, a member's own community too. The order
    ignores case and accents, whatever the database's collation; ``limit`` keeps the first ones.
    """
    roles = roles or roles_of(actor)
    query = Community.objects.filter(course_key=actor.course_key)
    if roles.is_staff:
        query = query.filter(archived=False)
    else:
        query = query.filter(id__in=set(roles.leads) | ({roles.member_of} if own and roles.member_of else set()))
    choices = sorted(query.values_list("id", "name"), key=lambda row: (_folded(row[1]), row[0]))
    return choices[:limit] if limit else choices


def _folded(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def config_row(course_key):
    """The course's ``CourseConfig`` row, created with defaults on first use (safe under concurrency)."""
    try:
        return CourseConfig.objects.get(course_key=course_key)
    except CourseConfig.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            return CourseConfig.objects.create(course_key=course_key)
    except IntegrityError:
        return CourseConfig.objects.get(course_key=course_key)
