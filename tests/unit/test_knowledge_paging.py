"""The shared knowledge's long lists: past ``paging.COUNT_LIMIT`` sheets the count says « more than » and the
pages still go on to the last sheet, each read once."""

import pytest

from bench import lists
from cap_xblock import i18n, rendering
from cap_xblock.api import communities, knowledge, paging
from cap_xblock.models import Community
from tests.utils import COURSE, make_actor, staff_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(monkeypatch):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 3)
    monkeypatch.setattr(knowledge, "PAGE_SIZE", 2)
    make_actor("learner1")
    make_actor("learner2")
    community = communities.create_community(staff_actor(), name="Les Baobabs")
    communities.place_learner(staff_actor(), user_id="learner1", community_id=community.id)
    lists.seed_sheets(lists.Place(course_key=COURSE, block_key="block-1",
                                  community=Community.objects.get(id=community.id)), 5)
    return make_actor("learner1")


def test_past_the_count_the_search_says_more_and_pages_to_the_last_sheet(reader):
    pages = [knowledge.search_sheets(reader, page=page).sheets for page in (1, 2, 3)]
    assert [(page.total, page.more) for page in pages] == [(3, True)] * 3
    assert [page.has_next for page in pages] == [True, True, False]
    assert [len(page.items) for page in pages] == [2, 2, 1]
    seen = [item.id for page in pages for item in page.items]
    assert len(set(seen)) == 5
    assert pages[0].pages == 2 and pages[2].pages == 3


def test_the_results_say_more_than_and_the_pager_no_last_page_in_french(reader):
    found = knowledge.search_sheets(reader)
    html = rendering.render("knowledge_results.html", {"found": found}, i18n.catalog())
    assert "Plus de 3 fiches" in html and "Page 1</span>" in html and "Page 1 of" not in html


def test_under_the_count_the_total_is_exact(reader):
    found = knowledge.search_sheets(reader, query="n° 4")
    assert (found.sheets.total, found.sheets.more, found.sheets.pages) == (1, False, 1)
