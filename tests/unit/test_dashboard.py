"""Rules of cap_xblock.api.dashboard: who sees it, what waits, silence, balance, never journal text, queries."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cap_xblock.api import cases, dashboard, journal
from cap_xblock.api.data import to_json
from cap_xblock.errors import InvalidInput, NotAllowed, NotFound
from cap_xblock.models import CaseContribution
from tests.dashboard_utils import SECRET, add_items, cap_with_waiting_things
from tests.utils import make_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def cap():
    return cap_with_waiting_things()


def board(cap, who="f1", **kwargs):
    return dashboard.dashboard(cap[who], **kwargs).communities[0]


def test_only_facilitators_of_the_community_and_staff_see_it(cap):
    for who in ("owner", "m1", "other"):
        with pytest.raises(NotAllowed):
            dashboard.dashboard(cap[who])
    with pytest.raises(NotAllowed):
        dashboard.dashboard(make_actor(""))
    with pytest.raises(NotFound):
        dashboard.dashboard(cap["f1"], community_id=cap["other_community"])
    with pytest.raises(NotFound):
        dashboard.dashboard(cap["staff"])  # staff choose a community
    assert [item.name for item in dashboard.dashboard(cap["f1"]).communities] == ["Les Baobabs"]
    assert board(cap, "staff", community_id=cap["other_community"]).name == "Les Palétuviers"
    for bad in ("x", -1, 10 ** 30):
        with pytest.raises((InvalidInput, NotFound)):
            dashboard.dashboard(cap["f1"], community_id=bad)
    with pytest.raises(InvalidInput):
        dashboard.dashboard(cap["f1"], silent_days=0)


def test_shared_entries_waiting_are_counted_never_shown(cap):
    entry = journal.save_entry(cap["m1"], title=SECRET, answers=[], free_text=SECRET)
    journal.save_entry(cap["m2"], title="Pas partagée", answers=[], free_text=SECRET)
    assert board(cap).waiting.shared_entries == 0
    journal.share_entry(cap["m1"], entry_id=entry.id)
    community = board(cap)
    assert community.waiting.shared_entries == 1
    assert SECRET not in json.dumps(to_json(dashboard.dashboard(cap["f1"])), ensure_ascii=False)
    journal.give_feedback(cap["f1"], entry_id=entry.id, text="Merci")
    assert board(cap).waiting.shared_entries == 0


def test_waiting_lists_late_steps_and_steps_to_move(cap):
    add_items(cap, 4)
    community = board(cap)
    assert community.waiting.reports == 2 and community.waiting.pending_posts == 2
    assert community.waiting.late_steps == 2 and community.waiting.shared_entries == 4
    assert community.waiting.steps_to_move == 4
    assert [item.due_on for item in community.late] == ["2020-01-01", "2020-01-01"]
    assert {item.step_name for item in community.to_move} == {"Questions de clarification"}
    # A contribution today: that step is alive again.
    case_id = community.to_move[0].id
    CaseContribution.objects.create(case_id=case_id, step=2, kind="question", author_id="m2", body="Encore")
    assert board(cap).waiting.steps_to_move == 3
    assert board(cap, "f2").waiting.total == 0


def test_silent_members_not_presented_and_balance(cap):
    draft = cases.save_draft(cap["owner"], title="Mon cas", context="Contexte", problem="Problème", tried="Essayé")
    cases.present_case(cap["owner"], case_id=draft.id)
    community = board(cap)
    names = [person.display_name for person in community.not_presented]
    assert names == ["Fatou Sarr", "Ibrahima Diop", "Moussa Sow"]
    assert community.silent_total == 3 and "Awa Ndiaye" not in [p.display_name for p in community.silent]
    assert community.balance[0].person.display_name == "Awa Ndiaye"
    assert community.balance[0].share == 100 and community.balance[-1].share == 0
    CaseContribution.objects.create(case_id=draft.id, step=1, kind="question", author_id="quiet", body="?")
    CaseContribution.objects.filter(author_id="quiet").update(created_at=timezone.now() - datetime.timedelta(days=20))
    assert "Ibrahima Diop" in [p.display_name for p in board(cap).silent]
    assert "Ibrahima Diop" not in [p.display_name for p in board(cap, silent_days=30).silent]


def test_other_capabilities_add_panels(cap):
    def sessions_panel(actor, community_ids):
        return {community_id: dashboard.Panel(key="sessions", title="Prochaine rencontre",
                                              lines=[("Réponses : oui", "5")]) for community_id in community_ids}

    def broken(actor, community_ids):
        raise RuntimeError("boom")

    registered = dict(dashboard._PANELS)  # pylint: disable=protected-access
    dashboard.register_panel("sessions", sessions_panel)
    dashboard.register_panel("broken", broken)
    try:
        assert [panel.title for panel in board(cap).panels] == ["Prochaine rencontre"]
    finally:
        dashboard.unregister_panel("sessions")
        dashboard.unregister_panel("broken")
        for key, provider in registered.items():
            dashboard.register_panel(key, provider)


def test_queries_do_not_grow_with_items(cap):
    add_items(cap, 10)
    with CaptureQueriesContext(connection) as small:
        first = board(cap)
    add_items(cap, 10000)
    with CaptureQueriesContext(connection) as large:
        second = board(cap)
    assert second.waiting.reports > first.waiting.reports
    assert len(second.late) == dashboard.LIST_LIMIT
    assert len(large.captured_queries) == len(small.captured_queries)
    print("dashboard queries:", len(small.captured_queries))
