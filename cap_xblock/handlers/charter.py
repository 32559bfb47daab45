"""Handlers of "Charte de la communauté": read, accept, edit a community's charter.

The block holds the course default in French and English (Studio fields declared in
``capabilities/charter.py``); ``api.charter`` decides everything else.
"""

from .. import dates, platform
from ..api import charter
from ..api.access import communities_to_choose, roles_of
from ..api.data import to_json
from ..i18n import gettext as _
from .base import Section, json_handler
from .fragments import wants_fragment
from .host import BlockHost
from .submissions import once_per_submission


def _date(iso):
    """A date the reader's language writes out (« 25 novembre 2026 »)."""
    return dates.format_date(iso)


def describe(state):
    """The sentences the charter section shows about ``state``, translated (also sent to the script)."""
    if state.is_default:
        meta = _("The course's default charter.")
    else:
        # Translators: {version} is a number; {name} a facilitator; {date} a date such as « 25 novembre 2026 ».
        meta = _("Version {version}, saved by {name} on {date}.").format(
            version=state.version, name=state.edited_by or "—", date=_date(state.edited_at))
    accepted = ""
    if state.is_member and state.accepted_version is not None:
        if state.must_accept:
            accepted = _("The charter has changed since you accepted it: accept its new version to keep writing.")
        else:
            # Translators: {date} is a date such as « 25 novembre 2026 ».
            accepted = _("You accepted this charter on {date}.").format(date=_date(state.accepted_at))
    elif state.is_member:
        accepted = _("Read your community's charter and accept it to write in this activity. Reading stays open.")
    count = ""
    if state.member_count is not None:
        # Translators: {accepted} and {members} are numbers of members of the community.
        count = _("{accepted} of {members} members accepted this version.").format(
            accepted=state.accepted_count, members=state.member_count)
    return {"meta": meta, "accepted_line": accepted, "count_line": count}


def describe_acceptance(item):
    """What the list of members says of one member's acceptance (an item of ``list_acceptances``)."""
    if item["accepted_version"] is None:
        return _("Not accepted yet")
    if item["current"]:
        # Translators: {date} is a date such as « 25 novembre 2026 ».
        return _("Accepted on {date}").format(date=_date(item["accepted_at"]))
    # Translators: {date} is a date such as « 25 novembre 2026 ».
    return _("Accepted an earlier version, on {date}: not this one yet").format(date=_date(item["accepted_at"]))


class CharterHandlers(BlockHost):
    """Mixin of the block: the community charter, and its course default from Studio."""

    # Its Studio settings, defined by its declaration's ``fields`` (annotations only: the block's fields answer).
    charter_fr: str
    charter_en: str

    def charter_defaults(self):
        """The block's default charter texts by language."""
        return {"fr": self.charter_fr, "en": self.charter_en}

    def charter_settings(self):
        """The block's ``CharterSettings`` (its default texts)."""
        return charter.CharterSettings(defaults=self.charter_defaults())

    def _charter_json(self, state):
        return dict(to_json(state), **describe(state))

    @json_handler("GET")
    def charter_state(self, actor, payload):
        """The current charter of the person's community (or of ``community_id``), with what they must do."""
        return self._charter_json(charter.get_charter(actor, community_id=payload.get("community_id"),
                                                      settings=self.charter_settings()))

    @json_handler("POST")
    def charter_accept(self, actor, payload):
        """A member accepts the version of the charter they read (``version``)."""
        state, created = charter.accept_charter(actor, community_id=payload.get("community_id"),
                                                version=payload.get("version"),
                                                settings=self.charter_settings())
        if created:
            platform.publish_event(self, "cap.charter.accepted",
                                   {"community_id": state.community_id, "version": state.version})
            self.record_progress(actor)
        return self._charter_json(state)

    @json_handler("POST")
    @once_per_submission("charter_version")
    def charter_save(self, actor, payload):
        """A facilitator (or staff) saves a new version of the community's charter.

        ``text`` (French), ``text_en`` (English; absent: kept as it is), ``version``.
        """
        state, created = charter.save_charter(actor, community_id=payload.get("community_id"), text=payload.get("text"),
                                              expected_version=payload.get("version"), settings=self.charter_settings(),
                                              text_en=payload.get("text_en"))
        if created:
            platform.publish_event(self, "cap.charter.edited",
                                   {"community_id": state.community_id, "version": state.version})
        return dict(self._charter_json(state), created=created)

    @json_handler("GET")
    def charter_acceptances(self, actor, payload):
        """A page of the community's members, the version of the charter each accepted, and a sentence saying so."""
        listed = charter.list_acceptances(actor, community_id=payload.get("community_id"), page=payload.get("page"))
        page = to_json(listed)
        for item in page["items"]:
            item["status"] = describe_acceptance(item)
        if wants_fragment(payload):
            # The rows and the pager, rendered (answer: "fragment"), as the section's script asks.
            return {"html": self._render("charter_acceptances.html", items=page["items"]),
                    "pager_html": self._render("pager.html", page=listed)}
        return page

    def render_charter_section(self, actor, view):
        """The charter section: to read and accept for members, to edit and follow for facilitators and staff."""
        roles = roles_of(actor)
        choices = communities_to_choose(actor, roles=roles)
        if roles.member_of is not None and roles.member_of not in [cid for cid, _name in choices]:
            choices.insert(0, (roles.member_of, view.community.name if view.community else ""))
        if not choices:
            return None
        state = charter.get_charter(actor, community_id=choices[0][0], settings=self.charter_settings())
        html = self._render("charter.html", state=state, lines=describe(state), choices=choices,
                            guardian=bool(roles.leads or roles.is_staff),
                            uid=f"cap-charter-{state.community_id}")
        strings = {
            "charter_accepted": _("Thank you: you accepted the charter. You can now write in this activity."),
            "charter_saved": _("New version saved: members will be asked to accept it."),
            "charter_unchanged": _("The text has not changed: no new version was saved."),
            "charter_note": _("Accept the community charter to write here."),
        }
        return Section(key="charter", title=_("Community charter"), html=html, js_files=["charter.js"],
                       strings=strings)
