"""Above the capabilities: may this person write in this community's activities now?

Every capability whose members write in a community (cases, ideas, the
discussion, and the ones to come) calls ``require_can_write`` before its
transaction. The gate asks, in this order: is the person signed in and inside
a course (not Studio, a preview or a library); do they take part in this
community; is the community open for them (archived ones are read-only for
their members); then each of ``WRITE_CHECKS``, the conditions capabilities
put on writing (not muted by the moderation, the charter accepted).

A capability that adds a condition on writing writes it in its own api
module as ``check(actor, *, community_id, roles)`` returning None (nothing to
ask of this person) or ``(sql, params, judge)``: a scalar SQL expression that
reads what the condition needs (written once per process from the models'
names, ``tables.written_once``), its parameters, and ``judge(value)`` raising
a ``CapError``. It adds the check to ``WRITE_CHECKS`` here: one line. The gate
asks every expression in one query (``SELECT (sql), (sql)``), then the judges
in order. Built with the ORM, that query cost about 1.5 ms of Python per write
for a query the database answers in 0.04 ms. The gate imports those modules; they
never import the gate, so the layers stay one-way.
"""

from .. import permissions
from ..errors import NotAllowed, NotFound
from ..i18n import gettext as _
from ..models import Community
from . import charter, moderation, tables
from .access import roles_of

# The conditions capabilities put on writing, judged in this order (the first refusal answers).
WRITE_CHECKS = (
    moderation.mute_check,  # muted by the facilitation: reading stays open
    charter.acceptance_check,  # members accept their community's current charter first
)


def require_can_write(actor, *, community_id, roles=None):
    """Raise unless ``actor`` may write in ``community_id``'s activities (cases, ideas, discussion).

    Members and facilitators of the community, and course staff, may write;
    members once they accepted the current version of its charter, and not in an
    archived community (read-only for its members; its facilitators and staff keep acting).
    Returns the actor's ``Roles``. Raises NotAllowed (anonymous, ``not_in_course``,
    ``community_archived``, ``muted``, ``charter_not_accepted``), NotFound (not their community).
    """
    permissions.require_authenticated(actor)
    roles = roles or roles_of(actor)
    if not permissions.can_take_part(roles, community_id):
        raise NotFound(_("This community does not exist."), code="community_not_found")
    if permissions.is_read_only(roles, community_id):
        raise NotAllowed(_("This community is archived: you can still read it, but no longer write in it."),
                         code="community_archived")
    asked = [found for found in (check(actor, community_id=community_id, roles=roles) for check in WRITE_CHECKS)
             if found]
    if asked:
        # Every condition in one query (a facilitator or staff: usually none to ask).
        with tables.connection_for(Community).cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(f"({sql})" for sql, _params, _judge in asked),
                           [value for _sql, params, _judge in asked for value in params])
            values = cursor.fetchone()
        for (_sql, _params, judge), value in zip(asked, values):
            judge(value)
    return roles
