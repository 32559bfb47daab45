"""Hostile text posted through every text field, then rendered in Chromium for the people who see it.

No script runs (no dialog opens, ``window.__xss`` stays undefined, no element of the
block carries an event-handler attribute or a ``javascript:`` link) and the text
stays readable: each payload appears, as typed, in the page.
"""

import time
import unicodedata

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.pages import TIMEOUT, open_block, wait_for
from tests.security.payloads import XSS_PAYLOADS
from tests.utils import Workbench

# Markup-rendering fields (Markdown) keep their visible part, not every character.
SETTLE_SECONDS = 0.4

_FINDINGS_SCRIPT = """
const root = document.querySelector(arguments[0]) || document.body;
const handlers = [], links = [];
for (const node of root.querySelectorAll('*')) {
  for (const attr of node.attributes) {
    const name = attr.name.toLowerCase(), value = (attr.value || '').replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
    if (name.startsWith('on')) handlers.push(node.tagName + ' ' + name);
    if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc'].includes(name)
        && (value.startsWith('javascript:') || value.startsWith('data:text/html') || name === 'srcdoc')) {
      links.push(node.tagName + ' ' + name + '=' + attr.value);
    }
  }
}
const values = Array.from(root.querySelectorAll('input, textarea')).map(e => e.value).join('\\n');
return {xss: typeof window.__xss, handlers: handlers, links: links,
        text: root.innerText + '\\n' + values, scripts: root.querySelectorAll('script, iframe, object, embed').length};
"""


_NAMES_SCRIPT = """
return Array.from(document.querySelectorAll('[data-list="communities"] tr > :first-child')).map(c => c.innerText);
"""


def normalized(text):
    return " ".join(unicodedata.normalize("NFC", text).split())


def assert_harmless(driver, expected_texts, where, root=".cap-block"):
    """No script of a payload ran in the page, and every expected text is readable in it."""
    time.sleep(SETTLE_SECONDS)  # let images fail and handlers fire, if any were there
    try:
        alert = driver.switch_to.alert
        message = alert.text
        alert.dismiss()
        pytest.fail(f"{where}: a dialog opened ({message!r})")
    except NoAlertPresentException:
        pass
    found = driver.execute_script(_FINDINGS_SCRIPT, root)
    assert found["xss"] == "undefined", f"{where}: a payload ran (window.__xss set)"
    assert not found["handlers"], f"{where}: event handlers reached the page: {found['handlers'][:5]}"
    assert not found["links"], f"{where}: script links reached the page: {found['links'][:5]}"
    text = normalized(found["text"])
    unreadable = [payload for payload in expected_texts if normalized(payload) not in text]
    assert not unreadable, f"{where}: {len(unreadable)} texts are not shown as typed, e.g. {unreadable[:3]}"


def chunks(texts, limit, separator=" | "):
    """Groups of ``texts`` joined with ``separator``, each at most ``limit`` characters."""
    groups, current = [], []
    for text in texts:
        if current and len(separator.join(current + [text])) > limit:
            groups.append(current)
            current = []
        current.append(text)
    if current:
        groups.append(current)
    return groups


@pytest.fixture
def client(site, scenario_usage_id_live):
    return Workbench(scenario_usage_id_live)


@pytest.fixture
def scenario_usage_id_live(site):  # pylint: disable=unused-argument
    from workbench.scenarios import get_scenarios  # pylint: disable=import-outside-toplevel

    return get_scenarios()["cap.0"].usage_id


def test_there_are_enough_payloads():
    assert len(XSS_PAYLOADS) >= 50 and len(set(XSS_PAYLOADS)) == len(XSS_PAYLOADS)


def test_community_names_stay_text_for_staff_and_facilitators(site, client, browser):
    for payload in XSS_PAYLOADS:
        status, body = client.post("manage_create", "staff", {"name": payload})
        assert status == 200, (payload, body)
        assert body["name"] == payload.strip()
        status, body = client.post("manage_add_facilitator", "staff", {"community_id": body["id"],
                                                                       "user_id": "facilitator1"})
        assert status == 200, body

    # The facilitator's view lists every community they lead, rendered on the server.
    open_block(browser, site, "facilitator1")
    assert_harmless(browser, XSS_PAYLOADS, "facilitator view")

    # Staff's management list, rendered by the script, page after page.
    open_block(browser, site, "staff")
    seen = set()
    while True:
        names = WebDriverWait(browser, TIMEOUT).until(lambda d: d.execute_script(_NAMES_SCRIPT))
        on_page = [p for p in XSS_PAYLOADS if normalized(p) in {normalized(n) for n in names}]
        assert_harmless(browser, on_page, "staff management list")
        seen.update(on_page)
        buttons = browser.find_elements(By.CSS_SELECTOR, '[data-pager="communities"] button')
        if len(buttons) < 2 or not buttons[-1].is_enabled():
            break
        buttons[-1].click()
        WebDriverWait(browser, TIMEOUT).until(lambda d, first=names[0]: (d.execute_script(_NAMES_SCRIPT) or [first])[0] != first)
    assert seen == set(XSS_PAYLOADS)


def test_studio_title_and_question_stay_text(site, client, browser):
    titles, questions = chunks(XSS_PAYLOADS, 200), chunks(XSS_PAYLOADS, 1000)
    for round_number, title_group in enumerate(titles):
        question_group = questions[round_number % len(questions)]
        title, question = " | ".join(title_group), " | ".join(question_group)
        status, body = client.post("submit_studio_edits", "staff", {
            "values": {"display_name": title, "guiding_question": question}, "defaults": []})
        assert status == 200, body
        open_block(browser, site, "learner1")
        assert_harmless(browser, title_group + question_group, "learner view")
        if round_number >= len(questions):
            continue  # every question was already seen in Studio's views
        browser.get(f"{site}/scenario/cap.0/author_view/?student=staff")
        wait_for(browser, ".cap-block")
        assert_harmless(browser, question_group, "author view")
        browser.get(f"{site}/scenario/cap.0/studio_view/?student=staff")
        wait_for(browser, "textarea, input")
        assert_harmless(browser, title_group + question_group, "studio view", root="body")
