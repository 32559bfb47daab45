"""axe-core on every view of the block, for every role, in French and in English.

No serious or critical violation: on the learner view (placed and waiting), the
facilitator's and the staff's views, Studio's settings and preview, and the demo's
landing page. The views are checked once the scripts have loaded their lists.
"""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.a11y import report, violations
from tests.browser.pages import TIMEOUT, open_block, wait_for

LANGUAGES = {"fr": "fr-FR", "en": "en-US"}
# What to click, what it opens, and what shows once it is open.
OPENERS = [('[data-section="cases"] [data-open]', "a case", '[data-section="cases"] [data-case-detail] .cap-case-title'),
           ('[data-section="discussion"] [data-act="open"]', "a thread", '[data-section="discussion"] .cap-d-replies'),
           ('[data-section="journal"] [data-open]', "a journal entry",
            '[data-section="journal"] [data-form="journal"] [data-tools]:not([hidden])'),
           ('[data-section="journal"] [data-read]', "a shared journal entry",
            '[data-section="journal"] [data-reader]:not([hidden])')]


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
def test_every_view_has_no_serious_violation(site, browser_factory, language, settings):
    from cap_xblock.models import CourseConfig  # pylint: disable=import-outside-toplevel

    driver = browser_factory(LANGUAGES[language])
    driver.get(f"{site}/")
    wait_for(driver, "body")
    assert driver.execute_script("return document.documentElement.lang").startswith(language)
    _check(driver, "landing page", context=None)

    opened = set()
    for student, where in [("staff", "staff view"), ("facilitator1", "facilitator view"),
                           ("facilitator2", "facilitator of two communities"), ("learner1", "learner view")]:
        open_block(driver, site, student)
        _check(driver, where)
        # What opens in place: a case, a discussion thread, a journal entry (own or shared with them).
        for opener, what, shown in OPENERS:
            found = driver.find_elements(By.CSS_SELECTOR, opener)
            if found:
                driver.execute_script("arguments[0].scrollIntoView(); arguments[0].click();", found[0])
                wait_for(driver, shown)
                _check(driver, f"{where}, {what} open")
                opened.add(what)

    assert opened >= {"a case", "a thread", "a journal entry"}, opened  # the demo has some of each

    # As on the platform, the sections arrive when opened: the closed view, then one section opened.
    settings.CAP_OPEN_ALL_SECTIONS = False
    open_block(driver, site, "learner2", open_sections=False)  # learner1's open sections are remembered
    _check(driver, "learner view, sections closed")
    closed = driver.find_elements(By.CSS_SELECTOR, "[data-open-section]")
    assert closed, "the learner view opens no section by itself"
    key = closed[-1].get_attribute("data-open-section")
    closed[-1].click()
    WebDriverWait(driver, TIMEOUT).until(
        lambda d: not d.find_elements(By.CSS_SELECTOR, f'[data-section="{key}"][data-lazy]'))
    wait_for(driver, f'[data-section="{key}"] [data-close-section="{key}"]')  # rendered and its script started
    _check(driver, "learner view, a section opened")
    settings.CAP_OPEN_ALL_SECTIONS = True

    CourseConfig.objects.update(assignment_mode=CourseConfig.MANUAL)
    open_block(driver, site, "learner24")
    _check(driver, "waiting learner view")

    # The journal's print-friendly page is a document of its own.
    from workbench.scenarios import get_scenarios  # pylint: disable=import-outside-toplevel

    usage_id = get_scenarios()["cap.0"].usage_id
    driver.get(f"{site}/handler/{usage_id}/journal_export/?student=learner1&format=html")
    wait_for(driver, "body")
    _check(driver, "printable journal", context=None)

    driver.get(f"{site}/scenario/cap.0/studio_view/?student=staff")
    wait_for(driver, "textarea, input")
    _check(driver, "Studio settings")
    open_block(driver, site, "staff", view="author_view")
    _check(driver, "Studio preview")
