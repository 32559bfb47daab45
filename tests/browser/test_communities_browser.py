"""Staff create a community and place a learner; the learner then sees it. In French, in Chromium."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.browser.pages import find, find_all, open_block, row_with, wait_for_text


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


def _button(row, text):
    return row.find_element(By.XPATH, f".//button[normalize-space()={text!r}]")


def test_archived_community_is_labelled_by_its_state_and_archiving_asks_first(site, browser):
    open_block(browser, site, "staff")
    row = row_with(browser, '[data-list="communities"]', "Les Érables")
    _button(row, "Archiver").click()
    step = row.find_element(By.CSS_SELECTOR, "[data-confirm-step]")
    assert "Archiver cette communauté ?" in step.text
    assert browser.switch_to.active_element == _button(step, "Confirmer")
    _button(step, "Confirmer").click()
    wait_for_text(browser, "[data-live]", "Enregistré")
    find(browser, '[data-filter="archived"]').click()
    archived = row_with(browser, '[data-list="communities"]', "Les Érables (archivée)")
    assert "Archiver)" not in archived.text


def test_withdrawing_a_facilitator_asks_for_confirmation_and_can_be_cancelled(site, browser):
    open_block(browser, site, "staff")
    row = row_with(browser, '[data-list="communities"]', "Les Baobabs", "Aminata Diallo")
    withdraw = _button(row, "Retirer : Aminata Diallo")
    withdraw.click()
    step = row.find_element(By.CSS_SELECTOR, "[data-confirm-step]")
    assert "Retirer Aminata Diallo des facilitateur·trices de « Les Baobabs » ?" in step.text
    _button(step, "Annuler").click()
    assert not row.find_elements(By.CSS_SELECTOR, "[data-confirm-step]")
    assert browser.switch_to.active_element == withdraw
    assert "Aminata Diallo" in row_with(browser, '[data-list="communities"]', "Les Baobabs").text
    withdraw.click()
    _button(row.find_element(By.CSS_SELECTOR, "[data-confirm-step]"), "Confirmer").click()
    wait_for_text(browser, "[data-live]", "Enregistré")
    row = row_with(browser, '[data-list="communities"]', "Les Baobabs", "Aucun")
    assert "Aminata Diallo" not in row.text


def test_removing_a_learner_from_their_community_asks_for_confirmation(site, browser):
    open_block(browser, site, "staff")
    search = find(browser, '[data-form="people"] input[name="q"]')
    search.send_keys("learner1")
    search.submit()
    person = row_with(browser, '[data-list="people"]', "(learner1)", "Les Baobabs")
    _button(person, "Retirer de la communauté").click()
    step = person.find_element(By.CSS_SELECTOR, "[data-confirm-step]")
    assert "« Les Baobabs »" in step.text
    _button(step, "Confirmer").click()
    row_with(browser, '[data-list="people"]', "(learner1)", "En attente d'une communauté")


def test_the_exported_file_imports_back_when_a_community_is_archived(site, browser, tmp_path):
    open_block(browser, site, "staff")
    row = row_with(browser, '[data-list="communities"]', "Les Érables")
    _button(row, "Archiver").click()
    _button(row.find_element(By.CSS_SELECTOR, "[data-confirm-step]"), "Confirmer").click()
    wait_for_text(browser, "[data-live]", "Enregistré")
    # The file the « Exporter » link downloads.
    link = find(browser, ".cap-manage a[download]")
    exported = browser.execute_async_script(
        "var done = arguments[1]; fetch(arguments[0], {credentials: 'same-origin'})"
        ".then(function (r) { return r.text(); }).then(done);", link.get_attribute("href"))
    assert exported.splitlines()[0] == "username,community,role,archived"
    assert any(line.startswith("learner17,Les Érables,learner,yes") for line in exported.splitlines())
    path = tmp_path / "export.csv"
    path.write_text(exported, encoding="utf-8")
    find(browser, '[data-form="import"] input[type="file"]').send_keys(str(path))
    find(browser, '[data-form="import"] button:not([name])').click()
    wait_for_text(browser, '[data-form="import"] [data-report]', "Importé")
    assert not find_all(browser, '[data-form="import"] .cap-error')
    show_archived = find(browser, '[data-filter="archived"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", show_archived)
    show_archived.click()
    row_with(browser, '[data-list="communities"]', "Les Érables (archivée)")


def test_english_labels_have_no_french_spacing(site, browser_factory):
    staff = browser_factory("en-US")
    open_block(staff, site, "staff")
    row = row_with(staff, '[data-list="communities"]', "Les Baobabs", "Aminata Diallo")
    _button(row, "Withdraw: Aminata Diallo")
    assert " :" not in row.text


def test_renaming_is_a_form_in_the_row_that_keeps_a_refused_name(site, browser):
    open_block(browser, site, "staff")
    row = row_with(browser, '[data-list="communities"]', "Les Érables")
    rename = _button(row, "Renommer")
    rename.click()
    name = row.find_element(By.CSS_SELECTOR, '[data-rename-form] input[name="name"]')
    assert browser.switch_to.active_element == name and name.get_attribute("value") == "Les Érables"
    assert rename.get_attribute("aria-expanded") == "true"
    name.clear()
    name.send_keys("les baobabs")
    _button(row, "Enregistrer").click()
    wait_for_text(browser, '[data-list="communities"] [data-rename-form] .cap-error', "existe déjà")
    assert name.get_attribute("value") == "les baobabs"
    name.clear()
    name.send_keys("Les Fromagers")
    _button(row, "Enregistrer").click()
    wait_for_text(browser, "[data-live]", "Enregistré")
    row = row_with(browser, '[data-list="communities"]', "Les Fromagers")
    WebDriverWait(browser, 10).until(
        lambda d: d.switch_to.active_element.get_attribute("data-rename") is not None
        and "Les Fromagers" in d.switch_to.active_element.find_element(By.XPATH, "./ancestor::tr").text)
