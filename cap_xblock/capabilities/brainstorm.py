"""« Remue-méninges »: ideas on the guiding question, themes, votes, results."""

from xblock.fields import Integer, Scope

from ..api import brainstorm
from ..handlers.brainstorm import BrainstormHandlers
from ..i18n import gettext as _
from ..i18n import gettext_lazy
from .registry import Bench, Capability, register

FIELDS = {
    "vote_budget": Integer(
        display_name=gettext_lazy("Votes per member"),
        help=gettext_lazy("How many votes each member spreads over the ideas of the brainstorm (1 to 20)."),
        scope=Scope.settings,
        default=3,
        values={"min": 1, "max": 20},  # Studio's number input
    ),
}


def validate(validation, data):
    """Studio: each member has 1 to 20 votes."""
    from xblock.validation import ValidationMessage  # pylint: disable=import-outside-toplevel

    if not isinstance(data.vote_budget, int) or not 1 <= data.vote_budget <= 20:
        validation.add(ValidationMessage(
            ValidationMessage.ERROR, _("The number of votes per member must be between 1 and 20.")))


CAPABILITY = register(Capability(
    key="brainstorm",
    title=gettext_lazy("Brainstorming"),
    order=50,
    handlers=(BrainstormHandlers,),
    fields=FIELDS,
    validate=validate,
    renderer=BrainstormHandlers.render_brainstorm_section,
    scripts=("brainstorm.js",),
    retire=brainstorm.retire_user,
    demo="demo_brainstorm",
    demo_order=30,
    bench=(Bench("brainstorm_state", "learner1", "seed_ideas", "ideas of the brainstorm"),),
    events=("cap.brainstorm.idea_added", "cap.brainstorm.voted", "cap.brainstorm.vote_withdrawn",
            "cap.brainstorm.theme_created", "cap.brainstorm.theme_renamed", "cap.brainstorm.idea_grouped",
            "cap.brainstorm.closed", "cap.brainstorm.reopened", "cap.brainstorm.idea_retained"),
))
