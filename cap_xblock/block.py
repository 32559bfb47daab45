"""The ``cap`` XBlock: a CAP activity inside a course. Thin: fields, views, and the capabilities it reads.

Each capability (``cap_xblock/capabilities/``) declares its section, its
handler mixins, who sees it and how it renders; this class is made of the
declared mixins and shows the declared sections, in their order.
"""


from django.conf import settings
from django.utils import timezone
from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.fields import Boolean, Float, List, Scope, String
from xblock.utils.studio_editable import StudioEditableXBlockMixin

from . import assets, capabilities, i18n, platform, rendering
from .api import communities
from .api.data import BlockSettings
from .errors import CapError
from .handlers.base import Section, actor_of
from .handlers.health import HealthHandlers
from .handlers.mobile import MobileHandlers
from .handlers.progress import ProgressHandlers
from .handlers.sections import SectionHandlers
from .handlers.studio import StudioHandlers
from .handlers.studio_view import StudioViewMixin
from .i18n import gettext as _
from .i18n import gettext_lazy

# The participation grade's settings (read by handlers/progress.py); the completion rule's are its parts'.
GRADE_FIELDS = ("graded", "weight")

# The sections a block can show (key -> title), in the order of the learner view: one per declared capability.
SECTIONS = {capability.key: capability.title for capability in capabilities.all_capabilities()}
# Sections shown only to some roles (read from the declarations).
SECTION_ROLES = {capability.key: capability.roles for capability in capabilities.all_capabilities()
                 if tuple(capability.roles) != capabilities.ROLES}


def _section_choices(block):  # pylint: disable=unused-argument
    return [{"display_name": str(capability.title), "value": capability.key}
            for capability in capabilities.all_capabilities()]


