"""« Quoi de neuf »: what changed in a block's sections since the person's last visit, each a link to the place.

Counts only, in the person's communities; a journal brings news only of the person's own entries (feedback)
and, to facilitators, how many entries were shared with them. One visit row per person and block
(``LastVisit``): opening the block moves it on, and the list shows what happened before this visit.
"""

import hashlib

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from .. import permissions
from ..i18n import ngettext
from ..models import Case, CaseContribution, Idea, JournalEntry, JournalFeedback, LastVisit, Membership, Post, Report
from .access import roles_of
from .dashboard_data import NewsItem, WhatsNew

MAX_ITEMS = 8


def block_uid(block_key):
    """The id prefix of a block's elements in the page (``cap-`` and 10 hex digits of its key)."""
    return "cap-" + hashlib.sha1(str(block_key).encode("utf-8")).hexdigest()[:10]


def section_anchor(block_key, key):
    """The fragment of the page that shows section ``key`` of the block."""
    return f"#{block_uid(block_key)}-{key}"


def record_visit(actor):
    """Move the actor's visit of this block to now; returns the time of the visit before ("" if none)."""
    now = timezone.now()
    row = LastVisit.objects.filter(course_key=actor.course_key, block_key=actor.block_key,
                                   user_id=actor.user_id).values_list("visited_at", flat=True).first()
    try:
        with transaction.atomic():
            if row is None:
                LastVisit.objects.create(course_key=actor.course_key, block_key=actor.block_key,
                                         user_id=actor.user_id, visited_at=now)
            else:
                LastVisit.objects.filter(course_key=actor.course_key, block_key=actor.block_key,
                                         user_id=actor.user_id).update(previous_at=row, visited_at=now)
    except IntegrityError:
        pass  # the same person opened the block twice at once
    return row


def whats_new(actor, *, sections, record=True):
    """``WhatsNew`` for the actor in this block since their last visit, for the sections it shows.

    A first visit (or an anonymous visitor, or outside a course) gets no items. ``record``: the visit
    is recorded, so the next opening shows what happens from now on.
    """
    if actor.is_anonymous or not actor.in_course or not actor.block_key:
        return WhatsNew(since="", items=[])
    permissions.require_authenticated(actor)
    since = record_visit(actor) if record else LastVisit.objects.filter(
        course_key=actor.course_key, block_key=actor.block_key, user_id=actor.user_id).values_list(
        "visited_at", flat=True).first()
    if since is None:
        return WhatsNew(since="", items=[])
    roles = roles_of(actor)
    mine = {roles.member_of} - {None}
    led = set(roles.leads)
    seen = mine | led
    block = actor.block_key
    items = []

    def add(section, count, text):
        if count and section in sections:
            items.append(NewsItem(section=section, count=count, text=text % {"count": count},
                                  anchor=section_anchor(block, section)))

    if seen:
        cases = Case.objects.filter(block_key=block, community_id__in=seen)
        presented = cases.filter(presented_at__gt=since).exclude(owner_id=actor.user_id).count()
        add("cases", presented, ngettext("%(count)s new case presented", "%(count)s new cases presented", presented))
        on_mine = CaseContribution.objects.filter(case__block_key=block, case__owner_id=actor.user_id,
                                                  created_at__gt=since, hidden=False).exclude(
            author_id=actor.user_id).count()
        add("cases", on_mine, ngettext("%(count)s new contribution in your cases",
                                       "%(count)s new contributions in your cases", on_mine))
        posts = Post.objects.filter(block_key=block, community_id__in=seen, created_at__gt=since,
                                    status=Post.PUBLISHED, hidden=False, deleted=False).exclude(
            author_id=actor.user_id).aggregate(threads=Count("id", filter=Q(depth=0)),
                                               replies=Count("id", filter=Q(depth__gt=0)))
        add("discussion", posts["threads"], ngettext("%(count)s new thread in the discussion",
                                                     "%(count)s new threads in the discussion", posts["threads"]))
        add("discussion", posts["replies"], ngettext("%(count)s new reply in the discussion",
                                                     "%(count)s new replies in the discussion", posts["replies"]))
        ideas = Idea.objects.filter(brainstorm__block_key=block, brainstorm__community_id__in=seen,
                                    created_at__gt=since, hidden=False).exclude(author_id=actor.user_id).count()
        add("brainstorm", ideas, ngettext("%(count)s new idea in the brainstorm",
                                          "%(count)s new ideas in the brainstorm", ideas))
    feedback = JournalFeedback.objects.filter(entry__course_key=actor.course_key, entry__user_id=actor.user_id,
                                              created_at__gt=since).count()
    add("journal", feedback, ngettext("%(count)s new feedback on your journal",
                                      "%(count)s new feedback on your journal", feedback))
    if led:
        members = Membership.objects.filter(community_id__in=led).values("user_id")
        shared = JournalEntry.objects.filter(course_key=actor.course_key, user_id__in=members,
                                             shared_at__gt=since).count()
        add("journal", shared, ngettext("%(count)s journal entry newly shared with you",
                                        "%(count)s journal entries newly shared with you", shared))
        reports = Report.objects.filter(community_id__in=led, created_at__gt=since, outcome=Report.OPEN).count()
        add("moderation", reports, ngettext("%(count)s new report to review", "%(count)s new reports to review",
                                            reports))
    return WhatsNew(since=since.isoformat(), items=items[:MAX_ITEMS])
