"""Hostile text posted through every text field, then rendered in Chromium for the people who see it.

No script runs (no dialog opens, ``window.__xss`` stays undefined, no element of the
block carries an event-handler attribute or a ``javascript:`` link) and the text
stays readable: each payload appears, as typed, in the page.
"""

import unicodedata

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.pages import TIMEOUT, open_block, wait_for
from tests.security.payloads import XSS_PAYLOADS
from tests.utils import Workbench

pytestmark = pytest.mark.charter_gate  # members accept their charter here as people do

_FINDINGS_SCRIPT = """
const root = document.querySelector(arguments[0]) || document.body;
root.querySelectorAll('details').forEach(d => { d.open = true; });  // what a reader can unfold
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


_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"))


def normalized(text):
    """``text`` as compared with the page: NFC, spaces collapsed, zero-width spaces (which layout may drop) out."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH).split())


def settle(driver, root):
    """Wait until every image under ``root`` has loaded or failed, then for the events that queues to run."""
    WebDriverWait(driver, TIMEOUT).until(lambda d: d.execute_script(
        "return document.readyState === 'complete' && Array.from(document.querySelectorAll(arguments[0] + ' img'))"
        ".every(function (image) { return image.complete; });", root))
    # Two animation frames and a task: error and load events queued by the images have been dispatched.
    driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "requestAnimationFrame(function () { requestAnimationFrame(function () { setTimeout(done, 0); }); });")


def assert_harmless(driver, expected_texts, where, root=".cap-block"):
    """No script of a payload ran in the page, and every expected text is readable in it."""
    settle(driver, root)  # let images fail and handlers fire, if any were there
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
def bare_site(live_server, transactional_db):  # pylint: disable=unused-argument
    """The demo's communities and people, without the capabilities' demo content (lists start empty)."""
    from cap_demo import demo_data  # pylint: disable=import-outside-toplevel
    from workbench.scenarios import init_scenarios  # pylint: disable=import-outside-toplevel

    init_scenarios()
    saved, demo_data.CAPABILITY_DEMOS = demo_data.CAPABILITY_DEMOS, []
    try:
        demo_data.load()
    finally:
        demo_data.CAPABILITY_DEMOS = saved
    return live_server.url


@pytest.fixture
def site(bare_site):  # the tests of this module start from empty lists
    return bare_site


@pytest.fixture
def client(bare_site):  # pylint: disable=unused-argument
    from workbench.scenarios import get_scenarios  # pylint: disable=import-outside-toplevel

    return Workbench(get_scenarios()["cap.0"].usage_id)


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
        WebDriverWait(browser, TIMEOUT).until(
            lambda d, first=names[0]: (d.execute_script(_NAMES_SCRIPT) or [first])[0] != first)
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


# --- the capabilities' text fields ---------------------------------------------------------------------

ALL = "\n\n".join(XSS_PAYLOADS)  # every payload in one long text, one paragraph each


def visible_markdown(payload):
    """The text a reader sees of ``payload`` in a Markdown field: its sanitised rendering's text."""
    from html.parser import HTMLParser  # pylint: disable=import-outside-toplevel

    from cap_xblock.api.markup import render  # pylint: disable=import-outside-toplevel

    class _Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts = []

        def handle_data(self, data):
            self.parts.append(data)

    parser = _Text()
    parser.feed(render(payload))
    return "".join(parser.parts)


def _accept_charters(client, *students):
    for student in students:
        status, state = client.get("charter_state", student)
        assert status == 200, state
        client.post("charter_accept", student, {"community_id": state["community_id"], "version": state["version"]})


def _ok(answer):
    status, body = answer
    assert 200 <= status < 300, body
    return body


def _click(driver, css, within=None):
    """Open something in the page (these tests check rendering, not the keyboard)."""
    root = driver.find_element(By.CSS_SELECTOR, within) if within else driver
    root.find_element(By.CSS_SELECTOR, css).click()


