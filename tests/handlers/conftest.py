"""The handler tests run twice: through the xblock-sdk workbench, and through the fake of Open edX's
LMS courseware (``tests/platform``: its user service with role and staff flag, and its handler view,
CSRF-checked and outside any transaction).

``CAP_HANDLER_RUNTIMES`` (comma-separated, default ``workbench,lms``) narrows them: the
compatibility matrix (``make matrix``) runs them through the LMS fake only, to stay fast.
"""

import os

import pytest

from tests.utils import PlatformClient, Workbench

RUNTIMES = [name.strip() for name in os.environ.get("CAP_HANDLER_RUNTIMES", "workbench,lms").split(",")
            if name.strip()]


@pytest.fixture(params=RUNTIMES)
def workbench(request, scenario_usage_id, settings):
    """A browser-like client of the demo block, CSRF enforced, French: in the workbench, then in the LMS."""
    if request.param == "workbench":
        return Workbench(scenario_usage_id)
    settings.ROOT_URLCONF = "tests.platform.urls"
    return PlatformClient(scenario_usage_id, request.param)
