"""Search in knowledge sheets: the database's own full-text index where it has one, LIKE elsewhere.

On MySQL / MariaDB the migration ``0015_knowledge`` adds a FULLTEXT index on
(title, summary, body) and ``MatchAgainst`` asks it in boolean mode, every
word required, each as a prefix. Elsewhere (SQLite) every word must appear
in the title, the summary or the body (``icontains``).

InnoDB indexes a row's words when its transaction commits, and leaves out
words shorter than ``innodb_ft_min_token_size`` (3 by default): such words are
searched with LIKE beside the index.

The visibility's EXISTS conditions are checked row by row on MariaDB
(``paging.row_by_row``).
"""

import re

from django.db import connection
from django.db.models import BooleanField, Expression, F, Q

MAX_WORDS = 8
MIN_INDEXED_LENGTH = 3
_WORDS = re.compile(r"\w+", re.UNICODE)


# Django's own expressions leave Combinable's reversed operators abstract too.
class MatchAgainst(Expression):  # pylint: disable=abstract-method
    """``MATCH (columns) AGAINST (%s IN BOOLEAN MODE) > 0`` as a condition a queryset can ``filter`` on.

    The comparison makes it a true boolean: Django writes ``condition = True`` on MySQL, and the
    relevance MATCH returns is a number that is seldom exactly 1."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, columns, against):
        super().__init__(output_field=BooleanField())
        self.columns = [F(column) for column in columns]
        self.against = against

    def get_source_expressions(self):
        return self.columns

    def set_source_expressions(self, exprs):
        self.columns = list(exprs)

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        clone = self.copy()
        clone.columns = [column.resolve_expression(query, allow_joins, reuse, summarize, for_save)
                         for column in self.columns]
        return clone

    def as_sql(self, compiler, connection, **extra_context):  # pylint: disable=redefined-outer-name,unused-argument
        columns, params = [], []
        for column in self.columns:
            sql, column_params = compiler.compile(column)
            columns.append(sql)
            params.extend(column_params)
        return f"(MATCH ({', '.join(columns)}) AGAINST (%s IN BOOLEAN MODE) > 0)", [*params, self.against]


def words_of(query):
    """The words searched for in ``query``, at most ``MAX_WORDS``, without the search engine's operators."""
    return _WORDS.findall(query or "")[:MAX_WORDS]


def matching(queryset, query, columns=("title", "summary", "body")):
    """``queryset`` narrowed to rows where every word of ``query`` is found in ``columns``."""
    words = words_of(query)
    if not words:
        return queryset
    long_words = [word for word in words if len(word) >= MIN_INDEXED_LENGTH]
    short_words = [word for word in words if len(word) < MIN_INDEXED_LENGTH]
    if connection.vendor == "mysql" and long_words:
        queryset = queryset.filter(MatchAgainst(columns, " ".join(f"+{word}*" for word in long_words)))
    else:
        short_words = words
    for word in short_words:
        condition = Q()
        for column in columns:
            condition |= Q(**{f"{column}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset
