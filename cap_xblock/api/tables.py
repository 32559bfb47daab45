"""The models' tables and columns by name, for the few hot queries written once per process as SQL.

Every request reads the person's roles and every write asks the write gate. Built with the ORM, each of
those queries cost 0.7 to 1.5 ms of Python (building and compiling nested subqueries) for a query the
database answers in a few hundredths of a millisecond. They are written once per process from the models'
own table and column names, quoted for the database in use, and run with their parameters; the tests run
them on SQLite and MariaDB.
"""

import functools

from django.db import connections, router


class Names:
    """The quoted table and column names of the models for one database (its ``quote_name``)."""

    def __init__(self, quote):
        self.quote = quote

    def table(self, model):
        """``model``'s table."""
        return self.quote(model._meta.db_table)

    def column(self, model, field):
        """The column of ``model``'s field ``field`` (a foreign key's ``<name>_id``)."""
        return self.quote(model._meta.get_field(field).column)


def connection_for(model):
    """The connection ``model`` is read from."""
    return connections[router.db_for_read(model)]


def written_once(build):
    """Decorator: ``build(names)`` returns SQL; it runs once per database (its ``quote_name``)."""
    cached = functools.lru_cache(maxsize=None)(lambda quote: build(Names(quote)))

    @functools.wraps(build)
    def sql_for(connection):
        return cached(connection.ops.quote_name)

    return sql_for


def lock_shared(model, *pks, columns=()):
    """Hold ``model``'s rows ``pks`` in share mode until the transaction ends: writers that only read them
    (contributions to a case, replies to a thread, ideas in a brainstorm) go side by side, and a writer that
    changes them (``select_for_update``: moving the case's step, locking the thread, closing the vote) waits
    for them, as they wait for it. Several rows are taken in the order of their keys. Returns the rows'
    ``columns`` (field names), read as they are held: their latest committed version. SQLite has no row
    locks (it lets one transaction write at a time): there the columns are simply read."""
    pks = sorted(set(pks))
    if not pks:
        return []
    connection = connections[router.db_for_write(model)]
    if connection.vendor == "sqlite":
        return list(model.objects.filter(pk__in=pks).order_by("pk").values_list(*columns)) if columns else []
    names = Names(connection.ops.quote_name)
    share = "LOCK IN SHARE MODE" if connection.vendor == "mysql" else "FOR SHARE"
    key = names.column(model, model._meta.pk.name)
    selected = ", ".join(names.column(model, name) for name in columns) or "1"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selected} FROM {names.table(model)} WHERE {key} IN ({', '.join(['%s'] * len(pks))}) "
                       f"ORDER BY {key} {share}", pks)
        return [tuple(row) for row in cursor.fetchall()] if columns else []
