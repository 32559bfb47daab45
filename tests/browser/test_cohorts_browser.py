"""« Gérer les communautés » in the workbench, which has no Open edX cohorts: the option says so and stays off."""

from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.pages import find, open_block, row_with


def test_the_cohort_option_says_the_platform_has_none_and_stays_off(browser, site):
    open_block(browser, site, "staff", open_sections=False)
    row_with(browser, '[data-list="communities"]', "Les Baobabs")  # the area has loaded its state
    form = find(browser, '[data-form="cohorts"]')
    note = find(browser, "[data-cohorts-unavailable]")
    WebDriverWait(browser, 10).until(lambda d: note.is_displayed())
    assert note.text == "Cette plateforme n'a pas de cohortes Open edX : l'option reste désactivée."
    mirror = find(browser, '[data-form="cohorts"] input[name="mirror"]')
    assert not mirror.is_selected() and not mirror.is_enabled()
    assert not find(browser, "[data-from-cohorts]").is_enabled()
    assert "Les communautés du cours reflètent des cohortes Open edX" in form.text
