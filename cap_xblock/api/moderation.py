"""Moderation (« Modération »): reports, the review queue, hide and restore, pin, lock, mute, approve and
reject, permanent delete, and the « Journal de modération ».

Discussion posts, case contributions and brainstorm ideas are reported, hidden and restored under the
same rules, in the same queue and log (``report_item``, ``hide_item``, ``restore_item``).

Facilitators moderate their own communities, course staff every community;
permanent delete is for staff only. A facilitator of another community gets
NotFound, a member of the community NotAllowed. Every action writes one line
of the moderation log in the same transaction.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .. import dates, permissions, platform, tasks
from ..errors import Conflict, InvalidInput, NotAllowed, NotFound
from ..i18n import gettext as _
from ..models import CaseContribution, Community, Idea, Membership, ModerationAction, Mute, Post, Report
from ..models.discussion import REASON_LENGTH
from . import markup, people, tables
from .access import roles_of
from .data import Page
from .moderation_data import LogLine, MuteItem, ReportItem
from .validation import as_bool, as_id, as_int, as_page, as_text

PAGE_SIZE = 10
MAX_MUTE_DAYS = 90


KINDS = ("post", "contribution", "idea")


def _moment(value):
    return value.isoformat() if value else ""


def _display_date(value):
    """``value`` in the person's language with its time zone, e.g. « 28 novembre 2026 à 14:05 (UTC) »."""
    return dates.format_datetime(value, zone=True)


# --- who may moderate ----------------------------------------------------------------------


def require_moderator(actor, *, community_id, roles=None):
    """Raise unless ``actor`` moderates ``community_id``: NotFound outside their communities, NotAllowed for members."""
    permissions.require_authenticated(actor)
    roles = roles or roles_of(actor)
    if not permissions.can_see_community(roles, community_id) or (
        roles.is_staff and not Community.objects.filter(id=community_id, course_key=actor.course_key).exists()
    ):
        raise NotFound(_("This community does not exist."), code="community_not_found")
    if not permissions.can_moderate(roles, community_id):
        raise NotAllowed(_("Only the facilitators of this community and the course team can moderate."),
                         code="moderators_only")
    return roles


def can_moderate(actor, *, community_id, roles):
    """True when ``actor`` moderates ``community_id`` (its facilitators, course staff)."""
    return not actor.is_anonymous and permissions.can_moderate(roles, community_id)


def mute_check(actor, *, community_id, roles):
    """The write gate's question (``gate.WRITE_CHECKS``): ``(sql, params, judge)``, or None for the
    community's facilitators. ``sql`` asks whether ``actor`` is muted in ``community_id`` now (the gate asks
    it with the other checks in one query); ``judge(muted)`` raises NotAllowed (``muted``), reading when the
    mute ends only then."""
    if permissions.can_facilitate(roles, community_id):
        return None
    connection = tables.connection_for(Mute)

    def judge(muted):
        if muted:
            raise_if_muted(actor, community_id=community_id)

    now = connection.ops.adapt_datetimefield_value(timezone.now())
    return _muted_sql(connection), [community_id, actor.user_id, now], judge


@tables.written_once
def _muted_sql(names):
    return (f"EXISTS(SELECT 1 FROM {names.table(Mute)} WHERE {names.column(Mute, 'community')} = %s "
            f"AND {names.column(Mute, 'user_id')} = %s AND {names.column(Mute, 'until')} > %s)")


def _mute_ends(actor, community_id):
    return (Mute.objects.filter(community_id=community_id, user_id=actor.user_id, until__gt=timezone.now())
            .order_by("id").values("until"))


def raise_if_muted(actor, *, community_id, roles=None):
    """Raise NotAllowed (``muted``) when ``actor`` is muted in ``community_id``. One query for members."""
    if roles is not None and permissions.can_facilitate(roles, community_id):
        return
    _raise_if_muted_until(_mute_ends(actor, community_id).values_list("until", flat=True).first())