def test_case_texts_and_contributions_stay_text(site, client, browser):
    _accept_charters(client, "learner1", "learner2", "learner10", "learner18")
    communities = {c["name"]: c["id"] for c in _ok(client.get("manage_communities", "staff"))["communities"]["items"]}
    titles = [" | ".join(group) for group in chunks(XSS_PAYLOADS, 200)]
    assert len(titles) <= 24  # at most 8 in each community's first page of cases
    placed = {"learner2": (communities["Les Baobabs"], titles[:8]),
              "learner10": (communities["Les Palétuviers"], titles[8:16]),
              "learner18": (communities["Les Érables"], titles[16:])}
    first = None
    for owner, (community_id, owned) in placed.items():
        for title in owned:
            case = _ok(client.post("case_save", owner, {"community_id": community_id, "title": title, "context": ALL,
                                                        "problem": ALL, "tried": ALL,
                                                        "confidentiality": "community"}))["case"]
            _ok(client.post("case_present", owner, {"case_id": case["id"]}))
            first = first or case["id"]
    _ok(client.post("case_move", "facilitator1", {"case_id": first, "from_step": 1, "direction": "next"}))
    _ok(client.post("case_contribute", "learner1", {"case_id": first, "step": 2, "body": ALL}))

    for viewer, (_community, owned) in [("learner1", placed["learner2"]), ("learner9", placed["learner10"]),
                                        ("learner17", placed["learner18"])]:
        open_block(browser, site, viewer)
        assert_harmless(browser, owned, f"cases list of {viewer}", root='[data-section="cases"]')
    open_block(browser, site, "learner1")
    _click(browser, f'[data-open="{first}"]', within='[data-section="cases"]')
    WebDriverWait(browser, TIMEOUT).until(lambda d: "Depuis" in d.find_element(
        By.CSS_SELECTOR, '[data-section="cases"]').text or len(d.find_element(
            By.CSS_SELECTOR, '[data-section="cases"]').text) > 3000)
    assert_harmless(browser, XSS_PAYLOADS, "case detail", root='[data-section="cases"]')


def test_brainstorm_ideas_and_themes_stay_text(site, client, browser):
    _accept_charters(client, "learner2", "learner9", "learner17")
    ideas = [" | ".join(group) for group in chunks(XSS_PAYLOADS, 500)]
    assert len(ideas) <= 10
    brainstorm = _ok(client.get("brainstorm_state", "learner2"))["id"]
    for text in ideas:
        _ok(client.post("brainstorm_add_idea", "learner2", {"brainstorm_id": brainstorm, "text": text}))
    open_block(browser, site, "learner1")
    assert_harmless(browser, ideas, "ideas", root='[data-section="brainstorm"]')

    # Themes: at most 20 in a brainstorm, so the payloads are spread over the three communities.
    viewers = [("learner1", "facilitator1", brainstorm), ("learner9", "facilitator2", None),
               ("learner17", "facilitator2", None)]
    rest = list(XSS_PAYLOADS)
    for viewer, facilitator, brainstorm_id in viewers:
        if brainstorm_id is None:
            brainstorm_id = _ok(client.get("brainstorm_state", viewer))["id"]
        named, rest = rest[:20], rest[20:]
        for name in named:
            _ok(client.post("brainstorm_theme", facilitator, {"brainstorm_id": brainstorm_id, "name": name}))
        open_block(browser, site, viewer)
        assert_harmless(browser, named, f"themes seen by {viewer}", root='[data-section="brainstorm"]')
    state = _ok(client.get("brainstorm_state", "facilitator1"))
    for theme, name in zip(state["themes"], rest):
        _ok(client.post("brainstorm_theme", "facilitator1", {"brainstorm_id": brainstorm, "theme_id": theme["id"],
                                                             "name": name}))
    open_block(browser, site, "learner1")
    assert_harmless(browser, rest, "renamed themes", root='[data-section="brainstorm"]')


