"""Completion and the participation grade, published through a recording runtime, from the handlers.

The workbench runtime's ``publish`` is replaced by a recorder: every event
the block sends to the platform (tracking, completion, grade) is kept with
the user it was sent for.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workbench.runtime import WorkbenchRuntime

pytestmark = [pytest.mark.django_db, pytest.mark.charter_gate]

NEWCOMER = "learner23"  # not placed in the demo: joins a community on their first visit


@pytest.fixture
def published(monkeypatch):
    """The (user, event type, data) the block published, completion and grade only."""
    events = []

    def publish(runtime, block, event_type, event_data):
        if event_type in ("completion", "grade"):
            events.append((block.scope_ids.user_id, event_type, event_data))

    monkeypatch.setattr(WorkbenchRuntime, "publish", publish)
    return events


def settings(workbench, **values):
    status, body = workbench.post("submit_studio_edits", "staff", {"values": values, "defaults": []})
    assert status == 200, body


def accept(workbench, student=NEWCOMER):
    status, state = workbench.get("charter_state", student)
    assert status == 200, state
    status, body = workbench.post("charter_accept", student, {"version": state["version"]})
    assert status == 200, body


def present(workbench, student=NEWCOMER):
    status, body = workbench.post("case_save", student, {
        "title": "Mobiliser les associations", "context": "Un projet d'eau à Kaolack.",
        "problem": "Les associations se retirent.", "tried": "", "confidentiality": "community"})
    assert status == 200, body
    case_id = body["case"]["id"]
    status, body = workbench.post("case_present", student, {"case_id": case_id})
    assert status == 200, body
    return case_id


def write_entry(workbench, student=NEWCOMER, text="Ce que j'ai vécu"):
    status, body = workbench.post("journal_save", student, {"title": "Réunion", "free_text": text})
    assert status == 200, body
    return body


def tables_read(action, table):
    """The SQL of the queries ``action()`` makes that name ``table``."""
    with CaptureQueriesContext(connection) as queries:
        action()
    return [query["sql"] for query in queries.captured_queries if table in query["sql"]]


def test_completion_is_published_once_when_the_default_rule_is_met(workbench, demo, published):
    workbench.view(NEWCOMER)
    accept(workbench)
    assert published == []  # charter accepted, no case yet: the default rule asks for one
    case_id = present(workbench)
    assert published == [(NEWCOMER, "completion", {"completion": 1.0})]
    # Later writes do not publish it again; no grade while the grade is off.
    from cap_xblock.models import Case  # pylint: disable=import-outside-toplevel

    status, _body = workbench.post("case_save", NEWCOMER, {"case_id": case_id, "title": "Mobiliser autrement",
                                                           "context": "x", "problem": "y",
                                                           "base_version": Case.objects.get(id=case_id).version})
    assert status == 200
    present(workbench)
    workbench.view(NEWCOMER)
    assert published == [(NEWCOMER, "completion", {"completion": 1.0})]


def test_the_grade_follows_the_share_of_the_rule_met(workbench, demo, published):
    settings(workbench, graded=True, weight=5, completion_journal_entries=2)
    workbench.view(NEWCOMER)
    assert published == [(NEWCOMER, "grade", {"value": 0.0, "max_value": 1.0})]
    accept(workbench)
    entry = write_entry(workbench)
    # Saving the same entry again is not a new entry: no new grade.
    status, _body = workbench.post("journal_save", NEWCOMER, {"entry_id": entry["id"], "base_version": 1,
                                                              "title": "Réunion", "free_text": "Autre chose"})
    assert status == 200
    write_entry(workbench, text="Une deuxième réflexion")
    present(workbench)
    assert published[1:] == [
        (NEWCOMER, "grade", {"value": 0.3333, "max_value": 1.0}),
        (NEWCOMER, "grade", {"value": 0.5, "max_value": 1.0}),
        (NEWCOMER, "grade", {"value": 0.6667, "max_value": 1.0}),
        (NEWCOMER, "completion", {"completion": 1.0}),
        (NEWCOMER, "grade", {"value": 1.0, "max_value": 1.0}),
    ]


def test_nothing_is_published_for_facilitators_staff_or_refused_actions(workbench, demo, published):
    workbench.view(NEWCOMER)
    status, body = workbench.post("case_save", NEWCOMER, {"title": "t", "context": "c", "problem": "p"})
    assert status == 403 and body["error"]["code"] == "charter_not_accepted"
    workbench.view("facilitator1")
    workbench.view("staff")
    status, cases = workbench.get("cases_list", "facilitator1")
    assert status == 200
    writable = [c for c in cases["cases"]["cases"]["items"] if not c["is_draft"] and c["step"] in (2, 4, 6)]
    assert writable, "the demo has a case where consultants write"
    status, body = workbench.post("case_contribute", "facilitator1", {
        "case_id": writable[0]["id"], "step": writable[0]["step"], "body": "Une remarque"})
    assert status == 200, body
    assert published == []


def test_a_publishing_failure_never_costs_the_learner_their_action(workbench, demo, monkeypatch):
    def broken(runtime, block, event_type, event_data):
        if event_type == "completion":
            raise RuntimeError("completion service down")

    monkeypatch.setattr(WorkbenchRuntime, "publish", broken)
    workbench.view(NEWCOMER)
    accept(workbench)
    case_id = present(workbench)
    status, body = workbench.get("case_detail", NEWCOMER, {"case_id": case_id})
    assert status == 200 and body["case"]["is_draft"] is False


@pytest.mark.parametrize("values", [
    {"completion_charter": False, "completion_cases": 0, "completion_journal_entries": 0},
    {"completion_cases": 21}, {"completion_journal_entries": -1}, {"weight": 0}, {"weight": "nan"},
    {"weight": 101}, {"graded": "yes"},
    {"completion_charter": False, "completion_cases": 2, "sections": ["community", "journal"]},
])
def test_invalid_completion_settings_are_refused(workbench, values):
    status, body = workbench.post("submit_studio_edits", "staff", {"values": values, "defaults": []})
    assert status == 400 and body["error"]["code"] == "invalid_settings", body
    assert body["error"]["message"]


def test_a_part_whose_section_is_hidden_is_not_asked(workbench, demo, published):
    settings(workbench, sections=["community", "journal"], completion_cases=3)
    workbench.view(NEWCOMER)
    accept(workbench)
    assert published == [(NEWCOMER, "completion", {"completion": 1.0})]


def test_a_journal_entry_past_what_the_rule_asks_counts_nothing_else(workbench, demo, published):
    settings(workbench, graded=True, completion_journal_entries=1)
    workbench.view(NEWCOMER)
    accept(workbench)
    write_entry(workbench)
    grades = list(published)
    # The journal part was met before this entry: the cases (and the charter) are not counted again.
    assert not tables_read(lambda: write_entry(workbench, text="Une deuxième réflexion"), "cap_xblock_case")
    assert published == grades


def test_completion_follows_the_write_that_meets_the_last_part(workbench, demo, published):
    settings(workbench, completion_journal_entries=2)
    workbench.view(NEWCOMER)
    accept(workbench)
    for text in ("Un", "Deux", "Trois"):
        write_entry(workbench, text=text)
    assert published == []  # no case taken part in yet
    present(workbench)
    assert published == [(NEWCOMER, "completion", {"completion": 1.0})]


def test_the_entry_that_reaches_what_the_rule_asks_completes(workbench, demo, published):
    settings(workbench, completion_journal_entries=2)
    workbench.view(NEWCOMER)
    accept(workbench)
    present(workbench)
    write_entry(workbench, text="Un")
    assert published == []
    write_entry(workbench, text="Deux")
    assert published == [(NEWCOMER, "completion", {"completion": 1.0})]
    write_entry(workbench, text="Trois")
    assert len(published) == 1


def test_a_case_past_what_the_rule_asks_counts_nothing_else(workbench, demo, published):
    settings(workbench, graded=True, completion_journal_entries=1)
    workbench.view(NEWCOMER)
    accept(workbench)
    present(workbench)
    grades = list(published)
    # One case asked, this is the second: the journal (and the charter) are not counted again.
    assert not tables_read(lambda: present(workbench), "cap_xblock_journalentry")
    assert published == grades


def test_completion_is_published_at_the_first_contribution_that_meets_the_rule(
        workbench, demo, published, monkeypatch):
    from cap_xblock.api import progress  # pylint: disable=import-outside-toplevel
    from cap_xblock.models import Case, CaseContribution  # pylint: disable=import-outside-toplevel

    learner = "learner1"
    wrote_in = CaseContribution.objects.filter(author_id=learner, hidden=False).values("case_id")
    taken_part = (Case.objects.filter(owner_id=learner, presented_at__isnull=False)
                  | Case.objects.filter(id__in=wrote_in)).distinct().count()
    case = Case.objects.filter(community__name="Les Baobabs", step=2, presented_at__isnull=False).exclude(
        owner_id=learner).exclude(contributions__author_id=learner).first()
    assert case is not None, "the demo has a peer's case at step 2 where the learner has not written"
    settings(workbench, graded=True, weight=5, completion_cases=taken_part + 1)
    workbench.view(learner)
    assert "completion" not in [kind for _user, kind, _data in published]  # one case short
    before = len(published)
    asked = []
    real = progress.progress_of
    monkeypatch.setattr(progress, "progress_of", lambda *args, **kwargs: asked.append(1) or real(*args, **kwargs))
    status, body = workbench.post("case_contribute", learner, {
        "case_id": case.id, "step": 2, "body": "Qui décide ?", "answer": "fragment", "page": 1})
    assert status == 200, body
    assert published[before:] == [(learner, "completion", {"completion": 1.0}),
                                  (learner, "grade", {"value": 1.0, "max_value": 1.0})]
    # A further contribution to the same case is not one more case taken part in: nothing to ask or publish.
    status, body = workbench.post("case_contribute", learner, {"case_id": case.id, "step": 2, "body": "Et qui paie ?"})
    assert status == 200, body
    assert len(published) == before + 2 and len(asked) == 1
