"""The reflective journal in Chromium, in French: write with prompts, share, get feedback, withdraw; survive a cut."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.pages import TIMEOUT, find, open_block, wait_for, wait_for_text

JOURNAL = '[data-section="journal"]'
EDITOR = f'{JOURNAL} [data-form="journal"]'


def _prompt(driver, label_start):
    """The textarea of the prompt whose label starts with ``label_start``."""
    for label in driver.find_elements(By.CSS_SELECTOR, f"{EDITOR} [data-prompts] label"):
        if label.text.startswith(label_start):
            return find(driver, "#" + label.get_attribute("for"))
    raise AssertionError(f"no prompt {label_start!r}")


def _entry_button(driver, list_name, title):
    def found(d):
        for button in d.find_elements(By.CSS_SELECTOR, f'{JOURNAL} [data-list="{list_name}"] button'):
            if button.text == title:
                return button
        return False
    return WebDriverWait(driver, TIMEOUT).until(found)


def test_write_share_receive_feedback_and_withdraw(site, browser_factory):
    learner = browser_factory()
    open_block(learner, site, "learner3")
    assert find(learner, f"{JOURNAL} h3").text == "Journal réflexif"
    find(learner, f'{EDITOR} input[name="title"]').send_keys("Atelier avec les jeunes")
    _prompt(learner, "Description").send_keys("Personne n'est venu au premier atelier du samedi.")
    _prompt(learner, "Plan d'action").send_keys("Aller au terrain de foot le soir.")
    # Autosave, then an explicit save.
    wait_for_text(learner, f"{EDITOR} [data-status]", "Enregistré à")
    find(learner, f'{EDITOR} button[type="submit"]').click()
    wait_for_text(learner, "[data-live]", "Enregistré")
    _entry_button(learner, "journal", "Atelier avec les jeunes")
    find(learner, f'{EDITOR} [data-action="share"]').click()
    wait_for_text(learner, "[data-live]", "Entrée partagée")
    assert find(learner, f"{EDITOR} [data-sharing]").text == "Partagée avec votre ou vos facilitateur·trices"
    assert not find(learner, f'{EDITOR} [data-action="share"]').is_displayed()
    assert find(learner, f'{EDITOR} [data-action="withdraw"]').is_displayed()

    facilitator = browser_factory()
    open_block(facilitator, site, "facilitator1")
    _entry_button(facilitator, "journal-shared", "Atelier avec les jeunes").click()
    wait_for_text(facilitator, f"{JOURNAL} [data-reader-body]", "Personne n'est venu")
    reader = find(facilitator, f"{JOURNAL} [data-reader]")
    reader.find_element(By.CSS_SELECTOR, "textarea").send_keys("Qui pourrait t'y accompagner ?")
    reader.find_element(By.CSS_SELECTOR, 'button[type="submit"]').click()
    wait_for_text(facilitator, "[data-live]", "Retour envoyé")
    wait_for_text(facilitator, f"{JOURNAL} [data-reader] [data-feedback]", "Qui pourrait t'y accompagner ?")

    open_block(learner, site, "learner3")
    _entry_button(learner, "journal", "Atelier avec les jeunes").click()
    wait_for_text(learner, f"{EDITOR} [data-feedback]", "Qui pourrait t'y accompagner ?")
    assert "Aminata Diallo" in find(learner, f"{EDITOR} [data-feedback]").text
    assert _prompt(learner, "Description").get_attribute("value") == "Personne n'est venu au premier atelier du samedi."
    find(learner, f'{EDITOR} [data-action="withdraw"]').click()
    wait_for_text(learner, "[data-live]", "Partage retiré")

    open_block(facilitator, site, "facilitator1")
    wait_for(facilitator, f'{JOURNAL} [data-list="journal-shared"]')
    assert "Atelier avec les jeunes" not in find(facilitator, f'{JOURNAL} [data-list="journal-shared"]').text


def test_a_facilitators_journal_offers_no_sharing(site, browser):
    open_block(browser, site, "facilitator1")
    assert "journal de pratique" in find(browser, f"{JOURNAL} .cap-hint").text
    find(browser, f'{EDITOR} input[name="title"]').send_keys("Ma séance de samedi")
    find(browser, f'{EDITOR} button[type="submit"]').click()
    wait_for_text(browser, "[data-live]", "Enregistré")
    wait_for_text(browser, f"{EDITOR} [data-sharing]", "Privée")
    assert not browser.find_elements(By.CSS_SELECTOR, f'{EDITOR} [data-action="share"]')
    assert "facilitateur·trices" not in find(browser, f"{EDITOR} [data-tools]").text


def test_a_draft_survives_a_lost_connection(site, browser):
    open_block(browser, site, "learner4")
    wait_for(browser, EDITOR)
    browser.set_network_conditions(offline=True, latency=0, download_throughput=0, upload_throughput=0)
    _prompt(browser, "Ressentis").send_keys("Découragée, mais pas seule.")
    wait_for_text(browser, f"{EDITOR} [data-status]", "Non enregistré")
    assert "Non enregistré" in find(browser, "[data-live]").text
    kept = browser.execute_script(
        "return Object.keys(localStorage).filter(function (k) { return k.indexOf('cap-journal:') === 0; })"
        ".map(function (k) { return localStorage.getItem(k); }).join('');")
    assert "Découragée, mais pas seule." in kept
    # What was typed is still on screen.
    assert _prompt(browser, "Ressentis").get_attribute("value") == "Découragée, mais pas seule."
    browser.set_network_conditions(offline=False, latency=0, download_throughput=-1, upload_throughput=-1)
    wait_for_text(browser, f"{EDITOR} [data-status]", "Enregistré à", timeout=20)
    _entry_button(browser, "journal", "Entrée sans titre")
    left = browser.execute_script(
        "return Object.keys(localStorage).filter(function (k) { return k.indexOf('cap-journal:') === 0; }).length;")
    assert left == 0


def test_a_stale_save_is_refused_clearly_and_keeps_the_text(site, browser_factory):
    first, second = browser_factory(), browser_factory()
    for driver in (first, second):
        open_block(driver, site, "learner1")
        _entry_button(driver, "journal", "Après la séance de co-développement").click()
        wait_for_text(driver, f"{EDITOR} [data-editor-title]", "Après la séance")
    _prompt(first, "Conclusion").send_keys(" Et noter ce qu'ils disent.")
    wait_for_text(first, f"{EDITOR} [data-status]", "Enregistré à")
    _prompt(second, "Conclusion").send_keys(" Autre idée, écrite ailleurs.")
    wait_for_text(second, f"{EDITOR} .cap-error", "modifiée ailleurs")
    kept = _prompt(second, "Conclusion").get_attribute("value")
    assert kept == "Écouter avant de convoquer. Autre idée, écrite ailleurs."
