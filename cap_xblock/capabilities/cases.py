"""« Cas (co-développement) »: a member presents a case, the community works it through six steps."""

from xblock.fields import Boolean, Scope

from ..api import cases
from ..handlers.cases import CaseHandlers
from ..i18n import gettext_lazy
from .registry import Bench, Capability, CompletionPart, completion_count_field, register

FIELDS = {
    "owner_can_advance": Boolean(
        display_name=gettext_lazy("Case owners move their case's steps"),
        help=gettext_lazy("When on, the case owner may move their case to the next co-development step or back, "
                          "as the facilitator does."),
        scope=Scope.settings,
        default=False,
    ),
    "completion_cases": completion_count_field(
        gettext_lazy("Completion: cases taken part in"),
        gettext_lazy("How many cases of this activity a learner must take part in, by presenting their own "
                     "or writing in a step of a peer's case (0 to 20; 0: not asked; not asked either "
                     "when the cases section is not shown)."),
        default=1, most=20),
}

# Its part of the completion rule: cases of the activity presented or written in, each once.
COMPLETION = CompletionPart(key="cases", setting="completion_cases", counter=cases.cases_taken_part_in,
                            label=gettext_lazy("cases taken part in"))

CAPABILITY = register(Capability(
    key="cases",
    title=gettext_lazy("Cases (co-development)"),
    order=40,
    handlers=(CaseHandlers,),
    fields=FIELDS,
    completion=COMPLETION,
    renderer=CaseHandlers.render_cases_section,
    scripts=("cases.js",),
    retire=cases.retire_user,
    demo="demo_cases",
    demo_order=20,
    bench=(
        Bench("cases_list", "learner1", "seed_cases", "presented cases of the community"),
        Bench("case_detail", "learner1", "seed_contributions", "contributions of one case"),
    ),
    events=("cap.cases.draft_saved", "cap.cases.edited", "cap.cases.presented", "cap.cases.draft_deleted",
            "cap.cases.contributed", "cap.cases.step_moved", "cap.cases.deadline_set", "cap.cases.useful_marked"),
))
