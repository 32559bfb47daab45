"""« Tableau de bord » in Chromium and in French: facilitator1 sees on one screen what needs them, follows a
link to the journal, changes the number of silent days; staff see the course overview and its export link;
a learner chooses their notifications. axe finds no serious violation in these sections."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from cap_xblock.models import NotificationPreference
from tests.browser.a11y import violations
from tests.browser.pages import TIMEOUT, find, find_all, open_block, wait_for, wait_for_text

DASHBOARD = '[data-section="dashboard"]'


def test_the_facilitator_sees_what_needs_them_on_one_screen(site, browser):
    open_block(browser, site, "facilitator1", open_sections=False)
    browser.find_element(By.CSS_SELECTOR, '[data-open-section="dashboard"]').click()
    wait_for(browser, f"{DASHBOARD} [data-waiting]")
    waiting = find(browser, f"{DASHBOARD} [data-waiting]").text
    for words in ("en attente de votre retour", "signalement à examiner", "en attente de validation",
                  "en retard sur son étape"):
        assert words in waiting, waiting
    balance = find(browser, f"{DASHBOARD} [data-balance]")
    assert "Équilibre des contributions" in balance.text
    # Each bar carries its number as text: readable without colour.
    assert all(cell.text.strip().isdigit() for cell in balance.find_elements(By.CSS_SELECTOR, ".cap-bar-value"))
    assert not violations(browser, DASHBOARD)

    form = find(browser, f"{DASHBOARD} [data-dashboard-form]")
    days = form.find_element(By.NAME, "silent_days")
    days.clear()
    days.send_keys("60")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for_text(browser, DASHBOARD, "Silencieux·ses depuis 60 jours ou plus")
    wait_for_text(browser, "[data-live]", "Le tableau de bord est à jour.")

    # « Ce qui vous attend » leads to the place: the journal opens.
    find(browser, f'{DASHBOARD} a[data-go-section="journal"]').click()
    WebDriverWait(browser, TIMEOUT).until(
        lambda d: not d.find_elements(By.CSS_SELECTOR, '[data-section="journal"][data-lazy]'))


def test_staff_see_the_course_overview(site, browser):
    open_block(browser, site, "staff", open_sections=False)
    browser.find_element(By.CSS_SELECTOR, '[data-open-section="overview"]').click()
    wait_for(browser, "[data-overview]")
    table = find(browser, ".cap-overview-table")
    for name in ("Les Baobabs", "Les Palétuviers", "Les Érables"):
        assert name in table.text
    assert find(browser, "[data-overview] a[download]").text == "Télécharger l'export de participation (CSV)"
    assert "Charge des facilitateur·trice·s" in find(browser, "[data-load]").text
    assert not find_all(browser, '[data-open-section="dashboard"]')  # staff have the overview, not a dashboard
    assert not violations(browser, "[data-overview]")


def test_a_learner_chooses_their_notifications(site, browser):
    open_block(browser, site, "learner3", open_sections=False)
    assert not find_all(browser, '[data-open-section="dashboard"]')
    browser.find_element(By.CSS_SELECTOR, '[data-open-section="notifications"]').click()
    wait_for(browser, "[data-preferences-form]")
    find(browser, 'input[name="activity"][value="daily"]').click()
    find(browser, "[data-preferences-form] button[type=submit]").click()
    wait_for_text(browser, "[data-live]", "Vos préférences de notification sont enregistrées.")
    assert NotificationPreference.objects.get(user_id="learner3", kind="activity").frequency == "daily"
    assert not violations(browser, '[data-section="notifications"]')
