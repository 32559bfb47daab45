"""The facilitator's dashboard (« Tableau de bord »): per community they lead, what waits for them, who has
not presented a case, who has been silent, and the balance of contributions across members.

Rules enforced here, whoever calls:

- Only the facilitators of a community (and course staff, who facilitate everywhere) see its dashboard;
  a learner gets NotAllowed, a facilitator asking for another community NotFound.
- From journals, counts only: how many shared entries wait for feedback. Never a title, never a text.
- Every list is cut to ``LIST_LIMIT`` items with its total beside it; the number of queries does not
  depend on how many cases, posts, entries or reports there are.

Other capabilities add their own panels (the next session and its answers, past attendance...) with
``register_panel(key, provider)``: ``provider(actor, *, community_ids)`` returns ``{community_id: Panel}``.
"""

import datetime
import logging
import unicodedata

from django.db.models import Count, Exists, F, Max, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from .. import permissions
from ..errors import NotAllowed, NotFound
from ..i18n import gettext as _
from ..models import (Case, CaseContribution, CaseDeadline, Community, FacilitatorRole, Idea, JournalEntry,
                      JournalFeedback, Membership, Post, Report)
from . import case_steps, people
from .access import roles_of
# Panel is part of this api: the capabilities that register a panel name dashboard.Panel.
from .dashboard_data import (CaseStep, CommunityDashboard, Dashboard, MemberActivity,  # pylint: disable=unused-import
                             Panel, Waiting)
from .validation import as_id, as_int

log = logging.getLogger(__name__)

LIST_LIMIT = 5
DEFAULT_SILENT_DAYS = 14
MAX_SILENT_DAYS = 365
# A step whose last contribution is older than this has gone quiet: time to move the case on.
QUIET_STEP = datetime.timedelta(days=2)

_PANELS = {}


def register_panel(key, provider):
    """Add a panel to every community's dashboard. ``provider(actor, community_ids) -> {community_id: Panel}``.

    Called once at import time by the capability that owns the panel (for instance the sessions
    capability: the next session, its answers, past attendance). A provider that fails is left out.
    """
    _PANELS[key] = provider


def unregister_panel(key):
    """Remove a panel (tests)."""
    _PANELS.pop(key, None)


def _led(actor, community_id):
    permissions.require_authenticated(actor)
    roles = roles_of(actor)
    if roles.is_staff:
        if community_id in (None, ""):
            raise NotFound(_("Choose a community."), code="community_required")
        wanted = as_id(community_id, "community_id")
        if not Community.objects.filter(id=wanted, course_key=actor.course_key).exists():
            raise NotFound(_("This community does not exist."), code="community_not_found")
        return [wanted]
    if not roles.leads:
        raise NotAllowed(_("Only the facilitators of a community see its dashboard."), code="facilitators_only")
    if community_id in (None, ""):
        return sorted(roles.leads)
    wanted = as_id(community_id, "community_id")
    if wanted not in roles.leads:
        raise NotFound(_("This community does not exist."), code="community_not_found")
    return [wanted]


