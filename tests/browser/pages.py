"""Helpers that read like what a person does in the page."""

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

TIMEOUT = 10


def open_block(driver, site, student, view=""):
    """Open the demo activity as ``student``."""
    suffix = f"{view}/" if view else ""
    driver.get(f"{site}/scenario/cap.0/{suffix}?student={student}")
    wait_for(driver, ".cap-block")


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
