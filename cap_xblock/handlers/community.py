"""Handlers of "Ma communauté": what a learner or facilitator sees of their communities."""

from ..api import communities
from ..api.data import to_json
from .base import json_handler
from .fragments import wants_fragment
from .host import BlockHost


class CommunityHandlers(BlockHost):
    """Mixin of the block: community view data for every role."""

    @json_handler("GET")
    def community_state(self, actor, payload):  # pylint: disable=unused-argument
        """The person's role, their community (learner) and the communities they lead."""
        return to_json(communities.view_for(actor))

    @json_handler("GET")
    def community_detail(self, actor, payload):
        """One community with its members and facilitators (members, its facilitators, staff); with ``answer``:
        ``fragment``, its members as the options of the moderation desk's « Membre »."""
        community = communities.get_community(actor, community_id=payload.get("community_id"))
        if wants_fragment(payload):
            return {"id": community.id, "members_html": self._render("moderation_members.html",
                                                                     members=community.members)}
        return to_json(community)
