"""The course team's view: every community side by side, the facilitators' load, the participation export.

Rules enforced here, whoever calls:

- Course staff only (NotAllowed for everyone else).
- Counts and dates only: no journal text, no post, no case text, no report reason, here or in the export.
- The export's cells are neutralised against formula injection (``roster._safe_cell``).
- Queries do not depend on how many cases, posts, entries or reports there are; the list of
  communities is paginated.

Other capabilities add export columns with ``register_column(key, header, provider)``:
``provider(course_key, user_ids) -> {user_id: value}`` (the sessions capability: attendance).
"""

import csv
import datetime
import io
import logging

from django.db.models import Count, Max
from django.db.models.functions import TruncDate
from django.utils import timezone

from .. import permissions
from ..i18n import gettext as _
from ..models import (Case, CaseContribution, Community, CourseConfig, FacilitatorRole, Idea, JournalEntry, Membership,
                      Post, Report, Vote)
from . import dashboard, people
from .dashboard_data import CommunityRow, CourseView, FacilitatorLoad, Flag, WeekBar
from .data import Page
from .roster import _safe_cell
from .validation import as_page

log = logging.getLogger(__name__)

PAGE_SIZE = 20
WEEKS = 6
SILENT_DAYS = 14
MANY_REPORTS = 3

_COLUMNS = {}


def register_column(key, header, provider):
    """Add a column to the participation export. ``provider(course_key, user_ids) -> {user_id: value}``."""
    _COLUMNS[key] = (header, provider)


def unregister_column(key):
    """Remove a column (tests)."""
    _COLUMNS.pop(key, None)


def _week_start(day):
    return day - datetime.timedelta(days=day.weekday())


def _activity_by_day(community_ids, since):
    """``{community_id: {date: count}}`` of contributions since ``since`` (four grouped queries)."""
    found = {}

    def add(rows):
        for community_id, day, count in rows:
            if day is None:
                continue
            day = day.date() if isinstance(day, datetime.datetime) else day
            bucket = found.setdefault(community_id, {})
            bucket[day] = bucket.get(day, 0) + count

    add(Case.objects.filter(community_id__in=community_ids, presented_at__gte=since)
        .annotate(day=TruncDate("presented_at")).values("community_id", "day").annotate(n=Count("id"))
        .values_list("community_id", "day", "n"))
    add(CaseContribution.objects.filter(case__community_id__in=community_ids, created_at__gte=since)
        .annotate(day=TruncDate("created_at")).values("case__community_id", "day").annotate(n=Count("id"))
        .values_list("case__community_id", "day", "n"))
    add(Post.objects.filter(community_id__in=community_ids, created_at__gte=since, deleted=False)
        .annotate(day=TruncDate("created_at")).values("community_id", "day").annotate(n=Count("id"))
        .values_list("community_id", "day", "n"))
    add(Idea.objects.filter(brainstorm__community_id__in=community_ids, created_at__gte=since)
        .annotate(day=TruncDate("created_at")).values("brainstorm__community_id", "day").annotate(n=Count("id"))
        .values_list("brainstorm__community_id", "day", "n"))
    return found


def _last_activity(community_ids):
    found = {}
    for rows in (
        Case.objects.filter(community_id__in=community_ids).values("community_id")
        .annotate(last=Max("presented_at")).values_list("community_id", "last"),
        CaseContribution.objects.filter(case__community_id__in=community_ids).values("case__community_id")
        .annotate(last=Max("created_at")).values_list("case__community_id", "last"),
        Post.objects.filter(community_id__in=community_ids, deleted=False).values("community_id")
        .annotate(last=Max("created_at")).values_list("community_id", "last"),
        Idea.objects.filter(brainstorm__community_id__in=community_ids).values("brainstorm__community_id")
        .annotate(last=Max("created_at")).values_list("brainstorm__community_id", "last"),
    ):
        for community_id, last in rows:
            if last and (community_id not in found or last > found[community_id]):
                found[community_id] = last
    return found


FLAG_LABELS = {
    "no_facilitator": lambda: _("No facilitator"),
    "silent": lambda: _("Silent for {days} days").format(days=SILENT_DAYS),
    "over_size": lambda: _("Over the target size"),
    "many_reports": lambda: _("Many reports waiting"),
}


