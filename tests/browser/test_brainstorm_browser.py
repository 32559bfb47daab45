"""A brainstorm of « Les Baobabs » in Chromium, in French: members add ideas and vote, the facilitator
groups them, closes the vote and marks what the community retains; everyone then sees the ranking."""

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.browser.a11y import report, violations
from tests.browser.pages import TIMEOUT, find, find_all, open_block, wait_for, wait_for_text

SECTION = '[data-section="brainstorm"]'
NEW_IDEA = "Tenir les rencontres les jours de marché, là où les gens sont déjà."


def until(driver, check):
    """Wait until ``check(driver)`` holds; the list is drawn again after each action."""
    return WebDriverWait(driver, TIMEOUT, ignored_exceptions=(StaleElementReferenceException,)).until(check)


def idea_item(driver, text):
    """The item of the ideas list that shows ``text`` (waits for it)."""
    def _found(d):
        for item in d.find_elements(By.CSS_SELECTOR, f'{SECTION} [data-bs="ideas"] > li'):
            if text in item.text:
                return item
        return False
    return until(driver, _found)


def vote_for(driver, text):
    idea_item(driver, text).find_element(By.CSS_SELECTOR, '[data-bs-action="vote"]').click()


def test_members_vote_the_facilitator_closes_and_results_show_ranked(site, browser_factory):
    member = browser_factory()
    open_block(member, site, "learner6")
    assert find(member, f"{SECTION} h3").text == "Remue-méninges"
    assert "Votes restants : 3 sur 3" in find(member, f'{SECTION} [data-bs="status"]').text
    find(member, f'{SECTION} [data-bs-form="idea"] textarea').send_keys(NEW_IDEA)
    find(member, f'{SECTION} [data-bs-form="idea"] button[type="submit"]').click()
    wait_for_text(member, "[data-live]", "Votre idée a été ajoutée.")
    assert NEW_IDEA in find(member, f'{SECTION} [data-bs="ideas"] > li').text  # newest first
    assert find(member, f'{SECTION} [data-bs-form="idea"] textarea').get_attribute("value") == ""
    vote_for(member, NEW_IDEA)
    wait_for_text(member, f'{SECTION} [data-bs="status"]', "Votes restants : 2 sur 3")
    vote_for(member, "Réunir d'abord les femmes")
    wait_for_text(member, f'{SECTION} [data-bs="status"]', "Votes restants : 1 sur 3")
    button = idea_item(member, NEW_IDEA).find_element(By.CSS_SELECTOR, '[data-bs-action="vote"]')
    assert button.text == "Retirer mon vote"
    assert member.find_element(By.ID, button.get_attribute("aria-describedby")).text == NEW_IDEA
    assert not find(member, f'{SECTION} [data-bs="results-box"]').is_displayed()  # no totals while the vote is open

    other = browser_factory()
    open_block(other, site, "learner2")
    vote_for(other, NEW_IDEA)
    wait_for_text(other, f'{SECTION} [data-bs="status"]', "Votes restants : 0 sur 3")
    vote_for(other, "Nommer une personne-relais")
    refused = idea_item(other, "Nommer une personne-relais")
    until(other, lambda d: "Vous avez utilisé vos 3 votes" in refused.text)

    facilitator = browser_factory()
    open_block(facilitator, site, "facilitator1")
    find(facilitator, f'{SECTION} [data-bs-form="theme"] input[name="name"]').send_keys("Aller vers les gens")
    find(facilitator, f'{SECTION} [data-bs-form="theme"] button[type="submit"]').click()
    wait_for_text(facilitator, f'{SECTION} [data-bs="themes"]', "Aller vers les gens")
    Select(idea_item(facilitator, NEW_IDEA).find_element(By.CSS_SELECTOR, "select")).select_by_visible_text(
        "Aller vers les gens")
    until(facilitator, lambda d: "Aller vers les gens" in idea_item(d, NEW_IDEA).text)
    find(facilitator, f'{SECTION} [data-bs-action="close"]').click()
    wait_for_text(facilitator, f'{SECTION} [data-bs="status"]', "Le vote est clos.")
    wait_for_text(facilitator, "[data-live]", "Le vote est clos.")
    assert find(facilitator, f'{SECTION} [data-bs-action="close"]').text == "Rouvrir le vote"
    idea_item(facilitator, NEW_IDEA).find_element(By.CSS_SELECTOR, '[data-bs-action="retain"]').click()
    until(facilitator, lambda d: "Retenue" in idea_item(d, NEW_IDEA).text)
    found = violations(facilitator, SECTION)  # drawn by the script: themes, selects, checkboxes, results
    assert not found, report(found)

    open_block(member, site, "learner6")
    wait_for(member, f'{SECTION} [data-bs="results"] li')
    assert find(member, f'{SECTION} [data-bs="status"]').text == "Le vote est clos."
    assert not find(member, f'{SECTION} [data-bs-form="idea"]').is_displayed()
    assert not find_all(member, f'{SECTION} [data-bs-action="vote"]')
    ranked = [item.text for item in find_all(member, f'{SECTION} [data-bs="results"] > li')]
    assert ranked[0].startswith("1.\nRéunir d'abord les femmes") and ranked[0].endswith("4 votes")
    assert ranked[1].startswith("2.\nRendre compte") and ranked[1].endswith("3 votes")
    mine = [text for text in ranked if NEW_IDEA in text][0]
    assert "(Retenue)" in mine and mine.endswith("2 votes")
    assert find(member, f'{SECTION} [data-bs="results"]').get_attribute("start") == "1"


