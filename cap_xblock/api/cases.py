"""Co-development cases of a community, in one block: presenting, the six steps, "Utile" marks.

Who writes what in each step is in ``case_steps``. A case is a draft, seen
by its owner only, until presented. Cases are seen by the members and
facilitators of their community and by course staff (who act as facilitators
everywhere). Every write is one transaction; lists are pages read in a
constant number of queries.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .. import permissions, platform, tasks
from ..errors import Conflict, InvalidInput, NotAllowed, NotFound
from ..i18n import gettext as _
from ..models import Case, CaseContribution, CaseDeadline, Community, Membership, UsefulMark
from ..models.cases import TITLE_LENGTH
from . import case_steps, gate, paging, people, tables
from .access import communities_to_choose, resolve_community, roles_of
from .case_data import (CaseAfterWrite, CaseDetail, CaseItem, CaseList, CaseRef, CaseSettings, ContributionItem,
                        ContributionWritten)
from .data import Page, Person
from .validation import as_bool, as_choice, as_int, as_page, as_text

MAX_VERSION = 2**31 - 1  # a positive integer column

PAGE_SIZE = 10
CONTRIBUTIONS_PAGE_SIZE = 20
TEXT_LENGTH = 5000
CONFIDENTIALITY = (Case.COMMUNITY_ONLY, Case.SHAREABLE)
DIRECTIONS = ("next", "back")


# --- reading ---------------------------------------------------------------------------


def _not_found():
    return NotFound(_("This case does not exist or is not shared with you."), code="case_not_found")


def _visible_case(actor, case_id, lock=False, share=False):
    """The case row and the actor's Roles, or NotFound when they may not see it. ``lock``: the row is locked
    until the transaction ends (a change of the case); ``share``: held in share mode (a write that only
    reads the case, as a contribution: such writes go side by side, a change of the case waits for them)."""
    permissions.require_authenticated(actor)
    case_id = as_int(case_id, "case_id", 1)
    if share:
        tables.lock_shared(Case, case_id)
    roles = roles_of(actor)
    query = Case.objects.select_for_update() if lock else Case.objects
    case = query.filter(id=case_id, course_key=actor.course_key, block_key=actor.block_key).first()
    if case is None or not permissions.can_see_community(roles, case.community_id):
        raise _not_found()
    if case.presented_at is None and case.owner_id != actor.user_id:
        raise _not_found()
    return case, roles


def get_case_summary(actor, *, case_id):
    """``CaseRef`` (id, title, community_id) of a case the actor may see. Raises NotFound."""
    case, _roles = _visible_case(actor, case_id)
    return CaseRef(id=case.id, title=case.title, community_id=case.community_id)


def _person(named, user_id):
    if not user_id:
        return Person(user_id="", display_name=_("Former member"))
    return named[user_id]


def _deadlines(case_ids):
    found = {}
    for case_id, step, due_on in CaseDeadline.objects.filter(case_id__in=case_ids).values_list(
            "case_id", "step", "due_on"):
        found.setdefault(case_id, {})[step] = due_on
    return found


def _done_steps(actor, cases):
    """{case_id: set of steps} where the actor already wrote, and the owner's cases with unanswered questions."""
    written = {}
    for case_id, step in CaseContribution.objects.filter(
            case__in=[c.id for c in cases], author_id=actor.user_id).values_list("case_id", "step").distinct():
        written.setdefault(case_id, set()).add(step)
    asking = [c.id for c in cases if c.step == 2 and c.owner_id == actor.user_id and c.presented_at]
    unanswered = set()
    if asking:
        unanswered = set(CaseContribution.objects.filter(
            case_id__in=asking, kind=CaseContribution.QUESTION, replies__isnull=True).values_list("case_id", flat=True))
    return written, unanswered