def _raise_if_muted_until(until):
    if until is not None:
        raise NotAllowed(
            # Translators: {date} is when the mute ends, e.g. « 28 novembre 2026 14:05 ».
            _("The facilitation has muted you in this community until {date}: you can read, but not post.").format(
                date=_display_date(until)),
            code="muted",
        )


def _post(actor, post_id, lock=False):
    """The post ``post_id`` of the actor's course and the actor's roles; NotFound when unknown."""
    permissions.require_authenticated(actor)
    post_id = as_id(post_id, "post_id")
    query = Post.objects.select_for_update() if lock else Post.objects
    post = query.filter(id=post_id, course_key=actor.course_key).first()
    if post is None:
        raise NotFound(_("This message does not exist."), code="post_not_found")
    return post


def _moderated_post(actor, post_id):
    """Lock and return a post the actor moderates (inside a transaction)."""
    post = _post(actor, post_id, lock=True)
    roles = require_moderator(actor, community_id=post.community_id)
    return post, roles


def _reason(reason, required=True):
    return as_text(reason, "reason", REASON_LENGTH, required=required)


def _log(actor, community_id, action, *, post=None, target_user_id="", reason="", item=None):
    """One line of the log about a post, an ``item`` (a contribution or an idea) or a member."""
    about = post or item
    ModerationAction.objects.create(
        course_key=actor.course_key,
        community_id=community_id,
        moderator_id=actor.user_id,
        action=action,
        post=post,
        contribution=item if isinstance(item, CaseContribution) else None,
        idea=item if isinstance(item, Idea) else None,
        target_user_id=target_user_id or (about.author_id if about else ""),
        excerpt=markup.excerpt(_item_text(about), 200) if about else "",
        reason=reason,
    )


def _item_text(item):
    if isinstance(item, Post):
        return item.title or item.body
    return item.text if isinstance(item, Idea) else item.body


def _resolve_reports(actor, post, outcome):
    Report.objects.filter(post=post, outcome=Report.OPEN).update(
        outcome=outcome, resolved_at=timezone.now(), resolved_by=actor.user_id
    )


# --- reports ---------------------------------------------------------------------------------


def report_post(actor, *, post_id, reason):
    """A member reports a post they can see to its community's facilitators. Returns the report id.

    Raises NotFound (no such post for them), InvalidInput (no reason, own post), Conflict (already reported).
    A muted member may still report: reporting is how people ask for help.
    """
    reason = _reason(reason)
    post = _post(actor, post_id)
    roles = roles_of(actor)
    if not permissions.can_see_community(roles, post.community_id) or (
        post.status != Post.PUBLISHED and not permissions.can_facilitate(roles, post.community_id)
    ):
        raise NotFound(_("This message does not exist."), code="post_not_found")
    if post.author_id == actor.user_id:
        raise InvalidInput(_("You cannot report your own message."), code="own_post")
    try:
        with transaction.atomic():
            report = Report.objects.create(post=post, community_id=post.community_id, reporter_id=actor.user_id,
                                           reason=reason)
    except IntegrityError:
        raise Conflict(_("You have already reported this message. The facilitation will look at it."),
                       code="already_reported") from None
    platform.defer(tasks.notify_report, actor.block_key, report.id)
    return report.id


def review_queue(actor, *, community_id, page=1):
    """A ``Page`` of open ``ReportItem`` of a community (posts, contributions, ideas), oldest first.
    Moderators only; constant queries."""
    community_id = as_id(community_id, "community_id")
    require_moderator(actor, community_id=community_id)
    page = as_page(page)
    rows = Report.objects.filter(community_id=community_id, outcome=Report.OPEN, community__course_key=actor.course_key)
    total = rows.count()
    chunk = list(rows.select_related("post", "contribution", "idea").order_by("created_at", "id")[
        (page - 1) * PAGE_SIZE: page * PAGE_SIZE])
    items = [_reported(row) for row in chunk]
    named = people.names(actor.course_key, {r.reporter_id for r in chunk} | {item.author_id for item in items})
    return Page(items=[
        ReportItem(
            id=row.id, post_id=row.post_id or 0, thread_id=(row.post.thread_id or row.post_id) if row.post_id else 0,
            post_excerpt=markup.excerpt(item.text),
            post_author=named[item.author_id].display_name if item.author_id else "",
            post_hidden=item.hidden, reason=row.reason,
            reporter="" if item.author_id == actor.user_id else named[row.reporter_id].display_name,
            created_at=_moment(row.created_at), kind=item.kind, item_id=item.id, case_id=item.case_id,
        )
        for row, item in zip(chunk, items)
    ], page=page, page_size=PAGE_SIZE, total=total)


