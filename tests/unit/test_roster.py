"""CSV import and export of assignments: all or nothing, with a report per row."""

import csv
import io

import pytest

from cap_xblock.api import communities, roster
from cap_xblock.errors import InvalidInput, NotAllowed
from cap_xblock.models import Community, FacilitatorRole, Membership
from tests.utils import make_actor, staff_actor

pytestmark = pytest.mark.django_db


def test_import_creates_communities_and_places_people():
    staff = staff_actor()
    report = roster.import_csv(staff, content="username,community,role\nlearner1,Les Baobabs,learner\n"
                                      "learner2,Les Baobabs,apprenant\nfacilitator1,Les Baobabs,facilitateur\n")
    assert report["applied"] and report["learners"] == 2 and report["facilitators"] == 1
    assert report["new_communities"] == ["Les Baobabs"]
    community = Community.objects.get(name="Les Baobabs")
    assert set(Membership.objects.filter(community=community).values_list("user_id", flat=True)) == {
        "learner1", "learner2"}
    assert FacilitatorRole.objects.filter(community=community, user_id="facilitator1").exists()


def test_a_single_bad_row_changes_nothing_and_is_reported():
    staff = staff_actor()
    text = ("username,community,role\nlearner1,A,learner\nlearner2,,learner\nlearner3,A,chef\n"
            "learner1,B,learner\n???,A,learner\n")
    with pytest.raises(InvalidInput) as error:
        roster.import_csv(staff, content=text)
    problems = error.value.details["problems"]
    assert [problem["line"] for problem in problems] == [3, 4, 5, 6]
    assert error.value.code == "csv_invalid"
    assert not Community.objects.exists() and not Membership.objects.exists()


def test_import_respects_the_target_size():
    staff = staff_actor()
    communities.update_settings(staff, target_size=3)
    rows = "".join(f"learner{i},A,learner\n" for i in range(4))
    with pytest.raises(InvalidInput) as error:
        roster.import_csv(staff, content=rows)
    assert "3" in error.value.details["problems"][0]["message"]


def test_dry_run_checks_without_changing():
    report = roster.import_csv(staff_actor(), content="learner1;A;learner\n", dry_run=True)
    assert report == {"applied": False, "learners": 1, "facilitators": 0, "new_communities": ["A"], "problems": []}
    assert not Community.objects.exists()


def test_export_round_trips_through_import():
    staff = staff_actor()
    roster.import_csv(staff, content="learner1,=Formule,learner\nlearner2,Les Érables,learner\n"
                             "facilitator2,Les Érables,facilitator\n")
    exported = roster.export_csv(staff)
    assert exported.splitlines()[0] == "username,community,role,archived"
    assert "'=Formule" in exported  # no formula for spreadsheets
    Membership.objects.all().delete()
    FacilitatorRole.objects.all().delete()
    roster.import_csv(staff, content=exported)
    assert Membership.objects.get(user_id="learner1").community.name == "=Formule"
    assert roster.export_csv(staff) == exported


def test_an_export_with_an_archived_community_imports_back_and_keeps_it_archived():
    staff = staff_actor()
    roster.import_csv(staff, content="learner1,Les Baobabs,learner\nlearner2,Les Érables,learner\n"
                             "facilitator2,Les Érables,facilitator\n")
    erables = Community.objects.get(name="Les Érables")
    communities.set_archived(staff, community_id=erables.id, archived=True)
    exported = roster.export_csv(staff)
    assert "learner2,Les Érables,learner,yes" in exported.splitlines()
    assert "learner1,Les Baobabs,learner," in exported.splitlines()

    report = roster.import_csv(staff, content=exported)
    assert report["applied"]
    erables.refresh_from_db()
    assert erables.archived
    assert roster.export_csv(staff) == exported
    # An archived community still takes nobody new.
    with pytest.raises(InvalidInput) as error:
        roster.import_csv(staff, content="learner3,Les Érables,learner\n")
    assert "archivée" in error.value.details["problems"][0]["message"]
    # Into an empty course (a copy of the course), the archived community is created archived.
    Community.objects.all().delete()
    roster.import_csv(staff, content=exported)
    assert Community.objects.get(name="Les Érables").archived
    assert not Community.objects.get(name="Les Baobabs").archived


def test_only_staff_import_and_export():
    learner = make_actor("learner1")
    with pytest.raises(NotAllowed):
        roster.import_csv(learner, content="learner1,A,learner\n")
    with pytest.raises(NotAllowed):
        roster.export_csv(learner)


def test_bad_files_are_refused_clearly():
    staff = staff_actor()
    for content in ("", None, 42, "x" * (roster.MAX_BYTES + 1), b"\xff\xfe\x00bad"):
        with pytest.raises(InvalidInput):
            roster.import_csv(staff, content=content)


FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")


def test_export_neutralises_formulas_even_after_a_line_break():
    staff = staff_actor()
    names = ["Équipe X\r=1+1", "Cercle\n+SUM(A1)", "Baobabs\r\n@cmd", "-2+3", "Onglet\t=1", "Plain"]
    for index, name in enumerate(names):
        community = communities.create_community(staff, name=name)
        communities.view_for(make_actor(f"learner{index}"), place=False)
        communities.place_learner(staff, user_id=f"learner{index}", community_id=community.id)
    exported = roster.export_csv(staff)

    rows = list(csv.reader(io.StringIO(exported, newline="")))
    assert len(rows) == 1 + len(names), rows
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_CHARS)]
    lines = [line for cell in cells for line in cell.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    assert not [line for line in lines if line.startswith(FORMULA_CHARS)]
    # ...and the file imports back to the same names.
    Membership.objects.all().delete()
    roster.import_csv(staff, content=exported)
    assert set(Membership.objects.values_list("community__name", flat=True)) == set(names)
