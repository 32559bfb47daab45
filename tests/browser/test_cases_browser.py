"""One full co-development cycle in French: a case owner, two consultants and the facilitator, each in a browser."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.pages import TIMEOUT, find, open_block, wait_for, wait_for_text

TITLE = "Convaincre les chefs de village de venir au comité"
SECTION = '[data-section="cases"]'
DETAIL = SECTION + " [data-case-detail]"


def open_case(driver, site, student):
    """Open the block as ``student`` and the case in the detail area."""
    open_block(driver, site, student)
    button = WebDriverWait(driver, TIMEOUT).until(
        lambda d: d.find_element(By.XPATH, f"//button[@data-open and normalize-space()='{TITLE}']"))
    button.click()
    wait_for_text(driver, DETAIL + " .cap-case-title", TITLE)


def current_step(driver):
    return find(driver, DETAIL + ' [aria-current="step"]').text


def publish(driver, text, answer=False):
    field = find(driver, DETAIL + (' textarea[id*="-answer-"]' if answer else ' textarea[id*="-body-"]'))
    field.send_keys(text)
    field.find_element(By.XPATH, "./ancestor::form//button[@type='submit']").click()
    wait_for_text(driver, DETAIL + " .cap-contributions", text)


def next_step(driver, expected):
    find(driver, DETAIL + ' button[value="next"]').click()
    wait_for_text(driver, DETAIL + ' [aria-current="step"]', expected)
    wait_for_text(driver, "[data-live]", f"Le cas est maintenant à l'étape « {expected} »")


def test_a_full_co_development_cycle(site, browser_factory):
    owner, first, second, facilitator = (browser_factory() for _ in range(4))

    # The owner writes a draft, then presents it.
    open_block(owner, site, "learner2")
    assert find(owner, SECTION + " .cap-section-title").text == "Cas (co-développement)"
    find(owner, SECTION + " details.cap-new-case summary").click()
    form = find(owner, SECTION + ' form[data-action="case_save"]')
    form.find_element(By.NAME, "title").send_keys(TITLE)
    form.find_element(By.NAME, "context").send_keys("Un programme de santé communautaire près de Kolda.")
    form.find_element(By.NAME, "problem").send_keys("Les chefs de village ne viennent pas aux comités.")
    form.find_element(By.NAME, "tried").send_keys("Des invitations par le centre de santé.")
    form.find_element(By.XPATH, ".//button[normalize-space()='Enregistrer le brouillon']").click()
    wait_for_text(owner, DETAIL + " .cap-hint", "Brouillon")
    find(owner, DETAIL + ' form[data-action="case_present"] button').click()
    wait_for_text(owner, "[data-live]", "Votre cas est présenté à la communauté.")
    assert current_step(owner) == "Exposé du cas"

    # Consultants cannot write yet; the facilitator opens the clarifying questions.
    open_case(first, site, "learner3")
    assert "Lisez le cas avant les questions de clarification." in find(first, DETAIL + " [data-expected]").text
    assert not first.find_elements(By.CSS_SELECTOR, DETAIL + ' textarea[id*="-body-"]')
    open_case(facilitator, site, "facilitator1")
    next_step(facilitator, "Questions de clarification")

    open_case(first, site, "learner3")
    publish(first, "Qui porte l'invitation aux chefs de village ?")
    open_case(owner, site, "learner2")
    assert "Répondez aux questions des consultant·es." in find(owner, DETAIL + " [data-expected]").text
    publish(owner, "L'infirmier-chef de poste, par écrit.", answer=True)

    next_step(facilitator, "Contrat")
    open_case(owner, site, "learner2")
    publish(owner, "Je demande trois façons d'inviter qui respectent les usages.")

    next_step(facilitator, "Consultation")
    open_case(second, site, "learner4")
    publish(second, "Passez par l'imam ou le chef de quartier pour porter l'invitation.")
    open_case(owner, site, "learner2")
    assert "Écoutez" in find(owner, DETAIL + " [data-expected]").text
    assert not owner.find_elements(By.CSS_SELECTOR, DETAIL + ' textarea[id*="-body-"]')

    # « Utile » on the suggestion, by the first consultant.
    open_case(first, site, "learner3")
    useful = find(first, DETAIL + " .cap-kind-suggestion button[data-useful]")
    useful.click()
    WebDriverWait(first, TIMEOUT).until(lambda d: useful.get_attribute("aria-pressed") == "true")
    assert useful.find_element(By.CSS_SELECTOR, "[data-count]").text == "1"
    # The same form as in the discussion: « Utile (1) ».
    assert useful.text == "Utile (1)"

    # A consultant whose page is one step behind is told so, where they wrote, and keeps their text.
    open_case(second, site, "learner4")
    next_step(facilitator, "Synthèse et plan d'action")
    late_text = "Et si vous invitiez aussi les femmes leaders ?"
    field = find(second, DETAIL + ' textarea[id*="-body-"]')
    field.send_keys(late_text)
    field.find_element(By.XPATH, "./ancestor::form//button[@type='submit']").click()
    wait_for_text(second, DETAIL + " form .cap-error", "Synthèse et plan d'action")
    assert field.get_attribute("value") == late_text

    open_case(owner, site, "learner2")
    publish(owner, "Synthèse : je passerai par les relais religieux. Plan : deux visites avant le prochain comité.")

    next_step(facilitator, "Apprentissages")
    for driver, student, text in ((owner, "learner2", "J'ai appris à demander de l'aide."),
                                  (first, "learner3", "Les relais locaux comptent plus que l'écrit."),
                                  (second, "learner4", "Écouter sans répondre, c'est utile.")):
        open_case(driver, site, student)
        publish(driver, text)

    # Everyone sees the case at its last step in the list.
    open_block(facilitator, site, "facilitator1")
    wait_for(facilitator, SECTION + " .cap-cases")
    item = facilitator.find_element(
        By.XPATH, f"//li[contains(@class,'cap-case-item')][.//button[normalize-space()='{TITLE}']]")
    assert "Étape 6 sur 6 : Apprentissages" in item.text
    assert "8 contributions" in item.text


def test_a_save_from_an_older_copy_keeps_the_text_and_shows_both(site, browser_factory):
    first, second = browser_factory(), browser_factory()
    title = "Un comité de pilotage qui ne pilote plus"
    open_block(first, site, "learner2")
    find(first, SECTION + " details.cap-new-case summary").click()
    form = find(first, SECTION + ' form[data-action="case_save"]')
    form.find_element(By.NAME, "title").send_keys(title)
    form.find_element(By.NAME, "context").send_keys("Version de départ.")
    form.find_element(By.XPATH, ".//button[normalize-space()='Enregistrer le brouillon']").click()
    wait_for_text(first, DETAIL + " .cap-case-title", title)

    open_block(second, site, "learner2")
    WebDriverWait(second, TIMEOUT).until(
        lambda d: d.find_element(By.XPATH, f"//button[@data-open and normalize-space()='{title}']")).click()
    wait_for_text(second, DETAIL + " .cap-case-title", title)

    def edit(driver, text):
        context = find(driver, DETAIL + ' form[data-action="case_save"] textarea[name="context"]')
        context.clear()
        context.send_keys(text)
        find(driver, DETAIL + ' form[data-action="case_save"] button[type="submit"]').click()

    edit(first, "Texte du premier onglet.")
    wait_for_text(first, DETAIL + " dl", "Texte du premier onglet.")
    edit(second, "Texte du second onglet.")
    wait_for_text(second, DETAIL + ' form[data-action="case_save"] .cap-error', "modifié ailleurs")
    elsewhere = find(second, DETAIL + " [data-saved-elsewhere]")
    assert "Le texte enregistré ailleurs entre-temps" in elsewhere.text
    assert "Texte du premier onglet." in elsewhere.text
    typed = find(second, DETAIL + ' form[data-action="case_save"] textarea[name="context"]')
    assert typed.get_attribute("value") == "Texte du second onglet."
    # Having seen both, the person saves their text on the current version.
    find(second, DETAIL + ' form[data-action="case_save"] button[type="submit"]').click()
    wait_for_text(second, DETAIL + " dl", "Texte du second onglet.")
