"""axe-core on every view of the block, for every role, in French and in English.

No serious or critical violation: on the learner view (placed and waiting), the
facilitator's and the staff's views, Studio's settings and preview, and the demo's
landing page. The views are checked once the scripts have loaded their lists.
"""

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.a11y import report, violations
from tests.browser.pages import TIMEOUT, open_block, wait_for

LANGUAGES = {"fr": "fr-FR", "en": "en-US"}


def _settle(driver):
    """Wait until the page's scripts have answered (no request pending, lists filled)."""
    WebDriverWait(driver, TIMEOUT).until(lambda d: d.execute_script(
        "return document.readyState === 'complete' && !document.querySelector('[aria-busy=\"true\"]')"))


# The block is a fragment of the platform's page (which gives the document its title and
# language): block views are checked inside the block; the demo's own landing page whole.
BLOCK = '[data-block-type="cap"]'


def _check(driver, where, context=BLOCK):
    _settle(driver)
    found = violations(driver, context)
    assert not found, f"{where}:\n{report(found)}"


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_view_has_no_serious_violation(site, browser_factory, language):
    from cap_xblock.models import CourseConfig  # pylint: disable=import-outside-toplevel

    driver = browser_factory(LANGUAGES[language])
    driver.get(f"{site}/")
    wait_for(driver, "body")
    assert driver.execute_script("return document.documentElement.lang").startswith(language)
    _check(driver, "landing page", context=None)

    for student, where in [("staff", "staff view"), ("facilitator1", "facilitator view"),
                           ("facilitator2", "facilitator of two communities"), ("learner1", "learner view")]:
        open_block(driver, site, student)
        _check(driver, where)

    CourseConfig.objects.update(assignment_mode=CourseConfig.MANUAL)
    open_block(driver, site, "learner24")
    _check(driver, "waiting learner view")

    driver.get(f"{site}/scenario/cap.0/studio_view/?student=staff")
    wait_for(driver, "textarea, input")
    _check(driver, "Studio settings")
    open_block(driver, site, "staff", view="author_view")
    _check(driver, "Studio preview")