def test_charter_texts_stay_text(site, client, browser, browser_factory):
    baobabs = _ok(client.get("charter_state", "facilitator1"))
    _ok(client.post("charter_save", "facilitator1", {"community_id": baobabs["community_id"], "text": ALL,
                                                     "version": baobabs["version"]}))
    open_block(browser, site, "learner1")
    assert_harmless(browser, XSS_PAYLOADS, "community charter", root='[data-section="charter"]')
    # The course's default charter, from Studio, for the communities that kept it.
    _ok(client.post("submit_studio_edits", "staff", {"values": {"charter_fr": ALL, "charter_en": ALL},
                                                     "defaults": []}))
    open_block(browser, site, "learner9")
    assert_harmless(browser, XSS_PAYLOADS, "default charter", root='[data-section="charter"]')
    english = browser_factory("en-US")
    open_block(english, site, "learner9")
    assert english.find_element(By.CSS_SELECTOR, ".cap-block").get_attribute("lang").startswith("en")
    assert_harmless(english, XSS_PAYLOADS, "default charter in English", root='[data-section="charter"]')


def test_discussion_posts_reports_and_reasons_stay_text(site, client, browser):
    _ok(client.post("submit_studio_edits", "staff", {"values": {"post_rate_limit": 0}, "defaults": []}))
    _accept_charters(client, "learner1", "learner2", "learner3", "learner10")
    titles = [" | ".join(group) for group in chunks(XSS_PAYLOADS, 200)]
    assert len(titles) <= 20  # the first page of threads of two communities
    baobabs = _ok(client.get("charter_state", "learner2"))["community_id"]
    threads = []
    for title in titles[:10]:
        threads.append(_ok(client.post("discussion_start", "learner2", {"community_id": baobabs, "title": title,
                                                                        "body": ALL}))["id"])
    paletuviers = _ok(client.get("charter_state", "learner10"))["community_id"]
    for title in titles[10:]:
        _ok(client.post("discussion_start", "learner10", {"community_id": paletuviers, "title": title, "body": "—"}))
    _ok(client.post("discussion_reply", "learner3", {"parent_id": threads[-1], "body": ALL}))
    reasons = [" | ".join(group) for group in chunks(XSS_PAYLOADS, 500)]
    for thread, reason in zip(threads, reasons):
        _ok(client.post("moderation_report", "learner1", {"post_id": thread, "reason": reason}))

    open_block(browser, site, "learner9")
    assert_harmless(browser, titles[10:], "threads of Les Palétuviers", root='[data-section="discussion"]')
    open_block(browser, site, "learner1")
    assert_harmless(browser, titles[:10], "threads", root='[data-section="discussion"]')
    _click(browser, f'[data-id="{threads[-1]}"] [data-act="open"]', within='[data-section="discussion"]')
    expected = [visible_markdown(payload) for payload in XSS_PAYLOADS]
    WebDriverWait(browser, TIMEOUT).until(lambda d: normalized(expected[-1]) in normalized(d.find_element(
        By.CSS_SELECTOR, '[data-section="discussion"]').text))
    assert_harmless(browser, expected, "thread and reply", root='[data-section="discussion"]')

    open_block(browser, site, "facilitator1")
    WebDriverWait(browser, TIMEOUT).until(lambda d: normalized(reasons[0]) in normalized(d.find_element(
        By.CSS_SELECTOR, '[data-section="moderation"]').text))
    assert_harmless(browser, reasons[:len(threads)], "reports in the moderation queue",
                    root='[data-section="moderation"]')


