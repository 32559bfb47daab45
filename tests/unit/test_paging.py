"""Long lists of a community: past ``paging.COUNT_LIMIT`` items the count says « more than », the pager has no
last page, and the pages still go on to the last item, each item shown once."""

import pytest

from bench import lists
from cap_xblock import i18n, rendering
from cap_xblock.api import cases, communities, discussion, journal, paging
from cap_xblock.api.data import Page
from cap_xblock.models import Community
from tests.utils import COURSE, make_actor, staff_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(monkeypatch):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 3)
    for module in (cases, journal):
        monkeypatch.setattr(module, "PAGE_SIZE", 2)
    monkeypatch.setattr(discussion, "THREAD_PAGE_SIZE", 2)
    community = communities.create_community(staff_actor(), name="Les Baobabs")
    for index in range(1, 9):
        make_actor(f"learner{index}")
        communities.place_learner(staff_actor(), user_id=f"learner{index}", community_id=community.id)
    return lists.Place(course_key=COURSE, block_key="block-1", community=Community.objects.get(id=community.id))


def pages_of(read):
    """Every page ``read(page)`` answers, from the first until one says no page follows."""
    pages = [read(1)]
    while pages[-1].has_next and len(pages) < 10:
        pages.append(read(len(pages) + 1))
    return pages


@pytest.mark.parametrize("seed, read", [
    (lists.seed_cases, lambda page: cases.list_cases(make_actor("learner1"), page=page).cases),
    (lists.seed_threads, lambda page: discussion.list_threads(make_actor("learner1"), page=page)),
    (lists.seed_journal, lambda page: journal.list_entries(make_actor("learner1"), page=page)),
], ids=["cases", "threads", "journal"])
def test_past_the_count_a_list_says_more_and_pages_to_its_last_item(place, seed, read):
    seed(place, 5)
    pages = pages_of(read)
    assert [(page.total, page.more) for page in pages] == [(3, True)] * 3
    assert [len(page.items) for page in pages] == [2, 2, 1]
    assert len({item.id for page in pages for item in page.items}) == 5
    assert [page.pages for page in pages] == [2, 3, 3]


def test_the_pager_and_the_count_say_more_than_without_a_last_page(place):
    lists.seed_cases(place, 5)
    listed = cases.list_cases(make_actor("learner1"))
    html = rendering.render("cases_list.html", {"list": listed}, i18n.catalog())
    assert "Plus de 3 cas" in html and "Page 1</span>" in html and "Page 1 sur" not in html
    pager = rendering.render("pager.html", {"page": Page(items=[], page=2, page_size=2, total=3, more=True,
                                                          following=True)}, i18n.catalog())
    assert "Page 2</span>" in pager and "disabled" not in pager


def test_under_the_count_the_pages_are_exact(place):
    lists.seed_journal(place, 3)
    page = journal.list_entries(make_actor("learner1"), page=2)
    assert (page.total, page.more, page.pages, page.has_next, len(page.items)) == (3, False, 2, False, 1)
    exact = rendering.render("pager.html", {"page": page}, i18n.catalog())
    assert "Page 2 sur 2" in exact


def test_the_members_who_have_not_presented_a_case_are_named(place):
    lists.seed_cases(place, 5)  # by learner2 to learner6
    listed = cases.list_cases(make_actor("learner1"))
    assert sorted(person.user_id for person in listed.not_presented) == ["learner1", "learner7", "learner8"]
