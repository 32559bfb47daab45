"""From a finished case to a published, searchable knowledge sheet, and back, in French: the case owner consents,
the facilitator reviews and publishes, a learner of another community finds it; withdrawing removes it."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.a11y import report, violations
from tests.browser.pages import TIMEOUT, find, open_block, wait_for_text

TITLE = "Des comités de l'eau qui tiennent après le projet"
SECTION = '[data-section="knowledge"]'
SHEET = SECTION + ' [data-part="sheet"]'
COURSE = "Tout le cours (toutes les communautés)"


def click_button(driver, css, label):
    button = WebDriverWait(driver, TIMEOUT).until(
        lambda d: d.find_element(By.CSS_SELECTOR, css).find_element(
            By.XPATH, f".//button[normalize-space()=\"{label}\"]"))
    button.click()


def open_sheet(driver, site, student, place='[data-part="mine"]'):
    open_block(driver, site, student)
    click_button(driver, SECTION + " " + place, TITLE)
    wait_for_text(driver, SHEET + " .cap-case-title", TITLE)


def search(driver, words):
    form = find(driver, SECTION + " form[data-search]")
    field = form.find_element(By.NAME, "query")
    field.clear()
    field.send_keys(words)
    form.find_element(By.XPATH, ".//button[@type='submit']").click()


def test_consent_review_publication_search_and_withdrawal(site, browser_factory):
    owner, facilitator, reader = (browser_factory() for _ in range(3))

    # Nothing yet for a learner of another community.
    open_block(reader, site, "learner1")
    assert find(reader, SECTION + " .cap-section-title").text == "Savoirs partagés"
    search(reader, "cotisations")
    wait_for_text(reader, SECTION + ' [data-part="results"]', "Aucune fiche publiée ne correspond.")

    # The facilitator may not publish before the case owner consents.
    open_sheet(facilitator, site, "facilitator2")
    assert "Consentement attendu de : Mamadou Kane" in find(facilitator, SHEET).text

    # The case owner reads the sheet and consents for the whole course.
    open_sheet(owner, site, "learner10")
    click_button(owner, SHEET, f"Je consens : {COURSE}")
    wait_for_text(owner, "[data-live]", "Votre consentement est enregistré.")
    wait_for_text(owner, SHEET, "vous avez consenti")

    # The facilitator reviews what readers will see, with what looks like it identifies someone, and publishes.
    open_sheet(facilitator, site, "facilitator2")
    click_button(facilitator, SHEET, "Relire avant de publier")
    wait_for_text(facilitator, SHEET + " .cap-review", "Saint-Louis")
    assert "Ci-dessous : exactement ce que verront les lecteur·rices." in find(facilitator, SHEET).text
    found = violations(facilitator, SECTION)
    assert not found, report(found)
    click_button(facilitator, SHEET, f"Publier : {COURSE}")
    wait_for_text(facilitator, "[data-live]", "La fiche est publiée.")

    # A learner of another community finds it by search and opens it.
    open_block(reader, site, "learner1")
    search(reader, "cotisations")
    wait_for_text(reader, SECTION + ' [data-part="results"]', "1 fiche")
    click_button(reader, SECTION + ' [data-part="results"]', TITLE)
    wait_for_text(reader, SHEET + " .cap-markup", "Rendre les comptes publics chaque mois")
    found = violations(reader, SECTION)
    assert not found, report(found)
    click_button(reader, SHEET, "Utile (0)")
    wait_for_text(reader, "[data-live]", "Marqué comme utile.")

    # The owner withdraws consent: the sheet leaves the course at once.
    open_sheet(owner, site, "learner10")
    owner.execute_script("window.confirm = function () { return true; };")
    click_button(owner, SHEET, "Retirer mon consentement")
    wait_for_text(owner, "[data-live]", "Votre consentement est retiré")
    open_block(reader, site, "learner1")
    search(reader, "cotisations")
    wait_for_text(reader, SECTION + ' [data-part="results"]', "Aucune fiche publiée ne correspond.")
