"""Handlers of "Gérer les communautés", the course staff's management area.

The area's tables (communities, people, their pagers) and the cohorts' form are parts rendered on the server:
in the first render of the staff view, and in the answer of a handler asked with ``answer``: ``fragment``
(decision 23). Then an action answers its JSON and the tables as the person sees them (``view``: the pages,
the filter and the search on screen), so that one request redraws what changed.
"""

import hashlib

from webob import Response

from .. import platform
from ..api import access, cohorts, communities, roster
from ..api.data import to_json
from ..errors import InvalidInput
from ..i18n import gettext as _
from .base import json_handler
from .fragments import wants_fragment
from .host import BlockHost
from .submissions import once_per_submission


def _view_of(payload):
    """The tables as the person sees them (``view``); anything but an object reads as the first pages."""
    view = payload.get("view")
    return view if isinstance(view, dict) else {}


def _community_row(community):
    """What a row of the communities' table shows, its labels written in the reader's language."""
    facilitators = [{
        "user_id": person.user_id,
        # Translators: a button; {name} is the facilitator withdrawn from a community.
        "label": _("Withdraw: {name}").format(name=person.display_name),
        # Translators: {name} is a facilitator, {community} the community they lead.
        "confirm": _("Withdraw {name} from the facilitators of « {community} »?").format(
            name=person.display_name, community=community.name),
    } for person in community.facilitators]
    return {
        "id": community.id, "name": community.name, "archived": community.archived,
        # Translators: the name of an archived community in the course team's list.
        "label": _("{name} (archived)").format(name=community.name) if community.archived else community.name,
        # Translators: a community's number of members and its target size.
        "size": _("{size} / {target}").format(size=community.size, target=community.target_size),
        "facilitator_names": ", ".join(p.display_name for p in community.facilitators) or _("None yet"),
        "facilitators": facilitators,
        # Translators: the label of a community's new name; {name} is its name now.
        "rename_label": _("New name for « {name} »").format(name=community.name),
    }


def _person_row(person, names):
    """What a row of the people's table shows: who, where, and the questions of its confirm steps."""
    community = names.get(person["community_id"], "") if person["community_id"] else ""
    if person["leads"]:
        # Translators: {names} are the communities a person facilitates.
        where = _("Facilitates: {names}").format(names=", ".join(names.get(i, "") for i in person["leads"]))
    else:
        where = community or _("Waiting for a community")
    return {
        "user_id": person["user_id"], "placed": bool(person["community_id"]), "where": where,
        "label": person["display_name"] + (f" ({person['username']})" if person["username"] else ""),
        # Translators: the accessible name of a control; {action} is what it does, {name} a person.
        "select_label": _("{action}: {name}").format(action=_("Place"), name=person["display_name"]),
        # Translators: {name} is a learner, {community} their community.
        "confirm": _("Remove {name} from « {community} »? They will wait for a community again.").format(
            name=person["display_name"], community=community),
    }


