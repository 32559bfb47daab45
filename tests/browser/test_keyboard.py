"""The main flow of each capability, with the keyboard only: Tab to move, Enter or Space to act."""

import pytest
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.keyboard import choose_option, press, tab_to
from tests.browser.pages import TIMEOUT, open_block, row_with, wait_for_text


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


def _wait_js(driver, script, *args):
    WebDriverWait(driver, TIMEOUT).until(lambda d: d.execute_script(script, *args))


def _section_shows(driver, key, text):
    _wait_js(driver, "const s = document.querySelector('[data-section=\"' + arguments[0] + '\"]');"
                     "return !!s && s.innerText.includes(arguments[1]);", key, text)


@pytest.mark.charter_gate  # the newcomer meets the charter as people do
def test_a_new_member_takes_part_in_every_activity_with_the_keyboard(site, browser):
    open_block(browser, site, "learner26")  # a newcomer: joins a community on this first visit

    # Charter: accept it, which opens writing in the activities.
    tab_to(browser, '[data-action="charter-accept"]', within='[data-section="charter"]')
    press(browser, Keys.ENTER)
    _wait_js(browser, "return document.querySelector('[data-charter-accept]').hidden;")

    # Journal: write an entry and save it.
    tab_to(browser, 'input', within='[data-form="journal"]')
    press(browser, "Premier pas dans la communauté")
    tab_to(browser, 'textarea[id$="-free"]', within='[data-form="journal"]')
    press(browser, "J'ai découvert comment mes collègues associent les élus locaux.")
    tab_to(browser, 'button[type="submit"]', within='[data-form="journal"]')
    press(browser, Keys.ENTER)
    _section_shows(browser, "journal", "Premier pas dans la communauté")

    # Cases: present a case.
    tab_to(browser, "summary", within=".cap-new-case")
    press(browser, Keys.ENTER)
    tab_to(browser, 'input[name="title"]', within='[data-action="case_save"]')
    press(browser, "Des usagers absents des comités de gestion")
    tab_to(browser, 'textarea[name="context"]', within='[data-action="case_save"]')
    press(browser, "Forages villageois dans la région de Ségou.")
    tab_to(browser, 'textarea[name="problem"]', within='[data-action="case_save"]')
    press(browser, "Les femmes ne viennent pas aux réunions du comité.")
    tab_to(browser, 'button[type="submit"]', within='[data-action="case_save"]')
    press(browser, Keys.ENTER)
    tab_to(browser, "button", within='[data-action="case_present"]')
    press(browser, Keys.ENTER)
    _wait_js(browser, "return !!document.querySelector('[data-section=\"cases\"] .cap-steps');")

    # Brainstorming: add an idea, then vote for it.
    tab_to(browser, 'textarea[name="text"]', within='[data-bs-form="idea"]')
    press(browser, "Tenir les réunions au marché, le jour de foire")
    tab_to(browser, 'button[type="submit"]', within='[data-bs-form="idea"]')
    press(browser, Keys.ENTER)
    _section_shows(browser, "brainstorm", "Tenir les réunions au marché, le jour de foire")
    tab_to(browser, '[data-bs-action="vote"]', within='[data-section="brainstorm"]')
    press(browser, Keys.SPACE)
    _wait_js(browser, "return !!document.querySelector('[data-section=\"brainstorm\"] [data-voted=\"1\"]');")

    # Discussion: open a thread.
    tab_to(browser, "summary", within=".cap-d-new")
    press(browser, Keys.ENTER)
    tab_to(browser, 'input[name="title"]', within='[data-d="start"]')
    press(browser, "Qui invite les usagers ?")
    tab_to(browser, 'textarea[name="body"]', within='[data-d="start"]')
    press(browser, "Chez nous, c'est le chef de village. Et chez vous ?")
    tab_to(browser, 'button[type="submit"]', within='[data-d="start"]')
    press(browser, Keys.ENTER)
    _section_shows(browser, "discussion", "Qui invite les usagers ?")


def test_a_facilitator_hides_a_message_with_the_keyboard(site, browser):
    open_block(browser, site, "facilitator1")
    tab_to(browser, '[data-act="open"]', within='[data-section="discussion"]')
    press(browser, Keys.ENTER)
    tab_to(browser, '[data-act="hide"]', within='[data-section="discussion"]')
    press(browser, Keys.ENTER)
    tab_to(browser, 'input[name="reason"]', within='[data-section="discussion"] .cap-d-ask')
    press(browser, "Merci de ne pas citer de noms de personnes.", Keys.ENTER)
    _section_shows(browser, "discussion", "Merci de ne pas citer de noms de personnes.")
    _wait_js(browser, "return !document.querySelector('[data-section=\"discussion\"] .cap-d-ask');")


def test_a_member_opens_a_closed_section_and_writes_in_it_with_the_keyboard(site, browser, settings):
    settings.CAP_OPEN_ALL_SECTIONS = False  # as on the platform: sections arrive when opened
    open_block(browser, site, "learner1", open_sections=False)
    tab_to(browser, '[data-open-section="discussion"]')
    press(browser, Keys.ENTER)
    _wait_js(browser, "return !!document.querySelector('[data-section=\"discussion\"] [data-d=\"start\"]');")
    tab_to(browser, "summary", within=".cap-d-new")
    press(browser, Keys.ENTER)
    tab_to(browser, 'input[name="title"]', within='[data-d="start"]')
    press(browser, "Un fil ouvert au clavier")
    tab_to(browser, 'textarea[name="body"]', within='[data-d="start"]')
    press(browser, "Tout se fait sans souris.", Keys.TAB)
    tab_to(browser, 'button[type="submit"]', within='[data-d="start"]')
    press(browser, Keys.ENTER)
    _section_shows(browser, "discussion", "Un fil ouvert au clavier")
