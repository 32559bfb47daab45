"""Brainstorming (« Remue-méninges ») of a community on the block's guiding question.

Members add ideas and spread a budget of votes over them, one vote per idea;
the facilitator groups ideas into themes, closes the vote and marks the ideas
the community retains. Every write checks the actor, validates its input and
runs in one transaction; totals are counted from vote rows. A vote decision
locks the brainstorm's row, so the budget holds under concurrent clicks.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from .. import permissions
from ..errors import Conflict, NotAllowed, NotFound, TooManyRequests
from ..i18n import gettext as _
from ..models import Brainstorm, Idea, Participant, Theme, Vote
from ..models.brainstorm import IDEA_TEXT_LENGTH, THEME_NAME_LENGTH
from . import gate, people, tables
from .access import resolve_community, roles_of
from .brainstorm_data import BrainstormSettings, BrainstormSummary, BrainstormView, IdeaItem, NewIdea, ThemeItem
from .data import Page
from .validation import as_bool, as_id, as_page, as_text

PAGE_SIZE = 10
MAX_THEMES = 20
MAX_IDEAS_PER_PERSON = 30
DEFAULT_BUDGET = 3
MIN_BUDGET = 1
MAX_BUDGET = 20
NO_THEME = "none"


# --- finding the brainstorm ---------------------------------------------------


def _not_found():
    return NotFound(_("This brainstorm does not exist."), code="brainstorm_not_found")


def budget_of(budget):
    """The block's vote budget, kept within the bounds Studio allows."""
    try:
        return min(MAX_BUDGET, max(MIN_BUDGET, int(budget)))
    except (TypeError, ValueError):
        return DEFAULT_BUDGET


def _budget(settings):
    """The vote budget of the block whose ``BrainstormSettings`` are ``settings`` (None: the default)."""
    return budget_of((settings or BrainstormSettings()).vote_budget)


def _load(actor, brainstorm_id, same_block=True):
    """The brainstorm row ``actor`` may see, and their Roles. Raises NotAllowed, InvalidInput, NotFound."""
    permissions.require_authenticated(actor)
    where = {"id": as_id(brainstorm_id, "brainstorm_id"), "course_key": actor.course_key}
    if same_block:
        where["block_key"] = actor.block_key
    # One filter and no ordering: an id names one row at most (the ORM work is a write's CPU).
    found = list(Brainstorm.objects.filter(**where)[:1])
    if not found:
        raise _not_found()
    row = found[0]
    roles = roles_of(actor)
    if not permissions.can_see_community(roles, row.community_id):
        raise _not_found()
    return row, roles


def _locked(row):
    """Lock the brainstorm's row and read it again, for a decision that changes it (inside ``transaction.atomic()``)."""
    return Brainstorm.objects.select_for_update().get(id=row.id)


def _locked_status(row):
    """Lock the brainstorm's row for a decision and read its status again (inside ``transaction.atomic()``):
    the rest of the row was read just before and does not change. Raises NotFound when the row vanished."""
    status = list(Brainstorm.objects.select_for_update().filter(id=row.id).values_list("status", flat=True))
    if not status:
        raise _not_found()
    return status[0]


def _shared_status(row):
    """Hold the brainstorm's row in share mode (inside ``transaction.atomic()``) and read its status again.
    Raises NotFound when the row vanished."""
    held = tables.lock_shared(Brainstorm, row.id, columns=("status",))
    if not held:
        raise _not_found()
    return held[0][0]


def _load_for_facilitation(actor, brainstorm_id):
    """The brainstorm and the actor's roles, once the actor may act on it as its facilitator."""
    row, roles = _load(actor, brainstorm_id)
    gate.require_can_write(actor, community_id=row.community_id, roles=roles)
    _require_facilitator(roles, row)
    return row, roles


def _require_facilitator(roles, row):
    if not permissions.can_facilitate(roles, row.community_id):
        raise NotAllowed(_("Only the community's facilitator can do this."), code="facilitators_only")


def _require_open(row):
    if row.status != Brainstorm.OPEN:
        raise Conflict(_("The vote is closed: the facilitator has ended this brainstorm."), code="vote_closed")