class ManageHandlers(BlockHost):
    """Mixin of the block: forming communities, for course staff only (checked in the api)."""

    def view_uid(self):
        """The prefix of the ids of the staff view's elements (one per block on a page)."""
        return "cap-" + hashlib.sha1(platform.block_key(self).encode("utf-8")).hexdigest()[:10]

    def _communities_shown(self, actor, page=1, archived=False):
        """What the communities' table shows: ``rows`` of a ``page``."""
        found = communities.list_communities(actor, page=page, include_archived=archived or False)
        return {"rows": [_community_row(c) for c in found.items], "page": found}

    def _people_shown(self, actor, page=1, query="", waiting=False):
        """What the people's table shows: ``rows`` of a ``page``, and the open communities to place them in."""
        found = communities.list_people(actor, page=page, query=query or "", waiting_only=waiting or False)
        ids = {p["community_id"] for p in found.items if p["community_id"]}
        ids.update(i for p in found.items for i in p["leads"])
        names = communities.community_names(actor, community_ids=ids) if ids else {}
        return {"rows": [_person_row(p, names) for p in found.items], "page": found,
                "choices": access.communities_to_choose(actor)}

    def _manage_communities_part(self, actor, page=1, archived=False):
        """The communities' rows and pager, rendered (``communities_html``, ``communities_pager_html``)."""
        shown = self._communities_shown(actor, page, archived)
        return {"communities_html": self._render("manage_communities.html", uid=self.view_uid(), **shown),
                "communities_pager_html": self._render("pager.html", page=shown["page"])}

    def _manage_people_part(self, actor, page=1, query="", waiting=False):
        """The people's rows and pager, rendered (``people_html``, ``people_pager_html``)."""
        shown = self._people_shown(actor, page, query, waiting)
        return {"people_html": self._render("manage_people.html", **shown),
                "people_pager_html": self._render("pager.html", page=shown["page"])}

    def manage_area(self, actor):
        """What the first render of the staff view draws with the parts: the first pages of both tables, the
        cohorts' settings."""
        return {"communities": self._communities_shown(actor), "people": self._people_shown(actor),
                "cohorts": cohorts.get_settings(actor.course_key)}

    def _manage_answer(self, actor, payload, answer, message=None):
        """``answer`` (the JSON); with ``answer``: ``fragment``, also the tables as ``view`` shows them."""
        if not wants_fragment(payload):
            return answer
        view = _view_of(payload)
        return dict(answer, message=message or _("Saved."),
                    **self._manage_communities_part(actor, view.get("page"), view.get("archived")),
                    **self._manage_people_part(actor, view.get("people_page"), view.get("q"), view.get("waiting")))

    @json_handler("GET")
    def manage_communities(self, actor, payload):
        """A page of the course's communities with sizes and facilitators, and the course settings."""
        if wants_fragment(payload):
            return self._manage_communities_part(actor, payload.get("page"), payload.get("archived"))
        page = communities.list_communities(actor, page=payload.get("page"),
                                            include_archived=payload.get("archived") or False)
        return {"communities": to_json(page), "settings": to_json(communities.get_settings(actor.course_key)),
                "cohorts": to_json(cohorts.get_settings(actor.course_key))}

    @json_handler("POST")
    def manage_cohort_mirror(self, actor, payload):
        """Turn on or off the mirroring of the course's communities as Open edX cohorts (``mirror``)."""
        settings = cohorts.set_mirror(actor, mirror=payload.get("mirror"))
        platform.publish_event(self, "cap.community.cohort_mirror_changed", {"mirror": settings.mirror})
        if wants_fragment(payload):
            return dict(to_json(settings), message=_("Saved."), cohorts_html=self._render(
                "manage_cohorts.html", cohorts=settings, uid=self.view_uid()))
        return to_json(settings)

    @json_handler("GET")
    def manage_cohorts(self, actor, payload):  # pylint: disable=unused-argument
        """The course's Open edX cohorts, each with the community that mirrors it."""
        return {"cohorts": cohorts.list_cohorts(actor), "settings": to_json(cohorts.get_settings(actor.course_key))}

    @json_handler("POST")
    def manage_from_cohorts(self, actor, payload):
        """Make communities of the course's cohorts not mirrored yet (``cohort_ids``: only these)."""
        report = cohorts.create_from_cohorts(actor, cohort_ids=payload.get("cohort_ids"))
        platform.publish_event(self, "cap.community.created_from_cohorts", {
            "created": len(report["created"]), "linked": len(report["linked"]), "placed": report["placed"]})
        # Translators: {created}, {linked} and {placed} are numbers.
        message = _("Communities created: {created}; linked to a community of the same name: {linked}; "
                    "learners placed: {placed}.").format(created=len(report["created"]), linked=len(report["linked"]),
                                                         placed=report["placed"])
        return self._manage_answer(actor, payload, report, message)

    @json_handler("POST")
    def manage_settings(self, actor, payload):
        """Change the target size and/or the assignment mode of the course."""
        settings = communities.update_settings(actor, target_size=payload.get("target_size"),
                                               assignment_mode=payload.get("assignment_mode"))
        platform.publish_event(self, "cap.community.settings_changed",
                               {"target_size": settings.target_size, "assignment_mode": settings.assignment_mode})
        return self._manage_answer(actor, payload, to_json(settings))

    @json_handler("POST")
    @once_per_submission("community")
    def manage_create(self, actor, payload):
        """Open a community."""
        community = communities.create_community(actor, name=payload.get("name"))
        platform.publish_event(self, "cap.community.created", {"community_id": community.id})
        return self._manage_answer(actor, payload, to_json(community))

    @json_handler("POST")
    def manage_rename(self, actor, payload):
        """Rename a community."""
        community = communities.rename_community(actor, community_id=payload.get("community_id"),
                                                 name=payload.get("name"))
        platform.publish_event(self, "cap.community.renamed", {"community_id": community.id})
        return self._manage_answer(actor, payload, to_json(community))

    @json_handler("POST")
    def manage_archive(self, actor, payload):
        """Archive a community, or bring it back (``archived``: false)."""
        community = communities.set_archived(actor, community_id=payload.get("community_id"),
                                             archived=payload.get("archived", True))
        platform.publish_event(self, "cap.community.archived",
                               {"community_id": community.id, "archived": community.archived})
        return self._manage_answer(actor, payload, to_json(community))

    @json_handler("GET")
    def manage_people(self, actor, payload):
        """A page of the people seen in the course, with their community (``waiting`` keeps the unplaced)."""
        if wants_fragment(payload):
            return self._manage_people_part(actor, payload.get("page"), payload.get("q"), payload.get("waiting"))
        return to_json(communities.list_people(
            actor, page=payload.get("page"), query=payload.get("q") or "", waiting_only=payload.get("waiting") or False
        ))

    @json_handler("POST")
    def manage_place(self, actor, payload):
        """Place a learner in a community or move them to another one."""
        community = communities.place_learner(actor, user_id=payload.get("user_id"),
                                              community_id=payload.get("community_id"))
        platform.publish_event(self, "cap.community.learner_placed",
                               {"community_id": community.id, "user_id": payload.get("user_id")})
        return self._manage_answer(actor, payload, to_json(community))

    @json_handler("POST")
    def manage_unplace(self, actor, payload):
        """Take a learner out of their community."""
        communities.remove_learner(actor, user_id=payload.get("user_id"))
        platform.publish_event(self, "cap.community.learner_removed", {"user_id": payload.get("user_id")})
        return self._manage_answer(actor, payload, {"removed": True})

    @json_handler("POST")
    def manage_add_facilitator(self, actor, payload):
        """Name someone facilitator of a community."""
        community = communities.add_facilitator(actor, community_id=payload.get("community_id"),
                                                user_id=payload.get("user_id"))
        platform.publish_event(self, "cap.community.facilitator_named",
                               {"community_id": community.id, "user_id": payload.get("user_id")})
        return self._manage_answer(actor, payload, to_json(community))

    @json_handler("POST")
    def manage_remove_facilitator(self, actor, payload):
        """Withdraw a facilitator from a community."""
        community = communities.remove_facilitator(actor, community_id=payload.get("community_id"),
                                                   user_id=payload.get("user_id"))
        platform.publish_event(self, "cap.community.facilitator_withdrawn",
                               {"community_id": community.id, "user_id": payload.get("user_id")})
        return self._manage_answer(actor, payload, to_json(community))

    @json_handler("POST")
    def manage_import(self, actor, payload):
        """Import a CSV of assignments (``csv``: the file's text; ``dry_run``: check only)."""
        try:
            report = roster.import_csv(actor, content=payload.get("csv"), dry_run=payload.get("dry_run") is True)
        except InvalidInput as error:
            problems = (error.details or {}).get("problems") if isinstance(error.details, dict) else None
            if problems and wants_fragment(payload):
                # Translators: a problem of an imported CSV file; {line} is its line number.
                lines = [_("Line {line}: {message}").format(line=p.get("line"), message=p.get("message"))
                         for p in problems]
                error.extra["problems_html"] = self._render("manage_problems.html", problems=lines)
            raise
        if not report["applied"]:
            # Translators: {learners} and {facilitators} are numbers.
            message = _("The file is valid: {learners} learner(s), {facilitators} facilitator(s). "
                        "Nothing is changed until you import it.").format(**report)
            return dict(report, message=message) if wants_fragment(payload) else report
        platform.publish_event(self, "cap.community.imported", {
            "learners": report["learners"], "facilitators": report["facilitators"],
            "new_communities": len(report["new_communities"])})
        # Translators: {learners} and {facilitators} are numbers.
        message = _("Imported: {learners} learner(s), {facilitators} facilitator(s).").format(**report)
        return self._manage_answer(actor, payload, report, message)

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
