"""MariaDB: the shared knowledge's pages read the rows they show, not every sheet of the course.

The database's own counters (``Handler_read_*``: the index entries and rows its
engine read) are compared for 10 and 300 sheets published to the course, the
benchmark's rows, and for 10 and 300 people listed in the network's directory.
The totals (``COUNT``) stop at ``paging.COUNT_LIMIT``, and the community filter
reads one index entry per sheet (no row, no visibility check): both are
measured apart. Elsewhere than MariaDB these tests
are skipped.
"""

import pytest
from django.db import connection

from bench import lists
from cap_xblock.api import communities, knowledge, network, paging
from cap_xblock.models import Community
from tests.utils import COURSE, make_actor, staff_actor

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "mysql", reason="MariaDB's counters of rows read")]


def _handler_reads():
    raw = connection.connection.cursor()
    raw.execute("SHOW SESSION STATUS LIKE 'Handler_read%%'")
    read = sum(int(value) for _name, value in raw.fetchall())
    raw.close()
    return read


class _RowsRead:
    """The rows MariaDB's engine read for each SELECT run in the block: ``{"page": most of one statement,
    "communities": the community filter's index}``; the totals (``COUNT``) are left out."""

    def __init__(self):
        self.reads = {"page": 0, "communities": 0, "count": 0}
        first = _handler_reads()
        self.show_cost = _handler_reads() - first  # what reading the counters adds to them

    def __call__(self, execute, sql, params, many, context):
        # Read around Django's wrappers, so these statements are not measured. Not FLUSH STATUS: it commits.
        before = _handler_reads()
        result = execute(sql, params, many, context)
        read = _handler_reads() - before - self.show_cost
        if "SELECT COUNT(*)" in sql:
            self.reads["count"] = max(self.reads["count"], read)
            return result
        part = "communities" if "MAX(`cap_xblock_knowledgesheet`.`published_at`)" in sql else "page"
        self.reads[part] = max(self.reads[part], read)
        return result


def _rows_read(call):
    counter = _RowsRead()
    with connection.execute_wrapper(counter):
        call()
    return counter.reads


@pytest.fixture
def place():
    make_actor("learner1")
    community = communities.create_community(staff_actor(), name="Les Baobabs")
    communities.place_learner(staff_actor(), user_id="learner1", community_id=community.id)
    return lists.Place(course_key=COURSE, block_key="block-1", community=Community.objects.get(id=community.id))


def test_the_first_search_and_my_sheets_read_as_many_rows_for_300_sheets_as_for_10(place, monkeypatch):
    monkeypatch.setattr(knowledge, "THEME_SAMPLE", 5)  # the themes are counted on the sheets published last
    reader = make_actor("learner1")

    def reads(size):
        lists.seed_sheets(place, size)
        lists.seed_communities(place, size)
        return (_rows_read(lambda: knowledge.search_sheets(reader, with_filters=True)),
                _rows_read(lambda: knowledge.my_sheets(reader))["page"])

    (search_few, mine_few), (search_many, mine_many) = reads(10), reads(300)
    assert search_many["page"] <= search_few["page"] + 20
    assert mine_many <= mine_few + 10
    assert search_many["communities"] <= 300 + 10


def test_a_page_of_the_directory_reads_as_many_rows_for_300_people_as_for_10(place, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 50)
    reader = make_actor("learner1")

    def reads(size):
        lists.seed_directory(place, size)
        return (_rows_read(lambda: network.list_directory(reader)),
                _rows_read(lambda: network.list_directory(reader, query="eau", page=2)))

    (first_few, searched_few), (first_many, searched_many) = reads(10), reads(300)
    # The first page: its rows in the index's order by name, each checked for a place in the course.
    assert first_many["page"] <= first_few["page"] + 60
    # Counted up to the limit, not through the 300 people; so is a search, whose page goes through the people
    # listed (a word searched in what they show has no index).
    assert first_many["count"] <= 10 * (paging.COUNT_LIMIT + 1)
    assert searched_many["count"] <= 10 * (paging.COUNT_LIMIT + 1)