@dataclass(frozen=True)
class _Reported:
    kind: str
    id: int
    text: str
    author_id: str
    hidden: bool
    case_id: int = 0


def _reported(report):
    """What ``report`` is about, whatever its kind."""
    if report.post_id:
        post = report.post
        return _Reported("post", post.id, post.title + " " + post.body if post.title else post.body, post.author_id,
                         post.hidden)
    if report.contribution_id:
        item = report.contribution
        return _Reported("contribution", item.id, item.body, item.author_id, item.hidden, item.case_id)
    item = report.idea
    return _Reported("idea", item.id, item.text, item.author_id, item.hidden)


def dismiss_report(actor, *, report_id):
    """Close a report without acting on the post. Moderators of its community only."""
    permissions.require_authenticated(actor)
    report_id = as_id(report_id, "report_id")
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(id=report_id, community__course_key=actor.course_key).first()
        if report is None:
            raise NotFound(_("This report does not exist."), code="report_not_found")
        require_moderator(actor, community_id=report.community_id)
        if report.outcome != Report.OPEN:
            raise Conflict(_("This report has already been handled."), code="already_handled")
        report.outcome, report.resolved_at, report.resolved_by = Report.DISMISSED, timezone.now(), actor.user_id
        report.save(update_fields=["outcome", "resolved_at", "resolved_by"])
        _log(actor, report.community_id, "dismiss", post=report.post, reason=report.reason,
             item=report.contribution or report.idea)
    return {"id": report.id, "community_id": report.community_id}


# --- actions on posts ---------------------------------------------------------------------------------


def _summary(post):
    return {"id": post.id, "community_id": post.community_id, "thread_id": post.thread_id or post.id,
            "hidden": post.hidden, "pinned": post.pinned, "locked": post.locked, "status": post.status}


def hide_post(actor, *, post_id, reason):
    """Hide a post from the community; its author sees that it is hidden and why. Closes its open reports."""
    reason = _reason(reason)
    with transaction.atomic():
        post, _roles = _moderated_post(actor, post_id)
        if post.hidden:
            raise Conflict(_("This message is already hidden."), code="already_hidden")
        post.hidden, post.moderation_reason = True, reason
        post.save(update_fields=["hidden", "moderation_reason"])
        _resolve_reports(actor, post, Report.HIDDEN)
        _log(actor, post.community_id, "hide", post=post, reason=reason)
    return _summary(post)


def restore_post(actor, *, post_id, reason=""):
    """Show a hidden post again."""
    reason = _reason(reason, required=False)
    with transaction.atomic():
        post, _roles = _moderated_post(actor, post_id)
        if not post.hidden:
            raise Conflict(_("This message is not hidden."), code="not_hidden")
        post.hidden, post.moderation_reason = False, ""
        post.save(update_fields=["hidden", "moderation_reason"])
        _log(actor, post.community_id, "restore", post=post, reason=reason)
    return _summary(post)


def _thread(actor, post_id):
    post, roles = _moderated_post(actor, post_id)
    if post.depth != 0:
        raise InvalidInput(_("Only a thread can be pinned or locked."), code="not_a_thread")
    return post, roles


def pin_thread(actor, *, post_id, pinned=True):
    """Pin a thread at the top of its community's list (or unpin it)."""
    pinned = as_bool(pinned, "pinned")
    with transaction.atomic():
        post, _roles = _thread(actor, post_id)
        post.pinned = pinned
        post.save(update_fields=["pinned"])
        _log(actor, post.community_id, "pin" if pinned else "unpin", post=post)
    return _summary(post)


