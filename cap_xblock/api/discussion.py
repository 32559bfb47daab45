"""The discussion of a community in one block (« Discussion »): threads, replies, edits, "Utile", unread marks.

Threads belong to the block and the community; replies go two levels deep at
most. Posts are written in a Markdown subset, stored with their sanitised HTML.
What a person sees of a post depends on who they are: its author, a peer, or a
moderator (the community's facilitators and course staff).
"""

import logging
from dataclasses import replace
from datetime import datetime
from datetime import timezone as dt_timezone

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .. import permissions, platform
from ..errors import Conflict, InvalidInput, NotAllowed, NotFound
from ..i18n import gettext as _
from ..models import Post, PostVersion, Reaction, ThreadRead
from ..models.discussion import BODY_LENGTH, TITLE_LENGTH
from . import gate, markup, moderation, paging, people, rate_limit, tables
from .access import resolve_community, roles_of
from .data import Page, Person
# The settings are part of this api: callers name discussion.DiscussionSettings and discussion.DEFAULT_RATE.
from .discussion_data import DEFAULT_RATE, DiscussionSettings, PostView, ThreadView  # pylint: disable=unused-import
from .validation import as_bool, as_id, as_page, as_text

log = logging.getLogger(__name__)

THREAD_PAGE_SIZE = 10
REPLY_PAGE_SIZE = 20
MAX_DEPTH = 2
NEVER = datetime(1970, 1, 1, tzinfo=dt_timezone.utc)


def _useful_counts():
    counted = Reaction.objects.filter(post=OuterRef("pk")).order_by().values("post").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted), 0)


def _reply_counts():
    counted = (Post.objects.filter(thread=OuterRef("pk"), status=Post.PUBLISHED, deleted=False).order_by()
               .values("thread").annotate(n=Count("id")).values("n"))
    return Coalesce(Subquery(counted), 0)


def _annotated(query, actor, moderating):
    query = query.annotate(
        useful_count=_useful_counts(),
        useful_mine=Exists(Reaction.objects.filter(post=OuterRef("pk"), user_id=actor.user_id)),
    )
    if moderating:
        query = query.annotate(report_count=moderation.open_report_counts())
    return query


def _visible(query, actor, moderating):
    """Moderators see every post; others see published posts and their own."""
    if moderating:
        return query
    return query.filter(Q(status=Post.PUBLISHED) | Q(author_id=actor.user_id))


def _view(row, actor, moderating, named, read_at=None):
    mine = row.author_id == actor.user_id
    masked = (row.deleted and not moderating) or (row.hidden and not (mine or moderating))
    # A masked post keeps its place in the thread, but not what it said nor who said it (but to its author).
    author_shown = (not row.anonymous or mine or moderating) and (mine or not masked)
    if not row.author_id:
        author = _("Former member")
    elif author_shown:
        author = named[row.author_id].display_name
    elif masked:
        author = ""
    else:
        author = _("Anonymous member")
    title = row.title
    if masked and row.depth == 0:
        title = _("This message was deleted by its author.") if row.deleted else \
            _("This message was hidden by the facilitation.")
    return PostView(
        id=row.id, thread_id=row.thread_id or row.id, parent_id=row.parent_id, depth=row.depth,
        title=title, body_html="" if masked else row.body_html,
        body=row.body if mine and not row.deleted else "",
        author=author, author_id=row.author_id if author_shown else "", anonymous=row.anonymous, mine=mine,
        status=row.status, hidden=row.hidden, deleted=row.deleted,
        moderation_reason=row.moderation_reason if (mine or moderating) else "",
        pinned=row.pinned, locked=row.locked, edited=row.edited_at is not None,
        created_at=row.created_at.isoformat(), useful=row.useful_count, useful_mine=row.useful_mine,
        is_new=bool(not mine and read_at is not None and row.created_at > read_at),
        replies=getattr(row, "reply_count", 0), reports=getattr(row, "report_count", 0),
    )