def test_journal_entries_and_feedback_stay_text(site, client, browser):
    # The block's prompts (Studio), then entries answering them.
    prompts = [" | ".join(group) for group in chunks(XSS_PAYLOADS, 500)]
    assert len(prompts) <= 12
    _ok(client.post("submit_studio_edits", "staff", {"values": {"journal_prompts": prompts}, "defaults": []}))
    answers = [{"prompt": prompts[0], "text": ALL}]
    titles = [" | ".join(group) for group in chunks(XSS_PAYLOADS, 200)]
    written = {"learner1": titles[:9], "learner2": titles[9:]}
    assert len(written["learner2"]) <= 10
    entries = {}
    for author, owned in written.items():
        for title in owned:
            entries[title] = _ok(client.post("journal_save", author, {"title": title, "free_text": ALL,
                                                                       "answers": answers,
                                                                       "checkpoint": True}))["id"]
    shared = entries[titles[8]]
    _ok(client.post("journal_share", "learner1", {"entry_id": shared}))
    _ok(client.post("journal_feedback", "facilitator1", {"entry_id": shared, "text": ALL}))

    open_block(browser, site, "learner2")
    assert_harmless(browser, written["learner2"] + prompts, "journal prompts and list of learner2",
                    root='[data-section="journal"]')
    open_block(browser, site, "learner1")
    assert_harmless(browser, written["learner1"], "journal list", root='[data-section="journal"]')
    _click(browser, f'[data-open="{shared}"]', within='[data-section="journal"]')
    WebDriverWait(browser, TIMEOUT).until(lambda d: d.execute_script(
        "return !!document.querySelector('[data-section=\"journal\"] .cap-journal-feedback')"))
    assert_harmless(browser, XSS_PAYLOADS, "journal entry and feedback", root='[data-section="journal"]')

    open_block(browser, site, "facilitator1")
    WebDriverWait(browser, TIMEOUT).until(lambda d: d.find_elements(By.CSS_SELECTOR, f'[data-read="{shared}"]'))
    _click(browser, f'[data-read="{shared}"]', within='[data-section="journal"]')
    WebDriverWait(browser, TIMEOUT).until(lambda d: normalized(XSS_PAYLOADS[-1]) in normalized(d.find_element(
        By.CSS_SELECTOR, '[data-section="journal"]').text))
    assert_harmless(browser, XSS_PAYLOADS + [titles[8]], "shared entry read by the facilitator",
                    root='[data-section="journal"]')


def test_moderation_texts_stay_text(site, client, browser):
    """Posts awaiting approval, mute reasons and the log (facilitator), hide reasons (author)."""
    _ok(client.post("submit_studio_edits", "staff", {"values": {"post_rate_limit": 0, "premoderation": True},
                                                     "defaults": []}))
    _accept_charters(client, "learner2", "learner3", "learner4")
    baobabs = _ok(client.get("charter_state", "learner2"))["community_id"]
    _ok(client.post("discussion_start", "learner3", {"community_id": baobabs, "title": "En attente",
                                                     "body": ALL}))
    reasons = [" | ".join(group) for group in chunks(XSS_PAYLOADS, 500)]
    _ok(client.post("moderation_mute", "facilitator1", {"community_id": baobabs, "user_id": "learner4", "days": 2,
                                                        "reason": reasons[0]}))
    open_block(browser, site, "facilitator1")
    expected = [visible_markdown(payload) for payload in XSS_PAYLOADS]
    WebDriverWait(browser, TIMEOUT).until(lambda d: normalized(expected[-1]) in normalized(d.find_element(
        By.CSS_SELECTOR, '[data-section="moderation"]').text))
    assert_harmless(browser, expected + [reasons[0]], "pending post and mute reason",
                    root='[data-section="moderation"]')

    # Each reason the author of a hidden post reads.
    _ok(client.post("submit_studio_edits", "staff", {"values": {"premoderation": False}, "defaults": []}))
    posts = [_ok(client.post("discussion_start", "learner2", {"community_id": baobabs, "title": f"Fil {number}",
                                                              "body": "Bonjour"}))["id"]
             for number in range(len(reasons))]
    for post, reason in zip(posts, reasons):
        _ok(client.post("moderation_hide", "facilitator1", {"post_id": post, "reason": reason}))
    open_block(browser, site, "learner2")
    for post, reason in zip(posts, reasons):
        _click(browser, f'[data-id="{post}"] [data-act="open"]', within='[data-section="discussion"]')
        WebDriverWait(browser, TIMEOUT).until(lambda d, reason=reason: normalized(reason) in normalized(
            d.find_element(By.CSS_SELECTOR, '[data-section="discussion"]').text))
        assert_harmless(browser, [reason], "hide reason read by the author", root='[data-section="discussion"]')
        open_block(browser, site, "learner2")
