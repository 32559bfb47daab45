"""The benchmark's table (bench/lists.py) stays true: every GET handler is in it, every seed makes a list.

``make bench`` counts the SQL queries of each list handler at 10, 1,000 and
10,000 items; these checks run on every ``make test`` so that a new handler
gets its line and a changed model does not leave the benchmark measuring errors.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import lists
from cap_xblock.block import CapXBlock
from cap_xblock.models import Community
from tests.utils import COURSE


def _get_handlers():
    return {name for name in dir(CapXBlock) if getattr(getattr(CapXBlock, name), "cap_method", "") == "GET"}


def test_every_get_handler_is_measured_or_known_not_to_be_a_list():
    measured = {item.handler for item in lists.LISTS}
    assert sorted(_get_handlers() - measured - lists.NOT_LISTS) == []
    assert sorted((measured | lists.NOT_LISTS) - _get_handlers()) == []
    assert not measured & lists.NOT_LISTS


@pytest.mark.parametrize("item", lists.LISTS, ids=lambda item: item.handler)
def test_seeded_items_show_in_the_list_with_the_same_queries(item, workbench, demo, django_assert_num_queries):
    from cap_demo import demo_data  # pylint: disable=import-outside-toplevel

    place = lists.Place(course_key=COURSE, block_key=demo_data.DEMO_BLOCK_KEY,
                        community=Community.objects.get(course_key=COURSE, name="Les Baobabs"))
    workbench.csrf()
    params = item.seed(place, 2)
    workbench.get(item.handler, item.student, params)  # warm-up
    with CaptureQueriesContext(connection) as captured:
        status, small = workbench.get(item.handler, item.student, params)
    queries = len(captured)  # read now: the next request clears the connection's log
    assert status == 200, small

    params = item.seed(place, 40)
    workbench.get(item.handler, item.student, params)
    with django_assert_num_queries(queries):
        status, large = workbench.get(item.handler, item.student, params)
    assert status == 200, large
    assert large != small, f"{item.handler} shows nothing of the seeded items"