def _progress(actor, case, deadlines, written, unanswered, *, facilitates=False):
    """(expected sentence, late, late_for_me, due date) of one case for the actor."""
    is_owner = case.owner_id == actor.user_id
    is_draft = case.presented_at is None
    if is_owner and case.step == 2:
        done = case.id not in unanswered
    else:
        done = case.step in written.get(case.id, set()) or not case_steps.may_write(case.step, is_owner)
    due_on = deadlines.get(case.id, {}).get(case.step)
    late = bool(due_on and not is_draft and due_on < timezone.localdate())
    late_for_me = late and case_steps.has_work(case.step, is_owner) and not done
    expected = case_steps.expectation(is_draft, case.step, is_owner, done)
    if facilitates and not is_draft and case.step < case_steps.LAST_STEP:
        expected += " " + _("When the time of this step is up, move the case to the next step.")
    return expected, late, late_for_me, due_on


def list_cases(actor, *, community_id=None, page=1):
    """``CaseList``: a page of a community's cases in this block, newest first, and who has not presented one.

    The actor's own drafts are listed; other people's are not. Raises
    NotAllowed (anonymous), NotFound (no such community for them), InvalidInput.
    """
    community_id, roles = resolve_community(actor, community_id=community_id)
    page = as_page(page)
    visible = Case.objects.filter(block_key=actor.block_key, community_id=community_id).filter(
        Q(presented_at__isnull=False) | Q(owner_id=actor.user_id))
    counted = paging.count_up_to(visible)
    rows, following = paging.page_rows(visible.annotate(contribution_count=Count("contributions")).order_by("-id"),
                                       page, PAGE_SIZE)
    deadlines = _deadlines([row.id for row in rows])
    written, unanswered = _done_steps(actor, rows)
    # Each member asked whether they presented a case here (by the index of the cases' owners), not every case
    # of the community read for its owner.
    presented = Case.objects.filter(owner_id=OuterRef("user_id"), block_key=actor.block_key,
                                    community_id=community_id, presented_at__isnull=False)
    with paging.row_by_row():
        has_presented = dict(Membership.objects.filter(community_id=community_id)
                             .annotate(presented=Exists(presented)).values_list("user_id", "presented"))
    members = set(has_presented)
    presenters = {user_id for user_id, done in has_presented.items() if done}
    named = people.names(actor.course_key, {row.owner_id for row in rows if row.owner_id} | members)
    facilitates = permissions.can_facilitate(roles, community_id)
    # Facilitators of several communities, and course staff, switch between them.
    choices = communities_to_choose(actor, roles=roles) if roles.is_staff or len(roles.leads) > 1 else []
    items = []
    for row in rows:
        expected, late, late_for_me, due_on = _progress(actor, row, deadlines, written, unanswered,
                                                        facilitates=facilitates)
        items.append(CaseItem(
            id=row.id, title=row.title, owner=_person(named, row.owner_id), step=row.step,
            step_name=case_steps.step_name(row.step), is_draft=row.presented_at is None,
            is_mine=row.owner_id == actor.user_id, due_on=due_on.isoformat() if due_on else None,
            late=late, late_for_me=late_for_me, expected=expected, contributions=row.contribution_count))
    return CaseList(
        community_id=community_id,
        community_name=dict(choices).get(community_id) or _community_name(community_id),
        cases=paging.bounded_page(items, page=page, page_size=PAGE_SIZE, counted=counted, following=following),
        not_presented=people.sort_people(named[uid] for uid in members - presenters),
        can_present=permissions.is_member(roles, community_id) and not permissions.is_read_only(roles, community_id),
        can_facilitate=facilitates,
        communities=choices if len(choices) > 1 else [],
    )


def _community_name(community_id):
    return Community.objects.filter(id=community_id).values_list("name", flat=True).first() or ""