@XBlock.needs("user")
@XBlock.needs("i18n")
@XBlock.wants("settings")
@XBlock.wants("studio_user_permissions")
class CapXBlock(StudioViewMixin, StudioHandlers, SectionHandlers, StudioEditableXBlockMixin,
                *capabilities.handler_mixins(),  # each capability's handlers, from its declaration
                HealthHandlers, ProgressHandlers, MobileHandlers, XBlock):
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
        default=capabilities.keys(),
        list_values_provider=_section_choices,
        list_style="set",
    )

    # The participation grade (published by handlers/progress.py); each completion part's setting is
    # declared with its capability (``fields``).
    graded = Boolean(
        display_name=gettext_lazy("Participation grade"),
        help=gettext_lazy("When on, the activity is graded: the score is the share of the completion rule the "
                          "learner met (for example 2 of 4 cases: half of that part), weighted by the weight below."),
        scope=Scope.settings,
        default=False,
    )
    weight = Float(
        display_name=gettext_lazy("Weight of the grade"),
        help=gettext_lazy("The points the participation grade is worth in the course's grading (above 0, "
                          "100 at most). Used only when the participation grade is on."),
        scope=Scope.settings,
        default=1.0,
        values={"min": 0, "max": 100},  # Studio's number input; above 0 (handlers/progress.py)
    )

    open_sections = List(
        help="The sections this person keeps open in the learner view (interface state only).",
        scope=Scope.user_state,
        default=[],
    )

    # Studio's form: the activity's own settings, each capability's (its declaration's ``fields``), then the
    # completion rule's parts (each capability's ``completion``) and the grade.
    editable_fields = (("display_name", "display_name_en", "guiding_question", "guiding_question_en", "sections")
                       + capabilities.studio_fields() + capabilities.completion_settings() + GRADE_FIELDS)
    has_author_view = True
    # Scripts of sections opened after the first render are fetched from here.
    public_dir = "static"
    show_in_read_only_mode = True

    # --- helpers -------------------------------------------------------------

    @staticmethod
    def section_keys():
        """Every section a block can show, in the learner view's order (the declared capabilities)."""
        return capabilities.keys()

    @staticmethod
    def section_label(key):
        """The (lazily translated) title of the section ``key``."""
        return capabilities.get(key).title

    def shown_sections(self):
        """The sections this block shows, in the learner view's order."""
        # Some are always shown, e.g. the charter: members must be able to accept it before they write.
        chosen = set(self.sections or [])
        return [capability.key for capability in capabilities.all_capabilities()
                if capability.key in chosen or capability.always_shown]

    def sections_for(self, role, waiting=False):
        """The sections this block shows to a person of ``role``; only « Ma communauté » while they wait."""
        if waiting:
            # Everything else happens inside a community.
            return [key for key in self.shown_sections() if key == "community"]
        return [key for key in self.shown_sections() if capabilities.get(key).visible_to(role)]

    def mobile_sections_for(self, role, waiting=False):
        """The sections the mobile apps list: the activity's, not the tools around it (declared ``mobile``)."""
        return [key for key in self.sections_for(role, waiting) if capabilities.get(key).mobile]

    def block_settings(self):
        """The block's settings the api reads, as one ``api.data.BlockSettings``."""
        return BlockSettings(
            title=self.display_name,
            guiding_question=self.guiding_question,
            sections=tuple(self.shown_sections()),
            completion_rule=self.completion_rule(),
            graded=bool(self.graded),
            weight=self.weight,
            charter_defaults=self.charter_defaults(),
        )

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
        return rendering.render(template, context, i18n.catalog())

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
            "new_name": _("New name for « {name} »"),
            "confirm": _("Confirm"),
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
        rendered = {key: section for key in self._sections_to_open(actor, view, sections)
                    if (section := self.render_one_section(actor, view, key)) is not None}
        news = self.whats_new_for(actor, view, sections)
        html = self._render(
            "student.html",
            view=view,
            whats_new=news,
            sections=sections,
            panels=[(key, str(self.section_label(key)), rendered.get(key)) for key in sections if key != "community"],
            titles=[(key, str(self.section_label(key))) for key in sections],
            language=i18n.current_language(),
            title=self.localized_title(),
            guiding_question=self.localized_question(),
            uid=self.view_uid(),
            actor_id=actor.user_id,
            export_url=self.runtime.handler_url(self, "manage_export") if view.role == "staff" else "",
            manage=self.manage_area(actor) if view.role == "staff" else None,
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
        return self.sections_for(view.role, view.waiting)

    def _sections_to_open(self, actor, view, sections):
        """The sections rendered in the first view: those the person keeps open, and those whose declaration
        ``opens`` them (a charter to accept)."""
        if getattr(settings, "CAP_OPEN_ALL_SECTIONS", False):
            return [key for key in sections if key != "community"]
        wanted = set(self.open_sections or [])
        return [key for key in sections
                if key in wanted or ((opens := capabilities.get(key).opens) is not None and opens(actor, view))]

    def render_one_section(self, actor, view, key):
        """One capability's section, rendered by its declared ``renderer``, or None.

        A renderer returns a ``Section``, the section's HTML (then the
        declaration gives its scripts and strings), or None. A refusal
        (``CapError``) shows its message in place of the section.
        """
        capability = capabilities.get(key)
        if capability.renderer is None:
            return None
        title = str(capability.title)
        try:
            rendered = capability.renderer(self, actor, view)
        except CapError as error:
            return Section(key=key, title=title, html=self._render("message.html", message=error.message))
        if rendered is None:
            return None
        if not isinstance(rendered, Section):
            return Section(key=key, title=title, html=rendered, js_files=list(capability.scripts),
                           strings=capability.extra_strings())
        if capability.strings:
            rendered.strings = dict(capability.extra_strings(), **rendered.strings)
        return rendered

    def author_view(self, context=None):  # pylint: disable=unused-argument
        """Studio's preview: the block's settings, without learner data."""
        html = self._render(
            "author.html",
            sections=[str(self.section_label(key)) for key in self.shown_sections()],
            title=self.localized_title(),
            guiding_question=self.localized_question(),
        )
        return self._fragment(html, [], {"view": "author"})

    # --- Studio --------------------------------------------------------------

    def validate_field_data(self, validation, data):
        """Refuse unknown sections, over-long texts and each capability's wrong settings before they are saved."""
        from xblock.validation import ValidationMessage  # pylint: disable=import-outside-toplevel

        unknown = [key for key in (data.sections or []) if key not in capabilities.keys()]
        if unknown:
            validation.add(ValidationMessage(ValidationMessage.ERROR, _("Unknown section: {names}.").format(
                names=", ".join(map(str, unknown)))))
        if max(len(data.display_name or ""), len(data.display_name_en or "")) > 200:
            validation.add(ValidationMessage(
                ValidationMessage.ERROR, _("The title is too long: 200 characters at most.")))
        if max(len(data.guiding_question or ""), len(data.guiding_question_en or "")) > 1000:
            validation.add(ValidationMessage(
                ValidationMessage.ERROR, _("The guiding question is too long: 1000 characters at most.")))
        capabilities.validate_settings(validation, data)
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