def test_keyboard_only_and_the_theme_filter(site, browser):
    from selenium.webdriver.common.keys import Keys  # pylint: disable=import-outside-toplevel

    open_block(browser, site, "learner6")
    idea = find(browser, f'{SECTION} [data-bs-form="idea"] textarea')
    idea.send_keys("Afficher les décisions au marché", Keys.TAB)
    browser.switch_to.active_element.send_keys(Keys.ENTER)  # « Ajouter mon idée »
    first = idea_item(browser, "Afficher les décisions au marché")
    first.find_element(By.CSS_SELECTOR, '[data-bs-action="vote"]').send_keys(Keys.ENTER)
    wait_for_text(browser, f'{SECTION} [data-bs="status"]', "Votes restants : 2 sur 3")

    Select(find(browser, f'{SECTION} [data-bs="filter"]')).select_by_visible_text("Inclure les voix moins entendues")
    until(browser, lambda d: len(find_all(d, f'{SECTION} [data-bs="ideas"] > li')) == 2)
    shown = [item.text for item in find_all(browser, f'{SECTION} [data-bs="ideas"] > li')]
    assert all("Inclure les voix moins entendues" in text for text in shown)
    Select(find(browser, f'{SECTION} [data-bs="filter"]')).select_by_visible_text("Les idées sans thème")
    until(browser, lambda d: len(find_all(d, f'{SECTION} [data-bs="ideas"] > li')) == 3)
    assert "Afficher les décisions au marché" in find(browser, f'{SECTION} [data-bs="ideas"] > li').text


def test_the_pager_of_ideas_counts_pages_and_stops_at_the_last(site, browser):
    from workbench.scenarios import get_scenarios  # pylint: disable=import-outside-toplevel

    from tests.utils import Workbench  # pylint: disable=import-outside-toplevel

    client = Workbench(get_scenarios()["cap.0"].usage_id)
    status, state = client.get("brainstorm_state", "learner6")
    assert status == 200
    for index in range(max(0, 15 - state["ideas"]["total"])):
        status, _body = client.post("brainstorm_add_idea", "learner6",
                                    {"brainstorm_id": state["id"], "text": f"Idée numéro {index + 1}"})
        assert status == 200
    status, state = client.get("brainstorm_state", "learner6", {"page": 2})
    assert (state["ideas"]["page"], state["ideas"]["pages"]) == (2, 2)

    open_block(browser, site, "learner6")
    pager = f'{SECTION} [data-bs-pager="ideas"]'
    wait_for_text(browser, pager, "Page 1 sur 2")
    buttons = find_all(browser, f"{pager} button")
    assert [button.is_enabled() for button in buttons] == [False, True]
    buttons[1].click()
    wait_for_text(browser, pager, "Page 2 sur 2")
    until(browser, lambda d: [b.is_enabled() for b in d.find_elements(By.CSS_SELECTOR, f"{pager} button")]
          == [True, False])
