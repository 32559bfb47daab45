"""The handler tests run twice: through the xblock-sdk workbench, and through the fake of Open edX's
LMS courseware (``tests/platform``: its user service with role and staff flag, and its handler view,
CSRF-checked and outside any transaction)."""

import pytest

from tests.utils import PlatformClient, Workbench


@pytest.fixture(params=["workbench", "lms"])
def workbench(request, scenario_usage_id, settings):
    """A browser-like client of the demo block, CSRF enforced, French: in the workbench, then in the LMS."""
    if request.param == "workbench":
        return Workbench(scenario_usage_id)
    settings.ROOT_URLCONF = "tests.platform.urls"
    return PlatformClient(scenario_usage_id, "lms")
