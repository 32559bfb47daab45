"""Helpers of the discussion and moderation tests: two communities with their people, members who accepted
the charter, and posts written through the api."""

import pytest
from django.utils import translation

from cap_xblock.api import charter, communities, discussion
from tests.utils import make_actor, staff_actor

NAMES = {"f1": "Aminata Diallo", "f2": "Jean Tremblay", "l1": "Awa Ndiaye", "l2": "Moussa Sow", "l3": "Léa Roy"}
OPEN = discussion.DiscussionSettings(rate_limit=0)


def form_communities():
    """Les Baobabs (facilitator f1; members l1, l2) and Les Érables (facilitator f2; member l3).

    Returns the two community ids. Members accept their community's charter, so they may write.
    """
    staff = staff_actor()
    first = communities.create_community(staff, name="Les Baobabs")
    other = communities.create_community(staff, name="Les Érables")
    communities.add_facilitator(staff, community_id=first.id, user_id=make_actor("f1", name=NAMES["f1"]).user_id)
    communities.add_facilitator(staff, community_id=other.id, user_id=make_actor("f2", name=NAMES["f2"]).user_id)
    for user_id, community in (("l1", first), ("l2", first), ("l3", other)):
        communities.place_learner(staff, user_id=make_actor(user_id, name=NAMES[user_id]).user_id,
                                  community_id=community.id)
        accept_charter(person(user_id))
    return first.id, other.id


def accept_charter(actor):
    """The member accepts the current version of their community's charter."""
    charter.accept_charter(actor, community_id=None, version=charter.get_charter(actor).version)


def person(user_id):
    """The Actor of one of the people of ``form_communities`` (``staff`` for the course team)."""
    if user_id == "staff":
        return staff_actor()
    return make_actor(user_id, name=NAMES.get(user_id))


def thread(user_id="l1", title="Comment impliquer les élus locaux ?", body="Vos idées ?", settings=OPEN, **kwargs):
    """A thread opened by ``user_id`` in their community; returns its PostView."""
    return discussion.start_thread(person(user_id), settings=settings, title=title, body=body, **kwargs)


def reply(user_id, parent_id, body="Bonne question.", settings=OPEN, **kwargs):
    return discussion.reply(person(user_id), settings=settings, parent_id=parent_id, body=body, **kwargs)


@pytest.fixture(autouse=True)
def french():
    """Messages in French, as the first audience reads them."""
    with translation.override("fr"):
        yield


@pytest.fixture
def two():
    """Two communities of the course, with members and facilitators."""
    return form_communities()
