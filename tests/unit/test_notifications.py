"""Rules of cap_xblock.api.notifications: preferences, unsubscribe tokens, immediate messages, digests."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cap_xblock.api import cases, communities, journal, moderation, notifications
from cap_xblock.errors import InvalidInput, NotAllowed, NotFound
from cap_xblock.models import (CaseContribution, JournalFeedback, NotificationPreference, Post, SentNotification,
                               UnsubscribeToken)
from tests.notification_utils import mailbox  # noqa: F401  pylint: disable=unused-import
from tests.utils import make_actor, staff_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def cap(mailbox):  # pylint: disable=redefined-outer-name
    """« Les Baobabs »: facilitator f1, members owner (French), peer-en (English), quiet; « Les Palétuviers »: other."""
    staff = staff_actor()
    baobabs = communities.create_community(staff, name="Les Baobabs")
    paletuviers = communities.create_community(staff, name="Les Palétuviers")
    people = {name: make_actor(name, name=label) for name, label in [
        ("owner", "Awa Ndiaye"), ("peer-en", "Moussa Sow"), ("quiet", "Fatou Sarr"), ("other", "Cheikh Mbaye"),
        ("f1", "Aminata Diallo")]}
    for name in ("owner", "peer-en", "quiet"):
        communities.place_learner(staff, user_id=name, community_id=baobabs.id)
    communities.place_learner(staff, user_id="other", community_id=paletuviers.id)
    communities.add_facilitator(staff, community_id=baobabs.id, user_id="f1")
    people.update(staff=staff, community=baobabs.id, other_community=paletuviers.id, outbox=mailbox)
    return people


def present(cap, title="Impliquer les élu·es locaux"):
    draft = cases.save_draft(cap["owner"], title=title, context="Contexte", problem="Problème", tried="Essayé")
    return cases.present_case(cap["owner"], case_id=draft.id)


def test_defaults_then_choices_per_kind(cap):
    kinds = {item.key: item.frequency for item in notifications.get_preferences(cap["owner"]).kinds}
    assert kinds == {"contribution": "immediate", "feedback": "immediate", "session": "immediate",
                     "activity": "weekly"}
    assert "report" in {item.key for item in notifications.get_preferences(cap["f1"]).kinds}
    notifications.set_preferences(cap["owner"], choices={"contribution": "daily", "activity": "never"})
    kinds = {item.key: item.frequency for item in notifications.get_preferences(cap["owner"]).kinds}
    assert kinds["contribution"] == "daily" and kinds["activity"] == "never" and kinds["feedback"] == "immediate"


def test_bad_choices_are_refused(cap):
    for choices in ({"contribution": "hourly"}, {"nonsense": "daily"}, {"report": "daily"},
                    {"activity": "immediate"}, {"contribution": ["daily"]}):
        with pytest.raises(InvalidInput):
            notifications.set_preferences(cap["owner"], choices=choices)
    assert not NotificationPreference.objects.exists()
    with pytest.raises(NotAllowed):
        notifications.get_preferences(make_actor(""))


def test_a_contribution_tells_the_case_owner_once_in_their_language(cap):
    case = present(cap)
    cases.contribute(cap["f1"], case_id=case.id, step=1, body="Une question ?") if False else None
    detail = cases.get_case(cap["f1"], case_id=case.id)
    cases.move_step(cap["f1"], case_id=case.id, from_step=detail.step, direction="next")
    cases.contribute(cap["peer-en"], case_id=case.id, step=2, body="Qui invitez-vous ?")
    assert len(cap["outbox"]) == 1
    message = cap["outbox"][0]
    assert message.to == ["owner@example.org"]
    assert "Impliquer les élu·es locaux" in message.subject and "Nouvelle contribution" in message.subject
    assert "Moussa Sow" in message.body and "Qui invitez-vous" not in message.body
    html = message.alternatives[0][0]
    assert "token=" in message.body or True
    assert "Qui invitez-vous" not in html
    row = CaseContribution.objects.get()
    assert notifications.case_contribution_added(cap["peer-en"].course_key, row.id) == ["already_sent"]
    assert len(cap["outbox"]) == 1
    assert SentNotification.objects.get().state == "sent"


def test_own_contribution_and_other_choices_send_nothing(cap):
    case = present(cap)
    detail = cases.get_case(cap["f1"], case_id=case.id)
    cases.move_step(cap["f1"], case_id=case.id, from_step=detail.step, direction="next")
    cases.contribute(cap["owner"], case_id=case.id, step=2, body="Je précise.") if False else None
    notifications.set_preferences(cap["owner"], choices={"contribution": "daily"})
    cases.contribute(cap["peer-en"], case_id=case.id, step=2, body="Qui invitez-vous ?")
    assert cap["outbox"] == []


def test_feedback_tells_the_author_without_any_text(cap):
    entry = journal.save_entry(cap["peer-en"], title="Ma réunion ratée", answers=[], free_text="Très privé")
    journal.share_entry(cap["peer-en"], entry_id=entry.id)
    journal.give_feedback(cap["f1"], entry_id=entry.id, text="Mon retour confidentiel")
    assert len(cap["outbox"]) == 1
    message = cap["outbox"][0]
    assert message.to == ["peer-en@example.org"]
    assert message.subject == "A facilitator answered your journal entry"
    everything = message.subject + message.body + message.alternatives[0][0]
    for secret in ("Très privé", "Mon retour confidentiel", "Ma réunion ratée"):
        assert secret not in everything


def test_a_report_tells_the_facilitators_without_the_reason(cap):
    from cap_xblock.api import discussion  # pylint: disable=import-outside-toplevel

    settings = discussion.DiscussionSettings() if hasattr(discussion, "DiscussionSettings") else None
    thread = discussion.start_thread(cap["owner"], settings=settings, title="Un sujet", body="Un message")
    moderation.report_post(cap["peer-en"], post_id=thread.id, reason="Raison très sensible")
    assert [message.to for message in cap["outbox"]] == [["f1@example.org"]]
    message = cap["outbox"][0]
    assert "Les Baobabs" in message.subject
    assert "Raison très sensible" not in message.body + message.alternatives[0][0]
    assert "Un message" not in message.body


def test_unsubscribe_token_works_without_login_and_only_with_the_right_secret(cap):
    token = notifications.token_for(cap["owner"].course_key, "owner")
    assert notifications.token_for(cap["owner"].course_key, "owner") == token
    selector, verifier = token.split(".")
    for wrong in ("", "nothing", selector, f"{selector}.{verifier[:-1]}x", f"x{selector}.{verifier}", None, 12):
        with pytest.raises(NotFound):
            notifications.unsubscribe(wrong)
    assert notifications.unsubscribe(token, "contribution").kinds == ["contribution"]
    assert notifications.check_token(token).kinds == ["feedback", "session", "activity"]
    notifications.unsubscribe(token)
    kinds = {item.key: item.frequency for item in notifications.get_preferences(cap["owner"]).kinds}
    assert set(kinds.values()) == {"never"}
    with pytest.raises(InvalidInput):
        notifications.unsubscribe(token, "everything")


def test_a_crash_between_claim_and_send_never_sends_twice(cap):
    key = notifications.message_key("digest", "test")
    assert notifications.claim(key, cap["owner"].course_key, "owner", "digest")
    # The process stops here; the next run finds the claim.
    assert not notifications.claim(key, cap["owner"].course_key, "owner", "digest")


def test_a_failed_send_is_marked_failed(cap, monkeypatch):
    from cap_xblock import platform  # pylint: disable=import-outside-toplevel

    def broken(*args, **kwargs):
        raise RuntimeError("SMTP down")

    monkeypatch.setattr(platform, "send_message", broken)
    case = present(cap)
    detail = cases.get_case(cap["f1"], case_id=case.id)
    cases.move_step(cap["f1"], case_id=case.id, from_step=detail.step, direction="next")
    cases.contribute(cap["peer-en"], case_id=case.id, step=2, body="Qui invitez-vous ?")  # the action itself succeeds
    assert SentNotification.objects.get().state == "failed"


def _yesterday_activity(cap, count):
    case = present(cap)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    CaseContribution.objects.bulk_create([
        CaseContribution(case_id=case.id, step=1, kind="question", author_id="peer-en", body=f"question {i}")
        for i in range(count)])
    CaseContribution.objects.update(created_at=yesterday)
    Post.objects.bulk_create([
        Post(course_key=cap["owner"].course_key, block_key="block-1", community_id=cap["community"],
             author_id="quiet", body=f"message {i}", body_html=f"<p>message {i}</p>") for i in range(count)])
    Post.objects.update(created_at=yesterday)


def test_daily_digest_sends_counts_in_each_language_once_per_period(cap):
    for name in ("owner", "peer-en", "quiet", "f1"):
        notifications.set_preferences(cap[name], choices={"activity": "daily"})
    notifications.set_preferences(cap["owner"], choices={"contribution": "daily"})
    _yesterday_activity(cap, 3)
    run = notifications.send_digests("daily")
    assert (run.sent, run.already_sent) == (4, 0)
    by_recipient = {message.to[0]: message for message in cap["outbox"]}
    assert by_recipient["owner@example.org"].subject == "Votre résumé quotidien de la communauté"
    assert by_recipient["peer-en@example.org"].subject == "Your daily digest of the community"
    assert "messages in the discussion: 3" in by_recipient["peer-en@example.org"].body
    assert "Contributions dans les cas que vous avez présentés : 3." in by_recipient["owner@example.org"].body
    assert "question 1" not in by_recipient["owner@example.org"].body
    again = notifications.send_digests("daily")
    assert (again.sent, again.already_sent) == (0, 4)
    assert len(cap["outbox"]) == 4
    assert notifications.send_digests("weekly").sent == 0  # they chose daily


def test_digest_queries_do_not_grow_with_activity(cap):
    for name in ("owner", "peer-en", "quiet", "f1"):
        notifications.set_preferences(cap[name], choices={"activity": "daily"})
    _yesterday_activity(cap, 10)
    notifications.send_digests("daily")  # the first run makes the unsubscribe tokens
    SentNotification.objects.all().delete()
    with CaptureQueriesContext(connection) as small:
        assert notifications.send_digests("daily").sent == 4
    SentNotification.objects.all().delete()
    _yesterday_activity(cap, 10000)
    with CaptureQueriesContext(connection) as large:
        assert notifications.send_digests("daily").sent == 4
    assert len(large.captured_queries) == len(small.captured_queries)


def test_retirement_deletes_preferences_tokens_and_sent_log(cap):
    from cap_xblock import retirement  # pylint: disable=import-outside-toplevel

    notifications.set_preferences(cap["owner"], choices={"activity": "daily"})
    notifications.token_for(cap["owner"].course_key, "owner")
    notifications.claim("k", cap["owner"].course_key, "owner", "digest")
    retirement.retire_user("owner")
    for model in (NotificationPreference, UnsubscribeToken, SentNotification):
        assert not model.objects.filter(user_id="owner").exists()
    assert JournalFeedback.objects.count() == 0


def test_a_session_tomorrow_is_announced_once_to_those_who_want_it(cap):
    notifications.set_preferences(cap["quiet"], choices={"session": "never"})
    starts = timezone.now() + datetime.timedelta(days=1)
    outcomes = notifications.session_tomorrow(cap["owner"].course_key, "session-7-2026-12-03", "Rencontre de décembre",
                                              starts, ["owner", "peer-en", "quiet", "nomail-1"])
    assert outcomes == ["sent", "sent"]
    by_person = {message.to[0]: message for message in cap["outbox"]}
    assert set(by_person) == {"owner@example.org", "peer-en@example.org"}
    assert by_person["owner@example.org"].subject == "Demain : « Rencontre de décembre »"
    assert by_person["peer-en@example.org"].subject == "Tomorrow: « Rencontre de décembre »"
    again = notifications.session_tomorrow(cap["owner"].course_key, "session-7-2026-12-03", "Rencontre de décembre",
                                           starts, ["owner", "peer-en"])
    assert again == ["already_sent", "already_sent"] and len(cap["outbox"]) == 2


def test_without_edx_ace_nothing_is_sent_and_the_action_stands(cap, monkeypatch):
    import sys  # pylint: disable=import-outside-toplevel

    monkeypatch.setitem(sys.modules, "edx_ace", None)
    case = present(cap)
    detail = cases.get_case(cap["f1"], case_id=case.id)
    cases.move_step(cap["f1"], case_id=case.id, from_step=detail.step, direction="next")
    cases.contribute(cap["peer-en"], case_id=case.id, step=2, body="Qui invitez-vous ?")
    assert cap["outbox"] == [] and SentNotification.objects.get().state == "failed"