def _named(actor, rows):
    return people.names(actor.course_key, {row.author_id for row in rows if row.author_id})


# --- reading ----------------------------------------------------------------------------------------


def list_threads(actor, *, community_id=None, page=1):
    """A ``Page`` of thread ``PostView`` of the actor's community in this block: pinned first, then by
    latest activity. ``is_new`` marks threads with activity since the person last opened them.
    Raises NotAllowed (anonymous), NotFound (not their community). Constant number of queries.
    """
    community_id, roles = resolve_community(actor, community_id=community_id)
    moderating = moderation.can_moderate(actor, community_id=community_id, roles=roles)
    page = as_page(page)
    query = _visible(Post.objects.filter(course_key=actor.course_key, block_key=actor.block_key,
                                         community_id=community_id, depth=0), actor, moderating)
    counted = paging.count_up_to(query)
    read_at = ThreadRead.objects.filter(thread=OuterRef("pk"), user_id=actor.user_id).values("read_at")[:1]
    # The page's ids first; counts and read marks only for them, so the cost does not grow with the threads.
    ids, following = paging.page_rows(query.order_by("-pinned", "-last_activity_at", "-id")
                                      .values_list("id", flat=True), page, THREAD_PAGE_SIZE)
    found = {row.id: row for row in _annotated(Post.objects.filter(id__in=ids), actor, moderating)
             .annotate(reply_count=_reply_counts(), read_at=Subquery(read_at))}
    rows = [found[post_id] for post_id in ids if post_id in found]
    named = _named(actor, rows)
    items = []
    for row in rows:
        view = _view(row, actor, moderating, named)
        unread = row.author_id != actor.user_id and (row.read_at is None or row.last_activity_at > row.read_at)
        items.append(replace(view, is_new=unread))
    return paging.bounded_page(items, page=page, page_size=THREAD_PAGE_SIZE, counted=counted, following=following)


def _load(actor, post_id, roles=None, lock=False):
    """A post of this block that ``actor`` may see, their roles, and whether they moderate its community.

    Raises NotAllowed (anonymous, outside a course), NotFound for an unknown post, a post of another
    block or community, or one hidden from them.
    """
    permissions.require_authenticated(actor)
    post_id = as_id(post_id, "post_id")
    roles = roles or roles_of(actor)
    query = Post.objects.select_for_update() if lock else Post.objects
    # One row by its key: no ordering to build, which ``first()`` would add.
    post = next(iter(query.filter(id=post_id, course_key=actor.course_key, block_key=actor.block_key)[:1]), None)
    if post is None or not permissions.can_see_community(roles, post.community_id):
        raise NotFound(_("This message does not exist."), code="post_not_found")
    moderating = moderation.can_moderate(actor, community_id=post.community_id, roles=roles)
    if not moderating and post.status != Post.PUBLISHED and post.author_id != actor.user_id:
        raise NotFound(_("This message does not exist."), code="post_not_found")
    return post, roles, moderating


def get_thread(actor, *, thread_id, page=1):
    """A ``ThreadView``: the thread and a page of its replies (tree order). Marks the thread read.

    Posts written since the person last opened the thread have ``is_new``. Raises NotFound.
    """
    permissions.require_authenticated(actor)
    page = as_page(page)
    thread, _roles, moderating = _load(actor, thread_id)
    if thread.depth != 0:
        raise NotFound(_("This message does not exist."), code="post_not_found")
    read_at = ThreadRead.objects.filter(thread=thread, user_id=actor.user_id).values_list("read_at", flat=True).first()
    read_at = read_at or NEVER  # a thread never opened is new from its first post on
    replies = _visible(Post.objects.filter(thread=thread), actor, moderating)
    total = replies.count()
    rows = list(_annotated(replies, actor, moderating).order_by("branch_id", "depth", "created_at", "id")[
        (page - 1) * REPLY_PAGE_SIZE: page * REPLY_PAGE_SIZE])
    head = _annotated(Post.objects.filter(id=thread.id), actor, moderating).get()
    named = _named(actor, rows + [head])
    _mark_read(thread, actor)
    return ThreadView(
        thread=_view(head, actor, moderating, named, read_at),
        replies=Page(items=[_view(row, actor, moderating, named, read_at) for row in rows], page=page,
                     page_size=REPLY_PAGE_SIZE, total=total),
        can_moderate=moderating,
    )