def _idea(row, idea_id):
    found = list(Idea.objects.filter(id=as_id(idea_id, "idea_id"), brainstorm_id=row.id)[:1])
    if not found:
        raise NotFound(_("This idea does not exist."), code="idea_not_found")
    return found[0]


def get_brainstorm_summary(actor, *, brainstorm_id):
    """``BrainstormSummary`` of a brainstorm of the actor's course, in any block.

    Raises NotAllowed (anonymous), InvalidInput (bad id), NotFound (no such
    brainstorm, or one of a community the actor may not see).
    """
    row, _roles = _load(actor, brainstorm_id, same_block=False)
    return BrainstormSummary(id=row.id, question=row.question, community_id=row.community_id)


def _open(actor, question, community_id=None):
    """This block's brainstorm row in the actor's community, created on first use, and their Roles."""
    if community_id not in (None, ""):
        community_id = as_id(community_id, "community_id")
    community_id, roles = resolve_community(actor, community_id=community_id)
    question = (question or "").strip()
    row = Brainstorm.objects.filter(block_key=actor.block_key, community_id=community_id).first()
    if row is None:
        try:
            with transaction.atomic():
                row = Brainstorm.objects.create(course_key=actor.course_key, block_key=actor.block_key,
                                                community_id=community_id, question=question)
        except IntegrityError:
            row = Brainstorm.objects.get(block_key=actor.block_key, community_id=community_id)
    elif question and row.question != question and row.status == Brainstorm.OPEN:
        Brainstorm.objects.filter(id=row.id).update(question=question)
        row.question = question
    return row, roles


def open_brainstorm(actor, *, question, community_id=None):
    """The ``BrainstormSummary`` of this block's brainstorm in the actor's community, created on first use.

    ``question`` is the block's guiding question; it is kept in step while the
    vote is open. Raises what ``access.resolve_community`` raises.
    """
    row, _roles = _open(actor, question, community_id)
    return BrainstormSummary(id=row.id, question=row.question, community_id=row.community_id)


# --- what a person sees -------------------------------------------------------------


def _themes(row, show_votes):
    """Every theme of ``row`` with counts, in one query (there are at most MAX_THEMES).

    Vote totals only when ``show_votes``: a theme of one idea would tell that idea's total.
    """
    rows = Theme.objects.filter(brainstorm_id=row.id).annotate(idea_count=Count("ideas", distinct=True))
    if show_votes:
        rows = rows.annotate(vote_count=Count("ideas__votes"))
    return [
        ThemeItem(id=theme.id, name=theme.name, ideas=theme.idea_count,
                  votes=theme.vote_count if show_votes else None)
        for theme in rows.order_by("name", "id")
    ]


def _items(rows, actor, named, voted, show_votes, *, first_rank=None, moderating=False):
    items = []
    for index, idea in enumerate(rows):
        author = named[idea.author_id].display_name if idea.author_id else _("Former member")
        mine = bool(idea.author_id) and idea.author_id == actor.user_id
        # A hidden idea keeps its place (and its votes) but not its text, except for its author and the facilitators.
        shown = not idea.hidden or mine or moderating
        items.append(IdeaItem(
            id=idea.id, text=idea.text if shown else "", author=author, mine=mine,
            theme_id=idea.theme_id, theme=idea.theme.name if idea.theme_id else "",
            votes=idea.vote_count if show_votes else None, voted=idea.id in voted, retained=idea.retained,
            rank=None if first_rank is None else first_rank + index,
            hidden=idea.hidden, moderation_reason=idea.moderation_reason if (mine or moderating) else "",
        ))
    return items


