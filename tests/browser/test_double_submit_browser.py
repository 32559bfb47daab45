"""A second press on a slow link: « Publier », « Envoyer » (a reply) and « Ajouter mon idée » pressed twice
while the first request is on its way make one thread, one reply, one idea.

The link is slowed by Chromium's network emulation (600 ms each way); the button shows « Envoi… » while the
request is on its way. The page counts its requests in flight, so the test waits for all of them to end.
"""

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from cap_xblock.models import Idea, Post
from tests.browser.pages import TIMEOUT, find, open_block, wait_for_text

DISCUSSION = '[data-section="discussion"]'
BRAINSTORM = '[data-section="brainstorm"]'
COUNT_REQUESTS = """
  if (!window.capInFlight) {
    var fetch = window.fetch;
    window.capInFlight = {now: 0, sent: 0};
    window.fetch = function () {
      window.capInFlight.now += 1; window.capInFlight.sent += 1;
      return fetch.apply(this, arguments).finally(function () { window.capInFlight.now -= 1; });
    };
  }
"""


def slow_link(driver):
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": False, "latency": 600, "downloadThroughput": 50 * 1024, "uploadThroughput": 50 * 1024})
    driver.execute_script(COUNT_REQUESTS)


def double_press(driver, button):
    """Two presses in a row on ``button``; once every request they started has its answer, returns what the
    button showed while they were on their way: (aria-busy, text, enabled)."""
    sent = driver.execute_script("return window.capInFlight.sent;")
    ActionChains(driver).double_click(button).perform()
    WebDriverWait(driver, TIMEOUT).until(lambda d: d.execute_script("return window.capInFlight.sent;") > sent)
    shown = (button.get_attribute("aria-busy"), button.text, button.is_enabled())
    WebDriverWait(driver, TIMEOUT).until(lambda d: d.execute_script("return window.capInFlight.now;") == 0)
    return shown


BUSY = ("true", "Envoi…", False)


def test_double_press_on_a_slow_link_makes_one_thread_one_reply_one_idea(site, browser):
    open_block(browser, site, "learner1")
    slow_link(browser)

    find(browser, f"{DISCUSSION} details.cap-d-new summary").click()
    find(browser, f'{DISCUSSION} [data-d="start"] input[name="title"]').send_keys("Une seule fois")
    find(browser, f'{DISCUSSION} [data-d="start"] textarea[name="body"]').send_keys("Appuyé deux fois.")
    publish = find(browser, f'{DISCUSSION} [data-d="start"] button[type="submit"]')
    assert publish.text == "Publier"
    shown = double_press(browser, publish)
    wait_for_text(browser, f'{DISCUSSION} [data-d="thread"] h4', "Une seule fois")
    assert Post.objects.filter(title="Une seule fois").count() == 1
    assert shown == BUSY
    assert publish.get_attribute("textContent") == "Publier" and publish.is_enabled()

    thread = find(browser, f'{DISCUSSION} [data-d="thread"] .cap-d-depth0')
    thread.find_element(By.CSS_SELECTOR, '[data-act="reply"]').click()
    form = thread.find_element(By.CSS_SELECTOR, "form")
    form.find_element(By.CSS_SELECTOR, "textarea").send_keys("Une seule réponse.")
    shown = double_press(browser, form.find_element(By.XPATH, ".//button[normalize-space()='Envoyer']"))
    wait_for_text(browser, f'{DISCUSSION} [data-d="thread"] .cap-d-depth1', "Une seule réponse.")
    assert Post.objects.filter(body="Une seule réponse.").count() == 1
    assert shown == BUSY

    find(browser, f'{BRAINSTORM} [data-bs-form="idea"] textarea').send_keys("Une seule idée.")
    add = find(browser, f'{BRAINSTORM} [data-bs-form="idea"] button[type="submit"]')
    assert add.text == "Ajouter mon idée"
    shown = double_press(browser, add)
    wait_for_text(browser, f'{BRAINSTORM} [data-bs="ideas"]', "Une seule idée.")
    assert Idea.objects.filter(text="Une seule idée.").count() == 1
    assert shown == BUSY
    assert find(browser, f'{BRAINSTORM} [data-bs-form="idea"] textarea').get_attribute("value") == ""


def test_a_failed_send_keeps_the_text_and_gives_the_button_back(site, browser):
    open_block(browser, site, "learner1")
    slow_link(browser)
    find(browser, f"{DISCUSSION} details.cap-d-new summary").click()
    form = f'{DISCUSSION} [data-d="start"]'
    find(browser, f'{form} input[name="title"]').send_keys("Envoyé hors ligne")
    find(browser, f'{form} textarea[name="body"]').send_keys("Le réseau est tombé.")
    browser.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    publish = find(browser, f'{form} button[type="submit"]')
    publish.click()
    wait_for_text(browser, f"{form} .cap-error", "Le serveur est injoignable.")
    assert publish.text == "Publier" and publish.is_enabled() and publish.get_attribute("aria-busy") is None
    assert find(browser, f'{form} textarea[name="body"]').get_attribute("value") == "Le réseau est tombé."
    browser.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    publish.click()
    wait_for_text(browser, f'{DISCUSSION} [data-d="thread"] h4', "Envoyé hors ligne")
    assert Post.objects.filter(title="Envoyé hors ligne").count() == 1
