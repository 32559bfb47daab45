"""Handlers of "Ma communauté": what a learner or facilitator sees of their communities."""

from ..api import communities
from ..api.data import to_json
from .base import json_handler


class CommunityHandlers:
    """Mixin of the block: community view data for every role."""

    @json_handler("GET")
    def community_state(self, actor, payload):  # pylint: disable=unused-argument
        """The person's role, their community (learner) and the communities they lead."""
        return to_json(communities.view_for(actor))

    @json_handler("GET")
    def community_detail(self, actor, payload):
        """One community with its members and facilitators (members, its facilitators, staff)."""
        return to_json(communities.get_community(actor, payload.get("community_id")))
