"""Keyboard-only helpers: move with Tab, act with Enter and Space, type text. No mouse."""

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

MAX_TABS = 400

_FOCUS_SCRIPT = """
const e = document.activeElement;
if (!e || e === document.body) return null;
const inside = arguments[0] ? e.closest(arguments[0]) : e;
const style = getComputedStyle(e);
return {matches: !!(inside && e.matches(arguments[1])), text: (e.innerText || e.value || '').trim(),
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
        shadow: style.boxShadow !== 'none'};
"""


def press(driver, *keys):
    """Press keys on whatever has the focus."""
    ActionChains(driver).send_keys(*keys).perform()


def tab_to(driver, css, within=None, text=None, max_tabs=MAX_TABS):
    """Press Tab until the focused element matches ``css`` (inside ``within``, showing ``text``).

    Asserts that the focus is visible (an outline or a shadow) on the element reached;
    returns it.
    """
    for _ in range(max_tabs):
        press(driver, Keys.TAB)
        focused = driver.execute_script(_FOCUS_SCRIPT, within, css)
        if focused and focused["matches"] and (text is None or text in focused["text"]):
            assert focused["outline"] or focused["shadow"], f"the focus on {css} is not visible"
            return driver.switch_to.active_element
    raise AssertionError(f"{css} ({text or ''}) cannot be reached with Tab")


def choose_option(driver, label):
    """On a focused <select>, press Down until the option ``label`` is chosen."""
    select = driver.switch_to.active_element
    for _ in range(200):
        chosen = driver.execute_script("const s = arguments[0]; return s.options[s.selectedIndex].text;", select)
        if chosen == label:
            return
        press(driver, Keys.ARROW_DOWN)
    raise AssertionError(f"no option {label!r}")
