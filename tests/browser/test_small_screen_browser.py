"""The learner view at 360 px, the width of the small phones the mobile apps run on: nothing wider than the screen."""

import pytest

from tests.browser.pages import open_block

WIDTH = 360

# The block, and each thing in it, within the screen. (The workbench's own page header is not the block's.)
OVERFLOWING = """
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


@pytest.mark.parametrize("student", ["learner1", "facilitator1"])
def test_the_view_fits_a_360_px_screen(browser, site, student):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": WIDTH, "height": 740, "deviceScaleFactor": 2, "mobile": False})
    open_block(browser, site, student)
    found = browser.execute_script(OVERFLOWING)
    assert found["width"] <= WIDTH  # the page's width, less a scroll bar
    assert found["wide"] == [] and found["right"] <= found["width"], found
    assert found["scroll"] <= found["width"], found