def course_view(actor, *, page=1):
    """The ``CourseView`` of the actor's course: a page of communities with their health, and the
    facilitators' load. Raises NotAllowed (not course staff), InvalidInput (page)."""
    permissions.require_manage_communities(actor)
    page = as_page(page)
    target = (CourseConfig.objects.filter(course_key=actor.course_key).values_list("target_size", flat=True).first()
              or 10)
    all_rows = Community.objects.filter(course_key=actor.course_key)
    total = all_rows.count()
    rows = list(all_rows.annotate(size=Count("memberships", distinct=True)).order_by("archived", "name", "id")
                [(page - 1) * PAGE_SIZE: page * PAGE_SIZE].values_list("id", "name", "archived", "size"))
    ids = [row[0] for row in rows]
    today = timezone.localdate()
    first_week = _week_start(today) - datetime.timedelta(weeks=WEEKS - 1)
    since = datetime.datetime.combine(first_week, datetime.time(), timezone.get_current_timezone())
    by_day = _activity_by_day(ids, since)
    last = _last_activity(ids)
    reports = dict(Report.objects.filter(community_id__in=ids, outcome=Report.OPEN).values("community_id")
                   .annotate(n=Count("id")).values_list("community_id", "n"))
    leaders = dashboard.facilitators_of(ids)
    named = people.names(actor.course_key, {user for users in leaders.values() for user in users})
    week_starts = [first_week + datetime.timedelta(weeks=index) for index in range(WEEKS)]
    weekly = {}
    for community_id in ids:
        counts = {start: 0 for start in week_starts}
        for day, count in by_day.get(community_id, {}).items():
            start = _week_start(day)
            if start in counts:
                counts[start] += count
        weekly[community_id] = counts
    busiest = max([count for counts in weekly.values() for count in counts.values()] or [0])
    cutoff = timezone.now() - datetime.timedelta(days=SILENT_DAYS)
    items = []
    for community_id, name, archived, size in rows:
        flags = []
        if not leaders.get(community_id):
            flags.append("no_facilitator")
        if not archived and (community_id not in last or last[community_id] < cutoff):
            flags.append("silent")
        if size > target:
            flags.append("over_size")
        if reports.get(community_id, 0) >= MANY_REPORTS:
            flags.append("many_reports")
        items.append(CommunityRow(
            id=community_id, name=name, archived=archived, size=size, target_size=target,
            facilitators=people.sort_people(named[user] for user in leaders.get(community_id, [])),
            weeks=[WeekBar(start=start.isoformat(), count=weekly[community_id][start],
                           share=round(100 * weekly[community_id][start] / busiest) if busiest else 0)
                   for start in week_starts],
            last_activity=last[community_id].isoformat() if community_id in last else "",
            open_reports=reports.get(community_id, 0),
            flags=[Flag(code=code, label=FLAG_LABELS[code]()) for code in flags],
        ))
    return CourseView(communities=Page(items=items, page=page, page_size=PAGE_SIZE, total=total),
                      facilitators=facilitators_load(actor), weeks=[start.isoformat() for start in week_starts],
                      totals={"communities": total})


def facilitators_load(actor):
    """Every facilitator of the course with how many communities, members and waiting items they carry."""
    permissions.require_manage_communities(actor)
    led = list(FacilitatorRole.objects.filter(community__course_key=actor.course_key, community__archived=False)
               .values_list("user_id", "community_id"))
    community_ids = sorted({community_id for _user, community_id in led})
    sizes = dict(Membership.objects.filter(community_id__in=community_ids).values("community_id")
                 .annotate(n=Count("id")).values_list("community_id", "n"))
    waiting = dashboard.waiting_counts(community_ids, actor.course_key)
    load = {}
    for user_id, community_id in led:
        communities, members, items = load.get(user_id, (0, 0, 0))
        load[user_id] = (communities + 1, members + sizes.get(community_id, 0), items + waiting[community_id].total)
    named = people.names(actor.course_key, set(load))
    top = max([items for _c, _m, items in load.values()] or [0])
    return [FacilitatorLoad(person=named[user_id], communities=c, members=m, waiting=w,
                            share=round(100 * w / top) if top else 0)
            for user_id, (c, m, w) in sorted(load.items(), key=lambda item: named[item[0]].display_name.casefold())]


