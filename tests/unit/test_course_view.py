"""Rules of cap_xblock.api.course_view: staff only, health flags, load, the export (counts only, safe cells)."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cap_xblock.api import communities, course_view, journal
from cap_xblock.errors import NotAllowed
from tests.dashboard_utils import SECRET, add_items, cap_with_waiting_things
from tests.utils import make_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def cap():
    return cap_with_waiting_things()


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_staff_only(cap):
    for who in ("owner", "f1"):
        with pytest.raises(NotAllowed):
            course_view.course_view(cap[who])
        with pytest.raises(NotAllowed):
            course_view.participation_csv(cap[who])
    with pytest.raises(NotAllowed):
        course_view.course_view(make_actor(""))


def test_communities_side_by_side_with_health_flags(cap):
    lonely = communities.create_community(cap["staff"], name="Les Fromagers")
    add_items(cap, 6)
    view = course_view.course_view(cap["staff"])
    by_name = {row.name: row for row in view.communities.items}
    assert set(by_name) == {"Les Baobabs", "Les Palétuviers", "Les Fromagers"}
    assert {flag.code for flag in by_name["Les Fromagers"].flags} == {"no_facilitator", "silent"}
    assert {flag.code for flag in by_name["Les Baobabs"].flags} == {"many_reports"}
    assert by_name["Les Baobabs"].size == 4 and by_name["Les Baobabs"].facilitators[0].display_name == "Aminata Diallo"
    assert sum(week.count for week in by_name["Les Baobabs"].weeks) > 0
    assert max(week.share for row in view.communities.items for week in row.weeks) == 100
    assert len(view.weeks) == course_view.WEEKS
    load = {item.person.display_name: item for item in view.facilitators}
    assert load["Aminata Diallo"].members == 4 and load["Aminata Diallo"].waiting == 6 + 3 + 3
    assert load["Jean-François Tremblay"].waiting == 0
    assert lonely.id in [row.id for row in view.communities.items]


def test_over_size_flag(cap):
    communities.update_settings(cap["staff"], target_size=3)
    view = course_view.course_view(cap["staff"])
    assert "over_size" in {flag.code for row in view.communities.items if row.name == "Les Baobabs"
                           for flag in row.flags}


def test_export_one_row_per_learner_counts_only_and_safe(cap):
    add_items(cap, 4)
    entry = journal.save_entry(cap["quiet"], title=SECRET, answers=[], free_text=SECRET)
    journal.share_entry(cap["quiet"], entry_id=entry.id)
    make_actor("=cmd|' /C calc'!A0", name="=HYPERLINK(\"http://evil\")")
    communities.place_learner(cap["staff"], user_id="=cmd|' /C calc'!A0", community_id=cap["other_community"])
    text = course_view.participation_csv(cap["staff"])
    assert SECRET not in text and "Une question" not in text and "Message" not in text
    rows = rows_of(text)
    assert list(rows[0]) == course_view.EXPORT_HEADER
    assert sorted(row["username"] for row in rows) == sorted(["owner", "m1", "m2", "quiet", "other",
                                                              "'=cmd|' /C calc'!A0"])
    by_name = {row["username"]: row for row in rows}
    assert by_name["m1"]["journal_entries"] == "2" and by_name["m1"]["cases_presented"] == "2"
    assert by_name["quiet"]["journal_entries_shared"] == "1" and by_name["quiet"]["last_activity"]
    assert by_name["m2"]["case_contributions"] == "4" and by_name["owner"]["ideas"] == "4"
    assert by_name["other"]["attendance"] == "" and by_name["other"]["last_activity"] == ""


def test_export_columns_from_other_capabilities(cap):
    registered = dict(course_view._COLUMNS)  # pylint: disable=protected-access
    course_view.register_column("attendance", "attendance", lambda course_key, user_ids: {"owner": "3/4"})
    try:
        rows = {row["username"]: row for row in rows_of(course_view.participation_csv(cap["staff"]))}
    finally:
        course_view.unregister_column("attendance")
        for key, (header, provider) in registered.items():
            course_view.register_column(key, header, provider)
    assert rows["owner"]["attendance"] == "3/4" and rows["m1"]["attendance"] == ""


def test_queries_do_not_grow_with_items(cap):
    add_items(cap, 10)
    with CaptureQueriesContext(connection) as small:
        course_view.course_view(cap["staff"])
        course_view.participation_csv(cap["staff"])
    add_items(cap, 10000)
    with CaptureQueriesContext(connection) as large:
        course_view.course_view(cap["staff"])
        course_view.participation_csv(cap["staff"])
    assert len(large.captured_queries) == len(small.captured_queries)
    print("course view + export queries:", len(small.captured_queries))
