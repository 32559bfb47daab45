"""Helpers that read like what a person does in the page."""

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

TIMEOUT = 10


def open_block(driver, site, student, view="", open_sections=True):
    """Open the demo activity as ``student``, and (by default) every section of it.

    Sections other than « Ma communauté » arrive when the person opens them;
    ``open_sections=False`` leaves the page as it is first rendered.
    """
    suffix = f"{view}/" if view else ""
    driver.get(f"{site}/scenario/cap.0/{suffix}?student={student}")
    wait_for(driver, ".cap-block")
    if open_sections and not view:
        open_all_sections(driver)


def open_all_sections(driver):
    """Click « Ouvrir » on every section not rendered yet, and wait until all have arrived."""
    for button in driver.find_elements(By.CSS_SELECTOR, "[data-open-section]"):
        button.click()
        WebDriverWait(driver, TIMEOUT).until(lambda d, b=button: _is_stale(b))
    WebDriverWait(driver, TIMEOUT).until(
        lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-section][data-lazy], [data-section][aria-busy]"))
    # Back to the top, as after a page load (opening a section moves the focus to it).
    driver.execute_script("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur();")


def _is_stale(element):
    try:
        element.is_enabled()
        return False
    except Exception:  # pylint: disable=broad-except
        return True


def wait_for(driver, css, timeout=TIMEOUT):
    return WebDriverWait(driver, timeout).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))


def wait_for_text(driver, css, text, timeout=TIMEOUT):
    WebDriverWait(driver, timeout).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))


def find(driver, css):
    return driver.find_element(By.CSS_SELECTOR, css)


def find_all(driver, css):
    return driver.find_elements(By.CSS_SELECTOR, css)


def row_with(driver, table_css, *texts):
    """The table row that contains every one of ``texts`` (waits for it)."""
    def _found(d):
        for row in d.find_elements(By.CSS_SELECTOR, f"{table_css} tr"):
            if all(text in row.text for text in texts):
                return row
        return False
    # A list the script re-renders while we read it: try again with the new rows.
    return WebDriverWait(driver, TIMEOUT, ignored_exceptions=(StaleElementReferenceException,)).until(_found)
