"""Handlers of « Savoirs partagés »: knowledge sheets (drafting, consent, review, publication, withdrawal,
search, « Utile »), the network's directory and the exports for the organisation.

Every answer carries the server-rendered, autoescaped HTML of the part of the
section that changed (``part``: results, mine, sheet, directory, entry), so the
script only wires actions. Every rule is in ``api.knowledge`` and ``api.network``.
"""

import hashlib

from webob import Response

from .. import i18n, platform
from ..api import knowledge, knowledge_export, network
from ..api.data import to_json
from ..errors import InvalidInput
from ..i18n import gettext as _
from .base import Section, json_handler
from .fragments import wants_fragment
from .host import BlockHost
from .submissions import once_per_submission

EXPORT_FORMATS = ("markdown", "csv", "json", "print")


class KnowledgeHandlers(BlockHost):
    """Mixin of the block: the course's shared knowledge and its network."""

    def _knowledge_uid(self):
        return "cap-knowledge-" + hashlib.sha1(platform.block_key(self).encode("utf-8")).hexdigest()[:8]

    def _knowledge_render(self, template, **context):
        return self._render(template, uid=self._knowledge_uid(), **context)

    def _results_html(self, found):
        return self._knowledge_render("knowledge_results.html", found=found)

    def _mine_html(self, page):
        return self._knowledge_render("knowledge_mine.html", mine=page)

    def _sheet_html(self, detail, review=None):
        return self._knowledge_render("knowledge_sheet.html", sheet=detail, review=review)

    def _directory_html(self, page, query=""):
        return self._knowledge_render("knowledge_directory.html", directory=page, query=query)

    def _sheet_answer(self, actor, detail, message, review=None):
        return {"part": "sheet", "sheet": to_json(detail), "html": self._sheet_html(detail, review),
                "mine_html": self._mine_html(knowledge.my_sheets(actor)), "message": message}

    def render_knowledge_section(self, actor, community_view):
        """The section across the course: search, the sheets that concern the person, the network."""
        found = knowledge.search_sheets(actor, with_filters=True)
        html = self._knowledge_render(
            "knowledge.html", role=community_view.role, found=found,
            results_html=self._results_html(found), mine_html=self._mine_html(knowledge.my_sheets(actor)),
            sources=knowledge.draft_sources(actor), entry=network.my_entry(actor),
            directory_html=self._directory_html(network.list_directory(actor)),
            community_id=community_view.community.id if community_view.community else "",
            export={kind: self.runtime.handler_url(self, "knowledge_export", query=f"format={kind}")
                    for kind in EXPORT_FORMATS} if community_view.role == "staff" else {})
        strings = {
            "knowledge_useful_added": _("Marked as useful."),
            "knowledge_useful_removed": _("Mark taken back."),
            "knowledge_confirm_withdraw": _("Withdraw your consent? The sheet leaves at once every place it was "
                                            "published: the community, the course and the exports."),
        }
        return Section(key="knowledge", title=_("Shared knowledge"), html=html, js_files=["knowledge.js"],
                       strings=strings)

    # --- reading ------------------------------------------------------------------------

    @json_handler("GET")
    def knowledge_search(self, actor, payload):
        """A page of the sheets the actor may read (``query``, ``theme``, ``community_id``, ``order``: newest|useful,
        ``page``)."""
        found = knowledge.search_sheets(actor, query=payload.get("query"), theme=payload.get("theme"),
                                        community_id=payload.get("community_id"), order=payload.get("order"),
                                        page=payload.get("page"))
        platform.publish_event(self, "cap.knowledge.searched", {
            "has_query": bool(found.query), "theme": found.theme, "community_id": found.community_id,
            "order": found.order, "page": found.sheets.page, "total": found.sheets.total})
        return {"part": "results", "sheets": to_json(found.sheets), "html": self._results_html(found)}

    @json_handler("GET")
    def knowledge_mine(self, actor, payload):
        """A page of the sheets that concern the actor (``page``)."""
        page = knowledge.my_sheets(actor, page=payload.get("page"))
        return {"part": "mine", "sheets": to_json(page), "html": self._mine_html(page)}

    @json_handler("GET")
    def knowledge_sheet(self, actor, payload):
        """One sheet (``sheet_id``): what readers see, and consents and review for those it concerns."""
        detail = knowledge.get_sheet(actor, sheet_id=payload.get("sheet_id"))
        platform.publish_event(self, "cap.knowledge.viewed", {"sheet_id": detail.id})
        return {"part": "sheet", "sheet": to_json(detail), "html": self._sheet_html(detail)}

    @json_handler("GET")
    def knowledge_review(self, actor, payload):
        """The facilitator's review of a sheet (``sheet_id``): flags and exactly what readers will see."""
        review = knowledge.review_sheet(actor, sheet_id=payload.get("sheet_id"))
        return {"part": "sheet", "flags": to_json(review.flags), "sheet": to_json(review.sheet),
                "html": self._sheet_html(review.sheet, review)}

    # --- drafting -----------------------------------------------------------------------

    @json_handler("POST")
    @once_per_submission("knowledge_sheet")
    def knowledge_create(self, actor, payload):
        """Write a sheet from scratch (``title``, ``summary``, ``themes``: comma-separated, ``body``)."""
        detail = knowledge.create_sheet(actor, title=payload.get("title"), summary=payload.get("summary"),
                                        themes=payload.get("themes"), body=payload.get("body"),
                                        community_id=payload.get("community_id"))
        platform.publish_event(self, "cap.knowledge.drafted", {"sheet_id": detail.id, "source": "scratch"})
        return self._sheet_answer(actor, detail, _("The sheet is saved. Only the people it concerns see it."))

    @json_handler("POST")
    @once_per_submission("knowledge_draft")
    def knowledge_draft(self, actor, payload):
        """Draft a sheet pre-filled from a source (``source``: "case:<id>" or "brainstorm:<id>")."""
        source = payload.get("source")
        if not isinstance(source, str) or ":" not in source:
            raise InvalidInput(_("Choose where the sheet comes from."), code="invalid_source")
        kind, source_id = source.split(":", 1)
        detail = knowledge.draft_from_source(actor, kind=kind, source_id=source_id)
        platform.publish_event(self, "cap.knowledge.drafted", {
            "sheet_id": detail.id, "source": detail.source_kind, "source_id": int(source_id)})
        return self._sheet_answer(actor, detail, _("The sheet is drafted from its source: read it and complete it."))

    @json_handler("POST")
    def knowledge_update(self, actor, payload):
        """Change a sheet that is not published (``sheet_id``, ``title``, ``summary``, ``themes``, ``body``,
        ``base_version``); consents given on the earlier text no longer count."""
        detail = knowledge.update_sheet(actor, sheet_id=payload.get("sheet_id"), title=payload.get("title"),
                                        summary=payload.get("summary"), themes=payload.get("themes"),
                                        body=payload.get("body"), base_version=payload.get("base_version"))
        platform.publish_event(self, "cap.knowledge.edited", {"sheet_id": detail.id, "version": detail.version})
        return self._sheet_answer(actor, detail, _("Saved."))

    @json_handler("POST")
    def knowledge_quote(self, actor, payload):
        """Name a person the sheet quotes (``sheet_id``, ``user_id``): they consent or are anonymised."""
        detail = knowledge.quote_person(actor, sheet_id=payload.get("sheet_id"), user_id=payload.get("user_id"))
        platform.publish_event(self, "cap.knowledge.person_quoted", {"sheet_id": detail.id})
        return self._sheet_answer(actor, detail, _("Saved."))

    @json_handler("POST")
    def knowledge_anonymise(self, actor, payload):
        """Anonymise a quoted person, or name them again (``sheet_id``, ``quote_id``, ``anonymised``)."""
        detail = knowledge.set_anonymised(actor, sheet_id=payload.get("sheet_id"), quote_id=payload.get("quote_id"),
                                          anonymised=payload.get("anonymised", True))
        platform.publish_event(self, "cap.knowledge.anonymised", {
            "sheet_id": detail.id, "quote_id": int(payload.get("quote_id"))})
        return self._sheet_answer(actor, detail, _("Saved."))

    # --- consent, review, publication ----------------------------------------------------

    @json_handler("POST")
    def knowledge_consent(self, actor, payload):
        """Consent to a level of publication (``sheet_id``, ``level``: community|course|export, ``version`` read)."""
        detail = knowledge.give_consent(actor, sheet_id=payload.get("sheet_id"), level=payload.get("level"),
                                        version=payload.get("version"))
        platform.publish_event(self, "cap.knowledge.consented", {
            "sheet_id": detail.id, "level": payload.get("level"), "version": detail.version})
        return self._sheet_answer(actor, detail, _("Your consent is recorded. You may withdraw it at any time."))

    @json_handler("POST")
    def knowledge_withdraw(self, actor, payload):
        """Withdraw every consent the actor gave (``sheet_id``): the sheet leaves every place it was published."""
        detail = knowledge.withdraw_consent(actor, sheet_id=payload.get("sheet_id"))
        platform.publish_event(self, "cap.knowledge.withdrawn", {"sheet_id": detail.id})
        return self._sheet_answer(actor, detail, _("Your consent is withdrawn: the sheet is no longer published "
                                                   "anywhere."))

    @json_handler("POST")
    def knowledge_publish(self, actor, payload):
        """Publish a reviewed sheet at a level (``sheet_id``, ``level``, ``version`` reviewed). Facilitators."""
        detail = knowledge.publish_sheet(actor, sheet_id=payload.get("sheet_id"), level=payload.get("level"),
                                         version=payload.get("version"))
        platform.publish_event(self, "cap.knowledge.published", {"sheet_id": detail.id, "level": payload.get("level")})
        return self._sheet_answer(actor, detail, _("The sheet is published."))

    @json_handler("POST")
    def knowledge_unpublish(self, actor, payload):
        """Take a sheet back from a level (``sheet_id``, ``level``). Facilitators."""
        detail = knowledge.unpublish_sheet(actor, sheet_id=payload.get("sheet_id"), level=payload.get("level"))
        platform.publish_event(self, "cap.knowledge.unpublished", {
            "sheet_id": detail.id, "level": payload.get("level")})
        return self._sheet_answer(actor, detail, _("The sheet is no longer published there."))

    @json_handler("POST")
    def knowledge_useful(self, actor, payload):
        """Mark a sheet as useful or take the mark back (``sheet_id``, ``useful``: true|false)."""
        count, mine = knowledge.mark_useful(actor, sheet_id=payload.get("sheet_id"), useful=payload.get("useful", True))
        platform.publish_event(self, "cap.knowledge.useful_marked", {
            "sheet_id": int(payload.get("sheet_id")), "useful": mine})
        if wants_fragment(payload):
            sheet = {"id": int(payload.get("sheet_id")), "useful": count, "useful_by_me": mine}
            return {"useful": count, "useful_by_me": mine,
                    "button_html": self._render("knowledge_useful.html", sheet=sheet)}
        return {"useful": count, "useful_by_me": mine}

    # --- exports for the organisation --------------------------------------------------------

    @json_handler("GET")
    def knowledge_export(self, actor, payload):
        """The sheets published for the organisation (``format``: markdown|csv|json|print). Course staff."""
        kind = payload.get("format") or "markdown"
        if kind not in EXPORT_FORMATS:
            raise InvalidInput(_("Unknown download format."), code="invalid_format")
        if kind == "print":
            html = self._render("knowledge_print.html", language=i18n.current_language(),
                                sheets=knowledge_export.exported_sheets(actor))
            response = Response(body=html.encode("utf-8"), content_type="text/html", charset="utf-8")
        else:
            writer = {"markdown": knowledge_export.export_markdown, "csv": knowledge_export.export_csv,
                      "json": knowledge_export.export_json}[kind]
            filename, text = writer(actor)
            content_type = {"markdown": "text/markdown", "csv": "text/csv", "json": "application/json"}[kind]
            response = Response(body=text.encode("utf-8-sig" if kind == "csv" else "utf-8"),
                                content_type=content_type, charset="utf-8")
            response.content_disposition = f'attachment; filename="{filename}"'
        platform.publish_event(self, "cap.knowledge.exported", {"format": kind})
        return response

    # --- the network -------------------------------------------------------------------------

    @json_handler("GET")
    def network_directory(self, actor, payload):
        """A page of the network's directory (``query``, ``page``): people who opted in, what they chose."""
        page = network.list_directory(actor, query=payload.get("query"), page=payload.get("page"))
        return {"part": "directory", "people": to_json(page),
                "html": self._directory_html(page, payload.get("query") or "")}

    @json_handler("POST")
    def network_entry(self, actor, payload):
        """Opt in or out of the directory and choose what it shows (``listed``, ``organisation``, ``country``,
        ``role``, ``expertise``, ``languages``)."""
        entry = network.save_my_entry(actor, listed=payload.get("listed", False),
                                      **{name: payload.get(name) for name in network.FIELDS})
        platform.publish_event(self, "cap.network.entry_saved", {"listed": entry.listed})
        message = _("You are listed in the network.") if entry.listed else _("You are not listed in the network.")
        return {"part": "directory", "entry": to_json(entry), "message": message,
                "html": self._directory_html(network.list_directory(actor))}
