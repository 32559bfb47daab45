"""Pages of a long list whose cost does not grow with the list.

A page reads its own rows and one more (to know whether another page follows);
the count stops at ``COUNT_LIMIT``: past it, the list says « more than 500 »
and its pager « Page 3 » without a last page, as search engines do. Counting
every one of 10,000 published sheets, each checked for who may read it, cost
more than the rest of the section.

MariaDB turns a condition ``EXISTS (...)`` into an IN subquery it materialises:
every row of the subquery (every published sheet, consent and publication of
the course; every place of a course) is read before the first row of a page.
``row_by_row()`` asks it to keep them EXISTS, checked for each row it reads,
so that a page ordered by an index stops after its rows.
"""

from contextlib import contextmanager

from django.db import connection

from .data import Page

COUNT_LIMIT = 500
ROW_BY_ROW = "SET STATEMENT optimizer_switch='exists_to_in=off' FOR "


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


@contextmanager
def row_by_row():
    """Within the block, MariaDB checks each EXISTS condition of a SELECT row by row (``exists_to_in=off`` for
    that statement only). The results are the same; elsewhere (MySQL, SQLite) nothing changes."""
    if connection.vendor != "mysql" or not connection.mysql_is_mariadb:
        yield
        return

    def per_row(execute, sql, params, many, context):
        if sql.startswith("SELECT"):
            sql = ROW_BY_ROW + sql
        return execute(sql, params, many, context)

    with connection.execute_wrapper(per_row):
        yield
