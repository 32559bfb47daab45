"""Pages of a long list whose cost does not grow with the list.

A page reads its own rows and one more (to know whether another page follows);
the count stops at ``COUNT_LIMIT``: past it, the list says « more than 500 »
and its pager « Page 3 » without a last page, as search engines do. Counting
every one of 10,000 published sheets, each checked for who may read it, cost
more than the rest of the section.
"""

from .data import Page

COUNT_LIMIT = 500


def count_up_to(queryset, limit=None):
    """``(count, more)``: the rows of ``queryset`` counted up to ``limit`` (``COUNT_LIMIT``); ``more`` when there
    are more."""
    limit = COUNT_LIMIT if limit is None else limit
    counted = queryset.order_by().values("pk")[:limit + 1].count()
    return min(counted, limit), counted > limit


def page_rows(ordered, page, page_size):
    """``(rows, following)``: the rows of page ``page`` (from 1) of the ``ordered`` queryset, and whether a
    row follows them."""
    start = (page - 1) * page_size
    rows = list(ordered[start:start + page_size + 1])
    return rows[:page_size], len(rows) > page_size


def bounded_page(items, *, page, page_size, counted, following):
    """The ``Page`` of ``items`` from ``count_up_to``'s ``counted`` and ``page_rows``' ``following``."""
    total, more = counted
    return Page(items=items, page=page, page_size=page_size, total=total, more=more, following=following)
