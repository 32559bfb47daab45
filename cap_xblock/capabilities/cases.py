"""« Cas (co-développement) »: a member presents a case, the community works it through six steps."""

from xblock.fields import Boolean, Scope

from ..api import cases
from ..handlers.cases import CaseHandlers
from ..i18n import gettext_lazy
from .registry import Bench, Capability, register

FIELDS = {
    "owner_can_advance": Boolean(
        display_name=gettext_lazy("Case owners move their case's steps"),
        help=gettext_lazy("When on, the case owner may move their case to the next co-development step or back, "
                          "as the facilitator does."),
        scope=Scope.settings,
        default=False,
    ),
}

CAPABILITY = register(Capability(
    key="cases",
    title=gettext_lazy("Cases (co-development)"),
    order=40,
    handlers=(CaseHandlers,),
    fields=FIELDS,
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
