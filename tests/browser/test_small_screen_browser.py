"""At 360 px, the width of the small phones the mobile apps run on, nothing in the block is wider than the screen.

One page per person, every section open, checked two ways: no element of the block past the screen's right
edge and no sideways scroll of the block (``BLOCK_WITHIN_SCREEN``); no box past either edge and no text
sticking out of its box, such as a long word (``OVERFLOWING``). The learner's page then gets a post and an
idea made of a 140-character word; the facilitator's brainstorm keeps its result bars readable; the course
team's page has the brainstorm and the management of communities.
"""

from selenium.webdriver.common.by import By

from tests.browser.pages import find, open_block, wait_for_text
from tests.browser.test_discussion_browser import DISCUSSION, start_thread

WIDTH = 360

LONG_WORD = "https://example.org/" + "partiesprenantesengagees" * 6

# The block, and each thing in it, within the screen. (The workbench's own page header is not the block's.)
BLOCK_WITHIN_SCREEN = """
const width = document.documentElement.clientWidth;
const block = document.querySelector('.cap-block');
const wide = [];
document.querySelectorAll('.cap-block *').forEach(function (node) {
  const box = node.getBoundingClientRect();
  if (box.width && box.right > width + 1 && getComputedStyle(node).visibility !== 'hidden') {
    wide.push((node.className || node.tagName) + ' ' + Math.round(box.right));
  }
});
return {scroll: block.scrollWidth, right: Math.round(block.getBoundingClientRect().right), width: width,
        wide: wide.slice(0, 10)};
"""

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
    """A 360 px window showing a 360 px wide page, as a small phone does."""
    driver.set_window_size(WIDTH, 800)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": WIDTH, "height": 740, "deviceScaleFactor": 2, "mobile": False})
    assert driver.execute_script("return document.documentElement.clientWidth") <= WIDTH


def overflowing(driver):
    return driver.execute_script(OVERFLOWING)


def assert_block_within_screen(driver):
    found = driver.execute_script(BLOCK_WITHIN_SCREEN)
    assert found["width"] <= WIDTH  # the page's width, less a scroll bar
    assert found["wide"] == [] and found["right"] <= found["width"], found
    assert found["scroll"] <= found["width"], found


def test_the_learner_view_and_a_long_word_in_a_post_and_an_idea_fit_a_small_phone(site, browser):
    narrow(browser)
    open_block(browser, site, "learner1")
    assert_block_within_screen(browser)
    start_thread(browser, "Un lien très long", "Voir " + LONG_WORD)
    idea = find(browser, '[data-bs-form="idea"] textarea')
    idea.send_keys(LONG_WORD)
    find(browser, '[data-bs-form="idea"] button[type="submit"]').click()
    wait_for_text(browser, '[data-bs="ideas"]', "partiesprenantesengagees")
    assert find(browser, f"{DISCUSSION} .cap-d-post").is_displayed()
    assert overflowing(browser) == []


def test_the_facilitator_view_and_its_brainstorm_fit_a_small_phone(site, browser):
    narrow(browser)
    open_block(browser, site, "facilitator1")
    assert_block_within_screen(browser)
    assert overflowing(browser) == []
    bars = browser.find_elements(By.CSS_SELECTOR, '[data-section="brainstorm"] .cap-bs-bar')
    assert bars and all(bar.size["width"] >= 60 for bar in bars)


def test_staff_brainstorm_and_management_fit_a_small_phone(site, browser):
    narrow(browser)
    open_block(browser, site, "staff")
    wait_for_text(browser, '[data-list="communities"]', "Les Baobabs")
    assert overflowing(browser) == []
