"""At 360 px (a small phone), nothing in the page is wider than the screen: the facilitator's and the
course team's brainstorm (theme selects, result bars), and a post with a very long word."""

from selenium.webdriver.common.by import By

from tests.browser.pages import find, open_block, wait_for_text
from tests.browser.test_discussion_browser import DISCUSSION, start_thread

LONG_WORD = "https://example.org/" + "partiesprenantesengagees" * 6

OVERFLOWING = """
var width = document.documentElement.clientWidth;
return Array.prototype.slice.call(document.querySelectorAll('.cap-block *')).filter(function (node) {
  var box = node.getBoundingClientRect();
  var typed = /^(TEXTAREA|INPUT|SELECT)$/.test(node.tagName);
  // A box wider than the screen, or text sticking out of its box (a long word).
  return box.width > 0 && (box.right > width + 1 || box.left < -1 || (!typed && node.scrollWidth > node.clientWidth + 1
    && getComputedStyle(node).overflowX === "visible"));
}).map(function (node) {
  var box = node.getBoundingClientRect();
  return node.tagName + '.' + node.className + ' [' + Math.round(box.left) + ', ' + Math.round(box.right) + ']';
}).slice(0, 10);
"""


def narrow(driver):
    driver.set_window_size(360, 800)
    assert driver.execute_script("return document.documentElement.clientWidth") <= 360


def overflowing(driver):
    return driver.execute_script(OVERFLOWING)


def test_facilitator_brainstorm_fits_a_small_phone(site, browser):
    narrow(browser)
    open_block(browser, site, "facilitator1")
    assert overflowing(browser) == []
    bars = browser.find_elements(By.CSS_SELECTOR, '[data-section="brainstorm"] .cap-bs-bar')
    assert bars and all(bar.size["width"] >= 60 for bar in bars)


def test_staff_brainstorm_and_management_fit_a_small_phone(site, browser):
    narrow(browser)
    open_block(browser, site, "staff")
    wait_for_text(browser, '[data-list="communities"]', "Les Baobabs")
    assert overflowing(browser) == []


def test_a_long_word_stays_inside_its_post_and_its_idea(site, browser):
    narrow(browser)
    open_block(browser, site, "learner1")
    start_thread(browser, "Un lien très long", "Voir " + LONG_WORD)
    idea = find(browser, '[data-bs-form="idea"] textarea')
    idea.send_keys(LONG_WORD)
    find(browser, '[data-bs-form="idea"] button[type="submit"]').click()
    wait_for_text(browser, '[data-bs="ideas"]', "partiesprenantesengagees")
    assert find(browser, f"{DISCUSSION} .cap-d-post").is_displayed()
    assert overflowing(browser) == []
