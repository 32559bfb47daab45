"""Moderation beyond the discussion, in Chromium and in French: a member reports an idea of the brainstorm,
the facilitator hides it from the review queue, the member then sees it marked hidden without its text."""

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from cap_xblock.models import Brainstorm, Idea
from tests.browser.pages import TIMEOUT, open_block, wait_for_text

BRAINSTORM = '[data-section="brainstorm"]'
MODERATION = '[data-section="moderation"]'


def item_with(driver, css, text):
    def _found(d):
        return next((li for li in d.find_elements(By.CSS_SELECTOR, css) if text in li.text), False)
    return WebDriverWait(driver, TIMEOUT, ignored_exceptions=(StaleElementReferenceException,)).until(_found)


def test_a_member_reports_an_idea_and_the_facilitator_hides_it_from_the_queue(site, browser_factory):
    idea = Idea.objects.filter(brainstorm=Brainstorm.objects.get(community__name="Les Baobabs")).exclude(
        author_id="learner2").order_by("id").first()
    member = browser_factory()
    open_block(member, site, "learner2")
    row = item_with(member, f'{BRAINSTORM} [data-bs="ideas"] > li', idea.text)
    report = row.find_element(By.CSS_SELECTOR, '[data-bs-action="report"]')
    assert report.text == "Signaler"
    report.click()
    row.find_element(By.CSS_SELECTOR, 'form input[name="reason"]').send_keys("Cette idée vise une personne.")
    report.click()  # folded away...
    report.click()  # ...and back, with the reason still there
    assert row.find_element(By.CSS_SELECTOR, 'form input[name="reason"]').get_attribute("value") == \
        "Cette idée vise une personne."
    row.find_element(By.XPATH, ".//button[normalize-space()='Envoyer le signalement']").click()
    wait_for_text(member, "[data-live]", "Merci. La facilitation va l'examiner.")

    facilitator = browser_factory()
    open_block(facilitator, site, "facilitator1")
    queued = item_with(facilitator, f'{MODERATION} [data-m="queue"] > li', "Cette idée vise une personne.")
    assert queued.text.startswith("Idée :") and idea.text[:40] in queued.text
    queued.find_element(By.CSS_SELECTOR, '[data-act="hide"]').click()
    queued.find_element(By.CSS_SELECTOR, 'form input[name="reason"]').send_keys("Parlons des pratiques, pas des gens.")
    queued.find_element(By.XPATH, ".//button[normalize-space()='Confirmer le masquage']").click()
    wait_for_text(facilitator, f'{MODERATION} [data-m="log"]', "a masqué une idée")

    open_block(member, site, "learner2")
    hidden = item_with(member, f'{BRAINSTORM} [data-bs="ideas"] > li', "Cette idée a été masquée par la facilitation.")
    assert idea.text not in hidden.text and not hidden.find_elements(By.CSS_SELECTOR, '[data-bs-action="report"]')
    assert Idea.objects.get(id=idea.id).hidden
