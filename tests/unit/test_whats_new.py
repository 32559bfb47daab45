"""« Quoi de neuf »: what changed since my last visit, in my communities, counts and links only."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cap_xblock.api import journal, whats_new
from cap_xblock.models import Case, CaseContribution, LastVisit
from tests.dashboard_utils import SECRET, add_items, cap_with_waiting_things
from tests.utils import make_actor

pytestmark = pytest.mark.django_db
SECTIONS = ["cases", "journal", "discussion", "brainstorm", "moderation"]


@pytest.fixture
def cap():
    return cap_with_waiting_things()


def step_back(user_id):
    """Pretend the person's last visit was a day ago."""
    LastVisit.objects.filter(user_id=user_id).update(visited_at=LastVisit.objects.get(
        user_id=user_id).visited_at - datetime.timedelta(days=1))


def test_first_visit_then_news_since_then(cap):
    assert whats_new.whats_new(cap["owner"], sections=SECTIONS).items == []
    step_back("owner")
    add_items(cap, 3)  # old cases and contributions, new posts
    case = Case.objects.filter(owner_id="owner").first()
    for number in range(3):
        CaseContribution.objects.create(case=case, step=2, kind="question", author_id="m2", body=f"Question {number}")
    news = whats_new.whats_new(cap["owner"], sections=SECTIONS)
    by_section = {}
    for item in news.items:
        by_section.setdefault(item.section, []).append(item)
    assert set(by_section) == {"cases", "discussion"}
    assert any("3 nouvelles contributions" in item.text or "3 new contributions" in item.text
               for item in by_section["cases"])
    assert by_section["cases"][0].anchor == whats_new.section_anchor("block-1", "cases")
    assert whats_new.whats_new(cap["owner"], sections=SECTIONS).items == []  # seen now


def test_facilitators_get_counts_of_shared_entries_and_reports_never_text(cap):
    whats_new.whats_new(cap["f1"], sections=SECTIONS)
    step_back("f1")
    entry = journal.save_entry(cap["m1"], title=SECRET, answers=[], free_text=SECRET)
    journal.share_entry(cap["m1"], entry_id=entry.id)
    add_items(cap, 2)
    news = whats_new.whats_new(cap["f1"], sections=SECTIONS)
    sections = {item.section for item in news.items}
    assert {"journal", "moderation"} <= sections
    assert all(SECRET not in item.text for item in news.items)
    # Sections the block does not show bring no news; another community's facilitator sees nothing.
    whats_new.whats_new(cap["f2"], sections=SECTIONS)
    step_back("f2")
    assert whats_new.whats_new(cap["f2"], sections=SECTIONS).items == []


def test_anonymous_and_outside_a_course_get_nothing(cap):
    assert whats_new.whats_new(make_actor(""), sections=SECTIONS).items == []
    assert not LastVisit.objects.filter(user_id="").exists()


def test_queries_do_not_grow_with_items(cap):
    whats_new.whats_new(cap["f1"], sections=SECTIONS)
    add_items(cap, 10)
    step_back("f1")
    with CaptureQueriesContext(connection) as small:
        whats_new.whats_new(cap["f1"], sections=SECTIONS)
    add_items(cap, 10000)
    step_back("f1")
    with CaptureQueriesContext(connection) as large:
        whats_new.whats_new(cap["f1"], sections=SECTIONS)
    assert len(large.captured_queries) == len(small.captured_queries)