def lock_thread(actor, *, post_id, locked=True, reason=""):
    """Lock a thread (nobody but moderators replies or edits in it), or unlock it."""
    locked = as_bool(locked, "locked")
    reason = _reason(reason, required=False)
    with transaction.atomic():
        post, _roles = _thread(actor, post_id)
        post.locked = locked
        post.save(update_fields=["locked"])
        _log(actor, post.community_id, "lock" if locked else "unlock", post=post, reason=reason)
    return _summary(post)


def approve_post(actor, *, post_id):
    """Publish a post waiting for approval (pre-moderation)."""
    with transaction.atomic():
        post, _roles = _moderated_post(actor, post_id)
        if post.status != Post.PENDING:
            raise Conflict(_("This message is not awaiting approval."), code="not_pending")
        post.status = Post.PUBLISHED
        post.save(update_fields=["status"])
        if post.thread_id:
            Post.objects.filter(id=post.thread_id).update(last_activity_at=timezone.now())
        _log(actor, post.community_id, "approve", post=post)
    return _summary(post)


def reject_post(actor, *, post_id, reason):
    """Refuse a post waiting for approval; only its author (and the moderators) see it, with the reason."""
    reason = _reason(reason)
    with transaction.atomic():
        post, _roles = _moderated_post(actor, post_id)
        if post.status != Post.PENDING:
            raise Conflict(_("This message is not awaiting approval."), code="not_pending")
        post.status, post.moderation_reason = Post.REJECTED, reason
        post.save(update_fields=["status", "moderation_reason"])
        _log(actor, post.community_id, "reject", post=post, reason=reason)
    return _summary(post)


def delete_permanently(actor, *, post_id, reason):
    """Erase a post and its replies for good. Course staff only; the log keeps an excerpt and the reason."""
    reason = _reason(reason)
    with transaction.atomic():
        post, roles = _moderated_post(actor, post_id)
        if not permissions.can_delete_permanently(roles):
            raise NotAllowed(_("Only the course team can delete a message for good."), code="staff_only")
        summary = _summary(post)
        _log(actor, post.community_id, "delete", post=post, reason=reason)
        post.delete()
    return summary


def pending_posts(actor, *, community_id, page=1):
    """A ``Page`` of posts awaiting approval in a community, oldest first. Moderators only."""
    community_id = as_id(community_id, "community_id")
    require_moderator(actor, community_id=community_id)
    page = as_page(page)
    rows = Post.objects.filter(course_key=actor.course_key, community_id=community_id, status=Post.PENDING)
    total = rows.count()
    chunk = list(rows.order_by("created_at", "id")[(page - 1) * PAGE_SIZE: page * PAGE_SIZE])
    named = people.names(actor.course_key, {row.author_id for row in chunk})
    items = [
        {"id": row.id, "thread_id": row.thread_id or row.id, "title": row.title, "body_html": row.body_html,
         "author": named[row.author_id].display_name, "anonymous": row.anonymous,
         "created_at": _moment(row.created_at)}
        for row in chunk
    ]
    return Page(items=items, page=page, page_size=PAGE_SIZE, total=total)


# --- case contributions and brainstorm ideas ---------------------------------------------------------------


def _kind(kind):
    if kind not in KINDS:
        raise InvalidInput(_("One can report or hide a message, a case contribution or an idea."), code="invalid_kind")
    return kind


def _item(actor, kind, item_id, lock=False):
    """``(row, community_id)`` of a presented case's contribution or a brainstorm idea of the actor's course.

    Raises NotFound when there is none (a draft's text is its owner's alone).
    """
    permissions.require_authenticated(actor)
    item_id = as_id(item_id, f"{kind}_id")
    if kind == "contribution":
        query = CaseContribution.objects.select_related("case").filter(
            id=item_id, case__course_key=actor.course_key, case__presented_at__isnull=False)
    else:
        query = Idea.objects.select_related("brainstorm").filter(id=item_id, brainstorm__course_key=actor.course_key)
    row = (query.select_for_update() if lock else query).first()
    if row is None:
        raise _item_not_found(kind)
    return row, (row.case.community_id if kind == "contribution" else row.brainstorm.community_id)


