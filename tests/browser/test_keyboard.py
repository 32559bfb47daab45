"""The main flow of each capability, with the keyboard only: Tab to move, Enter or Space to act."""

from selenium.webdriver.common.keys import Keys

from tests.browser.keyboard import choose_option, press, tab_to
from tests.browser.pages import open_block, row_with, wait_for_text


def test_staff_create_a_community_and_place_a_learner_with_the_keyboard(site, browser):
    open_block(browser, site, "staff")
    row_with(browser, '[data-list="communities"]', "Les Baobabs")

    tab_to(browser, 'input[name="name"]', within='[data-form="create"]')
    press(browser, "Les Kapokiers", Keys.ENTER)
    row_with(browser, '[data-list="communities"]', "Les Kapokiers")
    wait_for_text(browser, "[data-live]", "Enregistré")

    tab_to(browser, 'input[name="q"]', within='[data-form="people"]')
    press(browser, "Ouédraogo", Keys.ENTER)
    row_with(browser, '[data-list="people"]', "Samuel Ouédraogo", "En attente")
    tab_to(browser, "select", within='[data-list="people"]')
    choose_option(browser, "Les Kapokiers")
    tab_to(browser, "button", within='[data-list="people"]', text="Placer")
    press(browser, Keys.SPACE)
    row_with(browser, '[data-list="communities"]', "Les Kapokiers", "1 / 10")
    row_with(browser, '[data-list="people"]', "Samuel Ouédraogo", "Les Kapokiers")