def _mark_read(thread, actor):
    now = timezone.now()
    if ThreadRead.objects.filter(thread=thread, user_id=actor.user_id).update(read_at=now):
        return
    try:
        with transaction.atomic():
            ThreadRead.objects.create(thread=thread, user_id=actor.user_id, read_at=now)
    except IntegrityError:
        pass  # the same person opened the thread twice at once: one mark is enough


def post_versions(actor, *, post_id):
    """The earlier texts of an edited post, newest first (at most 50). The community's moderators only."""
    post, roles, _moderating = _load(actor, post_id)
    moderation.require_moderator(actor, community_id=post.community_id, roles=roles)
    return [{"title": v.title, "body": v.body, "written_at": v.written_at.isoformat()}
            for v in PostVersion.objects.filter(post=post)[:50]]


# --- writing -----------------------------------------------------------------------------------------


def _clean_body(body):
    return as_text(body, "body", BODY_LENGTH)


def _anonymous(settings, anonymous):
    anonymous = as_bool(anonymous or False, "anonymous")
    if anonymous and not settings.allow_anonymous:
        raise InvalidInput(_("This activity does not allow anonymous messages."), code="anonymous_off")
    return anonymous


def _status(settings, moderating):
    # Moderators publish at once: the setting is not even read for them.
    return Post.PENDING if not moderating and settings.premoderation else Post.PUBLISHED


def _fresh(post, actor, moderating):
    row = _annotated(Post.objects.filter(id=post.id), actor, moderating).get()
    return _view(row, actor, moderating, _named(actor, [row]))


def _created(post, actor, moderating):
    """The view of a post ``actor`` just created in this request: no mark, no report yet, nothing to read again.

    Its author is the actor, named as the platform names them now (the snapshot a visit keeps is read only
    when the platform gives no name).
    """
    post.useful_count, post.useful_mine, post.report_count = 0, False, 0
    if actor.display_name:
        named = {actor.user_id: Person(user_id=actor.user_id, display_name=actor.display_name,
                                       username=actor.username)}
    else:
        named = _named(actor, [post])
    return _view(post, actor, moderating, named)


def start_thread(actor, *, settings, title, body, community_id=None, anonymous=False):
    """Open a thread in the actor's community. Returns its ``PostView`` (``status`` pending under pre-moderation).

    ``settings`` is the block's ``DiscussionSettings`` (or an object with its attributes): a write reads
    only those it decides on (the posting rate; pre-moderation for members; anonymity when it is asked).
    Raises NotAllowed (anonymous visitor, muted, charter not accepted), NotFound, InvalidInput,
    TooManyRequests (faster than the block's rate).
    """
    title = as_text(title, "title", TITLE_LENGTH)
    body = _clean_body(body)
    anonymous = _anonymous(settings, anonymous)
    community_id, roles = resolve_community(actor, community_id=community_id)
    gate.require_can_write(actor, community_id=community_id, roles=roles)
    moderating = moderation.can_moderate(actor, community_id=community_id, roles=roles)
    # Settings and rendering before the transaction: in some runtimes each setting read is a query.
    per_minute, status, body_html = settings.rate_limit, _status(settings, moderating), markup.render(body)
    with transaction.atomic():
        rate_limit.check_post_rate(actor, per_minute=per_minute)
        post = Post.objects.create(
            course_key=actor.course_key, block_key=actor.block_key, community_id=community_id, depth=0,
            author_id=actor.user_id, anonymous=anonymous, title=title, body=body, body_html=body_html,
            status=status,
        )
        ThreadRead.objects.create(thread=post, user_id=actor.user_id, read_at=post.created_at)
    return _created(post, actor, moderating)


