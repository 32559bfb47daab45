"""Demo data of the workbench course: three communities already formed, people with names.

Each capability adds its own demo content: the ``demo`` module its declaration names
(``cap_xblock/capabilities/``), whose ``load`` is called by ``load`` here.
"""

from importlib import import_module

from django.db import transaction

from cap_xblock import capabilities
from cap_xblock.models import Community, CourseConfig, FacilitatorRole, Membership, Participant
from cap_xblock.platform import WORKBENCH_COURSE_KEY

from .people import PEOPLE

COMMUNITIES = [
    # (name, facilitators, learners)
    ("Les Baobabs", ["facilitator1"], [f"learner{i}" for i in range(1, 9)]),
    ("Les Palétuviers", ["facilitator2"], [f"learner{i}" for i in range(9, 17)]),
    ("Les Érables", ["facilitator2"], [f"learner{i}" for i in range(17, 23)]),
]
# learner23..learner25 are not placed: in automatic mode they join on their first visit.

# The block of the demo scenario, as ``cap_xblock.platform.block_key`` names it.
DEMO_BLOCK_KEY = "cap-impliquer-les-parties-prenantes.cap"

# Each capability's demo content: modules of cap_demo with a ``load(course_key, block_key, communities)``
# function, called in this order after the communities are formed (the declarations' ``demo`` and
# ``demo_order``: the charter first, as members accept it before they write).
CAPABILITY_DEMOS = capabilities.demos()


@transaction.atomic
def load(course_key=WORKBENCH_COURSE_KEY):
    """Replace the demo course's data with the demo set. Returns a summary."""
    Community.objects.filter(course_key=course_key).delete()
    Membership.objects.filter(course_key=course_key).delete()
    Participant.objects.filter(course_key=course_key).delete()
    CourseConfig.objects.update_or_create(
        course_key=course_key, defaults={"target_size": 10, "assignment_mode": CourseConfig.AUTOMATIC}
    )
    for user_id, name in PEOPLE.items():
        Participant.objects.create(course_key=course_key, user_id=user_id, username=user_id, display_name=name,
                                   is_staff=user_id.startswith("staff"))
    for name, facilitators, learners in COMMUNITIES:
        community = Community.objects.create(course_key=course_key, name=name)
        for user_id in facilitators:
            FacilitatorRole.objects.create(community=community, user_id=user_id)
        for user_id in learners:
            Membership.objects.create(course_key=course_key, user_id=user_id, community=community)
    formed = {community.name: community for community in Community.objects.filter(course_key=course_key)}
    for module_name in CAPABILITY_DEMOS:
        import_module(f"cap_demo.{module_name}").load(course_key, DEMO_BLOCK_KEY, formed)
    return {"communities": len(COMMUNITIES), "people": len(PEOPLE)}
