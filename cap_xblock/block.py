"""The ``cap`` XBlock: a CAP activity inside a course. Thin: fields, views, handler mixins."""

import hashlib

from django.conf import settings
from django.utils import timezone
from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.fields import Boolean, Integer, List, Scope, String
from xblock.utils.resources import ResourceLoader
from xblock.utils.studio_editable import StudioEditableXBlockMixin

from . import assets, i18n, platform
from .api import communities
from .errors import CapError
from .handlers.base import Section, actor_of
from .handlers.brainstorm import BrainstormHandlers
from .handlers.cases import CaseHandlers
from .handlers.charter import CharterHandlers
from .handlers.community import CommunityHandlers
from .handlers.dashboard import DashboardHandlers
from .handlers.discussion import DiscussionHandlers
from .handlers.health import HealthHandlers
from .handlers.journal import JournalHandlers
from .handlers.manage import ManageHandlers
from .handlers.mobile import MobileHandlers
from .handlers.moderation import ModerationHandlers
from .handlers.progress import PROGRESS_FIELDS, ProgressHandlers
from .handlers.sections import SectionHandlers
from .handlers.studio import StudioHandlers
from .handlers.studio_view import StudioViewMixin
from .i18n import gettext as _
from .i18n import gettext_lazy
from .models.charter import CHARTER_TEXT_LENGTH

loader = ResourceLoader("cap_xblock")

# Sections shown only to some roles.
SECTION_ROLES = {"moderation": ("facilitator", "staff"), "dashboard": ("facilitator",), "overview": ("staff",)}
# Sections every block shows (to the roles above): the charter, and the tools of facilitation and notifications.
ALWAYS_SHOWN = {"charter", "dashboard", "overview", "notifications"}
# Tools around the activity, not parts of it: the mobile apps list the activity's sections without them.
NOT_IN_MOBILE = {"dashboard", "overview", "notifications"}

# The sections a block can show, in the order of the learner view. A section
# is listed here only once its capability works end to end.
SECTIONS = {
    "community": gettext_lazy("My community"),
    "dashboard": gettext_lazy("Dashboard"),
    "overview": gettext_lazy("Course overview"),
    "charter": gettext_lazy("Community charter"),
    "journal": gettext_lazy("Reflective journal"),
    "cases": gettext_lazy("Cases (co-development)"),
    "brainstorm": gettext_lazy("Brainstorming"),
    "discussion": gettext_lazy("Discussion"),
    "moderation": gettext_lazy("Moderation"),
    "notifications": gettext_lazy("Notification preferences"),
}


def _section_choices(block):  # pylint: disable=unused-argument
    return [{"display_name": str(label), "value": key} for key, label in SECTIONS.items()]


