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


def test_two_tabs_the_losing_tab_keeps_its_text_after_a_reload(site, browser):
    """Tabs of one browser share localStorage: the other tab's saves must not delete this tab's draft."""
    entry = "Après la séance de co-développement"
    first = browser.current_window_handle
    open_block(browser, site, "learner1")
    _entry_button(browser, "journal", entry).click()
    wait_for_text(browser, f"{EDITOR} [data-editor-title]", "Après la séance")
    browser.switch_to.new_window("tab")
    second = browser.current_window_handle
    open_block(browser, site, "learner1")
    _entry_button(browser, "journal", entry).click()
    wait_for_text(browser, f"{EDITOR} [data-editor-title]", "Après la séance")

    browser.switch_to.window(first)
    _prompt(browser, "Conclusion").send_keys(" Premier onglet.")
    wait_for_text(browser, f"{EDITOR} [data-status]", "Enregistré à")
    browser.switch_to.window(second)
    _prompt(browser, "Conclusion").send_keys(" Second onglet.")
    wait_for_text(browser, f"{EDITOR} .cap-error", "modifiée ailleurs")
    browser.switch_to.window(first)  # the winning tab saves again: its save drops its own draft only
    _prompt(browser, "Conclusion").send_keys(" Encore.")
    wait_for_text(browser, f"{EDITOR} [data-status]", "Enregistré à")

    browser.switch_to.window(second)
    browser.refresh()
    wait_for(browser, EDITOR)
    _entry_button(browser, "journal", entry).click()
    wait_for_text(browser, f"{EDITOR} [data-status]", "pas été enregistré")
    assert _prompt(browser, "Conclusion").get_attribute("value") == "Écouter avant de convoquer. Second onglet."
    shown = find(browser, f"{EDITOR} [data-version-view]")
    assert shown.is_displayed() and "Premier onglet. Encore." in shown.text
    # The next change saves this tab's text on the current version; then its draft is gone.
    _prompt(browser, "Conclusion").send_keys(" Fusionné.")
    wait_for_text(browser, f"{EDITOR} [data-status]", "Enregistré à")
    assert browser.execute_script(
        "return Object.keys(localStorage).filter(function (k) { return k.indexOf('cap-journal:') === 0; }).length;"
    ) == 0


def _journal_started(driver):
    """Wait until the journal's script has run (it restores or removes drafts as it starts)."""
    WebDriverWait(driver, TIMEOUT).until(lambda d: d.execute_script(
        "var s = document.querySelector('[data-section=\"journal\"]'); return !!(s && s.capStarted);"))


def _draft_left_offline(driver, site, student, text):
    """``student`` types in the journal while their saves cannot reach the server; the next person opens the
    activity in another tab of the same browser (this tab keeps failing, so the text is in the browser only)."""
    open_block(driver, site, student)
    wait_for(driver, EDITOR)
    # This tab's saves no longer reach the server (as on a lost connection); other tabs are not affected.
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*journal_save*"]})
    _prompt(driver, "Ressentis").send_keys(text)
    wait_for_text(driver, f"{EDITOR} [data-status]", "Non enregistré")
    kept = _stored(driver)
    driver.switch_to.new_window("tab")
    return kept


def _stored(driver):
    return driver.execute_script(
        "return Object.keys(localStorage).filter(function (k) { return k.indexOf('cap-journal:') === 0; })"
        ".map(function (k) { return k + '=' + localStorage.getItem(k); }).join('\\n');")


def test_a_draft_comes_back_to_its_author_on_the_same_browser(site, browser):
    kept = _draft_left_offline(browser, site, "learner4", "Brouillon de Fatou, à reprendre.")
    assert "Brouillon de Fatou" in kept and "learner4" not in kept  # the key is opaque: no user id in it
    open_block(browser, site, "learner4")
    _journal_started(browser)
    assert _prompt(browser, "Ressentis").get_attribute("value") == "Brouillon de Fatou, à reprendre."


def test_the_next_person_on_the_same_browser_never_gets_the_draft_of_another(site, browser):
    from cap_xblock.models import JournalEntry  # pylint: disable=import-outside-toplevel

    secret = "Brouillon privé de learner4 : 7f3a"
    assert secret in _draft_left_offline(browser, site, "learner4", secret)
    open_block(browser, site, "learner2")
    _journal_started(browser)
    for area in browser.find_elements(By.CSS_SELECTOR, f"{EDITOR} textarea, {EDITOR} input[name='title']"):
        assert secret not in (area.get_attribute("value") or "")
    assert "restauré" not in find(browser, f"{EDITOR} [data-status]").text
    # The other person's draft is gone from this browser, and nothing of it was saved as this person's.
    assert secret not in _stored(browser)
    assert not [entry for entry in JournalEntry.objects.filter(user_id="learner2")
                if "7f3a" in f"{entry.answers}{entry.free_text}"]