def _folded(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def _grouped(rows):
    found = {}
    for key, count in rows:
        found[key] = count
    return found


def _first_per_community(queryset, order):
    """At most LIST_LIMIT rows per community, in one query (a window function)."""
    return queryset.annotate(rank=Window(RowNumber(), partition_by=[F("community_id")], order_by=order)).filter(
        rank__lte=LIST_LIMIT)


def _member_activity(community_ids, members):
    """``{user_id: (count, last)}`` of contributions in the given communities (four grouped queries)."""
    totals = {}

    def add(rows):
        for user_id, count, last in rows:
            if user_id in members:
                before = totals.get(user_id, (0, None))
                totals[user_id] = (before[0] + count, max(filter(None, (before[1], last)), default=None))

    add(Case.objects.filter(community_id__in=community_ids, presented_at__isnull=False).values("owner_id")
        .annotate(n=Count("id"), last=Max("presented_at")).values_list("owner_id", "n", "last"))
    add(CaseContribution.objects.filter(case__community_id__in=community_ids).values("author_id")
        .annotate(n=Count("id"), last=Max("created_at")).values_list("author_id", "n", "last"))
    add(Post.objects.filter(community_id__in=community_ids, deleted=False).values("author_id")
        .annotate(n=Count("id"), last=Max("created_at")).values_list("author_id", "n", "last"))
    add(Idea.objects.filter(brainstorm__community_id__in=community_ids).values("author_id")
        .annotate(n=Count("id"), last=Max("created_at")).values_list("author_id", "n", "last"))
    return totals


def dashboard(actor, *, community_id=None, silent_days=DEFAULT_SILENT_DAYS):
    """The ``Dashboard`` of the communities the actor leads (or the one asked for; staff: the one asked for).

    Raises NotAllowed (anonymous, not a facilitator), NotFound (not their community), InvalidInput.
    """
    silent_days = as_int(silent_days, "silent_days", 1, MAX_SILENT_DAYS)
    community_ids = _led(actor, community_id)
    now = timezone.now()
    today = timezone.localdate()
    communities = list(Community.objects.filter(id__in=community_ids).order_by("name", "id")
                       .values_list("id", "name", "archived"))
    placed = dict(Membership.objects.filter(community_id__in=community_ids).values_list("user_id", "community_id"))
    members = set(placed)

    # What waits: journal entries shared and not answered since they were shared (counts only).
    answered = JournalFeedback.objects.filter(entry=OuterRef("pk"), created_at__gte=OuterRef("shared_at"))
    shared = _grouped(JournalEntry.objects.filter(course_key=actor.course_key, user_id__in=list(members),
                                                  shared_at__isnull=False)
                      .filter(~Exists(answered)).values("user_id").annotate(n=Count("id"))
                      .values_list("user_id", "n"))
    shared_by_community = {}
    for user_id, count in shared.items():
        shared_by_community[placed[user_id]] = shared_by_community.get(placed[user_id], 0) + count
    reports = _grouped(Report.objects.filter(community_id__in=community_ids, outcome=Report.OPEN)
                       .values("community_id").annotate(n=Count("id")).values_list("community_id", "n"))
    pending = _grouped(Post.objects.filter(community_id__in=community_ids, status=Post.PENDING, deleted=False)
                       .values("community_id").annotate(n=Count("id")).values_list("community_id", "n"))

    # Late steps: the deadline of the case's current step has passed.
    due = CaseDeadline.objects.filter(case=OuterRef("pk"), step=OuterRef("step")).values("due_on")[:1]
    late_cases = (Case.objects.filter(community_id__in=community_ids, presented_at__isnull=False)
                  .annotate(due_on=Subquery(due)).filter(due_on__lt=today))
    late_counts = _grouped(late_cases.values("community_id").annotate(n=Count("id")).values_list("community_id", "n"))
    late_rows = list(_first_per_community(late_cases, [F("due_on").asc(), F("id").asc()]))
    # Steps to move: the current step has contributions, and none for QUIET_STEP.
    last_here = (CaseContribution.objects.filter(case=OuterRef("pk"), step=OuterRef("step"))
                 .order_by("-created_at").values("created_at")[:1])
    quiet_cases = (Case.objects.filter(community_id__in=community_ids, presented_at__isnull=False,
                                       step__lt=case_steps.LAST_STEP)
                   .annotate(last_at=Subquery(last_here)).filter(last_at__lt=now - QUIET_STEP))
    quiet_counts = _grouped(quiet_cases.values("community_id").annotate(n=Count("id"))
                            .values_list("community_id", "n"))
    quiet_rows = list(_first_per_community(quiet_cases, [F("last_at").asc(), F("id").asc()]))

    presenters = set(Case.objects.filter(community_id__in=community_ids, presented_at__isnull=False)
                     .values_list("community_id", "owner_id").distinct())
    activity = _member_activity(community_ids, members)
    named = people.names(actor.course_key, members | {row.owner_id for row in late_rows + quiet_rows if row.owner_id})
    panels = _panels(actor, community_ids)

    result = []
    cutoff = now - datetime.timedelta(days=silent_days)
    for community, name, archived in communities:
        mine = [user_id for user_id, placed_in in placed.items() if placed_in == community]
        not_presented = people.sort_people(named[user_id] for user_id in mine if (community, user_id) not in presenters)
        silent = people.sort_people(named[user_id] for user_id in mine
                                    if not activity.get(user_id, (0, None))[1]
                                    or activity[user_id][1] < cutoff)
        top = max([activity.get(user_id, (0, None))[0] for user_id in mine] or [0])
        balance = sorted(
            (MemberActivity(person=named[user_id], contributions=activity.get(user_id, (0, None))[0],
                            last_activity=(activity.get(user_id, (0, None))[1] or "") and
                            activity[user_id][1].isoformat(),
                            share=round(100 * activity.get(user_id, (0, None))[0] / top) if top else 0)
             for user_id in mine),
            key=lambda item: (-item.contributions, _folded(item.person.display_name)))
        result.append(CommunityDashboard(
            id=community, name=name, archived=archived, size=len(mine),
            waiting=Waiting(shared_entries=shared_by_community.get(community, 0), reports=reports.get(community, 0),
                            pending_posts=pending.get(community, 0), steps_to_move=quiet_counts.get(community, 0),
                            late_steps=late_counts.get(community, 0)),
            late=[
                CaseStep(id=row.id, title=row.title,
                         owner=named[row.owner_id].display_name if row.owner_id else _("Former member"),
                         step=row.step, step_name=case_steps.step_name(row.step), due_on=row.due_on.isoformat())
                for row in late_rows if row.community_id == community],
            to_move=[
                CaseStep(id=row.id, title=row.title,
                         owner=named[row.owner_id].display_name if row.owner_id else _("Former member"),
                         step=row.step, step_name=case_steps.step_name(row.step), quiet_since=row.last_at.isoformat())
                for row in quiet_rows if row.community_id == community],
            not_presented=not_presented[:LIST_LIMIT * 2], not_presented_total=len(not_presented),
            silent=silent[:LIST_LIMIT * 2], silent_total=len(silent),
            balance=balance,
            panels=panels.get(community, []),
        ))
    return Dashboard(silent_days=silent_days, communities=result)


def _panels(actor, community_ids):
    found = {}
    for key, provider in sorted(_PANELS.items()):
        try:
            for community_id, panel in (provider(actor, community_ids=community_ids) or {}).items():
                found.setdefault(community_id, []).append(panel)
        except Exception:  # pylint: disable=broad-except
            log.exception("The dashboard panel %s failed", key)
    return found


def waiting_counts(community_ids, course_key):
    """``{community_id: Waiting}`` without the case lists: the course team's view of the facilitators' load."""
    members = dict(Membership.objects.filter(community_id__in=community_ids).values_list("user_id", "community_id"))
    answered = JournalFeedback.objects.filter(entry=OuterRef("pk"), created_at__gte=OuterRef("shared_at"))
    shared = {}
    for user_id, count in (JournalEntry.objects.filter(course_key=course_key, user_id__in=list(members),
                                                       shared_at__isnull=False).filter(~Exists(answered))
                           .values("user_id").annotate(n=Count("id")).values_list("user_id", "n")):
        shared[members[user_id]] = shared.get(members[user_id], 0) + count
    reports = _grouped(Report.objects.filter(community_id__in=community_ids, outcome=Report.OPEN)
                       .values("community_id").annotate(n=Count("id")).values_list("community_id", "n"))
    pending = _grouped(Post.objects.filter(community_id__in=community_ids, status=Post.PENDING, deleted=False)
                       .values("community_id").annotate(n=Count("id")).values_list("community_id", "n"))
    return {community_id: Waiting(shared_entries=shared.get(community_id, 0), reports=reports.get(community_id, 0),
                                  pending_posts=pending.get(community_id, 0)) for community_id in community_ids}


def facilitators_of(community_ids):
    """``{community_id: [user_id]}`` (one query)."""
    found = {}
    for community_id, user_id in FacilitatorRole.objects.filter(community_id__in=community_ids).values_list(
            "community_id", "user_id"):
        found.setdefault(community_id, []).append(user_id)
    return found