def _shared_target(parent):
    """The thread a reply to ``parent`` lands in and ``parent``, read again while held in share mode
    (decisions 17 and 34): ``(thread, parent)``, either None when it was deleted for good meanwhile.

    Replies to one thread go side by side; locking, hiding or deleting the thread or the parent
    (``select_for_update``) waits for the replies under way, and they for it. The thread is older than its
    replies: its row is taken first, as a permanent delete of the thread locks it before its replies.
    """
    thread_id = parent.thread_id or parent.id
    tables.lock_shared(Post, thread_id, parent.id)
    found = {post.id: post for post in Post.objects.filter(id__in={thread_id, parent.id})}
    return found.get(thread_id), found.get(parent.id)


def _touch_thread(thread_id, at):
    """The thread's latest activity is ``at`` unless it is later already: after the reply's commit, so that
    the thread's row is changed only for this one statement (replies hold it in share mode). The reply is
    written by then: should the database refuse this statement, the thread keeps its earlier time."""

    def touch():
        try:
            Post.objects.filter(id=thread_id, last_activity_at__lt=at).update(last_activity_at=at)
        except DatabaseError:
            log.warning("The latest activity of thread %s was not updated", thread_id, exc_info=True)

    platform.after_commit(touch)


def reply(actor, *, settings, parent_id, body, anonymous=False):
    """Reply to a thread or to a reply (two levels at most). Returns the reply's ``PostView``.

    ``settings`` as for ``start_thread``. Raises NotFound, NotAllowed (muted...), InvalidInput (too deep),
    Conflict (locked thread, message hidden, deleted or not published), TooManyRequests.
    """
    body = _clean_body(body)
    anonymous = _anonymous(settings, anonymous)
    parent, roles, moderating = _load(actor, parent_id)
    gate.require_can_write(actor, community_id=parent.community_id, roles=roles)
    if parent.depth >= MAX_DEPTH:
        raise InvalidInput(_("Replies go two levels deep at most: answer the reply above instead."),
                           code="too_deep")
    # Settings and rendering before the thread is locked: in some runtimes each setting read is a query.
    per_minute, status, body_html = settings.rate_limit, _status(settings, moderating), markup.render(body)
    with transaction.atomic():
        # Read again in share mode: staff may have deleted the thread or the parent for good meanwhile.
        thread, parent = _shared_target(parent)
        if thread is None or parent is None:
            raise NotFound(_("This message does not exist."), code="post_not_found")
        if thread.locked and not moderating:
            raise Conflict(_("This thread is locked by the facilitation: no new replies."), code="thread_locked")
        # The root thread as well as the parent: a reply to a reply must not land under a withdrawn thread.
        if any(post.status != Post.PUBLISHED or post.hidden or post.deleted for post in (parent, thread)):
            raise Conflict(_("This message cannot receive replies."), code="cannot_reply")
        rate_limit.check_post_rate(actor, per_minute=per_minute)
        post = Post.objects.create(
            course_key=actor.course_key, block_key=actor.block_key, community_id=parent.community_id,
            thread=thread, parent=parent, branch_id=parent.branch_id if parent.depth == 1 else None,
            depth=parent.depth + 1, author_id=actor.user_id, anonymous=anonymous, body=body,
            body_html=body_html, status=status,
        )
        if post.depth == 1:
            # A first-level reply heads its own branch: its id is known once it is written.
            post.branch_id = post.id
            Post.objects.filter(id=post.id).update(branch=post.id)
    if post.status == Post.PUBLISHED:
        _touch_thread(thread.id, post.created_at)
    return _created(post, actor, moderating)