def _item_not_found(kind):
    if kind == "contribution":
        return NotFound(_("This contribution does not exist."), code="contribution_not_found")
    return NotFound(_("This idea does not exist."), code="idea_not_found")


def report_item(actor, *, kind, item_id, reason):
    """A member reports a post, a case contribution or an idea they can see, with a reason. Returns the report id.

    The rules of ``report_post``: NotFound outside their community, InvalidInput for their own item or no
    reason, Conflict when they already reported it. A muted member may still report.
    """
    if _kind(kind) == "post":
        return report_post(actor, post_id=item_id, reason=reason)
    reason = _reason(reason)
    row, community_id = _item(actor, kind, item_id)
    roles = roles_of(actor)
    if not permissions.can_see_community(roles, community_id):
        raise _item_not_found(kind)
    if row.author_id == actor.user_id:
        raise InvalidInput(_("You cannot report what you wrote yourself."), code="own_item")
    try:
        with transaction.atomic():
            report = Report.objects.create(community_id=community_id, reporter_id=actor.user_id, reason=reason,
                                           **{kind: row})
    except IntegrityError:
        raise Conflict(_("You have already reported this. The facilitation will look at it."),
                       code="already_reported") from None
    platform.defer(tasks.notify_report, actor.block_key, report.id)
    return report.id


def _item_summary(kind, row, community_id):
    return {"id": row.id, "kind": kind, "community_id": community_id, "hidden": row.hidden}


def hide_item(actor, *, kind, item_id, reason):
    """Hide a post, a case contribution or an idea from the community, with a reason its author sees.

    Closes its open reports and writes a line of the log. The community's facilitators and course staff
    only (NotFound outside their communities, NotAllowed for members); Conflict when already hidden.
    """
    if _kind(kind) == "post":
        return dict(hide_post(actor, post_id=item_id, reason=reason), kind="post")
    reason = _reason(reason)
    with transaction.atomic():
        row, community_id = _item(actor, kind, item_id, lock=True)
        require_moderator(actor, community_id=community_id)
        if row.hidden:
            raise Conflict(_("This is already hidden."), code="already_hidden")
        row.hidden, row.moderation_reason = True, reason
        row.save(update_fields=["hidden", "moderation_reason"])
        Report.objects.filter(outcome=Report.OPEN, **{kind: row}).update(
            outcome=Report.HIDDEN, resolved_at=timezone.now(), resolved_by=actor.user_id)
        _log(actor, community_id, "hide", item=row, reason=reason)
    return _item_summary(kind, row, community_id)


def restore_item(actor, *, kind, item_id, reason=""):
    """Show a hidden post, contribution or idea again (``reason`` optional). Same people as ``hide_item``."""
    if _kind(kind) == "post":
        return dict(restore_post(actor, post_id=item_id, reason=reason), kind="post")
    reason = _reason(reason, required=False)
    with transaction.atomic():
        row, community_id = _item(actor, kind, item_id, lock=True)
        require_moderator(actor, community_id=community_id)
        if not row.hidden:
            raise Conflict(_("This is not hidden."), code="not_hidden")
        row.hidden, row.moderation_reason = False, ""
        row.save(update_fields=["hidden", "moderation_reason"])
        _log(actor, community_id, "restore", item=row, reason=reason)
    return _item_summary(kind, row, community_id)


# --- mutes ---------------------------------------------------------------------------------------------


def mute_member(actor, *, community_id, user_id, days, reason=""):
    """Mute a member of a community for ``days`` (1..90): they read but cannot post. Returns a ``MuteItem``."""
    community_id = as_id(community_id, "community_id")
    user_id = as_text(user_id, "user_id", 64)
    days = as_int(days, "days", 1, MAX_MUTE_DAYS)
    reason = _reason(reason, required=False)
    with transaction.atomic():
        require_moderator(actor, community_id=community_id)
        if not Membership.objects.filter(community_id=community_id, user_id=user_id).exists():
            raise NotFound(_("This person is not a member of this community."), code="not_a_member")
        until = timezone.now() + timedelta(days=days)
        Mute.objects.update_or_create(community_id=community_id, user_id=user_id,
                                      defaults={"until": until, "muted_by": actor.user_id, "reason": reason})
        _log(actor, community_id, "mute", target_user_id=user_id, reason=reason)
    name = people.names(actor.course_key, [user_id])[user_id].display_name
    return MuteItem(user_id=user_id, name=name, until=_moment(until), reason=reason)


