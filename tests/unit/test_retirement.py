"""User retirement scrubs a learner from every model that holds their data."""

import pytest

from cap_xblock import retirement
from cap_xblock.api import communities
from cap_xblock.models import FacilitatorRole, Membership, Participant
from tests.utils import COURSE, OTHER_COURSE, make_actor, staff_actor

pytestmark = pytest.mark.django_db


class RetiredUser:
    id = 42


def test_retirement_signal_removes_the_learner_everywhere():
    staff = staff_actor()
    community = communities.create_community(staff, name="A")
    communities.place_learner(staff, user_id=make_actor("42", name="Awa Ndiaye").user_id, community_id=community.id)
    communities.add_facilitator(staff, community_id=community.id, user_id=make_actor("7").user_id)
    other = communities.create_community(staff_actor(OTHER_COURSE), name="B")
    communities.add_facilitator(staff_actor(OTHER_COURSE), community_id=other.id,
                                user_id=make_actor("42", course=OTHER_COURSE).user_id)

    retirement.on_user_retired(sender=None, user=RetiredUser())

    assert not Membership.objects.filter(user_id="42").exists()
    assert not FacilitatorRole.objects.filter(user_id="42").exists()
    assert not Participant.objects.filter(user_id="42").exists()
    assert not Participant.objects.filter(display_name="Awa Ndiaye").exists()
    # Everyone else is untouched.
    assert FacilitatorRole.objects.filter(user_id="7").exists()
    assert Participant.objects.filter(user_id="7", course_key=COURSE).exists()


def test_receiver_connects_when_the_platform_has_the_signal(monkeypatch):
    from django.dispatch import Signal  # pylint: disable=import-outside-toplevel

    from cap_xblock import apps, platform  # pylint: disable=import-outside-toplevel

    signal = Signal()
    monkeypatch.setattr(platform, "retirement_signal", lambda: signal)
    apps.CapXBlockConfig.ready(apps.CapXBlockConfig("cap_xblock", __import__("cap_xblock")))
    make_actor("42")
    signal.send(sender=None, user=RetiredUser())
    assert not Participant.objects.filter(user_id="42").exists()