def edit_post(actor, *, post_id, body, title=None, settings=None):
    """The author changes their post; the earlier text is kept for the facilitators. Returns the ``PostView``.

    Under pre-moderation (``settings.premoderation``) the edit of a published post by a member sends the
    post back to approval: members stop seeing it until a moderator approves it again (decision 0014).
    Raises NotFound, NotAllowed (not the author, muted), Conflict (deleted, locked thread), InvalidInput.
    """
    body = _clean_body(body)
    with transaction.atomic():
        post, roles, moderating = _load(actor, post_id, lock=True)
        if post.author_id != actor.user_id:
            raise NotAllowed(_("Only its author can change a message."), code="not_author")
        gate.require_can_write(actor, community_id=post.community_id, roles=roles)
        if post.deleted:
            raise Conflict(_("This message was deleted."), code="deleted")
        thread = post if post.depth == 0 else Post.objects.get(id=post.thread_id)
        if thread.locked and not moderating:
            raise Conflict(_("This thread is locked by the facilitation: no new replies."), code="thread_locked")
        new_title = as_text(title, "title", TITLE_LENGTH) if post.depth == 0 and title is not None else post.title
        if new_title == post.title and body == post.body:
            return _fresh(post, actor, moderating)
        PostVersion.objects.create(post=post, title=post.title, body=post.body,
                                   written_at=post.edited_at or post.created_at)
        post.title, post.body, post.body_html, post.edited_at = new_title, body, markup.render(body), timezone.now()
        if settings is not None and post.status == Post.PUBLISHED:
            post.status = _status(settings, moderating)
        post.save(update_fields=["title", "body", "body_html", "edited_at", "status"])
    return _fresh(post, actor, moderating)


def delete_own_post(actor, *, post_id):
    """The author withdraws their post: it shows as deleted (replies to it stay). Returns the ``PostView``.

    Raises NotFound, NotAllowed (not the author), Conflict (already deleted).
    """
    with transaction.atomic():
        post, _roles, moderating = _load(actor, post_id, lock=True)
        if post.author_id != actor.user_id:
            raise NotAllowed(_("Only its author can delete a message."), code="not_author")
        if post.deleted:
            raise Conflict(_("This message was deleted."), code="deleted")
        post.deleted = True
        post.save(update_fields=["deleted"])
    return _fresh(post, actor, moderating)


def mark_useful(actor, *, post_id, useful=True):
    """Say a post is "Utile" (or take it back). One row per person and post; the count is exact.

    Returns ``{"id", "useful", "useful_mine"}``. Raises NotFound, NotAllowed (muted...), Conflict (post not
    published, hidden or deleted).
    """
    useful = as_bool(useful, "useful")
    post, roles, _moderating = _load(actor, post_id)
    gate.require_can_write(actor, community_id=post.community_id, roles=roles)
    if post.status != Post.PUBLISHED or post.hidden or post.deleted:
        raise Conflict(_("This message cannot be marked useful."), code="cannot_react")
    if useful:
        try:
            with transaction.atomic():
                Reaction.objects.get_or_create(post=post, user_id=actor.user_id)
        except IntegrityError:
            pass  # a double click: the row the other request created is the one we wanted
    else:
        with transaction.atomic():
            Reaction.objects.filter(post=post, user_id=actor.user_id).delete()
    return {
        "id": post.id,
        "useful": Reaction.objects.filter(post=post).count(),
        "useful_mine": useful,
    }


def retire_user(user_id):
    """Posts stay for the community, unsigned, without their earlier versions; "Utile" marks keep counting under
    a token that points to nobody; read marks are deleted."""
    touched = PostVersion.objects.filter(post__author_id=user_id).delete()[0]
    touched += Post.objects.filter(author_id=user_id).update(author_id="")
    touched += Reaction.objects.filter(user_id=user_id).update(user_id=people.retired_token())
    touched += ThreadRead.objects.filter(user_id=user_id).delete()[0]
    return touched
