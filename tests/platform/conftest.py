"""Fixtures of the platform tests: the demo block reached through each fake Open edX runtime."""

import pytest

from tests.utils import PlatformClient


@pytest.fixture
def platform_urls(settings):
    """The fake platforms' URLs beside the workbench's."""
    settings.ROOT_URLCONF = "tests.platform.urls"


@pytest.fixture
def on(scenario_usage_id, platform_urls):  # pylint: disable=unused-argument,redefined-outer-name
    """``on("lms")`` (or ``studio``, ``preview``, ``library``): a client of the demo block in that runtime."""
    return lambda platform: PlatformClient(scenario_usage_id, platform)


from tests.security.conftest import communities  # noqa: E402,F401  pylint: disable=wrong-import-position,unused-import
