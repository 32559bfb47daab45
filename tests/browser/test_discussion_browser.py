"""The discussion in Chromium, in French: a member posts, a peer reports, the facilitator hides and
restores; under pre-moderation the facilitator approves one post and rejects another."""

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
    post.find_element(By.CSS_SELECTOR, '[data-act="report"]').click()
    answer_inline(post, "Ce message nomme une personne.", "Signaler")
    wait_for_text(peer, "[data-live]", "La facilitation va examiner ce message.")

    facilitator = browser_factory()
    open_block(facilitator, site, "facilitator1")
    wait_for_text(facilitator, f'{MODERATION} [data-m="queue"]', "Ce message nomme une personne.")
    row = next(li for li in facilitator.find_elements(By.CSS_SELECTOR, f'{MODERATION} [data-m="queue"] > li')
               if "Ce message nomme une personne." in li.text)
    assert "Signalé par Moussa Sow" in row.text
    row.find_element(By.CSS_SELECTOR, '[data-act="hide"]').click()
    answer_inline(row, "Merci de reformuler sans nommer personne.", "Masquer")
    wait_for_text(facilitator, f'{MODERATION} [data-m="log"]', "a masqué un message")

    open_block(author, site, "learner1")
    post = open_thread(author, "Réunion avec la mairie")
    assert "Motif : Merci de reformuler sans nommer personne." in post.text
    open_block(peer, site, "learner2")
    post = open_thread(peer, "Réunion avec la mairie")
    assert "Ce message a été masqué par la facilitation." in post.text and "élus" not in post.text

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
    row = next(r for r in facilitator.find_elements(By.CSS_SELECTOR, f'{MODERATION} [data-m="pending"] > li')
               if "Un doublon" in r.text)
    row.find_element(By.CSS_SELECTOR, '[data-act="reject"]').click()
    answer_inline(row, "Ce sujet existe déjà.", "Refuser")
    wait_for_text(facilitator, f'{MODERATION} [data-m="log"]', "a refusé un message")

    open_block(peer, site, "learner2")
    wait_for(peer, f'{DISCUSSION} [data-act="open"]')
    titles = [b.text for b in peer.find_elements(By.CSS_SELECTOR, f'{DISCUSSION} [data-act="open"]')]
    assert "Cartographie des acteurs" in titles and "Un doublon" not in titles
    open_block(member, site, "learner3")
    post = open_thread(member, "Un doublon")
    assert "Non validé par la facilitation. Motif : Ce sujet existe déjà." in post.text
