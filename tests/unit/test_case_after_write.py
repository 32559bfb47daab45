"""What a contribution asks once written is SQL written once per process (decision 34): it answers what the
ORM's definition answers, on SQLite and on MariaDB, in the states a case goes through."""

import datetime

import pytest
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from cap_xblock.api import cases
from cap_xblock.models import Case, CaseContribution, CaseDeadline
from tests.unit.test_cases import cap, move_to, present  # noqa: F401  pylint: disable=unused-import

pytestmark = pytest.mark.django_db


def by_orm(actor, case, row, *, asks_unanswered):
    """The question through the ORM: its definition."""
    contributions = CaseContribution.objects.filter(case=OuterRef("pk"))
    unanswered = Exists(contributions.filter(kind=CaseContribution.QUESTION, replies__isnull=True)) \
        if asks_unanswered else Value(False)
    total = Coalesce(Subquery(contributions.order_by().values("case").annotate(n=Count("pk")).values("n")[:1],
                              output_field=IntegerField()), 0)
    return Case.objects.filter(pk=case.pk).annotate(
        total=total,
        previous_step=Subquery(contributions.filter(id__lt=row.id).order_by("-id").values("step")[:1]),
        due_on=Subquery(CaseDeadline.objects.filter(case=OuterRef("pk"), step=row.step).values("due_on")[:1]),
        wrote_before=Exists(contributions.filter(author_id=actor.user_id, hidden=False, id__lt=row.id)),
        unanswered=unanswered,
    ).values_list("total", "previous_step", "due_on", "wrote_before", "unanswered").get()


def both(actor, case, row, asks_unanswered):
    asked = cases._after_write(actor, case, row, asks_unanswered=asks_unanswered)  # pylint: disable=protected-access
    defined = tuple(by_orm(actor, case, row, asks_unanswered=asks_unanswered))
    return asked, (defined[0], defined[1], defined[2], bool(defined[3]), bool(defined[4]))


def write(case, step, author, kind, reply_to=None, hidden=False):
    return CaseContribution.objects.create(case_id=case.id, step=step, kind=kind, author_id=author,
                                           reply_to=reply_to, body="…", hidden=hidden)


def test_the_question_after_a_write_answers_as_its_definition(cap):  # pylint: disable=redefined-outer-name
    case = Case.objects.get(id=present(cap).id)
    move_to(cap, case, 2)
    owner, c1 = cap["owner"], cap["c1"]
    answers = []
    first = write(case, 2, "c1", CaseContribution.QUESTION)
    answers.append(both(c1, case, first, False))
    answers.append(both(owner, case, first, True))
    CaseDeadline.objects.create(case_id=case.id, step=2, due_on=datetime.date(2026, 12, 24))
    hidden = write(case, 2, "c1", CaseContribution.QUESTION, hidden=True)
    answers.append(both(c1, case, hidden, False))
    answer = write(case, 2, "owner", CaseContribution.ANSWER, reply_to=first)
    answers.append(both(owner, case, answer, True))
    later = write(case, 2, "c1", CaseContribution.QUESTION)
    answers.append(both(c1, case, later, True))
    write(case, 2, "c2", CaseContribution.QUESTION, hidden=True)
    again = write(case, 2, "c2", CaseContribution.QUESTION)
    answers.append(both(cap["c2"], case, again, False))
    for asked, defined in answers:
        assert asked == defined
    assert [asked for asked, _defined in answers] == [
        (1, None, None, False, False),
        (1, None, None, False, True),
        (2, 2, datetime.date(2026, 12, 24), True, False),  # c1's first question was not hidden: it counts
        (3, 2, datetime.date(2026, 12, 24), False, True),  # the hidden question still waits for its answer
        (4, 2, datetime.date(2026, 12, 24), True, True),
        (6, 2, datetime.date(2026, 12, 24), False, False),  # c2's only earlier question was hidden
    ]
