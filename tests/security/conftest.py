"""Fixtures of the security tests."""

import pytest


@pytest.fixture
def communities(db):  # pylint: disable=unused-argument
    """The demo's communities and people only (each capability's demo content is left out): name -> id."""
    from cap_demo import demo_data  # pylint: disable=import-outside-toplevel
    from cap_xblock.models import Community  # pylint: disable=import-outside-toplevel

    saved = demo_data.CAPABILITY_DEMOS
    demo_data.CAPABILITY_DEMOS = []
    try:
        demo_data.load()
    finally:
        demo_data.CAPABILITY_DEMOS = saved
    return {community.name: community.id for community in Community.objects.all()}