def get_case(actor, *, case_id, page=1, settings=None):
    """``CaseDetail`` of a case with a page of its contributions, oldest first.

    ``settings`` is the block's ``CaseSettings``: its ``owner_can_advance`` lets the
    owner move steps (here, the case says whether they may). Raises NotFound (not
    visible to the actor), InvalidInput.
    """
    case, roles = _visible_case(actor, case_id)
    return _detail(actor, case, roles, as_page(page), _owner_can_advance(settings))


def _owner_can_advance(settings):
    return bool((settings or CaseSettings()).owner_can_advance)


def _detail(actor, case, roles, page, owner_can_advance, *, total=None):
    """The ``CaseDetail`` of ``case`` at ``page``; ``total``: its number of contributions, when just counted."""
    is_owner = case.owner_id == actor.user_id
    is_draft = case.presented_at is None
    deadlines = _deadlines([case.id])
    contributions = case.contributions.all()
    total = 0 if is_draft else (contributions.count() if total is None else total)
    if page > 1 and (page - 1) * CONTRIBUTIONS_PAGE_SIZE >= total:
        page = max(1, -(-total // CONTRIBUTIONS_PAGE_SIZE))
    rows = [] if is_draft else list(contributions.annotate(
        useful=Count("useful_marks"),
        answered=Exists(CaseContribution.objects.filter(reply_to=OuterRef("pk"))),
    ).order_by("id")[(page - 1) * CONTRIBUTIONS_PAGE_SIZE: page * CONTRIBUTIONS_PAGE_SIZE])
    mine = set(UsefulMark.objects.filter(contribution__in=[r.id for r in rows], user_id=actor.user_id)
               .values_list("contribution_id", flat=True)) if rows else set()
    written, unanswered = _done_steps(actor, [case])
    named = people.names(actor.course_key, ({case.owner_id} | {r.author_id for r in rows}) - {""})
    facilitates = permissions.can_facilitate(roles, case.community_id)
    expected, late, late_for_me, _due = _progress(actor, case, deadlines, written, unanswered, facilitates=facilitates)
    asked_by = {r.id: _person(named, r.author_id).display_name for r in rows if r.kind == CaseContribution.QUESTION}
    items = [_contribution_item(actor, r, named, mine, asked_by, facilitates=facilitates) for r in rows]
    may_move = not is_draft and permissions.can_move_case(roles, case.community_id, is_owner, owner_can_advance)
    can_take_part = permissions.can_take_part(roles, case.community_id)
    return CaseDetail(
        id=case.id, community_id=case.community_id, title=case.title, context=case.context,
        problem=case.problem, tried=case.tried, confidentiality=case.confidentiality,
        owner=_person(named, case.owner_id), step=case.step, step_name=case_steps.step_name(case.step),
        is_draft=is_draft, is_mine=is_owner,
        deadlines={step: due.isoformat() for step, due in deadlines.get(case.id, {}).items()},
        late=late, late_for_me=late_for_me, expected=expected,
        can_edit=is_owner and (is_draft or case.step == 1),
        can_write=not is_draft and can_take_part and case_steps.may_write(case.step, is_owner),
        can_answer=not is_draft and is_owner and case.step == 2,
        can_move_next=may_move and case.step < case_steps.LAST_STEP,
        can_move_back=may_move and case.step > case_steps.FIRST_STEP,
        can_set_dates=not is_draft and facilitates,
        contributions=Page(items=items, page=page, page_size=CONTRIBUTIONS_PAGE_SIZE, total=total),
        version=case.version,
        can_moderate=not is_draft and facilitates,
    )


def _contribution_item(actor, r, named, mine, asked_by, *, facilitates):
    """A contribution as ``actor`` sees it: hidden ones keep their text for their author and the moderators."""
    is_mine = bool(r.author_id) and r.author_id == actor.user_id
    shown = not r.hidden or is_mine or facilitates
    return ContributionItem(
        id=r.id, step=r.step, kind=r.kind, kind_name=str(case_steps.KIND_NAMES[r.kind]),
        author=_person(named, r.author_id), body=r.body if shown else "", reply_to=r.reply_to_id,
        created_at=r.created_at.isoformat(), useful=r.useful, useful_by_me=r.id in mine,
        is_mine=is_mine, answered=r.answered, reply_to_author=asked_by.get(r.reply_to_id, ""),
        hidden=r.hidden, moderation_reason=r.moderation_reason if (is_mine or facilitates) else "")


# --- the case owner: drafts and presenting ------------------------------------------------


def _case_fields(title, context, problem, tried, confidentiality):
    return {
        "title": as_text(title, "title", TITLE_LENGTH),
        "context": as_text(context, "context", TEXT_LENGTH, required=False),
        "problem": as_text(problem, "problem", TEXT_LENGTH, required=False),
        "tried": as_text(tried, "tried", TEXT_LENGTH, required=False),
        "confidentiality": as_choice(confidentiality or Case.COMMUNITY_ONLY, "confidentiality", CONFIDENTIALITY),
    }


def save_draft(actor, *, title, context="", problem="", tried="", confidentiality=None, case_id=None,
               community_id=None, base_version=None):
    """Create a case (a draft, seen by its owner only) or change the owner's case while it is a draft or at step 1.

    A change names the ``base_version`` of the case it was written on (``CaseDetail.version``).
    Only members of the community present cases. Returns ``CaseDetail``.
    Raises InvalidInput, NotAllowed ``members_only`` / ``owner_only``,
    NotFound, Conflict ``wrong_step`` (the consultants are already at work),
    Conflict ``stale_version`` (the case changed since ``base_version``; nothing
    is saved; ``details`` carry the current version and text).
    """
    fields = _case_fields(title, context, problem, tried, confidentiality)
    if case_id in (None, ""):
        community_id, roles = resolve_community(actor, community_id=community_id)
        gate.require_can_write(actor, community_id=community_id, roles=roles)
        if not permissions.is_member(roles, community_id):
            raise NotAllowed(_("Only members of the community present cases."), code="members_only")
        with transaction.atomic():
            case = Case.objects.create(course_key=actor.course_key, block_key=actor.block_key,
                                       community_id=community_id, owner_id=actor.user_id, **fields)
        return _detail(actor, case, roles, 1, False)
    with transaction.atomic():
        case, roles = _owned_case(actor, case_id)  # the row is locked: of two saves at once, one sees the other
        base_version = as_int(base_version, "base_version", 1, MAX_VERSION)
        if case.presented_at is not None and case.step != 1:
            raise Conflict(_("The case can no longer be changed: the consultants are at work on it."),
                           code="wrong_step")
        if case.version != base_version:
            raise Conflict(
                _("This case was changed elsewhere (in another tab or device) since you opened it. "
                  "Your text is kept in the form and the saved text is shown beside it: "
                  "keep what you need, then save again."),
                code="stale_version",
                details={"version": case.version, **{name: getattr(case, name) for name in fields}},
            )
        if any(getattr(case, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(case, name, value)
            case.version += 1
            case.save()
    return _detail(actor, case, roles, 1, False)


def _owned_case(actor, case_id):
    case, roles = _visible_case(actor, case_id, lock=True)
    gate.require_can_write(actor, community_id=case.community_id, roles=roles)
    if case.owner_id != actor.user_id:
        raise NotAllowed(_("Only the case owner may do this."), code="owner_only")
    return case, roles


def present_case(actor, *, case_id):
    """Publish a draft to the community: it starts at step 1. Returns ``CaseDetail``.

    Raises NotFound, NotAllowed ``owner_only``, Conflict ``already_presented``,
    InvalidInput ``incomplete`` (title, context and problem are needed).
    """
    with transaction.atomic():
        case, roles = _owned_case(actor, case_id)
        if case.presented_at is not None:
            raise Conflict(_("This case is already presented."), code="already_presented")
        if not (case.context and case.problem):
            raise InvalidInput(_("Describe the context and the problem or question before presenting the case."),
                               code="incomplete")
        case.presented_at = timezone.now()
        case.step = case_steps.FIRST_STEP
        case.save(update_fields=["presented_at", "step", "updated_at"])
    return _detail(actor, case, roles, 1, False)


def delete_draft(actor, *, case_id):
    """Delete a draft of the owner. Raises NotFound, NotAllowed, Conflict ``already_presented``."""
    with transaction.atomic():
        case, _roles = _owned_case(actor, case_id)
        if case.presented_at is not None:
            raise Conflict(_("A presented case cannot be deleted."), code="already_presented")
        case.delete()


# --- the steps ----------------------------------------------------------------------------


def _at_step(case, step):
    step = as_int(step, "step", case_steps.FIRST_STEP, case_steps.LAST_STEP)
    if case.presented_at is None or case.step != step:
        raise Conflict(
            # Translators: {step} is the name of a co-development step.
            _("The case is now at the step « {step} ». Reload the case to see it.").format(
                step=case_steps.step_name(case.step)), code="wrong_step")
    return step


def contribute(actor, *, case_id, step, body, reply_to=None, settings=None):
    """Write in the case's current ``step`` (the step the person saw, checked under lock).

    The kind follows the step and the person (``case_steps.kind_for``);
    ``reply_to`` is the question the owner answers in step 2; ``settings`` as for
    ``get_case``. Returns ``(contribution id, CaseDetail)``: the case at its last page
    (``write_contribution`` answers only what changed). Raises NotFound, InvalidInput,
    NotAllowed (``owner_only``, ``consultants_only``, ``owner_listens``), Conflict ``wrong_step``.
    """
    written = write_contribution(actor, case_id=case_id, step=step, body=body, reply_to=reply_to,
                                 settings=settings)
    return written.item.id, written.detail


def write_contribution(actor, *, case_id, step, body, reply_to=None, page=None, settings=None):
    """Write in the case's current ``step``, as ``contribute``, answering only what changed when it can.

    ``page`` is the page of the case's contributions the author looks at. When the new
    contribution lands on it (the last page), returns ``ContributionWritten`` with the new
    item, whether it opens its page or a step (``heading``), the number of contributions,
    what is expected of the author now and the question answered when it is on that page,
    in a constant number of queries. Otherwise (or without ``page``) its ``detail`` is the
    whole ``CaseDetail`` at the last page; only then is ``settings`` (as for ``get_case``)
    read. ``first_in_case`` says whether completion counts one more case for the author.
    The rules are checked under the case's lock. Raises as ``contribute``.
    """
    body = as_text(body, "body", TEXT_LENGTH)
    question_id = None if reply_to in (None, "") else as_int(reply_to, "reply_to", 1)
    with transaction.atomic():
        # The case in share mode (decision 34): contributions to it go side by side; moving its step waits
        # for them, and they for it, so the step checked here is the step the contribution lands in.
        case, roles = _visible_case(actor, case_id, share=True)
        gate.require_can_write(actor, community_id=case.community_id, roles=roles)
        step = _at_step(case, step)
        is_owner = case.owner_id == actor.user_id
        kind = case_steps.kind_for(step, is_owner, question_id)
        question = None
        if question_id is not None:
            question = _question(actor, case, question_id)
            if question is None:
                raise NotFound(_("This question does not exist."), code="question_not_found")
        row = CaseContribution.objects.create(case=case, step=step, kind=kind, author_id=actor.user_id,
                                              reply_to_id=question_id, body=body)
        total, previous_step, due_on, wrote_before, unanswered = _after_write(
            actor, case, row, asks_unanswered=is_owner and step == 2)
    platform.defer(tasks.notify_case_contribution, actor.course_key, row.id)
    last_page = _last_page(case, total)
    facilitates = permissions.can_facilitate(roles, case.community_id)
    # The author just wrote in this step: their part is done, but for the owner answering questions.
    expected, late, late_for_me, _due = _progress(
        actor, case, {case.id: {step: due_on}} if due_on else {}, {case.id: {step}},
        {case.id} if unanswered else set(), facilitates=facilitates)
    now = CaseAfterWrite(id=case.id, community_id=case.community_id, step=step, expected=expected, late=late,
                         late_for_me=late_for_me, can_answer=is_owner and step == 2, can_moderate=facilitates)
    first_in_case = not is_owner and not wrote_before
    if page in (None, "") or str(page) != str(last_page):
        detail = _detail(actor, case, roles, last_page, _owner_can_advance(settings), total=total)
        item = next((item for item in detail.contributions.items if item.id == row.id), None)
        if item is None:  # the case changed since (not by a new contribution: those come after it)
            row.useful, row.answered = 0, False
            item = _contribution_item(actor, row, people.names(actor.course_key, {actor.user_id}), set(), {},
                                      facilitates=facilitates)
        return ContributionWritten(item=item, case=now, page=last_page, total=total, heading=False,
                                   first_in_case=first_in_case, detail=detail)
    first_shown = (last_page - 1) * CONTRIBUTIONS_PAGE_SIZE  # contributions before the last page
    if question is not None and question.earlier < first_shown:
        question = None  # on another page: it is not drawn, and the answer does not name who asked
    named = people.names(actor.course_key, {actor.user_id} | ({question.author_id} - {""} if question else set()))
    asked_by = {question.id: _person(named, question.author_id).display_name} if question else {}
    row.useful, row.answered = 0, False
    return ContributionWritten(
        item=_contribution_item(actor, row, named, set(), asked_by, facilitates=facilitates),
        case=now, page=last_page, total=total,
        heading=total - 1 == first_shown or previous_step != step,
        question=None if question is None else _contribution_item(
            actor, question, named, {question.id} if question.mine else set(), {}, facilitates=facilitates),
        first_in_case=first_in_case,
    )


def _question(actor, case, question_id):
    """The question ``question_id`` of ``case`` with what its item shows once answered, and how many
    contributions come before it (its page), in one query; None when there is no such question."""
    question = CaseContribution.objects.filter(id=question_id, case=case, kind=CaseContribution.QUESTION).annotate(
        useful=_count(UsefulMark.objects.filter(contribution=OuterRef("pk")), "contribution"),
        mine=Exists(UsefulMark.objects.filter(contribution=OuterRef("pk"), user_id=actor.user_id)),
        earlier=_count(CaseContribution.objects.filter(case=case, id__lt=OuterRef("pk")), "case"),
    ).first()
    if question is not None:
        question.answered = True  # by the answer being written
    return question


def _count(queryset, by):
    """A subquery: how many rows ``queryset`` has (all with the same ``by``), 0 when none."""
    return Coalesce(Subquery(queryset.order_by().values(by).annotate(n=Count("pk")).values("n")[:1],
                             output_field=IntegerField()), 0)


def _after_write(actor, case, row, *, asks_unanswered):
    """``(total, previous step, due date of the step, wrote before, unanswered questions)`` once ``row`` is
    written, in one query: the case's contributions, the step of the one before ``row``, the step's
    deadline, whether the author wrote a contribution shown before, and (``asks_unanswered``: the owner
    in step 2) whether a question still waits for its answer.

    Every contribution asks it: its SQL is written once per process (decision 34), where the ORM built and
    compiled five subqueries on each write (about 2 ms of Python); the tests compare it with the same
    question asked through the ORM."""
    connection = tables.connection_for(CaseContribution)
    with connection.cursor() as cursor:
        cursor.execute(_after_write_sql(connection), [
            case.pk, case.pk, row.id, case.pk, row.step, case.pk, actor.user_id, row.id,
            int(bool(asks_unanswered)), case.pk, CaseContribution.QUESTION])
        total, previous_step, due_on, wrote_before, unanswered = cursor.fetchone()
    if isinstance(due_on, str):  # SQLite answers a date as its text
        due_on = datetime.date.fromisoformat(due_on)
    return total, previous_step, due_on, bool(wrote_before), bool(unanswered)


@tables.written_once
def _after_write_sql(names):
    contribution, deadline = names.table(CaseContribution), names.table(CaseDeadline)
    case, step, author = (names.column(CaseContribution, "case"), names.column(CaseContribution, "step"),
                          names.column(CaseContribution, "author_id"))
    key, hidden, kind = (names.column(CaseContribution, "id"), names.column(CaseContribution, "hidden"),
                         names.column(CaseContribution, "kind"))
    reply_to = names.column(CaseContribution, "reply_to")
    return (
        f"SELECT (SELECT COUNT(*) FROM {contribution} WHERE {case} = %s), "
        f"(SELECT {step} FROM {contribution} WHERE {case} = %s AND {key} < %s ORDER BY {key} DESC LIMIT 1), "
        f"(SELECT {names.column(CaseDeadline, 'due_on')} FROM {deadline} "
        f"WHERE {names.column(CaseDeadline, 'case')} = %s AND {names.column(CaseDeadline, 'step')} = %s), "
        f"EXISTS(SELECT 1 FROM {contribution} WHERE {case} = %s AND {author} = %s AND {hidden} = FALSE "
        f"AND {key} < %s), "
        f"(%s AND EXISTS(SELECT 1 FROM {contribution} q WHERE q.{case} = %s AND q.{kind} = %s "
        f"AND NOT EXISTS(SELECT 1 FROM {contribution} r WHERE r.{reply_to} = q.{key})))"
    )


def _last_page(case, total=None):
    total = case.contributions.count() if total is None else total
    return max(1, -(-total // CONTRIBUTIONS_PAGE_SIZE))


def move_step(actor, *, case_id, from_step, direction, settings=None):
    """Move a presented case one step forward (``next``) or back (``back``) from ``from_step``.

    The facilitator of the community (or staff) moves steps; the case owner
    too when the block allows it (``settings``, the block's ``CaseSettings``:
    ``owner_can_advance``). ``from_step`` guards against two people
    moving at once. Returns ``CaseDetail``. Raises NotFound, InvalidInput,
    NotAllowed ``facilitator_only``, Conflict ``wrong_step``.
    """
    direction = as_choice(direction, "direction", DIRECTIONS)
    owner_can_advance = _owner_can_advance(settings)
    with transaction.atomic():
        case, roles = _visible_case(actor, case_id, lock=True)
        gate.require_can_write(actor, community_id=case.community_id, roles=roles)
        if not permissions.can_move_case(roles, case.community_id, case.owner_id == actor.user_id, owner_can_advance):
            raise NotAllowed(_("Only the facilitator moves the case from one step to another."),
                             code="facilitator_only")
        step = _at_step(case, from_step)
        target = step + 1 if direction == "next" else step - 1
        if not case_steps.FIRST_STEP <= target <= case_steps.LAST_STEP:
            raise Conflict(_("There is no step in this direction."), code="wrong_step")
        case.step = target
        case.save(update_fields=["step", "updated_at"])
    return _detail(actor, case, roles, 1, owner_can_advance)


def set_deadline(actor, *, case_id, step, due_on, settings=None):
    """Set (or clear, with an empty ``due_on``) the date a step of the case is due. Facilitators and staff.

    ``due_on`` is an ISO date (YYYY-MM-DD); ``settings`` as for ``get_case``. Returns ``CaseDetail``. Raises
    NotFound, InvalidInput, NotAllowed ``facilitator_only``.
    """
    step = as_int(step, "step", case_steps.FIRST_STEP, case_steps.LAST_STEP)
    day = None
    if due_on not in (None, ""):
        try:
            day = datetime.date.fromisoformat(as_text(due_on, "due_on", 10))
        except ValueError:
            raise InvalidInput(_("The date must look like 2026-03-31."), code="invalid_date") from None
        if not 2000 <= day.year <= 2100:
            raise InvalidInput(_("The date must look like 2026-03-31."), code="invalid_date")
    with transaction.atomic():
        case, roles = _visible_case(actor, case_id, lock=True)
        gate.require_can_write(actor, community_id=case.community_id, roles=roles)
        if not permissions.can_facilitate(roles, case.community_id):
            raise NotAllowed(_("Only the facilitator sets the dates of the steps."), code="facilitator_only")
        if case.presented_at is None:
            raise _not_found()
        if day is None:
            CaseDeadline.objects.filter(case=case, step=step).delete()
        else:
            CaseDeadline.objects.update_or_create(case=case, step=step, defaults={"due_on": day})
    return _detail(actor, case, roles, 1, _owner_can_advance(settings))


# --- "Utile" -----------------------------------------------------------------------------


def mark_useful(actor, *, contribution_id, useful=True):
    """Say a contribution is useful (``useful`` true) or take it back. One mark per person.

    Returns ``(count, useful_by_me)``, the count read from the rows. Raises
    NotFound, InvalidInput, NotAllowed ``own_contribution``.
    """
    contribution_id = as_int(contribution_id, "contribution_id", 1)
    useful = as_bool(useful, "useful")
    case_id = CaseContribution.objects.filter(id=contribution_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise NotFound(_("This contribution does not exist."), code="contribution_not_found")
    case, roles = _visible_case(actor, case_id)
    gate.require_can_write(actor, community_id=case.community_id, roles=roles)
    if CaseContribution.objects.filter(id=contribution_id, author_id=actor.user_id).exists():
        raise NotAllowed(_("You cannot mark your own contribution as useful."), code="own_contribution")
    if useful and CaseContribution.objects.filter(id=contribution_id, hidden=True).exists():
        raise Conflict(_("This contribution was hidden by the facilitation."), code="hidden")
    if useful:
        try:
            with transaction.atomic():
                UsefulMark.objects.create(contribution_id=contribution_id, user_id=actor.user_id)
        except IntegrityError:
            pass  # the same person clicked twice at once: one mark is kept
    else:
        with transaction.atomic():
            UsefulMark.objects.filter(contribution_id=contribution_id, user_id=actor.user_id).delete()
    marks = UsefulMark.objects.filter(contribution_id=contribution_id)
    return marks.count(), marks.filter(user_id=actor.user_id).exists()


def cases_taken_part_in(actor, *, community_id=None):  # pylint: disable=unused-argument
    """How many cases of the actor's activity they presented or wrote in (each case counts once; one query).

    The counter of the completion rule's part « cases taken part in » (``capabilities/cases.py``). The
    cases they presented and the cases they wrote in are found by their own indexes (owner, author) and
    counted once together, so the count costs what the person did, not the number of cases of the activity.
    """
    presented = Case.objects.filter(owner_id=actor.user_id, presented_at__isnull=False, course_key=actor.course_key,
                                    block_key=actor.block_key).order_by().values_list("id")
    wrote_in = CaseContribution.objects.filter(
        author_id=actor.user_id, case__course_key=actor.course_key, case__block_key=actor.block_key,
        hidden=False,  # a contribution the facilitation hid does not count
    ).order_by().values_list("case_id")
    return presented.union(wrote_in).count()


def retire_user(user_id):
    """Drafts (seen by nobody else) are deleted; presented cases and contributions stay for the community,
    unsigned; their "Utile" marks still count, under a token that points to nobody."""
    touched = Case.objects.filter(owner_id=user_id, presented_at__isnull=True).delete()[0]
    touched += Case.objects.filter(owner_id=user_id).update(owner_id="")
    touched += CaseContribution.objects.filter(author_id=user_id).update(author_id="")
    touched += UsefulMark.objects.filter(user_id=user_id).update(user_id=people.retired_token())
    return touched
