"""« Remue-méninges »: ideas on the guiding question, themes, votes, results."""

from ..api import brainstorm
from ..handlers.brainstorm import BrainstormHandlers
from ..i18n import gettext_lazy
from .registry import Bench, Capability, register

CAPABILITY = register(Capability(
    key="brainstorm",
    title=gettext_lazy("Brainstorming"),
    order=50,
    handlers=(BrainstormHandlers,),
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
