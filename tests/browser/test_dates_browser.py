"""One date format per language, the block's language, whatever the browser's: no « 2026-12-09 » or
« 26/11/2026 11:16:59 » beside « 21 novembre 2026 »; the journal's « Saved at » in the block's language."""

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browser.pages import find, open_block, wait_for, wait_for_text

ISO_OR_NUMERIC = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b")
FRENCH_DATE = re.compile(r"\b\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}\b")
ENGLISH_DATE = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}\b")


def choose_english(driver, site):
    """The landing page's language switch, as a visitor uses it."""
    driver.get(site + "/")
    Select(find(driver, "select#language")).select_by_value("en")
    find(driver, "form[action='/i18n/setlang/'] button, form[action='/i18n/setlang/'] input[type=submit]").click()
    wait_for(driver, "html[lang=en]")


def test_every_date_of_the_french_view_has_one_format(site, browser):
    for who in ("learner1", "facilitator1"):
        open_block(browser, site, who)
        text = find(browser, ".cap-block").text
        assert not ISO_OR_NUMERIC.findall(text), who
        assert FRENCH_DATE.search(text), who


def test_the_english_block_in_a_french_browser_writes_dates_and_times_in_english(site, browser):
    choose_english(browser, site)
    open_block(browser, site, "facilitator1")
    text = find(browser, ".cap-block").text
    assert not ISO_OR_NUMERIC.findall(text)
    assert ENGLISH_DATE.search(text)
    assert not FRENCH_DATE.search(text)
    editor = '[data-section="journal"] [data-form="journal"]'
    find(browser, f'{editor} input[name="title"]').send_keys("Saturday's session")
    find(browser, f'{editor} button[type="submit"]').click()
    wait_for_text(browser, f"{editor} [data-status]", "Saved at")
    status = find(browser, f"{editor} [data-status]").text
    assert re.search(r"Saved at \d{1,2}:\d{2}(:\d{2})? (AM|PM)\.", status), status


def test_the_printable_journal_dates_each_entry_with_its_own_date(site, browser):
    open_block(browser, site, "learner1")
    link = browser.find_element(By.CSS_SELECTOR, '[data-section="journal"] a[href*="format=html"]')
    browser.get(link.get_attribute("href"))
    dates = [node.text for node in browser.find_elements(By.CSS_SELECTOR, "article > p.meta")]
    assert len(dates) >= 2
    assert len(set(dates)) == len(dates), dates
    assert all(FRENCH_DATE.search(date) for date in dates)
