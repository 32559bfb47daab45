"""A case contribution reported by a member and hidden by the facilitator from the case itself, in French."""

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from cap_xblock.models import CaseContribution
from tests.browser.pages import TIMEOUT, find, open_block, wait_for_text

SECTION = '[data-section="cases"]'
DETAIL = SECTION + " [data-case-detail]"


def open_case(driver, site, student, title):
    open_block(driver, site, student)
    WebDriverWait(driver, TIMEOUT).until(
        lambda d: d.find_element(By.XPATH, f"//button[@data-open and normalize-space()='{title}']")).click()
    wait_for_text(driver, DETAIL + " .cap-case-title", title)


def test_a_member_reports_a_contribution_and_the_facilitator_hides_and_restores_it(site, browser_factory):
    item = CaseContribution.objects.filter(case__community__name="Les Baobabs", case__presented_at__isnull=False,
                                           hidden=False).exclude(author_id="learner2").exclude(
        case__owner_id="learner2").order_by("id").first()
    title, text = item.case.title, item.body
    here = f'{DETAIL} [id$="-c{item.id}"]'

    member = browser_factory()
    open_case(member, site, "learner2", title)
    report = find(member, f'{here} [data-toggle-form$="-report-{item.id}"]')
    assert report.text == "Signaler"
    report.click()
    find(member, f'{here} form[data-action="moderation_report"] input[name="reason"]').send_keys("Un nom cité.")
    report.click()
    assert report.get_attribute("aria-expanded") == "false"
    report.click()
    reason = find(member, f'{here} form[data-action="moderation_report"] input[name="reason"]')
    assert reason.get_attribute("value") == "Un nom cité."
    find(member, f'{here} form[data-action="moderation_report"] button[type="submit"]').click()
    wait_for_text(member, "[data-live]", "Merci. La facilitation va l'examiner.")

    facilitator = browser_factory()
    open_case(facilitator, site, "facilitator1", title)
    find(facilitator, f'{here} [data-toggle-form$="-hide-{item.id}"]').click()
    find(facilitator, f'{here} form[data-action="moderation_hide"] input[name="reason"]').send_keys("Sans nommer.")
    send = find(facilitator, f'{here} form[data-action="moderation_hide"] button[type="submit"]')
    assert send.text == "Confirmer le masquage"
    send.click()
    wait_for_text(facilitator, here, "Cette contribution a été masquée par la facilitation. Motif : Sans nommer.")

    open_case(member, site, "learner2", title)
    wait_for_text(member, here, "Cette contribution a été masquée par la facilitation.")
    assert text[:30] not in find(member, here).text

    find(facilitator, f'{here} form[data-action="moderation_restore"] button').click()
    WebDriverWait(facilitator, TIMEOUT, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: "masquée" not in d.find_element(By.CSS_SELECTOR, here).text)
    assert not CaseContribution.objects.get(id=item.id).hidden