def unmute_member(actor, *, community_id, user_id):
    """Let a muted member post again."""
    community_id = as_id(community_id, "community_id")
    user_id = as_text(user_id, "user_id", 64)
    with transaction.atomic():
        require_moderator(actor, community_id=community_id)
        deleted, _rows = Mute.objects.filter(community_id=community_id, user_id=user_id).delete()
        if not deleted:
            raise NotFound(_("This person is not muted."), code="not_muted")
        _log(actor, community_id, "unmute", target_user_id=user_id)
    return {"user_id": user_id}


def muted_members(actor, *, community_id, page=1):
    """A ``Page`` of ``MuteItem``: the members muted now in a community. Moderators only."""
    community_id = as_id(community_id, "community_id")
    require_moderator(actor, community_id=community_id)
    page = as_page(page)
    rows = Mute.objects.filter(community_id=community_id, until__gt=timezone.now())
    total = rows.count()
    chunk = list(rows.order_by("until", "id")[(page - 1) * PAGE_SIZE: page * PAGE_SIZE])
    named = people.names(actor.course_key, {row.user_id for row in chunk})
    items = [MuteItem(user_id=row.user_id, name=named[row.user_id].display_name, until=_moment(row.until),
                      reason=row.reason) for row in chunk]
    return Page(items=items, page=page, page_size=PAGE_SIZE, total=total)


# --- the moderation log -------------------------------------------------------------------------------------


def moderation_log(actor, *, community_id, page=1):
    """A ``Page`` of ``LogLine``, newest first: every moderation action in a community. Moderators only."""
    community_id = as_id(community_id, "community_id")
    require_moderator(actor, community_id=community_id)
    page = as_page(page)
    rows = ModerationAction.objects.filter(community_id=community_id, course_key=actor.course_key)
    total = rows.count()
    chunk = list(rows.order_by("-created_at", "-id")[(page - 1) * PAGE_SIZE: page * PAGE_SIZE])
    named = people.names(actor.course_key, ({r.moderator_id for r in chunk} | {r.target_user_id for r in chunk}) - {""})
    items = [
        LogLine(id=row.id, action=row.action,
                moderator=named[row.moderator_id].display_name if row.moderator_id else "",
                target=named[row.target_user_id].display_name if row.target_user_id else "",
                excerpt=row.excerpt, reason=row.reason, created_at=_moment(row.created_at),
                kind="post" if row.post_id else "contribution" if row.contribution_id
                else "idea" if row.idea_id else "")
        for row in chunk
    ]
    return Page(items=items, page=page, page_size=PAGE_SIZE, total=total)


def open_report_counts():
    """A subquery annotation: the number of open reports of each post (``OuterRef('pk')``)."""
    counted = (Report.objects.filter(post=OuterRef("pk"), outcome=Report.OPEN).order_by().values("post")
               .annotate(n=Count("id")).values("n"))
    return Coalesce(Subquery(counted), 0)


# --- retirement ------------------------------------------------------------------------------


def retire_user(user_id):
    """Reports keep counting under a token that points to nobody; mutes of the person are deleted; the
    moderation log keeps its lines without the person's id."""
    touched = Report.objects.filter(reporter_id=user_id).update(reporter_id=people.retired_token())
    touched += Report.objects.filter(resolved_by=user_id).update(resolved_by="")
    touched += Mute.objects.filter(user_id=user_id).delete()[0]
    touched += Mute.objects.filter(muted_by=user_id).update(muted_by="")
    touched += ModerationAction.objects.filter(moderator_id=user_id).update(moderator_id="")
    touched += ModerationAction.objects.filter(target_user_id=user_id).update(target_user_id="")
    return touched
