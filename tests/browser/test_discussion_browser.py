"""The discussion in Chromium, in French: a member posts, a peer reports, the facilitator hides and
restores; under pre-moderation the facilitator approves one post and rejects another."""

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.pages import TIMEOUT, find, open_block, wait_for, wait_for_text

DISCUSSION = '[data-section="discussion"]'
MODERATION = '[data-section="moderation"]'


def start_thread(driver, title, body):
    if not find(driver, f"{DISCUSSION} details.cap-d-new").get_attribute("open"):
        find(driver, f"{DISCUSSION} details.cap-d-new summary").click()
    find(driver, f'{DISCUSSION} [data-d="start"] input[name="title"]').send_keys(title)
    find(driver, f'{DISCUSSION} [data-d="start"] textarea[name="body"]').send_keys(body)
    find(driver, f'{DISCUSSION} [data-d="start"] button[type="submit"]').click()
    wait_for_text(driver, f'{DISCUSSION} [data-d="thread"] h4', title)


def open_thread(driver, title):
    button = WebDriverWait(driver, TIMEOUT).until(lambda d: next(
        (b for b in d.find_elements(By.CSS_SELECTOR, f'{DISCUSSION} [data-act="open"]') if b.text == title), False))
    # Focus returned to a redrawn part may leave the button under the page's heading: bring it to the middle.
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    button.click()
    wait_for_text(driver, f'{DISCUSSION} [data-d="thread"] h4', title)
    return find(driver, f'{DISCUSSION} [data-d="thread"] .cap-d-depth0')


def answer_inline(post, text, button_text):
    """Type ``text`` in the small form that opened under ``post`` and send it with ``button_text``."""
    form = WebDriverWait(post.parent, TIMEOUT).until(lambda d: post.find_element(By.CSS_SELECTOR, "form"))
    form.find_element(By.CSS_SELECTOR, "input, textarea").send_keys(text)
    form.find_element(By.XPATH, f".//button[normalize-space()='{button_text}']").click()


def test_a_member_posts_a_peer_reports_the_facilitator_hides_and_restores(site, browser_factory):
    author = browser_factory()
    open_block(author, site, "learner1")
    start_thread(author, "Réunion avec la mairie", "Les **élus** viendront-ils ?")
    post = find(author, f'{DISCUSSION} [data-d="thread"] .cap-d-depth0')
    assert post.find_element(By.CSS_SELECTOR, ".cap-d-body strong").text == "élus"
    wait_for_text(author, "[data-live]", "Votre message est publié.")

    peer = browser_factory()
    open_block(peer, site, "learner2")
    post = open_thread(peer, "Réunion avec la mairie")
    report = post.find_element(By.CSS_SELECTOR, '[data-act="report"]')
    report.click()
    post.find_element(By.CSS_SELECTOR, "form input").send_keys("Ce message nomme une personne.")
    # One « Signaler » (the toggle) and a send button that says what it does; pressing the toggle again
    # folds the form away and back without losing the reason typed.
    assert [b.text for b in post.find_elements(By.CSS_SELECTOR, "button") if b.text == "Signaler"] == ["Signaler"]
    report.click()
    assert not post.find_element(By.CSS_SELECTOR, "form").is_displayed()
    assert report.get_attribute("aria-expanded") == "false"
    report.click()
    assert post.find_element(By.CSS_SELECTOR, "form input").get_attribute("value") == "Ce message nomme une personne."
    post.find_element(By.XPATH, ".//button[normalize-space()='Envoyer le signalement']").click()
    wait_for_text(peer, "[data-live]", "La facilitation va examiner ce message.")

    facilitator = browser_factory()
    open_block(facilitator, site, "facilitator1")
    wait_for_text(facilitator, f'{MODERATION} [data-m="queue"]', "Ce message nomme une personne.")
    row = next(li for li in facilitator.find_elements(By.CSS_SELECTOR, f'{MODERATION} [data-m="queue"] > li')
               if "Ce message nomme une personne." in li.text)
    assert "Signalé par Moussa Sow" in row.text
    hide = row.find_element(By.CSS_SELECTOR, '[data-act="hide"]')
    hide.click()
    row.find_element(By.CSS_SELECTOR, "form input").send_keys("Merci de reformuler sans nommer personne.")
    hide.click()
    hide.click()
    assert row.find_element(By.CSS_SELECTOR, "form input").get_attribute("value") == \
        "Merci de reformuler sans nommer personne."
    assert [b.text for b in row.find_elements(By.CSS_SELECTOR, "button") if b.text == "Masquer"] == ["Masquer"]
    row.find_element(By.XPATH, ".//button[normalize-space()='Confirmer le masquage']").click()
    # The demo's log already holds an older « a masqué un message »: wait for the line of this thread.
    # The log is drawn again while it is read: a stale row is read again on the next try.
    WebDriverWait(facilitator, TIMEOUT, ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: any(
        "a masqué un message" in li.text and "Réunion avec la mairie" in li.text
        for li in d.find_elements(By.CSS_SELECTOR, f'{MODERATION} [data-m="log"] > li')))
    # A space between the action and the quoted excerpt, outside the quotation marks: « un message « Réunion… ».
    before, quoted = facilitator.execute_script(
        "var li = Array.from(document.querySelectorAll(arguments[0])).find(function (l) {"
        "  return l.textContent.indexOf('a masqué un message') >= 0 && l.textContent.indexOf('Réunion avec la mairie') >= 0; });"
        "var q = li.querySelector('q'); return [q.previousSibling.textContent, q.textContent];",
        f'{MODERATION} [data-m="log"] > li')
    assert before.endswith(" ") and quoted.startswith("Réunion avec la mairie")

    open_block(author, site, "learner1")
    post = open_thread(author, "Réunion avec la mairie")
    assert "Motif : Merci de reformuler sans nommer personne." in post.text
    open_block(peer, site, "learner2")
    # Peers no longer read its title, its text nor its author: the thread keeps its place, masked.
    titles = [b.text for b in peer.find_elements(By.CSS_SELECTOR, f'{DISCUSSION} [data-act="open"]')]
    assert "Réunion avec la mairie" not in titles
    post = open_thread(peer, "Ce message a été masqué par la facilitation.")
    assert "Ce message a été masqué par la facilitation." in post.text and "élus" not in post.text
    assert "Awa Ndiaye" not in post.text

    post = open_thread(facilitator, "Réunion avec la mairie")
    post.find_element(By.CSS_SELECTOR, '[data-act="restore"]').click()
    wait_for_text(facilitator, "[data-live]", "C'est fait.")
    open_block(peer, site, "learner2")
    post = open_thread(peer, "Réunion avec la mairie")
    assert "élus" in post.text and "masqué" not in post.text


