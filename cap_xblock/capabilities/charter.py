"""« Charte de la communauté »: read and accept it before writing; facilitators edit it."""

from xblock.fields import Boolean, Scope, String

from ..api import charter
from ..api.charter_texts import DEFAULT_CHARTER_EN, DEFAULT_CHARTER_FR
from ..errors import CapError
from ..handlers.charter import CharterHandlers
from ..i18n import gettext as _
from ..i18n import gettext_lazy
from ..models.charter import CHARTER_TEXT_LENGTH
from .registry import Capability, CompletionPart, register

FIELDS = {
    "charter_fr": String(
        display_name=gettext_lazy("Community charter (French)"),
        help=gettext_lazy("The charter every community starts with, shown to French-speaking members. "
                          "Facilitators may then adapt their community's charter."),
        scope=Scope.settings,
        default=DEFAULT_CHARTER_FR,
        multiline_editor=True,
    ),
    "charter_en": String(
        display_name=gettext_lazy("Community charter (English)"),
        help=gettext_lazy("The charter every community starts with, shown to English-speaking members. "
                          "Facilitators may then adapt their community's charter."),
        scope=Scope.settings,
        default=DEFAULT_CHARTER_EN,
        multiline_editor=True,
    ),
    "completion_charter": Boolean(
        display_name=gettext_lazy("Completion: charter accepted"),
        help=gettext_lazy("The activity is complete for a learner only once they accepted their community's "
                          "charter."),
        scope=Scope.settings,
        default=True,
    ),
}

# Its part of the completion rule: the charter accepted (any version of it), once, course-wide.
COMPLETION = CompletionPart(key="charter", setting="completion_charter", counter=charter.has_accepted, yes_no=True,
                            done_name="charter_accepted", label=gettext_lazy("the charter accepted"))


def must_accept(actor, community_view):
    """A learner of a community who has not accepted its current charter finds it open in the first render."""
    if community_view.role != "learner" or community_view.community is None:
        return False
    try:
        charter.raise_unless_accepted(actor, community_id=community_view.community.id)
    except CapError:
        return True
    return False


def validate(validation, data):
    """Studio: a default charter is at most ``CHARTER_TEXT_LENGTH`` characters long."""
    from xblock.validation import ValidationMessage  # pylint: disable=import-outside-toplevel

    if any(len(text or "") > CHARTER_TEXT_LENGTH for text in (data.charter_fr, data.charter_en)):
        validation.add(ValidationMessage(
            ValidationMessage.ERROR, _("A default charter is too long: 10000 characters at most.")))


CAPABILITY = register(Capability(
    key="charter",
    title=gettext_lazy("Community charter"),
    order=20,
    scope="course",
    handlers=(CharterHandlers,),
    renderer=CharterHandlers.render_charter_section,
    scripts=("charter.js",),
    # Members must be able to accept it before they write, whatever the block shows.
    always_shown=True,
    opens=must_accept,
    fields=FIELDS,
    completion=COMPLETION,
    validate=validate,
    retire=charter.retire_user,
    demo="demo_charter",
    demo_order=10,  # first: members accept it before they write
    not_lists=("charter_state", "charter_acceptances"),
    events=("cap.charter.accepted", "cap.charter.edited"),
))
