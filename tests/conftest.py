"""Fixtures shared by every layer of tests."""

import pytest

from tests.utils import Workbench, members_accept_the_charter


def pytest_configure(config):
    config.addinivalue_line("markers", "charter_gate: members have not accepted their community's charter "
                                       "unless the test makes them (the charter's own tests)")


@pytest.fixture(autouse=True)
def charter_accepted(request):
    """Members have accepted their community's charter, except in tests marked ``charter_gate``."""
    if request.node.get_closest_marker("charter_gate"):
        yield
        return
    with members_accept_the_charter():
        yield


@pytest.fixture
def scenario_usage_id(db):  # pylint: disable=unused-argument
    """Load the workbench scenarios (their block state lives in the test database)."""
    from workbench.scenarios import get_scenarios, init_scenarios  # pylint: disable=import-outside-toplevel

    init_scenarios()
    return get_scenarios()["cap.0"].usage_id


@pytest.fixture
def workbench(scenario_usage_id):
    """A browser-like client of the demo block, CSRF enforced, French."""
    return Workbench(scenario_usage_id)


@pytest.fixture
def demo(db):  # pylint: disable=unused-argument
    """The demo course's communities and people."""
    from cap_demo import demo_data  # pylint: disable=import-outside-toplevel

    return demo_data.load()
