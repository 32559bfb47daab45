"""« Savoirs partagés »: knowledge sheets that leave a community with consent, and the network (« réseau »).

Across the course (scope ``course``): the same sheets and the same directory in every activity.
"""

from ..api import knowledge, network
from ..handlers.knowledge import KnowledgeHandlers
from ..i18n import gettext_lazy
from .registry import Bench, Capability, register


def _retire(user_id):
    """The sheets a person owns are withdrawn, their name leaves the sheets quoting them, their card goes."""
    return knowledge.retire_user(user_id) + network.retire_user(user_id)


CAPABILITY = register(Capability(
    key="knowledge",
    title=gettext_lazy("Shared knowledge"),
    order=65,
    scope="course",
    handlers=(KnowledgeHandlers,),
    renderer=KnowledgeHandlers.render_knowledge_section,
    scripts=("knowledge.js",),
    retire=_retire,
    demo="demo_knowledge",
    demo_order=60,  # after the cases: its published sheet comes from one of them
    bench=(
        Bench("knowledge_search", "learner9", "seed_sheets", "sheets published to the course, searched by a word"),
        Bench("knowledge_mine", "facilitator1", "seed_sheets", "sheets of the communities one facilitates"),
        Bench("network_directory", "learner9", "seed_directory", "people who opted in to the network"),
    ),
    not_lists=("knowledge_sheet", "knowledge_review", "knowledge_export"),
    events=("cap.knowledge.searched", "cap.knowledge.viewed", "cap.knowledge.drafted", "cap.knowledge.edited",
            "cap.knowledge.person_quoted", "cap.knowledge.anonymised", "cap.knowledge.consented",
            "cap.knowledge.withdrawn", "cap.knowledge.published", "cap.knowledge.unpublished",
            "cap.knowledge.useful_marked", "cap.knowledge.exported", "cap.network.entry_saved"),
))
