"""Who may do what, by role: the single place that answers "may this actor ...?" from who they are.

The functions are pure: the api loads the facts (``Roles``, the owner of a
thing, a setting of the block) and asks here. What depends on the state of a
thing rather than on who acts (a brainstorm's vote closed, a case's step, a
locked thread, a mute, a charter not accepted) is decided by the api module of
its capability, and raised there with its own code; ``api/gate.py`` gathers
the conditions on writing in a community.
"""

from dataclasses import dataclass, field

from .errors import NotAllowed
from .i18n import gettext as _


@dataclass(frozen=True)
class Roles:
    """What one person is in one course's communities."""

    is_staff: bool = False
    member_of: int | None = None  # the community a learner belongs to
    leads: frozenset = field(default_factory=frozenset)  # communities they facilitate
    archived: frozenset = field(default_factory=frozenset)  # which of their communities are archived

    @property
    def is_facilitator(self):
        return bool(self.leads)

    def primary_role(self):
        """The role the block's view is built for: staff, facilitator or learner."""
        if self.is_staff:
            return "staff"
        if self.leads:
            return "facilitator"
        return "learner"


def require_authenticated(actor):
    """Raise NotAllowed for an anonymous visitor, and for anyone outside a course in the LMS.

    Every read and write of a community's life passes here (community
    resolution, automatic assignment, the write gate, management), so in
    Studio (its handler and preview) and in libraries nobody is placed in a
    community and nothing is written (``not_in_course``).
    """
    if actor.is_anonymous:
        raise NotAllowed(_("Sign in to take part in the community."), code="login_required")
    if not actor.in_course:
        raise NotAllowed(_("This activity takes place in the course, in the LMS. In Studio, a preview or a "
                           "library, nobody joins a community and nothing is recorded."), code="not_in_course")


def can_manage_communities(actor):
    """Course staff form, rename, archive communities and name facilitators."""
    return bool(actor.is_staff and not actor.is_anonymous)


def require_manage_communities(actor):
    """Raise NotAllowed unless ``actor`` is course staff."""
    require_authenticated(actor)
    if not can_manage_communities(actor):
        raise NotAllowed(_("Only the course team can manage communities."), code="staff_only")


def can_see_community(roles, community_id):
    """Members, facilitators of that community and course staff see a community."""
    return roles.is_staff or roles.member_of == community_id or community_id in roles.leads


def can_facilitate(roles, community_id):
    """Facilitators act only inside their own communities; course staff act everywhere."""
    return roles.is_staff or community_id in roles.leads


def can_take_part(roles, community_id):
    """Members and facilitators of a community (and staff) contribute to its activities."""
    return can_see_community(roles, community_id)


def is_read_only(roles, community_id):
    """An archived community is read-only for its members; its facilitators and staff keep acting in it."""
    return community_id in roles.archived and not can_facilitate(roles, community_id)


def is_member(roles, community_id):
    """Only a community's members (learners) present cases, vote and accept its charter."""
    return roles.member_of == community_id


def can_moderate(roles, community_id):
    """A community's facilitators and course staff moderate it (reports, hiding, mutes)."""
    return can_facilitate(roles, community_id)


def can_delete_permanently(roles):
    """Only course staff erase a message for good."""
    return roles.is_staff


def can_move_case(roles, community_id, is_owner, owner_can_advance):
    """The community's facilitators (and staff) move a case between steps; its owner too when the block allows."""
    return can_facilitate(roles, community_id) or (is_owner and owner_can_advance)


def can_read_shared_entry(roles, author_community_id):
    """A journal entry shared by its author is read by the facilitators of the author's community, now.

    Course staff status gives nothing: staff see counts, never journal text.
    """
    return bool(roles.leads) and author_community_id in roles.leads