@XBlock.needs("user")
@XBlock.needs("i18n")
@XBlock.wants("settings")
@XBlock.wants("studio_user_permissions")
class CapXBlock(StudioViewMixin, StudioHandlers, SectionHandlers, StudioEditableXBlockMixin, CommunityHandlers,
                ManageHandlers, CharterHandlers,
                JournalHandlers, BrainstormHandlers, CaseHandlers, HealthHandlers,
                DiscussionHandlers, ModerationHandlers, ProgressHandlers, MobileHandlers, DashboardHandlers, XBlock):
    """Communauté d'Apprentissage et de Pratiques: communities, and what they do together."""

    display_name = String(
        display_name=gettext_lazy("Title (French)"),
        help=gettext_lazy("The title people see above the activity (and Studio's outline shows). "
                          "Empty: the English title."),
        scope=Scope.settings,
        default="Communauté d'apprentissage et de pratiques",
    )
    display_name_en = String(
        display_name=gettext_lazy("Title (English)"),
        help=gettext_lazy("The title people whose language is English see. Empty: the French title."),
        scope=Scope.settings,
        default="",
    )
    guiding_question = String(
        display_name=gettext_lazy("Guiding question (French)"),
        help=gettext_lazy("The question the community works on in this activity. Empty: the English question."),
        scope=Scope.content,
        default="",
        multiline_editor=True,
    )
    guiding_question_en = String(
        display_name=gettext_lazy("Guiding question (English)"),
        help=gettext_lazy("The guiding question for people whose language is English. Empty: the French question."),
        scope=Scope.content,
        default="",
        multiline_editor=True,
    )
    sections = List(
        display_name=gettext_lazy("Sections shown"),
        help=gettext_lazy("The parts of the activity learners see."),
        scope=Scope.settings,
        default=list(SECTIONS),
        list_values_provider=_section_choices,
        list_style="set",
    )

    journal_prompts = List(
        display_name=gettext_lazy("Journal prompts"),
        help=gettext_lazy("The questions learners answer in their reflective journal, as a list of texts, "
                          "for example [\"What happened?\", \"What will you do differently?\"] (12 at most). "
                          "Empty ([]): the six questions of the reflective cycle (description, feelings, evaluation, "
                          "analysis, conclusion, action plan), in the learner's language."),
        scope=Scope.content,
        default=[],
    )
    vote_budget = Integer(
        display_name=gettext_lazy("Votes per member"),
        help=gettext_lazy("How many votes each member spreads over the ideas of the brainstorm (1 to 20)."),
        scope=Scope.settings,
        default=3,
    )

    owner_can_advance = Boolean(
        display_name=gettext_lazy("Case owners move their case's steps"),
        help=gettext_lazy("When on, the case owner may move their case to the next co-development step or back, "
                          "as the facilitator does."),
        scope=Scope.settings,
        default=False,
    )

    allow_anonymous_posts = Boolean(
        display_name=gettext_lazy("Anonymous posts in the discussion"),
        help=gettext_lazy("When on, members may post without their name being shown to the other members. "
                          "The facilitators and the course team still see who wrote."),
        scope=Scope.settings,
        default=False,
    )
    premoderation = Boolean(
        display_name=gettext_lazy("Pre-moderation of the discussion"),
        help=gettext_lazy("When on, the members' new posts wait for a facilitator's approval before the "
                          "community sees them."),
        scope=Scope.settings,
        default=False,
    )
    post_rate_limit = Integer(
        display_name=gettext_lazy("Posts per minute"),
        help=gettext_lazy("How many discussion posts a person may send in one minute (0: no limit)."),
        scope=Scope.settings,
        default=5,
    )

    open_sections = List(
        help="The sections this person keeps open in the learner view (interface state only).",
        scope=Scope.user_state,
        default=[],
    )

    editable_fields = ("display_name", "display_name_en", "guiding_question", "guiding_question_en", "sections",
                       "charter_fr", "charter_en", "journal_prompts",
                       "vote_budget", "owner_can_advance", "allow_anonymous_posts", "premoderation",
                       "post_rate_limit") + PROGRESS_FIELDS
    has_author_view = True
    # Scripts of sections opened after the first render are fetched from here.
    public_dir = "static"
    show_in_read_only_mode = True

    # --- helpers -------------------------------------------------------------

    def shown_sections(self):
        """The sections this block shows, in the learner view's order."""
        # The charter is always shown: members must be able to accept it before they write. So are the
        # facilitators' dashboard, the course team's view and everyone's notification preferences.
        chosen = set(self.sections or []) | ALWAYS_SHOWN
        return [key for key in SECTIONS if key in chosen]

    def in_language(self, french, english):
        """The text of the reader's language, or the other language's when it is empty."""
        first, second = (english, french) if i18n.current_language() == "en" else (french, english)
        return (first or "").strip() and first or second or ""

    def localized_title(self):
        """The title in the reader's language (French and English fields, each the other's fallback)."""
        return self.in_language(self.display_name, self.display_name_en)

    def localized_question(self):
        """The guiding question in the reader's language, falling back on the other language."""
        return self.in_language(self.guiding_question, self.guiding_question_en)

    def _render(self, template, **context):
        context.setdefault("block", self)
        return loader.render_django_template(
            f"templates/cap_xblock/{template}", context, i18n_service=i18n.catalog().for_templates()
        )

    def _fragment(self, html, js_files, init):
        fragment = Fragment(html)
        fragment.add_css(assets.css())
        for name in js_files:
            fragment.add_javascript(assets.javascript(name))
        fragment.initialize_js("CapXBlock", init)
        return fragment

    def _init_args(self, view, extra_strings=None):
        strings = {
            "network": _("The server could not be reached. Check your connection; nothing you typed was lost."),
            "saved": _("Saved."),
            # Translators: shown on a button while what it sends is on its way to the server.
            "sending": _("Sending…"),
            "loading": _("Loading…"),
            "confirm_archive": _("Archive this community? Its members stay in it, but nobody new joins."),
            "page": _("Page {page} of {pages}"),
            "previous": _("Previous"),
            "next": _("Next"),
            "none": _("None yet"),
            "rename": _("Rename"),
            "archive": _("Archive"),
            "restore": _("Restore"),
            "members": _("Members"),
            "place": _("Place"),
            "remove": _("Remove from community"),
            "name_facilitator": _("Name facilitator"),
            # Translators: a button; {name} is the facilitator withdrawn from a community.
            "remove_facilitator": _("Withdraw: {name}"),
            # Translators: {name} is a facilitator, {community} the community they lead.
            "confirm_remove_facilitator": _("Withdraw {name} from the facilitators of « {community} »?"),
            # Translators: {name} is a learner, {community} their community.
            "confirm_unplace": _("Remove {name} from « {community} »? They will wait for a community again."),
            "confirm": _("Confirm"),
            # Translators: the name of an archived community in the course team's list.
            "archived_name": _("{name} (archived)"),
            # Translators: the accessible name of a control; {action} is what it does, {name} a person.
            "action_for": _("{action}: {name}"),
            "choose_community": _("Choose a community"),
            "not_placed": _("Waiting for a community"),
            "facilitates": _("Facilitates: {names}"),
            "new_name": _("New name for « {name} »"),
            "import_ok": _("Imported: {learners} learner(s), {facilitators} facilitator(s)."),
            "import_check_ok": _("The file is valid: {learners} learner(s), {facilitators} facilitator(s). "
                                 "Nothing is changed until you import it."),
            "line": _("Line {line}: {message}"),
            "size": _("{size} / {target}"),
            # Translators: {created}, {linked} and {placed} are numbers.
            "cohorts_done": _("Communities created: {created}; linked to a community of the same name: {linked}; "
                              "learners placed: {placed}."),
            "save": _("Save"),
            "cancel": _("Cancel"),
            # Translators: {title} is the name of a section of the activity, e.g. « Journal réflexif ».
            "open_section": _("Open « {title} »"),
            # Translators: {title} is the name of a section of the activity.
            "close_section": _("Close « {title} »"),
        }
        strings.update(extra_strings or {})
        return {
            "view": view,
            # Every handler's URL is this one with another handler's name.
            "handler_url": self.runtime.handler_url(self, "section_view"),
            # The platform names its CSRF cookie (Django's CSRF_COOKIE_NAME; Open edX may rename it).
            "csrf_cookie": getattr(settings, "CSRF_COOKIE_NAME", "csrftoken"),
            "strings": strings,
        }

    # --- entry points: messages first from the runtime's i18n service --------------------

    def render(self, view, context=None):
        with i18n.speaking_for(self):
            return super().render(view, context)

    def handle(self, handler_name, request, suffix=""):
        with i18n.speaking_for(self):
            return super().handle(handler_name, request, suffix)

    # --- views ---------------------------------------------------------------

    @XBlock.supports("multi_device")
    def student_view(self, context=None):
        """The LMS view: by role (learner, facilitator, staff), dates in the person's time zone."""
        with timezone.override(platform.time_zone(self)):
            return self._student_view(context)

    def _student_view(self, context=None):  # pylint: disable=unused-argument
        actor = actor_of(self)
        try:
            view = communities.view_for(actor)
        except CapError as error:
            html = self._render("message.html", message=error.message)
            return self._fragment(html, [], {"view": "message"})
        if view.role == "learner" and view.community is not None and (self.graded or not self.completion_published):
            # Course-wide steps (the charter) may have been taken in another activity of the course.
            self.record_progress(actor)
        sections = self.visible_sections(view)
        news = self.whats_new_for(actor, view, sections)
        rendered = {key: section for key in self._sections_to_open(actor, view, sections)
                    if (section := self.render_one_section(actor, view, key)) is not None}
        html = self._render(
            "student.html",
            view=view,
            sections=sections,
            panels=[(key, str(SECTIONS[key]), rendered.get(key)) for key in sections if key != "community"],
            titles=[(key, str(SECTIONS[key])) for key in sections],
            whats_new=news,
            language=i18n.current_language(),
            title=self.localized_title(),
            guiding_question=self.localized_question(),
            uid="cap-" + hashlib.sha1(platform.block_key(self).encode("utf-8")).hexdigest()[:10],
            actor_id=actor.user_id,
            export_url=self.runtime.handler_url(self, "manage_export") if view.role == "staff" else "",
            min_size=communities.MIN_TARGET_SIZE,
            max_size=communities.MAX_TARGET_SIZE,
        )
        js_files = ["cap.js"]
        strings = {}
        for section in rendered.values():
            js_files += [name for name in section.js_files if name not in js_files]
            strings.update(section.strings)
        if view.role == "staff":
            js_files.append("manage.js")
        platform.publish_event(self, "cap.community.viewed", {"role": view.role})
        return self._fragment(html, js_files, self._init_args("student", strings))

    def visible_sections(self, view):
        """The sections shown to this person, in order (moderation only to those who moderate)."""
        if view.waiting:
            # Everything else happens inside a community.
            return [key for key in self.shown_sections() if key == "community"]
        return [key for key in self.shown_sections()
                if view.role in SECTION_ROLES.get(key, ("learner", "facilitator", "staff"))]

    def _sections_to_open(self, actor, view, sections):
        """The sections rendered in the first view: those the person keeps open, and a charter to accept."""
        if getattr(settings, "CAP_OPEN_ALL_SECTIONS", False):
            return [key for key in sections if key != "community"]
        wanted = set(self.open_sections or [])
        if "charter" in sections and view.role == "learner" and view.community is not None:
            from .api import charter  # pylint: disable=import-outside-toplevel

            try:
                charter.raise_unless_accepted(actor, view.community.id)
            except CapError:
                wanted.add("charter")
        return [key for key in sections if key in wanted]

    def render_one_section(self, actor, view, key):
        """One capability section (``render_<key>_section`` of its handler mixin), or None."""
        renderer = getattr(self, f"render_{key}_section", None)
        if renderer is None:
            return None
        try:
            return renderer(actor, view)
        except CapError as error:
            return Section(key=key, title=str(SECTIONS[key]), html=self._render("message.html", message=error.message))

    def author_view(self, context=None):  # pylint: disable=unused-argument
        """Studio's preview: the block's settings, without learner data."""
        html = self._render(
            "author.html",
            sections=[str(SECTIONS[key]) for key in self.shown_sections()],
            title=self.localized_title(),
            guiding_question=self.localized_question(),
        )
        return self._fragment(html, [], {"view": "author"})

    # --- Studio --------------------------------------------------------------

    def validate_field_data(self, validation, data):
        """Refuse unknown sections and over-long texts before they are saved."""
        from xblock.validation import ValidationMessage  # pylint: disable=import-outside-toplevel

        unknown = [key for key in (data.sections or []) if key not in SECTIONS]
        if unknown:
            validation.add(ValidationMessage(ValidationMessage.ERROR, _("Unknown section: {names}.").format(
                names=", ".join(map(str, unknown)))))
        if max(len(data.display_name or ""), len(data.display_name_en or "")) > 200:
            validation.add(ValidationMessage(
                ValidationMessage.ERROR, _("The title is too long: 200 characters at most.")))
        if max(len(data.guiding_question or ""), len(data.guiding_question_en or "")) > 1000:
            validation.add(ValidationMessage(
                ValidationMessage.ERROR, _("The guiding question is too long: 1000 characters at most.")))
        if any(len(text or "") > CHARTER_TEXT_LENGTH for text in (data.charter_fr, data.charter_en)):
            validation.add(ValidationMessage(
                ValidationMessage.ERROR, _("A default charter is too long: 10000 characters at most.")))
        if not isinstance(data.vote_budget, int) or not 1 <= data.vote_budget <= 20:
            validation.add(ValidationMessage(
                ValidationMessage.ERROR, _("The number of votes per member must be between 1 and 20.")))
        if not isinstance(data.post_rate_limit, int) or not 0 <= data.post_rate_limit <= 60:
            validation.add(ValidationMessage(
                ValidationMessage.ERROR, _("The number of posts per minute must be between 0 and 60.")))
        self.validate_journal_prompts(validation, data)
        self.validate_progress_settings(validation, data)

    @staticmethod
    def workbench_scenarios():
        """The demo course's activity, for the xblock-sdk workbench."""
        return [
            (
                "CAP — impliquer les parties prenantes",
                """<cap display_name="Communauté d'apprentissage et de pratiques"
                     guiding_question="Comment mieux impliquer les parties prenantes ?"/>""",
            ),
        ]
