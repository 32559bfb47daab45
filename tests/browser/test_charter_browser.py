"""A member accepts the charter; a facilitator publishes a new version and members are asked again. French, Chromium."""

import pytest

from tests.browser.pages import find, find_all, open_block, row_with, wait_for, wait_for_text

pytestmark = pytest.mark.charter_gate


def test_member_accepts_the_charter_before_writing(site, browser):
    open_block(browser, site, "learner8")
    sections = find_all(browser, "[data-section]")
    assert sections[0].get_attribute("data-section") == "charter"
    charter = find(browser, '[data-section="charter"]')
    assert "Charte de la communauté" in charter.text
    assert "parties prenantes absentes" in find(browser, "[data-charter-text]").text
    # The other sections explain why their forms will refuse to save.
    notes = find_all(browser, ".cap-charter-note")
    assert notes and all("Acceptez la charte" in note.get_attribute("textContent") for note in notes)
    button = find(browser, '[data-action="charter-accept"]')
    assert button.text == "J'accepte la charte"
    button.click()
    wait_for_text(browser, "[data-live]", "Merci : vous avez accepté la charte")
    assert not find(browser, "[data-charter-accept]").is_displayed()
    assert "Vous avez accepté cette charte le" in find(browser, "[data-charter-accepted-line]").text
    assert not find_all(browser, ".cap-charter-note")
    # After a reload the page remembers.
    open_block(browser, site, "learner8")
    assert not find(browser, "[data-charter-accept]").is_displayed()


def test_facilitator_publishes_a_new_version_and_members_are_asked_again(site, browser_factory):
    facilitator = browser_factory()
    open_block(facilitator, site, "facilitator1")
    assert "6 membres sur 8 ont accepté cette version." in find(facilitator, "[data-charter-count]").text
    find(facilitator, ".cap-charter-who summary").click()
    row_with(facilitator, '[data-list="charter-acceptances"]', "Cheikh Mbaye", "version précédente")
    row_with(facilitator, '[data-list="charter-acceptances"]', "Awa Ndiaye", "Acceptée le")
    find(facilitator, ".cap-charter-edit summary").click()
    text = find(facilitator, '[data-form="charter-edit"] textarea')
    text.send_keys("\n\n8. Nous fêtons ensemble les petites victoires.")
    find(facilitator, '[data-form="charter-edit"] button[type="submit"]').click()
    wait_for_text(facilitator, "[data-live]", "Nouvelle version enregistrée")
    wait_for_text(facilitator, "[data-charter-count]", "0 membres sur 8")
    assert "Version 2, enregistrée par Aminata Diallo" in find(facilitator, "[data-charter-meta]").text

    learner = browser_factory()
    open_block(learner, site, "learner1")
    wait_for(learner, "[data-charter-accepted-line]")
    assert "La charte a changé" in find(learner, "[data-charter-accepted-line]").text
    assert "petites victoires" in find(learner, "[data-charter-text]").text
    find(learner, '[data-action="charter-accept"]').click()
    wait_for_text(learner, "[data-live]", "Merci")


def test_a_stale_save_keeps_what_the_facilitator_typed(site, browser_factory):
    first = browser_factory()
    open_block(first, site, "facilitator1")
    second = browser_factory()
    open_block(second, site, "staff")
    for driver in (first, second):
        find(driver, ".cap-charter-edit summary").click()
    find(second, '[data-form="charter-edit"] textarea').send_keys(" Ajout de l'équipe.")
    find(second, '[data-form="charter-edit"] button[type="submit"]').click()
    wait_for_text(second, "[data-live]", "Nouvelle version enregistrée")
    area = find(first, '[data-form="charter-edit"] textarea')
    area.send_keys(" Mon ajout.")
    find(first, '[data-form="charter-edit"] button[type="submit"]').click()
    wait_for_text(first, '[data-form="charter-edit"] .cap-error', "entre-temps")
    assert area.get_attribute("value").endswith(" Mon ajout.")


def test_a_facilitator_writes_the_charter_in_french_and_english_and_each_member_reads_their_language(
        site, browser_factory):
    facilitator = browser_factory()
    open_block(facilitator, site, "facilitator1")
    find(facilitator, ".cap-charter-edit summary").click()
    french = find(facilitator, '[data-form="charter-edit"] textarea[name="text"]')
    assert "parties prenantes absentes" in french.get_attribute("value")
    english = find(facilitator, '[data-form="charter-edit"] textarea[name="text_en"]')
    english.clear()
    english.send_keys("1. We listen to each other.\n2. What is said here stays here.")
    find(facilitator, '[data-form="charter-edit"] button[type="submit"]').click()
    wait_for_text(facilitator, "[data-live]", "Nouvelle version enregistrée")

    reader_en = browser_factory("en-US")
    open_block(reader_en, site, "learner2")
    assert "What is said here stays here." in find(reader_en, "[data-charter-text]").text
    reader_fr = browser_factory()
    open_block(reader_fr, site, "learner2")
    text = find(reader_fr, "[data-charter-text]").text
    assert "parties prenantes absentes" in text and "What is said" not in text
