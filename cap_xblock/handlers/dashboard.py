"""Handlers of the facilitator's dashboard, the course team's view, notification preferences, unsubscribe
links and « Quoi de neuf ». Rules are decided in ``api.dashboard``, ``api.course_view``,
``api.notifications`` and ``api.whats_new``; these handlers parse, render and answer.
"""

from webob import Response
from xblock.core import XBlock

from .. import i18n, permissions, platform
from ..api import course_view, dashboard, notifications, whats_new
from ..api.data import to_json
from ..errors import CapError, InvalidInput, MethodNotAllowed
from ..i18n import gettext as _
from .base import MAX_BODY_BYTES, Section, actor_of, error_response, json_handler, query_payload
from .host import BlockHost

MAX_TOKEN_LENGTH = 200


class DashboardHandlers(BlockHost):
    """Mixin of the block: « Tableau de bord », the course team's view, notifications, « Quoi de neuf »."""

    # --- the facilitator's dashboard ------------------------------------------------------------

    def _dashboard_html(self, actor, payload):
        board = dashboard.dashboard(actor, community_id=payload.get("community_id") or None,
                                    silent_days=payload.get("silent_days") or dashboard.DEFAULT_SILENT_DAYS)
        return board, self._render("dashboard.html", board=board, uid=whats_new.block_uid(actor.block_key) + "-db",
                                   block_uid=whats_new.block_uid(actor.block_key), max_days=dashboard.MAX_SILENT_DAYS)

    @json_handler("GET")
    def dashboard_view(self, actor, payload):
        """The dashboard of the communities the actor leads (``community_id``, ``silent_days``): ``{html, data}``."""
        board, rendered = self._dashboard_html(actor, payload)
        platform.publish_event(self, "cap.dashboard.viewed", {"communities": [item.id for item in board.communities],
                                                              "silent_days": board.silent_days})
        return {"html": rendered, "data": to_json(board)}

    def render_dashboard_section(self, actor, community_view):
        """« Tableau de bord »: for facilitators (staff have the course team's view)."""
        if community_view.role != "facilitator":
            return None
        _board, rendered = self._dashboard_html(actor, {})
        return Section(key="dashboard", title=_("Dashboard"), html=rendered, js_files=["dashboard.js"],
                       strings={"dashboard_updated": _("The dashboard is up to date.")})

    # --- the course team's view -----------------------------------------------------------------

    def _overview_html(self, actor, payload):
        view = course_view.course_view(actor, page=payload.get("page") or 1)
        return view, self._render("course_view.html", view=view, uid=whats_new.block_uid(actor.block_key) + "-cv",
                                  export_url=self.runtime.handler_url(self, "participation_export"))

    @json_handler("GET")
    def course_overview(self, actor, payload):
        """Every community of the course side by side, a page at a time (``page``): ``{html, data}``. Staff."""
        view, rendered = self._overview_html(actor, payload)
        return {"html": rendered, "data": to_json(view)}

    @json_handler("GET")
    def participation_export(self, actor, payload):  # pylint: disable=unused-argument
        """The participation export (CSV, one row per learner, counts only). Staff."""
        text = course_view.participation_csv(actor)
        platform.publish_event(self, "cap.course_view.exported", {"rows": max(0, text.count("\r\n") - 1)})
        return Response(body=text.encode("utf-8-sig"), content_type="text/csv", charset="utf-8",
                        content_disposition='attachment; filename="participation.csv"')

    def render_overview_section(self, actor, community_view):
        """The course team's view: for course staff only."""
        if community_view.role != "staff":
            return None
        _view, rendered = self._overview_html(actor, {})
        return Section(key="overview", title=_("Course overview"), html=rendered, js_files=["dashboard.js"],
                       strings={"dashboard_updated": _("The dashboard is up to date.")})

    # --- notification preferences ---------------------------------------------------------------

    def _preferences_html(self, actor, preferences):
        return self._render("notifications.html", preferences=preferences,
                            uid=whats_new.block_uid(actor.block_key) + "-np")

    @json_handler("GET")
    def notification_preferences(self, actor, payload):  # pylint: disable=unused-argument
        """The actor's choices: ``{kinds: [{key, label, frequency, choices}]}``."""
        return to_json(notifications.get_preferences(actor))

    @json_handler("POST")
    def notification_save(self, actor, payload):
        """Record the actor's choices: ``choices`` = ``{kind: frequency}``."""
        choices = payload.get("choices")
        if not isinstance(choices, dict):
            raise InvalidInput(_("Choose how often for each kind of news."), code="invalid_choices")
        preferences = notifications.set_preferences(actor, choices=choices)
        platform.publish_event(self, "cap.notifications.preferences_saved",
                               {item.key: item.frequency for item in preferences.kinds})
        return to_json(preferences)

    def render_notifications_section(self, actor, community_view):  # pylint: disable=unused-argument
        """« Préférences de notification »: everyone in the course."""
        try:
            preferences = notifications.get_preferences(actor)
        except CapError:
            return None
        return Section(key="notifications", title=_("Notification preferences"),
                       html=self._preferences_html(actor, preferences), js_files=["dashboard.js"],
                       strings={"dashboard_saved": _("Your notification preferences are saved.")})

    # --- unsubscribe links (no login) -----------------------------------------------------------

    @XBlock.handler
    def unsubscribe(self, request, suffix=""):  # pylint: disable=unused-argument
        """The page an e-mail's « Stop these e-mails » opens, without a login (``thirdparty`` handler URL).

        GET ``token`` (and ``kind``): a confirmation form; POST the form (or JSON): the kinds are turned
        off. A browser gets HTML pages; any other client the JSON error contract. Nothing changes on GET,
        so a mail scanner that follows links unsubscribes nobody.
        """
        wants_html = "text/html" in (request.headers.get("Accept") or "")
        try:
            if request.method not in ("GET", "POST"):
                raise MethodNotAllowed()
            if not platform.in_course(self):
                # E-mails link to the course in the LMS; Studio, its preview and libraries refuse as
                # every handler does there (an anonymous visitor is asked to sign in).
                permissions.require_authenticated(actor_of(self))
            data = query_payload(request) if request.method == "GET" else _form_or_json(request)
            token = data.get("token")
            kind = data.get("kind") or None
            if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
                raise InvalidInput(_("This unsubscribe link is not complete."), code="invalid_token")
            if kind is not None and not isinstance(kind, str):
                raise InvalidInput(_("This unsubscribe link is not complete."), code="invalid_token")
            if request.method == "GET":
                current = notifications.check_token(token)
                result = {"token": token, "kind": kind or "", "kinds": current.kinds, "done": False}
            else:
                done = notifications.unsubscribe(token, kind)
                platform.publish_event(self, "cap.notifications.unsubscribed", {"kinds": done.kinds})
                result = {"kinds": done.kinds, "done": True}
        except CapError as error:
            if wants_html:
                return self._unsubscribe_page(message=error.message, status=error.status)
            return error_response(error)
        if not wants_html:
            return Response(json_body={key: value for key, value in result.items() if key != "token"},
                            charset="utf-8")
        return self._unsubscribe_page(**result)

    def _unsubscribe_page(self, status=200, **context):
        page = self._render("unsubscribe.html", language=i18n.current_language(),
                            action=self.runtime.handler_url(self, "unsubscribe", thirdparty=True),
                            names={kind.key: str(kind.label) for kind in notifications.KINDS}, **context)
        return Response(body=page.encode("utf-8"), status=status, content_type="text/html", charset="utf-8")

    # --- « Quoi de neuf » -----------------------------------------------------------------------

    def whats_new_for(self, actor, view, sections):
        """What changed since the actor's last visit, and the links e-mails about this block will carry."""
        if actor.is_anonymous or not actor.in_course:
            return None
        try:
            notifications.remember_links(actor, page_url=platform.block_page_url(self),
                                         unsubscribe_url=platform.unsubscribe_url(self))
        except Exception:  # pylint: disable=broad-except
            pass  # links are a convenience of the e-mails; never a reason not to show the block
        if view.waiting:
            return None
        return whats_new.whats_new(actor, sections=sections)


def _form_or_json(request):
    """The fields of a POST: a form (the unsubscribe page) or a JSON object."""
    if (request.content_length or 0) > MAX_BODY_BYTES or len(request.body) > MAX_BODY_BYTES:
        raise InvalidInput(_("The request is too large."), code="too_large")
    if (request.content_type or "").startswith("application/json"):
        import json  # pylint: disable=import-outside-toplevel

        try:
            data = json.loads(request.body.decode("utf-8") or "{}")
            # Lone surrogates ("\ud800") are text no database stores: refused here, as json_handler does.
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except (UnicodeError, ValueError, RecursionError):
            raise InvalidInput(_("The request is not valid JSON."), code="invalid_json") from None
        if not isinstance(data, dict):
            raise InvalidInput(_("The request must be a JSON object."), code="invalid_json")
        return data
    try:
        return {key: request.POST.get(key) for key in request.POST.keys()}
    except (UnicodeError, ValueError):
        raise InvalidInput(_("The request could not be understood."), code="invalid_form") from None