def test_premoderation_approve_and_reject(site, browser_factory):
    from workbench.scenarios import get_scenarios  # pylint: disable=import-outside-toplevel

    from tests.utils import Workbench  # pylint: disable=import-outside-toplevel

    status, body = Workbench(get_scenarios()["cap.0"].usage_id).post(
        "submit_studio_edits", "staff", {"values": {"premoderation": True}, "defaults": []})
    assert status == 200, body

    member = browser_factory()
    open_block(member, site, "learner3")
    assert "la facilitation lit chaque message" in find(member, DISCUSSION).get_attribute("textContent")
    start_thread(member, "Cartographie des acteurs", "Voici ma carte.")
    assert "En attente de validation" in find(member, f'{DISCUSSION} [data-d="thread"] .cap-d-depth0').text
    find(member, f'{DISCUSSION} [data-d="thread"] button.cap-button').click()  # back to the threads
    start_thread(member, "Un doublon", "Même sujet.")

    peer = browser_factory()
    open_block(peer, site, "learner2")
    titles = [b.text for b in peer.find_elements(By.CSS_SELECTOR, f'{DISCUSSION} [data-act="open"]')]
    assert "Cartographie des acteurs" not in titles and "Un doublon" not in titles

    facilitator = browser_factory()
    open_block(facilitator, site, "facilitator1")
    wait_for_text(facilitator, f'{MODERATION} [data-m="pending"]', "Un doublon")
    rows = facilitator.find_elements(By.CSS_SELECTOR, f'{MODERATION} [data-m="pending"] > li')
    next(r for r in rows if "Cartographie des acteurs" in r.text).find_element(
        By.CSS_SELECTOR, '[data-act="approve"]').click()
    wait_for_text(facilitator, f'{MODERATION} [data-m="log"]', "a validé un message")
    WebDriverWait(facilitator, TIMEOUT).until(
        lambda d: "Cartographie des acteurs" not in find(d, f'{MODERATION} [data-m="pending"]').text)
    row = next(r for r in facilitator.find_elements(By.CSS_SELECTOR, f'{MODERATION} [data-m="pending"] > li')
               if "Un doublon" in r.text)
    row.find_element(By.CSS_SELECTOR, '[data-act="reject"]').click()
    answer_inline(row, "Ce sujet existe déjà.", "Refuser le message")
    wait_for_text(facilitator, f'{MODERATION} [data-m="log"]', "a refusé un message")

    open_block(peer, site, "learner2")
    wait_for(peer, f'{DISCUSSION} [data-act="open"]')
    titles = [b.text for b in peer.find_elements(By.CSS_SELECTOR, f'{DISCUSSION} [data-act="open"]')]
    assert "Cartographie des acteurs" in titles and "Un doublon" not in titles
    open_block(member, site, "learner3")
    post = open_thread(member, "Un doublon")
    assert "Non validé par la facilitation. Motif : Ce sujet existe déjà." in post.text


