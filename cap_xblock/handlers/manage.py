"""Handlers of "Gérer les communautés", the course staff's management area."""

from webob import Response

from .. import platform
from ..api import cohorts, communities, roster
from ..api.data import to_json
from .base import json_handler
from .submissions import once_per_submission


class ManageHandlers:
    """Mixin of the block: forming communities, for course staff only (checked in the api)."""

    @json_handler("GET")
    def manage_communities(self, actor, payload):
        """A page of the course's communities with sizes and facilitators, and the course settings."""
        page = communities.list_communities(actor, page=payload.get("page"),
                                            include_archived=payload.get("archived") or False)
        return {"communities": to_json(page), "settings": to_json(communities.get_settings(actor.course_key)),
                "cohorts": to_json(cohorts.get_settings(actor.course_key))}

    @json_handler("POST")
    def manage_cohort_mirror(self, actor, payload):
        """Turn on or off the mirroring of the course's communities as Open edX cohorts (``mirror``)."""
        settings = cohorts.set_mirror(actor, payload.get("mirror"))
        platform.publish_event(self, "cap.community.cohort_mirror_changed", {"mirror": settings.mirror})
        return to_json(settings)

    @json_handler("GET")
    def manage_cohorts(self, actor, payload):  # pylint: disable=unused-argument
        """The course's Open edX cohorts, each with the community that mirrors it."""
        return {"cohorts": cohorts.list_cohorts(actor), "settings": to_json(cohorts.get_settings(actor.course_key))}

    @json_handler("POST")
    def manage_from_cohorts(self, actor, payload):
        """Make communities of the course's cohorts not mirrored yet (``cohort_ids``: only these)."""
        report = cohorts.create_from_cohorts(actor, payload.get("cohort_ids"))
        platform.publish_event(self, "cap.community.created_from_cohorts", {
            "created": len(report["created"]), "linked": len(report["linked"]), "placed": report["placed"]})
        return report

    @json_handler("POST")
    def manage_settings(self, actor, payload):
        """Change the target size and/or the assignment mode of the course."""
        settings = communities.update_settings(actor, target_size=payload.get("target_size"),
                                               assignment_mode=payload.get("assignment_mode"))
        platform.publish_event(self, "cap.community.settings_changed",
                               {"target_size": settings.target_size, "assignment_mode": settings.assignment_mode})
        return to_json(settings)

    @json_handler("POST")
    @once_per_submission("community")
    def manage_create(self, actor, payload):
        """Open a community."""
        community = communities.create_community(actor, payload.get("name"))
        platform.publish_event(self, "cap.community.created", {"community_id": community.id})
        return to_json(community)

    @json_handler("POST")
    def manage_rename(self, actor, payload):
        """Rename a community."""
        community = communities.rename_community(actor, payload.get("community_id"), payload.get("name"))
        platform.publish_event(self, "cap.community.renamed", {"community_id": community.id})
        return to_json(community)

    @json_handler("POST")
    def manage_archive(self, actor, payload):
        """Archive a community, or bring it back (``archived``: false)."""
        community = communities.set_archived(actor, payload.get("community_id"), payload.get("archived", True))
        platform.publish_event(self, "cap.community.archived",
                               {"community_id": community.id, "archived": community.archived})
        return to_json(community)

    @json_handler("GET")
    def manage_people(self, actor, payload):
        """A page of the people seen in the course, with their community (``waiting`` keeps the unplaced)."""
        return to_json(communities.list_people(
            actor, page=payload.get("page"), query=payload.get("q") or "", waiting_only=payload.get("waiting") or False
        ))

    @json_handler("POST")
    def manage_place(self, actor, payload):
        """Place a learner in a community or move them to another one."""
        community = communities.place_learner(actor, payload.get("user_id"), payload.get("community_id"))
        platform.publish_event(self, "cap.community.learner_placed",
                               {"community_id": community.id, "user_id": payload.get("user_id")})
        return to_json(community)

    @json_handler("POST")
    def manage_unplace(self, actor, payload):
        """Take a learner out of their community."""
        communities.remove_learner(actor, payload.get("user_id"))
        platform.publish_event(self, "cap.community.learner_removed", {"user_id": payload.get("user_id")})
        return {"removed": True}

    @json_handler("POST")
    def manage_add_facilitator(self, actor, payload):
        """Name someone facilitator of a community."""
        community = communities.add_facilitator(actor, payload.get("community_id"), payload.get("user_id"))
        platform.publish_event(self, "cap.community.facilitator_named",
                               {"community_id": community.id, "user_id": payload.get("user_id")})
        return to_json(community)

    @json_handler("POST")
    def manage_remove_facilitator(self, actor, payload):
        """Withdraw a facilitator from a community."""
        community = communities.remove_facilitator(actor, payload.get("community_id"), payload.get("user_id"))
        platform.publish_event(self, "cap.community.facilitator_withdrawn",
                               {"community_id": community.id, "user_id": payload.get("user_id")})
        return to_json(community)

    @json_handler("POST")
    def manage_import(self, actor, payload):
        """Import a CSV of assignments (``csv``: the file's text; ``dry_run``: check only)."""
        report = roster.import_csv(actor, payload.get("csv"), dry_run=payload.get("dry_run") is True)
        if report["applied"]:
            platform.publish_event(self, "cap.community.imported", {
                "learners": report["learners"], "facilitators": report["facilitators"],
                "new_communities": len(report["new_communities"])})
        return report

    @json_handler("GET")
    def manage_export(self, actor, payload):  # pylint: disable=unused-argument
        """The course's assignments as a CSV download."""
        text = roster.export_csv(actor)
        return Response(
            body=text.encode("utf-8-sig"),
            content_type="text/csv",
            charset="utf-8",
            content_disposition='attachment; filename="communautes.csv"',
        )
