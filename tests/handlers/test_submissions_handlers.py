"""A repeated form submission (same ``submission_id``) answers the first result and creates nothing more.

Every create handler, through the workbench with CSRF on, as a person pressing twice on a slow link.
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cap_demo.people import display_name

from cap_xblock.api import submissions
from cap_xblock.models import (Brainstorm, Case, CaseContribution, CharterVersion, Community, Idea, JournalEntry,
                               JournalFeedback, Post, Report, Submission, Theme)
from tests.discussion_utils import accept_charter
from tests.utils import make_actor

pytestmark = pytest.mark.django_db
KEY = "k3y-0123456789abcdef"


def member(user_id):
    accept_charter(make_actor(user_id, name=display_name(user_id)))
    return user_id


def twice(workbench, handler, student, data, key=KEY):
    """The same submission sent twice; both answers must be 200 and identical."""
    first = workbench.post(handler, student, dict(data, submission_id=key))
    second = workbench.post(handler, student, dict(data, submission_id=key))
    assert first[0] == 200, first
    assert second == first
    return first[1]


def test_thread_and_reply(workbench, demo):
    learner, peer = member("learner2"), member("learner3")
    before = Post.objects.count()
    thread = twice(workbench, "discussion_start", learner, {"title": "Réunion", "body": "Avis ?"})
    assert Post.objects.count() == before + 1
    answer = twice(workbench, "discussion_reply", peer, {"parent_id": thread["id"], "body": "Oui"})
    assert Post.objects.count() == before + 2 and answer["depth"] == 1
    # Another submission (a new key) is another thread.
    status, other = workbench.post("discussion_start", learner, {"title": "Réunion", "body": "Avis ?",
                                                                "submission_id": "another-key-0001"})
    assert status == 200 and other["id"] != thread["id"] and Post.objects.count() == before + 3


def test_a_key_reused_with_other_content_answers_the_first_result(workbench, demo):
    learner = member("learner2")
    first = twice(workbench, "discussion_start", learner, {"title": "Premier", "body": "Texte"})
    status, again = workbench.post("discussion_start", learner, {"title": "Autre", "body": "Autre texte",
                                                                "submission_id": KEY})
    assert status == 200 and again == first and again["title"] == "Premier"


def test_the_same_key_of_two_people_is_two_submissions(workbench, demo):
    a, b = member("learner2"), member("learner3")
    one = twice(workbench, "discussion_start", a, {"title": "Un", "body": "x"})
    other = twice(workbench, "discussion_start", b, {"title": "Deux", "body": "y"})
    assert one["id"] != other["id"]


def test_idea_and_theme(workbench, demo):
    bid = Brainstorm.objects.get(ideas__text__startswith="Réunir d'abord les femmes").id
    learner = member("learner2")
    ideas = Idea.objects.count()
    body = twice(workbench, "brainstorm_add_idea", learner, {"brainstorm_id": bid, "text": "Une radio locale"})
    assert Idea.objects.count() == ideas + 1 and body["state"]["id"] == bid
    themes = Theme.objects.count()
    twice(workbench, "brainstorm_theme", "facilitator1", {"brainstorm_id": bid, "name": "Médias"})
    assert Theme.objects.count() == themes + 1


def test_case_draft_presentation_and_contribution(workbench, demo):
    owner = member("learner6")
    cases = Case.objects.count()
    body = twice(workbench, "case_save", owner, {"title": "Mobiliser", "context": "Kaolack", "problem": "Départs",
                                                 "tried": "Réunions", "confidentiality": "shareable"})
    assert Case.objects.count() == cases + 1
    case_id = body["case"]["id"]
    presented = twice(workbench, "case_present", owner, {"case_id": case_id})
    assert presented["case"]["step"] == 1
    status, _body = workbench.post("case_move", "facilitator1", {"case_id": case_id, "from_step": 1,
                                                                  "direction": "next"})
    assert status == 200
    contributions = CaseContribution.objects.count()
    twice(workbench, "case_contribute", member("learner2"), {"case_id": case_id, "step": 2, "body": "Pourquoi ?"},
          key="question-key-0001")
    assert CaseContribution.objects.count() == contributions + 1


def test_journal_entry_and_feedback(workbench, demo):
    entries = JournalEntry.objects.count()
    entry = twice(workbench, "journal_save", "learner3", {"title": "Kolda", "free_text": "Une réunion"})
    assert JournalEntry.objects.count() == entries + 1
    assert workbench.post("journal_share", "learner3", {"entry_id": entry["id"]})[0] == 200
    feedback = JournalFeedback.objects.count()
    twice(workbench, "journal_feedback", "facilitator1", {"entry_id": entry["id"], "text": "Bien vu."})
    assert JournalFeedback.objects.count() == feedback + 1


def test_report_community_and_charter(workbench, demo):
    member("learner2")
    post_id = Post.objects.filter(community__name="Les Baobabs", depth=0).exclude(author_id="learner2").first().id
    reports = Report.objects.count()
    twice(workbench, "moderation_report", "learner2", {"post_id": post_id, "reason": "Hors sujet"})
    assert Report.objects.count() == reports + 1
    communities = Community.objects.count()
    twice(workbench, "manage_create", "staff", {"name": "Les Fromagers"})
    assert Community.objects.count() == communities + 1
    baobabs = Community.objects.get(name="Les Baobabs")
    current = CharterVersion.objects.filter(community=baobabs).count()
    status, state = workbench.get("charter_state", "facilitator1", {"community_id": baobabs.id})
    twice(workbench, "charter_save", "facilitator1", {"community_id": baobabs.id, "text": "Bienveillance.",
                                                      "version": state["version"]})
    assert CharterVersion.objects.filter(community=baobabs).count() == current + 1


def test_a_refused_submission_records_nothing_and_may_be_retried(workbench, demo):
    learner = member("learner2")
    status, body = workbench.post("discussion_start", learner, {"title": "", "body": "x", "submission_id": KEY})
    assert status == 400
    assert not Submission.objects.filter(key=KEY).exists()
    status, body = workbench.post("discussion_start", learner, {"title": "Corrigé", "body": "x", "submission_id": KEY})
    assert status == 200 and body["title"] == "Corrigé"


@pytest.mark.parametrize("key", ["court", "x" * 65, "espace interdite", 12345678, ["liste-de-cles"], "é" * 10])
def test_a_malformed_key_is_refused(workbench, demo, key):
    learner = member("learner2")
    status, body = workbench.post("discussion_start", learner, {"title": "t", "body": "x", "submission_id": key})
    assert status == 400 and body["error"]["code"] == "invalid_submission_id"


def test_keys_are_forgotten_after_a_day(workbench, demo):
    learner = member("learner2")
    twice(workbench, "discussion_start", learner, {"title": "Vieux", "body": "x"})
    Submission.objects.filter(key=KEY).update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    # The next recorded submission of that person forgets their old keys...
    twice(workbench, "discussion_start", learner, {"title": "Neuf", "body": "y"}, key="fresh-key-0001")
    assert not Submission.objects.filter(key=KEY).exists()
    # ...and the management command forgets everyone's.
    Submission.objects.update(created_at=timezone.now() - timedelta(days=2))
    call_command("cap_forget_submissions")
    assert not Submission.objects.exists()
    assert submissions.forget_old() == 0


def test_retiring_a_person_forgets_their_submissions(workbench, demo):
    from cap_xblock.retirement import retire_user  # pylint: disable=import-outside-toplevel

    learner = member("learner2")
    twice(workbench, "discussion_start", learner, {"title": "Mon nom", "body": "x"})
    assert Submission.objects.filter(user_id=learner).exists()
    retire_user(learner)
    assert not Submission.objects.filter(user_id=learner).exists()
