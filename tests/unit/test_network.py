"""Rules of cap_xblock.api.network: an opt-in directory, showing only what each person chose."""

import dataclasses

import pytest

from cap_xblock import retirement
from cap_xblock.api import communities, network, paging, people
from cap_xblock.errors import InvalidInput, NotAllowed
from cap_xblock.models import DirectoryEntry
from tests.utils import make_actor, staff_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    staff = staff_actor()
    baobabs = communities.create_community(staff, name="Les Baobabs")
    paletuviers = communities.create_community(staff, name="Les Palétuviers")
    people = {name: make_actor(name, name=label) for name, label in [
        ("awa", "Awa Ndiaye"), ("moussa", "Moussa Sow"), ("nafi", "Nafissatou Cissé"), ("f1", "Aminata Diallo"),
        ("outsider", "Paul Martin")]}
    communities.place_learner(staff, user_id="awa", community_id=baobabs.id)
    communities.place_learner(staff, user_id="moussa", community_id=baobabs.id)
    communities.place_learner(staff, user_id="nafi", community_id=paletuviers.id)
    communities.add_facilitator(staff, community_id=baobabs.id, user_id="f1")
    people["staff"] = staff
    return people


def names(actor, query=""):
    return [card.display_name for card in network.list_directory(actor, query=query).items]


def test_nobody_is_listed_unless_they_opt_in(course):
    network.save_my_entry(course["awa"], listed=False, organisation="Mairie de Thiès", country="Sénégal")
    assert names(course["nafi"]) == []
    assert network.my_entry(course["awa"]).organisation == "Mairie de Thiès"
    network.save_my_entry(course["awa"], listed=True, organisation="Mairie de Thiès", country="Sénégal")
    network.save_my_entry(course["f1"], listed=True, expertise="Animation")
    assert names(course["nafi"]) == ["Aminata Diallo", "Awa Ndiaye"]


def test_only_the_fields_a_person_fills_in_are_shown(course):
    network.save_my_entry(course["awa"], listed=True, country="Sénégal", languages="français, wolof")
    card = network.list_directory(course["nafi"]).items[0]
    assert (card.organisation, card.role, card.expertise) == ("", "", "")
    assert (card.country, card.languages) == ("Sénégal", "français, wolof")
    assert set(vars(card)) == {"display_name", "organisation", "country", "role", "expertise", "languages"}


def test_search_in_what_people_show(course):
    network.save_my_entry(course["awa"], listed=True, country="Sénégal", expertise="Santé communautaire")
    network.save_my_entry(course["nafi"], listed=True, country="Canada")
    assert names(course["moussa"], "santé") == ["Awa Ndiaye"]
    assert names(course["moussa"], "nafissatou") == ["Nafissatou Cissé"]


def test_the_directory_is_for_the_people_of_the_communities(course):
    with pytest.raises(NotAllowed):
        network.list_directory(course["outsider"])
    with pytest.raises(NotAllowed):
        network.save_my_entry(course["outsider"], listed=True)
    assert names(course["staff"]) == []
    network.save_my_entry(course["moussa"], listed=True, role="Animateur")
    communities.remove_learner(course["staff"], user_id="moussa")
    assert names(course["awa"]) == []  # no longer in a community: no longer listed


def test_bad_input_is_refused(course):
    with pytest.raises(InvalidInput):
        network.save_my_entry(course["awa"], listed="maybe")
    with pytest.raises(InvalidInput):
        network.save_my_entry(course["awa"], listed=True, country="x" * 201)


def test_retirement_deletes_the_entry(course):
    network.save_my_entry(course["awa"], listed=True, country="Sénégal")
    retirement.retire_user("awa")
    assert not DirectoryEntry.objects.filter(user_id="awa").exists()


def test_the_directory_follows_a_new_name(course):
    network.save_my_entry(course["awa"], listed=True, country="Sénégal")
    network.save_my_entry(course["f1"], listed=True, expertise="Animation")
    assert names(course["nafi"]) == ["Aminata Diallo", "Awa Ndiaye"]
    renamed = dataclasses.replace(course["awa"], display_name="Adja Awa Ndiaye")  # the platform's name changed
    people.register_visit(renamed)
    assert names(course["nafi"]) == ["Adja Awa Ndiaye", "Aminata Diallo"]
    assert names(course["nafi"], "adja") == ["Adja Awa Ndiaye"]


def test_past_the_count_the_directory_says_more_and_still_pages_to_the_end(course, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 2)
    monkeypatch.setattr(network, "PAGE_SIZE", 1)
    for name in ("awa", "moussa", "nafi", "f1"):
        network.save_my_entry(course[name], listed=True)
    first = network.list_directory(course["nafi"])
    assert (first.total, first.more, first.has_next) == (2, True, True)
    shown = [network.list_directory(course["nafi"], page=page) for page in range(1, 5)]
    assert [page.items[0].display_name for page in shown] == [
        "Aminata Diallo", "Awa Ndiaye", "Moussa Sow", "Nafissatou Cissé"]
    assert [page.has_next for page in shown] == [True, True, True, False]
    assert shown[2].pages == 4 and shown[3].pages == 4
    network.save_my_entry(course["moussa"], listed=False)
    network.save_my_entry(course["nafi"], listed=False)
    exact = network.list_directory(course["awa"])
    assert (exact.total, exact.more, exact.pages) == (2, False, 2)
