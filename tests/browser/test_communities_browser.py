"""Staff create a community and place a learner; the learner then sees it. In French, in Chromium."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browser.pages import find, open_block, row_with, wait_for_text


def test_staff_create_a_community_and_place_a_learner_who_then_sees_it(site, browser_factory):
    staff = browser_factory()
    open_block(staff, site, "staff")
    assert "Gérer les communautés" in find(staff, ".cap-manage h3").text
    row_with(staff, '[data-list="communities"]', "Les Baobabs")

    name = find(staff, '[data-form="create"] input[name="name"]')
    name.send_keys("Les Kapokiers")
    find(staff, '[data-form="create"] button[type="submit"]').click()
    row_with(staff, '[data-list="communities"]', "Les Kapokiers")
    wait_for_text(staff, "[data-live]", "Enregistré")

    search = find(staff, '[data-form="people"] input[name="q"]')
    search.send_keys("Ouédraogo")
    search.submit()
    person = row_with(staff, '[data-list="people"]', "Samuel Ouédraogo")
    Select(person.find_element(By.CSS_SELECTOR, "select")).select_by_visible_text("Les Kapokiers")
    person.find_element(By.XPATH, ".//button[normalize-space()='Placer']").click()
    row_with(staff, '[data-list="communities"]', "Les Kapokiers", "1 / 10")

    learner = browser_factory()
    open_block(learner, site, "learner24")
    community = find(learner, ".cap-community")
    assert "Les Kapokiers" in community.text
    assert "Samuel Ouédraogo (vous)" in community.text
    assert find(learner, ".cap-section-title").text == "Ma communauté"


def test_refusal_is_shown_where_staff_acted(site, browser):
    open_block(browser, site, "staff")
    row_with(browser, '[data-list="communities"]', "Les Baobabs")
    find(browser, '[data-form="create"] input[name="name"]').send_keys("les baobabs")
    find(browser, '[data-form="create"] button[type="submit"]').click()
    wait_for_text(browser, '[data-form="create"] .cap-error', "existe déjà")
    # What staff typed is still there.
    assert find(browser, '[data-form="create"] input[name="name"]').get_attribute("value") == "les baobabs"
