"""Course staff edit the block's settings in its Studio view, as a person does: typing, clicking « Enregistrer »."""

from selenium.webdriver.common.by import By

from tests.browser.pages import find, find_all, open_block, wait_for, wait_for_text


def open_studio(driver, site, who="staff"):
    driver.get(f"{site}/scenario/cap.0/studio_view/?student={who}")
    wait_for(driver, ".cap-studio [data-form=studio]")


def control(driver, label):
    """The form control a visible label names (as a person finds it)."""
    for node in find_all(driver, ".cap-studio label"):
        if node.text.strip() == label:
            return find(driver, "#" + node.get_attribute("for"))
    raise AssertionError(f"no control labelled {label!r}")


def prompts(driver):
    return [area.get_attribute("value") for area in find_all(driver, "[data-prompt] textarea")]


def button_in_row(driver, number, text):
    row = find_all(driver, "[data-prompt]")[number - 1]
    return next(b for b in row.find_elements(By.TAG_NAME, "button") if b.text == text)


def test_staff_change_the_settings_and_they_are_kept(site, browser):
    open_studio(browser, site)
    page = find(browser, ".cap-studio").text
    for english in ("Clear Value", "Cancel", "True", "False", "Default"):
        assert english not in page
    assert "Annuler" in page

    premoderation = control(browser, "Modération a priori de la discussion")
    assert not premoderation.is_selected()
    premoderation.click()
    budget = control(browser, "Votes par membre")
    budget.clear()
    budget.send_keys("5")
    control(browser, "Remue-méninges").click()
    control(browser, "Titre (anglais)").send_keys("Community of practice")

    add = find(browser, "[data-add-prompt]")
    for text in ("Qu'avez-vous observé ?", "Qu'avez-vous appris ?", "Que ferez-vous demain ?"):
        add.click()
        browser.switch_to.active_element.send_keys(text)
    button_in_row(browser, 3, "Monter").click()
    button_in_row(browser, 1, "Retirer").click()
    assert prompts(browser) == ["Que ferez-vous demain ?", "Qu'avez-vous appris ?"]

    find(browser, ".cap-studio .save-button").click()
    wait_for_text(browser, ".cap-studio [data-live]", "Les réglages sont enregistrés.")

    open_studio(browser, site)
    assert control(browser, "Modération a priori de la discussion").is_selected()
    assert control(browser, "Votes par membre").get_attribute("value") == "5"
    assert not control(browser, "Remue-méninges").is_selected()
    assert control(browser, "Discussion").is_selected()
    assert control(browser, "Titre (anglais)").get_attribute("value") == "Community of practice"
    assert prompts(browser) == ["Que ferez-vous demain ?", "Qu'avez-vous appris ?"]

    # Learners see the saved settings: the prompts in the journal, no brainstorm.
    open_block(browser, site, "learner1")
    assert not find_all(browser, '[data-section="brainstorm"]')
    assert "Que ferez-vous demain ?" in find(browser, '[data-section="journal"]').text


def test_a_refused_save_says_why_in_the_page(site, browser):
    open_studio(browser, site)
    budget = control(browser, "Votes par membre")
    budget.clear()
    budget.send_keys("50")
    find(browser, ".cap-studio .save-button").click()
    wait_for_text(browser, ".cap-studio .cap-error", "entre 1 et 20")
    open_studio(browser, site)
    assert control(browser, "Votes par membre").get_attribute("value") == "3"


def test_the_english_view_shows_the_english_title_and_question(site, browser_factory):
    english = browser_factory("en-US")
    open_studio(english, site)
    control(english, "Title (English)").send_keys("Community of practice")
    control(english, "Guiding question (English)").send_keys("How can we involve stakeholders better?")
    find(english, ".cap-studio .save-button").click()
    wait_for_text(english, ".cap-studio [data-live]", "The settings are saved.")
    open_block(english, site, "learner1", open_sections=False)
    assert find(english, ".cap-title").text == "Community of practice"
    assert "How can we involve stakeholders better?" in find(english, ".cap-question").text
    french = browser_factory()
    open_block(french, site, "learner1", open_sections=False)
    assert find(french, ".cap-title").text == "Communauté d'apprentissage et de pratiques"
    assert "Comment mieux impliquer les parties prenantes ?" in find(french, ".cap-question").text


def test_a_save_the_server_refuses_outside_the_block_is_said_in_the_page(site, browser):
    open_studio(browser, site)
    # The session's CSRF cookie is gone (expired, cleared): Django answers with its own 403 page.
    browser.delete_cookie("csrftoken")
    control(browser, "Modération a priori de la discussion").click()
    find(browser, ".cap-studio .save-button").click()
    wait_for_text(browser, ".cap-studio .cap-error", "erreur 403")
    assert find(browser, ".cap-studio .save-button").is_enabled()
