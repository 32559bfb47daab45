"""A live co-development in a session, in French: the facilitator and two members, each in a browser.

The members open the activity before the session starts; the facilitator opens a case live from the
session; the members' screens follow (polling), step by step, with what is expected of each of them.
"""

import datetime

from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.browser.pages import TIMEOUT, find, open_block, wait_for, wait_for_text

SECTION = '[data-section="sessions"]'
LIVE = SECTION + " [data-live-run]"
CASE_TITLE = "Un comité de gestion qui ne se réunit qu'en présence du projet"
POLL_WAIT = TIMEOUT + 6  # a poll every 5 seconds


def starting_soon():
    """The demo's next session of Les Baobabs starts in ten minutes."""
    from cap_xblock.models import Session  # pylint: disable=import-outside-toplevel

    session = Session.objects.get(title__startswith="Rencontre de décembre")
    session.starts_at = timezone.now() + datetime.timedelta(minutes=10)
    session.save()
    return session


def test_a_live_co_development_with_a_facilitator_and_two_members(site, browser_factory):
    session = starting_soon()
    facilitator, owner, consultant = (browser_factory() for _ in range(3))

    # The members open the activity before the session: their screens wait for a case run live.
    for driver, student in ((owner, "learner2"), (consultant, "learner3")):
        open_block(driver, site, student)
        assert find(driver, SECTION + " .cap-section-title").text == "Rencontres"
        wait_for(driver, LIVE + "[data-live-watch]")
        assert "Rencontre de décembre" in find(driver, SECTION + " [data-sessions-list]").text

    # The facilitator opens the session and runs the case live, with 12 minutes for the questions.
    open_block(facilitator, site, "facilitator1")
    find(facilitator, f'{SECTION} [data-open-session="{session.id}"]').click()
    wait_for_text(facilitator, SECTION + " .cap-session-title", "Rencontre de décembre")
    find(facilitator, SECTION + " details.cap-live-start summary").click()
    form = find(facilitator, SECTION + ' form[data-action="live_start"]')
    Select(form.find_element(By.NAME, "case_id")).select_by_visible_text(CASE_TITLE)
    step_minutes = form.find_element(By.NAME, "minutes-2")
    step_minutes.clear()
    step_minutes.send_keys("12")
    form.find_element(By.XPATH, ".//button[@type='submit']").click()
    wait_for_text(facilitator, "[data-live]", "Le cas est maintenant traité en direct.")
    wait_for_text(facilitator, LIVE + " [data-live-step]", "Étape 2 sur 6 : Questions de clarification")
    assert "Veillez à ce que chaque question soit une question de clarification" in find(
        facilitator, LIVE + " .cap-expected").text
    assert "(12 min)" in find(facilitator, LIVE + ' [aria-current="step"]').text

    # Both members' screens show the case live, each with what is expected of them, and a countdown.
    wait_for_text(owner, LIVE + " [data-live-step]", "Questions de clarification", timeout=POLL_WAIT)
    wait_for_text(consultant, LIVE + " [data-live-step]", "Questions de clarification", timeout=POLL_WAIT)
    assert "Répondez aux questions des consultant·es." in find(owner, LIVE + " .cap-expected").text
    assert "Posez vos questions de clarification." in find(consultant, LIVE + " .cap-expected").text
    WebDriverWait(consultant, TIMEOUT).until(
        lambda d: d.find_element(By.CSS_SELECTOR, LIVE + " [data-countdown]").text.startswith(("11:", "12:")))
    assert not consultant.find_elements(By.CSS_SELECTOR, LIVE + ' form[data-action="live_move"]')

    # The facilitator takes a note, then moves to the contract; the screens follow.
    note = find(facilitator, LIVE + ' textarea[name="body"]')
    note.send_keys("Moussa demande qui a désigné les membres du comité.")
    find(facilitator, LIVE + ' form[data-action="live_note"] button').click()
    wait_for_text(facilitator, LIVE + " .cap-live-notes", "Moussa demande qui a désigné")
    wait_for_text(consultant, LIVE + " .cap-live-notes", "Moussa demande qui a désigné", timeout=POLL_WAIT)
    find(facilitator, LIVE + ' button[value="next"]').click()
    wait_for_text(facilitator, LIVE + " [data-live-step]", "Étape 3 sur 6 : Contrat")
    wait_for_text(owner, LIVE + " [data-live-step]", "Contrat", timeout=POLL_WAIT)
    wait_for_text(consultant, LIVE + " [data-live-step]", "Contrat", timeout=POLL_WAIT)
    assert "Dites quelle aide vous demandez à la communauté" in find(owner, LIVE + " .cap-expected").text
    assert "Lisez l'aide que demande le ou la client·e." in find(consultant, LIVE + " .cap-expected").text

    # The note is in the case's contributions; the facilitator ends the live co-development.
    from cap_xblock.models import CaseContribution  # pylint: disable=import-outside-toplevel

    assert CaseContribution.objects.filter(kind="note", author_id="facilitator1", step=2).count() == 1
    find(facilitator, LIVE + ' form[data-action="live_end"] button').click()
    wait_for_text(facilitator, LIVE + " h4", "terminé")
    wait_for_text(consultant, LIVE + " h4", "terminé", timeout=POLL_WAIT)