def test_hostile_titles_and_bodies_stay_harmless_text(site, browser):
    from workbench.scenarios import get_scenarios  # pylint: disable=import-outside-toplevel

    from tests.browser.test_xss import assert_harmless, chunks  # pylint: disable=import-outside-toplevel
    from tests.security.payloads import XSS_PAYLOADS  # pylint: disable=import-outside-toplevel
    from tests.utils import Workbench  # pylint: disable=import-outside-toplevel

    client = Workbench(get_scenarios()["cap.0"].usage_id)
    assert client.post("submit_studio_edits", "staff", {"values": {"post_rate_limit": 0}, "defaults": []})[0] == 200
    titles = [" | ".join(group) for group in chunks(XSS_PAYLOADS, 200)]
    for title in titles:
        status, body = client.post("discussion_start", "learner1", {"title": title, "body": "\n\n".join(XSS_PAYLOADS)})
        assert status == 200, body
    open_block(browser, site, "learner2")
    # The pinned welcome thread comes first, then the newest threads.
    assert_harmless(browser, titles[::-1][:9], "thread list", root=DISCUSSION)
    find(browser, f'{DISCUSSION} [data-d="pager"] button:last-child').click()
    wait_for_text(browser, f'{DISCUSSION} [data-d="pager"] .cap-page', "2")
    assert_harmless(browser, titles[::-1][9:19], "thread list, page 2", root=DISCUSSION)
    browser.find_elements(By.CSS_SELECTOR, f'{DISCUSSION} [data-act="open"]')[0].click()
    wait_for(browser, f'{DISCUSSION} [data-d="thread"] .cap-d-body')
    assert_harmless(browser, [], "a thread with every payload in its body", root=DISCUSSION)


def test_reply_useful_edit_and_the_rate_limit_keeps_what_was_typed(site, browser_factory):
    from workbench.scenarios import get_scenarios  # pylint: disable=import-outside-toplevel

    from tests.utils import Workbench  # pylint: disable=import-outside-toplevel

    client = Workbench(get_scenarios()["cap.0"].usage_id)
    assert client.post("submit_studio_edits", "staff", {"values": {"post_rate_limit": 1}, "defaults": []})[0] == 200
    member = browser_factory()
    open_block(member, site, "learner4")
    post = open_thread(member, "Les élus locaux ne viennent pas aux comités de pilotage")
    useful = post.find_element(By.CSS_SELECTOR, '[data-act="useful"]')
    useful.click()
    WebDriverWait(member, TIMEOUT).until(lambda d: useful.get_attribute("aria-pressed") == "true")
    assert useful.text == "Utile (4)"
    post.find_element(By.CSS_SELECTOR, '[data-act="reply"]').click()
    answer_inline(post, "Nous avons invité le maire sur le terrain.", "Envoyer")
    wait_for_text(member, "[data-live]", "Votre message est publié.")
    mine = WebDriverWait(member, TIMEOUT).until(lambda d: next(
        (a for a in d.find_elements(By.CSS_SELECTOR, f"{DISCUSSION} .cap-d-depth1") if "invité le maire" in a.text),
        False))
    mine.find_element(By.CSS_SELECTOR, '[data-act="edit"]').click()
    area = mine.find_element(By.CSS_SELECTOR, "form textarea")
    area.send_keys(" Il est venu !")
    mine.find_element(By.XPATH, ".//form//button[normalize-space()='Enregistrer']").click()
    wait_for_text(member, f'{DISCUSSION} [data-d="thread"]', "Il est venu !")

    # A second post within the minute: refused, explained, and nothing typed is lost.
    post = find(member, f'{DISCUSSION} [data-d="thread"] .cap-d-depth0')
    reply = post.find_element(By.CSS_SELECTOR, '[data-act="reply"]')
    # Focus came back to the saved post, which may sit under the page's heading: bring the button to the middle.
    member.execute_script("arguments[0].scrollIntoView({block: 'center'});", reply)
    reply.click()
    answer_inline(post, "Encore une idée à partager.", "Envoyer")
    wait_for_text(member, f'{DISCUSSION} .cap-d-depth0 form .cap-error', "votre texte est conservé")
    assert post.find_element(By.CSS_SELECTOR, "form textarea").get_attribute("value") == "Encore une idée à partager."

    facilitator = browser_factory()
    open_block(facilitator, site, "facilitator1")
    open_thread(facilitator, "Les élus locaux ne viennent pas aux comités de pilotage")
    edited = next(a for a in facilitator.find_elements(By.CSS_SELECTOR, f"{DISCUSSION} .cap-d-depth1")
                  if "Il est venu" in a.text)
    edited.find_element(By.CSS_SELECTOR, '[data-act="versions"]').click()
    wait_for_text(facilitator, f"{DISCUSSION} .cap-d-versions", "Nous avons invité le maire sur le terrain.")
