"""One rule for « same community name », everywhere: create, rename, CSV import, the database index.

Runs on SQLite and, with ``scripts/mariadb.sh run``, on MariaDB (tests/db runs the same checks there).
"""

import importlib

import pytest
from django.db import IntegrityError, transaction

from cap_xblock.api import communities, roster
from cap_xblock.errors import Conflict, InvalidInput
from cap_xblock.models import Community, Membership
from cap_xblock.models.community import name_key, normalized_name
from tests.utils import staff_actor

pytestmark = pytest.mark.django_db

SAME = [
    ("Équipe X", "Equipe X"),
    ("Cercle", "cercle"),
    ("Les  Baobabs", "les baobabs"),
    ("Straße", "STRASSE"),
    ("Ｃｅｒｃｌｅ", "Cercle"),  # full-width letters (NFKC)
    ("Cafe\u0301", "Café"),  # combining accent
]
DIFFERENT = [
    ("Cercle 🌍", "Cercle 🌱"),
    ("Équipe X", "Équipe Y"),
    ("Cercle 1", "Cercle 2"),
]


@pytest.mark.parametrize("first,second", SAME)
def test_names_that_are_the_same_share_one_key(first, second):
    assert name_key(first) == name_key(second)


@pytest.mark.parametrize("first,second", DIFFERENT)
def test_names_that_differ_have_different_keys(first, second):
    assert name_key(first) != name_key(second)


def test_the_key_is_plain_ascii_for_any_collation():
    key = name_key("Cercle 🌍")
    assert len(key) == 64 and key.isascii() and key == key.lower()
    assert normalized_name("  Équipe\tX ") == "equipe x"


@pytest.mark.parametrize("first,second", SAME)
def test_create_and_rename_refuse_the_same_name_with_a_409(first, second):
    staff = staff_actor()
    communities.create_community(staff, name=first)
    with pytest.raises(Conflict) as error:
        communities.create_community(staff, name=second)
    assert error.value.code == "name_taken"
    other = communities.create_community(staff, name="Autre")
    with pytest.raises(Conflict) as error:
        communities.rename_community(staff, community_id=other.id, name=second)
    assert error.value.code == "name_taken"


def test_a_community_may_be_renamed_to_another_spelling_of_its_own_name():
    staff = staff_actor()
    community = communities.create_community(staff, name="Equipe X")
    renamed = communities.rename_community(staff, community_id=community.id, name="Équipe X")
    assert renamed.name == "Équipe X"
    assert Community.objects.get(id=community.id).name_key == name_key("equipe x")


@pytest.mark.parametrize("first,second", DIFFERENT)
def test_names_that_differ_are_all_accepted(first, second):
    staff = staff_actor()
    communities.create_community(staff, name=first)
    communities.create_community(staff, name=second)
    assert Community.objects.count() == 2


def test_the_database_refuses_a_second_row_with_the_same_key():
    Community.objects.create(course_key="course-v1:A+B+C", name="Cercle")
    with pytest.raises(IntegrityError), transaction.atomic():
        Community.objects.create(course_key="course-v1:A+B+C", name="CERCLE")


def test_a_save_that_changes_the_name_changes_the_key():
    community = Community.objects.create(course_key="course-v1:A+B+C", name="Cercle")
    community.name = "Équipe X"
    community.save()
    assert Community.objects.get(id=community.id).name_key == name_key("equipe x")
    community = Community.objects.get(id=community.id)
    community.name = "Baobabs"
    community.save(update_fields=["name"])
    assert Community.objects.get(id=community.id).name_key == name_key("baobabs")


def test_import_uses_the_existing_community_of_the_same_name():
    staff = staff_actor()
    existing = communities.create_community(staff, name="Équipe X")
    report = roster.import_csv(staff, content="learner1,Equipe X,learner\nlearner2,ÉQUIPE  X,learner\n")
    assert report["new_communities"] == []
    assert set(Membership.objects.filter(community_id=existing.id).values_list("user_id", flat=True)) == {
        "learner1", "learner2"}
    assert Community.objects.count() == 1


def test_import_of_two_spellings_opens_one_community_and_later_imports_work():
    staff = staff_actor()
    report = roster.import_csv(staff, content="learner1,Cercle,learner\nlearner2,cercle,learner\n")
    assert report["new_communities"] == ["Cercle"]
    assert list(Community.objects.values_list("name", flat=True)) == ["Cercle"]
    assert Membership.objects.filter(community__name="Cercle").count() == 2
    again = roster.import_csv(staff,
                              content="learner3,CERCLE,learner\nlearner4,Cercle 🌍,learner\nlearner5,Cercle 🌱,learner\n")
    assert again["new_communities"] == ["Cercle 🌍", "Cercle 🌱"]
    assert Community.objects.count() == 3


def test_import_counts_the_size_of_a_community_under_every_spelling():
    staff = staff_actor()
    communities.update_settings(staff, target_size=3)
    with pytest.raises(InvalidInput) as error:
        roster.import_csv(staff, content="l1,Équipe,learner\nl2,equipe,learner\nl3,EQUIPE,learner\nl4,Equipe,learner\n")
    assert "4" in error.value.details["problems"][0]["message"]


def test_the_migration_keeps_existing_duplicates_apart():
    migration = importlib.import_module("cap_xblock.migrations.0008_integrity")
    assert migration._key("Équipe  X") == name_key("equipe x")  # pylint: disable=protected-access
    first = Community.objects.create(course_key="c", name="Cercle")
    second = Community.objects.create(course_key="c", name="Autre")
    third = Community.objects.create(course_key="d", name="cercle")
    # Two rows of one course with the same key, as SQLite allowed before the key existed.
    Community.objects.filter(id=second.id).update(name="cercle", name_key="before-2")
    Community.objects.filter(id=first.id).update(name_key="before-1")

    class Apps:  # the migration asks the historical model; today's has the same fields
        @staticmethod
        def get_model(_app, _name):
            return Community

    migration.fill_name_keys(Apps, None)
    keys = dict(Community.objects.values_list("id", "name_key"))
    assert keys[first.id] == name_key("Cercle")
    assert keys[second.id] == f"duplicate-{second.id}"
    assert keys[third.id] == name_key("cercle")  # another course: not a duplicate
    assert set(Community.objects.values_list("name", flat=True)) == {"Cercle", "cercle"}  # nothing merged