def brainstorm_view(actor, *, question, settings=None, community_id=None, page=1, results_page=1, theme=""):
    """``BrainstormView`` of this block's brainstorm for ``actor``, in a constant number of queries.

    ``page`` pages the ideas (newest first, ``theme`` keeps one theme's or,
    with "none", those without a theme); ``results_page`` pages the ranked
    results, shown once the vote is closed (and to facilitators at any time).
    ``settings`` is the block's ``BrainstormSettings`` (its ``vote_budget``).
    ``question`` is the block's guiding question, kept in step while the vote is
    open; empty, the stored one stays (for a part that does not draw it).
    Raises NotAllowed, InvalidInput, NotFound.
    """
    row, roles = _open(actor, question, community_id)
    page, results_page = as_page(page), as_page(results_page)
    budget = _budget(settings)
    can_facilitate = permissions.can_facilitate(roles, row.community_id)
    closed = row.status == Brainstorm.CLOSED
    show_votes = closed or can_facilitate
    every = Idea.objects.filter(brainstorm_id=row.id)
    theme = theme or ""
    only = Q()
    if theme == NO_THEME:
        only = Q(theme__isnull=True)
    elif theme:
        only = Q(theme_id=as_id(theme, "theme"))
    total = every.filter(only).count()
    counted = every.select_related("theme").annotate(vote_count=Count("votes"))
    # The page's ids first, then votes counted for those ideas only: the cost does not grow with the ideas.
    page_ids = list(every.filter(only).order_by("-id").values_list("id", flat=True)[
        (page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    ideas = sorted(counted.filter(id__in=page_ids), key=lambda idea: -idea.id)
    ranked, top_votes, results_total = [], 0, 0
    if show_votes:
        results_total = total if not theme else every.count()
        ranked = list(counted.order_by("-vote_count", "id")[(results_page - 1) * PAGE_SIZE : results_page * PAGE_SIZE])
        top_votes = ranked[0].vote_count if results_page == 1 and ranked else (
            counted.order_by("-vote_count").values_list("vote_count", flat=True).first() or 0)
    voted = set(Vote.objects.filter(brainstorm_id=row.id, voter_id=actor.user_id).values_list("idea_id", flat=True))
    named = people.names(actor.course_key, {idea.author_id for idea in ideas + ranked if idea.author_id})
    can_vote = (permissions.is_member(roles, row.community_id) and not closed
                and not permissions.is_read_only(roles, row.community_id))
    results = None
    if show_votes:
        results = Page(items=_items(ranked, actor, named, voted, True, first_rank=(results_page - 1) * PAGE_SIZE + 1,
                                    moderating=can_facilitate),
                       page=results_page, page_size=PAGE_SIZE, total=results_total)
    return BrainstormView(
        id=row.id, question=row.question, community_id=row.community_id, status=row.status,
        can_facilitate=can_facilitate, can_vote=can_vote, budget=budget,
        votes_left=max(0, budget - len(voted)) if permissions.is_member(roles, row.community_id) else 0,
        themes=_themes(row, show_votes),
        ideas=Page(items=_items(ideas, actor, named, voted, show_votes, moderating=can_facilitate), page=page,
                   page_size=PAGE_SIZE, total=total),
        results=results, top_votes=top_votes, theme_filter=theme,
    )


# --- members: ideas and votes ----------------------------------------------------------


def _insert_idea(actor, brainstorm_id, text):
    """Add the idea once every rule holds; returns the brainstorm row, the actor's Roles, the new Idea and
    the number of ideas the brainstorm holds with it."""
    row, roles = _load(actor, brainstorm_id)
    gate.require_can_write(actor, community_id=row.community_id, roles=roles)
    text = as_text(text, "text", IDEA_TEXT_LENGTH)
    with transaction.atomic():
        # The brainstorm in share mode (decision 34): ideas go side by side, closing the vote waits for them and
        # they for it; its phase is read again while held. The person's own row is the lock of their count of
        # ideas (decision 17): two ideas they send at once are counted one after the other.
        row.status = _shared_status(row)
        _require_open(row)
        list(Participant.objects.select_for_update().filter(course_key=actor.course_key, user_id=actor.user_id)
             .values_list("id", flat=True))
        counts = Idea.objects.filter(brainstorm_id=row.id).aggregate(
            total=Count("id"), mine=Count("id", filter=Q(author_id=actor.user_id)))
        if counts["mine"] >= MAX_IDEAS_PER_PERSON:
            raise TooManyRequests(
                # Translators: {count} is a number of ideas.
                _("You have already added {count} ideas to this brainstorm.").format(count=MAX_IDEAS_PER_PERSON),
                code="too_many_ideas",
            )
        idea = Idea.objects.create(brainstorm_id=row.id, author_id=actor.user_id, text=text)
    return row, roles, idea, counts["total"] + 1


def add_idea(actor, *, brainstorm_id, text):
    """Add an idea to an open brainstorm; returns its id.

    Raises NotAllowed, InvalidInput, NotFound, Conflict (``vote_closed``),
    TooManyRequests (``too_many_ideas``: MAX_IDEAS_PER_PERSON per person).
    """
    _row, _roles, idea, _total = _insert_idea(actor, brainstorm_id, text)
    return idea.id


def add_idea_item(actor, *, brainstorm_id, text):
    """Add an idea like ``add_idea``; returns the ``NewIdea``: the idea as its author sees it and the
    brainstorm's count of ideas, without reading the brainstorm's page again (one query more: the
    author's name). Raises like ``add_idea``.
    """
    row, roles, idea, total = _insert_idea(actor, brainstorm_id, text)
    can_facilitate = permissions.can_facilitate(roles, row.community_id)
    author = people.names(actor.course_key, {idea.author_id})[idea.author_id].display_name
    # The vote is open (checked under the lock): only facilitators see totals, and a new idea has none.
    item = IdeaItem(id=idea.id, text=idea.text, author=author, mine=True, theme_id=None, theme="",
                    votes=0 if can_facilitate else None, voted=False, retained=False)
    return NewIdea(
        id=row.id, community_id=row.community_id, status=row.status,
        can_vote=permissions.is_member(roles, row.community_id) and not permissions.is_read_only(
            roles, row.community_id),
        can_facilitate=can_facilitate, idea=item, total=total, page_size=PAGE_SIZE,
    )


def _require_voter(actor, roles, row):
    gate.require_can_write(actor, community_id=row.community_id, roles=roles)
    if not permissions.is_member(roles, row.community_id):
        raise NotAllowed(_("Only the community's members vote; facilitators keep the process."),
                         code="members_only")


def cast_vote(actor, *, brainstorm_id, idea_id, settings=None):
    """Give one of the actor's votes to an idea; returns the votes they have left.

    Voting twice for the same idea changes nothing; ``settings`` is the block's
    ``BrainstormSettings`` (its ``vote_budget``). Raises NotAllowed (``members_only``),
    NotFound, Conflict (``vote_closed``, ``no_votes_left``).
    """
    row, roles = _load(actor, brainstorm_id)
    _require_voter(actor, roles, row)
    budget = _budget(settings)
    try:
        with transaction.atomic():
            row.status = _locked_status(row)
            _require_open(row)
            idea = _idea(row, idea_id)
            mine = set(Vote.objects.filter(brainstorm_id=row.id, voter_id=actor.user_id)
                       .values_list("idea_id", flat=True))
            if idea.id not in mine:
                if idea.hidden:
                    raise Conflict(_("This idea was hidden by the facilitation: it takes no more votes."),
                                   code="hidden")
                if len(mine) >= budget:
                    raise Conflict(
                        # Translators: {budget} is the number of votes each member has.
                        _("You have used your {budget} votes. Withdraw one to vote for this idea.").format(
                            budget=budget),
                        code="no_votes_left",
                    )
                Vote.objects.create(brainstorm_id=row.id, idea_id=idea.id, voter_id=actor.user_id)
                mine.add(idea.id)
    except IntegrityError:
        # The same click arrived twice at once: the vote exists, which is what was asked.
        mine = set(Vote.objects.filter(brainstorm_id=row.id, voter_id=actor.user_id).values_list("idea_id", flat=True))
    return max(0, budget - len(mine))


def withdraw_vote(actor, *, brainstorm_id, idea_id, settings=None):
    """Take back the actor's vote on an idea; returns the votes they have left. Raises like ``cast_vote``."""
    row, roles = _load(actor, brainstorm_id)
    _require_voter(actor, roles, row)
    with transaction.atomic():
        row.status = _locked_status(row)
        _require_open(row)
        idea = _idea(row, idea_id)
        Vote.objects.filter(idea_id=idea.id, voter_id=actor.user_id).delete()
        used = Vote.objects.filter(brainstorm_id=row.id, voter_id=actor.user_id).count()
    return max(0, _budget(settings) - used)


# --- facilitators: themes, closing, retaining ------------------------------------------------


def _theme_name(row, name, exclude_id=None):
    name = as_text(name, "name", THEME_NAME_LENGTH)
    taken = Theme.objects.filter(brainstorm_id=row.id, name__iexact=name)
    if exclude_id:
        taken = taken.exclude(id=exclude_id)
    if taken.exists():
        raise _theme_taken(name)
    return name


def _theme_taken(name):
    # Translators: {name} is the name of a theme of the brainstorm.
    return Conflict(_("A theme named « {name} » already exists.").format(name=name), code="theme_name_taken")


def create_theme(actor, *, brainstorm_id, name):
    """Open a theme to group ideas under; returns its ``ThemeItem``. Facilitators only.

    Raises NotAllowed, InvalidInput, NotFound, Conflict (``theme_name_taken``, ``too_many_themes``).
    """
    row, _roles = _load_for_facilitation(actor, brainstorm_id)
    try:
        with transaction.atomic():
            row.status = _locked_status(row)
            name = _theme_name(row, name)
            if Theme.objects.filter(brainstorm_id=row.id).count() >= MAX_THEMES:
                raise Conflict(
                    # Translators: {count} is the largest number of themes.
                    _("A brainstorm has {count} themes at most.").format(count=MAX_THEMES), code="too_many_themes")
            theme = Theme.objects.create(brainstorm_id=row.id, name=name)
    except IntegrityError:
        raise _theme_taken(name) from None
    return ThemeItem(id=theme.id, name=theme.name)


def rename_theme(actor, *, brainstorm_id, theme_id, name):
    """Give a theme a new name; returns its ``ThemeItem``. Facilitators only. Raises like ``create_theme``."""
    row, _roles = _load_for_facilitation(actor, brainstorm_id)
    theme_id = as_id(theme_id, "theme_id")
    try:
        with transaction.atomic():
            row.status = _locked_status(row)
            theme = Theme.objects.filter(id=theme_id, brainstorm_id=row.id).first()
            if theme is None:
                raise NotFound(_("This theme does not exist."), code="theme_not_found")
            theme.name = _theme_name(row, name, exclude_id=theme.id)
            theme.save(update_fields=["name"])
    except IntegrityError:
        raise _theme_taken(name) from None
    return ThemeItem(id=theme.id, name=theme.name)


def assign_theme(actor, *, brainstorm_id, idea_id, theme_id):
    """Put an idea under a theme (``theme_id`` empty: under none). Facilitators only. Raises NotFound, NotAllowed."""
    row, _roles = _load_for_facilitation(actor, brainstorm_id)
    with transaction.atomic():
        idea = _idea(row, idea_id)
        theme = None
        if theme_id not in (None, ""):
            theme = Theme.objects.filter(id=as_id(theme_id, "theme_id"), brainstorm_id=row.id).first()
            if theme is None:
                raise NotFound(_("This theme does not exist."), code="theme_not_found")
        Idea.objects.filter(id=idea.id).update(theme=theme)
    return theme.id if theme else None


def set_status(actor, *, brainstorm_id, closed):
    """Close the vote (``closed`` true) or open it again; returns the status. Facilitators only."""
    row, _roles = _load_for_facilitation(actor, brainstorm_id)
    closed = as_bool(closed, "closed")
    with transaction.atomic():
        row = _locked(row)
        row.status = Brainstorm.CLOSED if closed else Brainstorm.OPEN
        row.closed_at = timezone.now() if closed else None
        row.closed_by = actor.user_id if closed else ""
        row.save(update_fields=["status", "closed_at", "closed_by"])
    return row.status


def set_retained(actor, *, brainstorm_id, idea_id, retained):
    """Mark an idea as retained by the community, or not, once the vote is closed. Facilitators only.

    Raises NotAllowed, NotFound, Conflict (``vote_open``).
    """
    row, _roles = _load_for_facilitation(actor, brainstorm_id)
    retained = as_bool(retained, "retained")
    with transaction.atomic():
        row.status = _locked_status(row)
        if row.status != Brainstorm.CLOSED:
            raise Conflict(_("Close the vote before marking the ideas the community retains."), code="vote_open")
        idea = _idea(row, idea_id)
        Idea.objects.filter(id=idea.id).update(retained=retained)
    return retained


def retire_user(user_id):
    """Their ideas stay for the community, unsigned; their votes still count, under a token that points to nobody."""
    touched = Idea.objects.filter(author_id=user_id).update(author_id="")
    touched += Vote.objects.filter(voter_id=user_id).update(voter_id=people.retired_token())
    touched += Brainstorm.objects.filter(closed_by=user_id).update(closed_by="")
    return touched