# --- the participation export -----------------------------------------------------------------


EXPORT_HEADER = ["username", "community", "cases_presented", "case_contributions", "ideas", "votes", "posts",
                 "journal_entries", "journal_entries_shared", "last_activity", "attendance"]


def _counts(rows):
    found = {}
    for user_id, count, last in rows:
        found[user_id] = (count, last)
    return found


def participation_csv(actor):
    """One row per learner of the course: community, counts per capability, last activity, attendance.

    Counts only (journals included: how many entries, how many shared, never their text). The
    ``attendance`` column is filled by the capability that registers it (sessions), empty until then.
    Raises NotAllowed (not course staff).
    """
    permissions.require_manage_communities(actor)
    course_key = actor.course_key
    placed = list(Membership.objects.filter(course_key=course_key).values_list("user_id", "community__name"))
    user_ids = [user_id for user_id, _name in placed]
    in_course = {"case__course_key": course_key}
    presented = _counts(Case.objects.filter(course_key=course_key, presented_at__isnull=False).values("owner_id")
                        .annotate(n=Count("id"), last=Max("presented_at")).values_list("owner_id", "n", "last"))
    contributions = _counts(CaseContribution.objects.filter(**in_course).values("author_id")
                            .annotate(n=Count("id"), last=Max("created_at")).values_list("author_id", "n", "last"))
    ideas = _counts(Idea.objects.filter(brainstorm__course_key=course_key).values("author_id")
                    .annotate(n=Count("id"), last=Max("created_at")).values_list("author_id", "n", "last"))
    votes = _counts(Vote.objects.filter(brainstorm__course_key=course_key).values("voter_id")
                    .annotate(n=Count("id"), last=Max("created_at")).values_list("voter_id", "n", "last"))
    posts = _counts(Post.objects.filter(course_key=course_key, deleted=False).values("author_id")
                    .annotate(n=Count("id"), last=Max("created_at")).values_list("author_id", "n", "last"))
    entries = _counts(JournalEntry.objects.filter(course_key=course_key).values("user_id")
                      .annotate(n=Count("id"), last=Max("updated_at")).values_list("user_id", "n", "last"))
    shared = _counts(JournalEntry.objects.filter(course_key=course_key, shared_at__isnull=False).values("user_id")
                     .annotate(n=Count("id"), last=Max("shared_at")).values_list("user_id", "n", "last"))
    extra = {}
    for key, (_header, provider) in sorted(_COLUMNS.items()):
        try:
            extra[key] = provider(course_key, user_ids) or {}
        except Exception:  # pylint: disable=broad-except
            log.exception("The export column %s failed", key)
            extra[key] = {}
    usernames = people.names(course_key, user_ids)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    header = EXPORT_HEADER + [key for key in sorted(_COLUMNS) if key not in EXPORT_HEADER]
    writer.writerow(header)
    for user_id, community in sorted(placed, key=lambda row: (row[1].casefold(), row[0])):
        tables = (presented, contributions, ideas, votes, posts, entries, shared)
        lasts = [table[user_id][1] for table in tables if user_id in table and table[user_id][1]]
        row = {
            "username": usernames[user_id].username or user_id,
            "community": community,
            "cases_presented": presented.get(user_id, (0,))[0],
            "case_contributions": contributions.get(user_id, (0,))[0],
            "ideas": ideas.get(user_id, (0,))[0],
            "votes": votes.get(user_id, (0,))[0],
            "posts": posts.get(user_id, (0,))[0],
            "journal_entries": entries.get(user_id, (0,))[0],
            "journal_entries_shared": shared.get(user_id, (0,))[0],
            "last_activity": max(lasts).isoformat() if lasts else "",
        }
        for key in _COLUMNS:
            row[key] = extra[key].get(user_id, "")
        row.setdefault("attendance", "")
        writer.writerow([_safe_cell(str(row[column])) for column in header])
    return out.getvalue()
