"""« Ma communauté »: the person's community, and the course team's forming of communities."""

from ..api import communities
from ..handlers.community import CommunityHandlers
from ..handlers.manage import ManageHandlers
from ..i18n import gettext_lazy
from .registry import Bench, Capability, register

CAPABILITY = register(Capability(
    key="community",
    title=gettext_lazy("My community"),
    order=10,
    scope="course",
    handlers=(CommunityHandlers, ManageHandlers),
    renderer=None,  # the learner view's own template shows it, and manage.js for the course team
    retire=communities.retire_user,
    bench=(
        Bench("manage_communities", "staff", "seed_communities", "communities of the course"),
        Bench("manage_people", "staff", "seed_people", "people of the course"),
    ),
    not_lists=("community_state", "community_detail", "manage_export",
               # the platform's cohorts, 200 at most (none in the workbench)
               "manage_cohorts"),
    events=("cap.community.viewed", "cap.community.created", "cap.community.renamed", "cap.community.archived",
            "cap.community.settings_changed", "cap.community.learner_placed", "cap.community.learner_removed",
            "cap.community.facilitator_named", "cap.community.facilitator_withdrawn", "cap.community.imported",
            "cap.community.cohort_mirror_changed", "cap.community.created_from_cohorts"),
))
