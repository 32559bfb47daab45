"""In the LMS, the block asks the runtime's i18n service first: catalogs the platform pulled for the package
(openedx-atlas, OEP-58) take precedence; the package's own catalogs serve the rest (decision 0025)."""

import pytest

from tests.platform import runtimes
from tests.unit.test_translations import compiled_catalog, translation_of
from tests.utils import PlatformClient


pytestmark = pytest.mark.usefixtures("platform_urls", "demo")


@pytest.fixture(name="pulled")
def pulled_catalogs(settings):
    settings.LANGUAGES = [("fr", "Français"), ("en", "English"), ("es", "Español")]
    runtimes.PULLED_CATALOGS.clear()
    yield runtimes.PULLED_CATALOGS
    runtimes.PULLED_CATALOGS.clear()


def _discussion(usage_id, language):
    status, body = PlatformClient(usage_id, "lms", language=language).get(
        "section_view", "learner1", {"key": "discussion"})
    assert status == 200, body
    return body["html"]


def test_a_language_the_platform_pulled_is_served(scenario_usage_id, pulled):
    pulled["es"] = compiled_catalog({"Open a new thread": "Abrir un nuevo hilo"})
    html = _discussion(scenario_usage_id, "es")
    assert "Abrir un nuevo hilo" in html
    # What the pulled catalog lacks comes from the package's own catalogs: English for Spanish.
    assert "Title" in html


@pytest.mark.usefixtures("pulled")
def test_without_a_pulled_catalog_other_languages_get_english(scenario_usage_id):
    html = _discussion(scenario_usage_id, "es")
    assert "Open a new thread" in html


def test_the_pulled_catalog_takes_precedence_over_the_package_catalog(scenario_usage_id, pulled):
    own = translation_of("fr", "Open a new thread")
    assert own in _discussion(scenario_usage_id, "fr")
    pulled["fr"] = compiled_catalog({"Open a new thread": "Lancer une conversation (plateforme)"})
    html = _discussion(scenario_usage_id, "fr")
    assert "Lancer une conversation (plateforme)" in html and own not in html
    assert translation_of("fr", "Title") in html
