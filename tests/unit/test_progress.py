"""The completion rule and the participation grade's fraction, counted from rows."""

import pytest

from cap_xblock.api import cases, progress
from cap_xblock.api.progress import CompletionRule
from cap_xblock.models import Case, CaseContribution, CharterAcceptance, Community, JournalEntry, Membership
from tests.utils import COURSE, make_actor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rule, counts, expected", [
    (CompletionRule(charter=True, cases=0), (True, 0, 0), 1.0),
    (CompletionRule(charter=True, cases=0), (False, 5, 5), 0.0),
    (CompletionRule(charter=True, cases=2), (True, 1, 0), 0.75),
    (CompletionRule(charter=False, cases=4, journal_entries=2), (False, 1, 2), 0.625),
    (CompletionRule(charter=True, cases=1, journal_entries=3), (True, 9, 1), 0.7778),
    (CompletionRule(charter=False, cases=0, journal_entries=0), (False, 0, 0), 1.0),
])
def test_the_fraction_is_the_mean_of_the_parts_asked(rule, counts, expected):
    assert progress.fraction_of(rule, dict(zip(("charter", "cases", "journal_entries"), counts))) == expected


@pytest.mark.parametrize("rule, valid", [
    (CompletionRule(), True),
    (CompletionRule(charter=False, cases=0, journal_entries=0), False),
    (CompletionRule(charter=False, cases=21), False),
    (CompletionRule(charter=False, journal_entries=51), False),
    (CompletionRule(charter=True, cases=-1), False),
])
def test_rule_limits(rule, valid):
    assert progress.rule_is_valid(rule) is valid


@pytest.mark.charter_gate
def test_progress_counts_the_learners_own_rows_in_this_activity():
    community = Community.objects.create(course_key=COURSE, name="Les Baobabs")
    awa = make_actor("awa", block="block-1")
    peer = make_actor("binta", block="block-1")
    Membership.objects.create(course_key=COURSE, user_id="awa", community=community)
    rule = CompletionRule(charter=True, cases=2, journal_entries=1)
    assert progress.progress_of(awa, rule=rule) == progress.Progress(
        {"charter_accepted": False, "cases": 0, "journal_entries": 0, "sessions": 0}, 0.0, True)

    CharterAcceptance.objects.create(community=community, user_id="awa", version=0)
    mine = Case.objects.create(course_key=COURSE, block_key="block-1", community=community, owner_id="awa",
                               title="Mon cas")
    peers = Case.objects.create(course_key=COURSE, block_key="block-1", community=community, owner_id="binta",
                                title="Son cas", presented_at="2026-11-01T10:00Z")
    other_block = Case.objects.create(course_key=COURSE, block_key="block-2", community=community,
                                      owner_id="binta", title="Ailleurs", presented_at="2026-11-01T10:00Z")
    # A draft does not count; two contributions to the same case count once; another activity does not count.
    for case in (peers, peers, other_block):
        CaseContribution.objects.create(case=case, step=2, kind="question", author_id="awa", body="?")
    JournalEntry.objects.create(course_key=COURSE, block_key="block-2", user_id="awa", title="x",
                                updated_at="2026-11-01T10:00Z")
    state = progress.progress_of(awa, rule=rule)
    assert (state.charter_accepted, state.cases, state.journal_entries) == (True, 1, 0)
    assert state.fraction == 0.5 and not state.met

    mine.presented_at = "2026-11-02T10:00Z"
    mine.save()
    JournalEntry.objects.create(course_key=COURSE, block_key="block-1", user_id="awa", title="",
                                updated_at="2026-11-01T10:00Z")
    assert progress.progress_of(awa, rule=rule).met
    # A person in no community is never complete.
    assert not progress.progress_of(peer, rule=CompletionRule(charter=False, cases=1)).met


def test_a_contribution_the_facilitation_hid_does_not_count():
    community = Community.objects.create(course_key=COURSE, name="Les Baobabs")
    awa = make_actor("awa", block="block-1")
    Membership.objects.create(course_key=COURSE, user_id="awa", community=community)
    peers = Case.objects.create(course_key=COURSE, block_key="block-1", community=community, owner_id="binta",
                                title="Son cas", presented_at="2026-11-01T10:00Z")
    hidden = CaseContribution.objects.create(case=peers, step=2, kind="question", author_id="awa",
                                             body="Hors charte", hidden=True)
    assert cases.cases_taken_part_in(awa) == 0
    hidden.hidden = False
    hidden.save()
    assert cases.cases_taken_part_in(awa) == 1


def test_a_case_presented_and_written_in_by_its_owner_counts_once():
    community = Community.objects.create(course_key=COURSE, name="Les Baobabs")
    awa = make_actor("awa", block="block-1")
    Membership.objects.create(course_key=COURSE, user_id="awa", community=community)
    mine = Case.objects.create(course_key=COURSE, block_key="block-1", community=community, owner_id="awa",
                               title="Mon cas", presented_at="2026-11-01T10:00Z")
    other_course = Case.objects.create(course_key="course-v1:Autre+X+2026", block_key="block-1",
                                       community=community, owner_id="awa", title="Ailleurs",
                                       presented_at="2026-11-01T10:00Z")
    for case in (mine, mine, other_course):
        CaseContribution.objects.create(case=case, step=2, kind="answer", author_id="awa", body="Parce que.")
    assert cases.cases_taken_part_in(awa) == 1
