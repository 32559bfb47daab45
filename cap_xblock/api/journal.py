"""The reflective journal ("Journal réflexif"): private by default, shared on purpose.

Rules enforced here, whoever calls:

- An entry is read only by its author, unless the author shares it; a shared
  entry is read by the facilitators of the author's community *at the time of
  reading*. Peers, course staff (counts only, see ``journal_counts``) and
  facilitators of other communities get NotFound, as if it did not exist.
- Only the author writes, links, shares and withdraws an entry; only a
  facilitator who may read a shared entry gives feedback on it.
- A save names the ``version`` it is based on; a stale save is a Conflict and
  changes nothing.
- History: autosaves within ``VERSION_WINDOW`` of a version's start update
  that version; an explicit save (``checkpoint``) closes it, and so does time,
  so the next change opens a new version.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .. import permissions, platform, tasks
from ..errors import Conflict, InvalidInput, NotAllowed, NotFound
from ..i18n import gettext as _
from ..i18n import gettext_lazy
from ..models import (Brainstorm, Case, Community, FacilitatorRole, JournalEntry, JournalFeedback, JournalVersion,
                      Membership)
from ..models.journal import LINK_LABEL_LENGTH, TITLE_LENGTH
from . import paging, people
from .access import roles_of
from .data import Page
from .journal_data import EntryDetail, EntrySummary, Feedback, JournalCounts, VersionSummary
from .validation import as_bool, as_choice, as_id, as_int, as_page, as_text

PAGE_SIZE = 10
VERSION_WINDOW = timedelta(minutes=10)
MAX_PROMPTS = 12
PROMPT_LENGTH = 500
ANSWER_LENGTH = 20000
FREE_TEXT_LENGTH = 50000
FEEDBACK_LENGTH = 5000
EXCERPT_LENGTH = 160
# Bigger numbers are refused as input, never sent to the database: entry ids are big integers;
# version numbers and link targets are stored in (positive) integer columns.
MAX_NUMBER = 2 ** 31 - 1

# The default prompts, after Gibbs' reflective cycle (see the glossary).
DEFAULT_PROMPTS = (
    gettext_lazy("Description: what happened?"),
    gettext_lazy("Feelings: what were you feeling?"),
    gettext_lazy("Evaluation: what went well or badly?"),
    gettext_lazy("Analysis: how do you make sense of it?"),
    gettext_lazy("Conclusion: what do you take from it?"),
    gettext_lazy("Action plan: what will you do differently?"),
)


# --- helpers -----------------------------------------------------------------------


def prompts_for(configured):
    """The prompts a block shows: its author's, or the six default ones translated now."""
    prompts = [str(p).strip() for p in (configured or []) if str(p).strip()]
    return prompts or [str(prompt) for prompt in DEFAULT_PROMPTS]


def draft_key(actor):
    """An opaque key of ``actor`` in this block, for the drafts the browser keeps (``journal.js``).

    A keyed hash of the user and the block (Django's SECRET_KEY): the same person finds their draft again,
    the next person on the same computer never does, and the page never carries the user id itself.
    """
    permissions.require_authenticated(actor)
    value = f"{actor.course_key}|{actor.block_key}|{actor.user_id}"
    return salted_hmac("cap_xblock.journal.draft", value, algorithm="sha256").hexdigest()[:32]


def _iso(moment):
    return moment.isoformat() if moment else ""


def _all_text(answers, free_text):
    return "\n".join([answer.get("text", "") for answer in answers] + [free_text]).strip()


def _excerpt(row):
    text = " ".join(_all_text(row.answers, row.free_text).split())
    return text[:EXCERPT_LENGTH] + ("…" if len(text) > EXCERPT_LENGTH else "")


def _clean_answers(answers):
    if answers in (None, ""):
        return []
    if not isinstance(answers, list) or len(answers) > MAX_PROMPTS:
        raise InvalidInput(_("The answers to the prompts are not valid."), code="invalid_answers")
    cleaned = []
    for answer in answers:
        if not isinstance(answer, dict):
            raise InvalidInput(_("The answers to the prompts are not valid."), code="invalid_answers")
        cleaned.append({
            "prompt": as_text(answer.get("prompt"), "prompt", PROMPT_LENGTH, required=False),
            "text": as_text(answer.get("text"), "answer", ANSWER_LENGTH, required=False),
        })
    return cleaned


def _clean_content(title, answers, free_text):
    return (
        as_text(title, "title", TITLE_LENGTH, required=False),
        _clean_answers(answers),
        as_text(free_text, "free_text", FREE_TEXT_LENGTH, required=False),
    )


def _author_community(course_key, user_id):
    return (
        Membership.objects.filter(course_key=course_key, user_id=user_id)
        .values_list("community_id", flat=True).first()
    )


def _entry(actor, entry_id, lock=False):
    """The entry ``entry_id`` of the actor's course (any author). Raises NotFound."""
    permissions.require_authenticated(actor)
    entry_id = as_id(entry_id, "entry_id")
    query = JournalEntry.objects.select_for_update() if lock else JournalEntry.objects
    try:
        return query.get(id=entry_id, course_key=actor.course_key)
    except JournalEntry.DoesNotExist:
        raise _not_found() from None


def _not_found():
    return NotFound(_("This journal entry does not exist or is not shared with you."), code="entry_not_found")


def _own_entry(actor, entry_id, lock=False):
    """The actor's own entry. Anyone else's is NotFound."""
    entry = _entry(actor, entry_id, lock=lock)
    if entry.user_id != actor.user_id:
        raise _not_found()
    return entry


def _may_read_shared(actor, entry, roles=None):
    """A facilitator of the author's community, now, reads a shared entry. Staff status gives nothing."""
    if entry.shared_at is None:
        return False
    roles = roles or roles_of(actor)
    return permissions.can_read_shared_entry(roles, _author_community(entry.course_key, entry.user_id))


def _readable_entry(actor, entry_id):
    entry = _entry(actor, entry_id)
    if entry.user_id == actor.user_id or _may_read_shared(actor, entry):
        return entry
    raise _not_found()


def _summary(row, actor, feedback_count=0, author="", community=""):
    return EntrySummary(
        id=row.id, title=row.title, excerpt=_excerpt(row), length=len(_all_text(row.answers, row.free_text)),
        version=row.version, shared=row.shared_at is not None, updated_at=_iso(row.updated_at),
        this_block=row.block_key == actor.block_key, feedback_count=feedback_count, link_kind=row.link_kind,
        link_label=row.link_label, author=author, community=community, shared_at=_iso(row.shared_at),
    )


def _feedback_items(course_key, rows):
    named = people.names(course_key, {row.author_id for row in rows if row.author_id})
    return [
        Feedback(id=row.id, entry_id=row.entry_id, text=row.text, created_at=_iso(row.created_at),
                 author=named[row.author_id].display_name if row.author_id else _("A former facilitator"))
        for row in rows
    ]


def _detail(actor, entry, feedback_rows=None):
    """The ``EntryDetail`` of ``entry``; ``feedback_rows`` when they are known (``[]``: a new entry has none)."""
    feedback = _feedback_items(actor.course_key, list(entry.feedback.all()) if feedback_rows is None else feedback_rows)
    author = people.names(actor.course_key, [entry.user_id])[entry.user_id].display_name
    return EntryDetail(
        id=entry.id, title=entry.title, answers=entry.answers, free_text=entry.free_text, version=entry.version,
        shared=entry.shared_at is not None, created_at=_iso(entry.created_at), updated_at=_iso(entry.updated_at),
        is_author=entry.user_id == actor.user_id, author=author, link_kind=entry.link_kind,
        link_id=entry.link_id, link_label=entry.link_label, feedback=feedback,
    )


# --- writing -------------------------------------------------------------------------


def save_entry(actor, *, entry_id=None, title="", answers=None, free_text="", base_version=None, checkpoint=False):
    """Create an entry (no ``entry_id``) or save a new state of the actor's own entry.

    Returns the ``EntryDetail``. Raises NotAllowed (anonymous), InvalidInput
    (bad or empty content), NotFound (not their entry), Conflict
    (``stale_version``: the entry changed since ``base_version``; nothing is saved).
    """
    permissions.require_authenticated(actor)
    title, answers, free_text = _clean_content(title, answers, free_text)
    checkpoint = as_bool(checkpoint, "checkpoint")
    now = timezone.now()
    if entry_id in (None, ""):
        if not title and not _all_text(answers, free_text):
            raise InvalidInput(_("Write something before saving this entry."), code="empty_entry")
        with transaction.atomic():
            entry = JournalEntry.objects.create(
                course_key=actor.course_key, block_key=actor.block_key, user_id=actor.user_id, title=title,
                answers=answers, free_text=free_text, updated_at=now,
            )
            JournalVersion.objects.create(entry=entry, number=1, title=title, answers=answers, free_text=free_text,
                                          closed=checkpoint, started_at=now, saved_at=now)
        return _detail(actor, entry, feedback_rows=[])
    base_version = as_int(base_version, "base_version", 1, MAX_NUMBER)
    with transaction.atomic():
        entry = _own_entry(actor, entry_id, lock=True)
        if entry.version != base_version:
            raise Conflict(
                _("This entry was changed elsewhere (in another tab or device) since you opened it. "
                  "Your text is kept here: copy it, reload the entry, then paste what is missing."),
                code="stale_version", details={"version": entry.version},
            )
        latest = entry.versions.order_by("-number").first()
        if (title, answers, free_text) != (entry.title, entry.answers, entry.free_text):
            entry.title, entry.answers, entry.free_text = title, answers, free_text
            entry.version += 1
            entry.updated_at = now
            entry.save(update_fields=["title", "answers", "free_text", "version", "updated_at"])
            if latest is not None and not latest.closed and now - latest.started_at < VERSION_WINDOW:
                latest.title, latest.answers, latest.free_text = title, answers, free_text
                latest.saved_at, latest.closed = now, checkpoint
                latest.save()
            else:
                JournalVersion.objects.create(
                    entry=entry, number=(latest.number + 1) if latest else 1, title=title, answers=answers,
                    free_text=free_text, closed=checkpoint, started_at=now, saved_at=now,
                )
        elif checkpoint and latest is not None and not latest.closed:
            latest.closed = True
            latest.save(update_fields=["closed"])
    return _detail(actor, entry)


def share_entry(actor, *, entry_id):
    """Share the actor's entry with the facilitators of their community. Returns the ``EntryDetail``.

    Raises NotFound (not their entry), NotAllowed (``facilitator_journal_private``:
    a facilitator's own journal is a private practice journal, never shared),
    Conflict (``no_community``: they are in no community; ``no_facilitator``:
    their community has no facilitator yet).
    """
    with transaction.atomic():
        entry = _own_entry(actor, entry_id, lock=True)
        if FacilitatorRole.objects.filter(community__course_key=actor.course_key, user_id=actor.user_id).exists():
            raise NotAllowed(_("A facilitator's journal is a private practice journal: it is not shared."),
                             code="facilitator_journal_private")
        community_id = _author_community(actor.course_key, actor.user_id)
        if community_id is None:
            raise Conflict(_("You are not in a community yet: there is nobody to share this entry with."),
                           code="no_community")
        if not FacilitatorRole.objects.filter(community_id=community_id).exists():
            raise Conflict(_("Your community has no facilitator yet: there is nobody to share this entry with."),
                           code="no_facilitator")
        if entry.shared_at is None:
            entry.shared_at = timezone.now()
            entry.save(update_fields=["shared_at"])
    return _detail(actor, entry)


def withdraw_entry(actor, *, entry_id):
    """Stop sharing the actor's entry: facilitators no longer see it. Returns the ``EntryDetail``.

    Feedback already given stays, for the author only. Raises NotFound.
    """
    with transaction.atomic():
        entry = _own_entry(actor, entry_id, lock=True)
        if entry.shared_at is not None:
            entry.shared_at = None
            entry.save(update_fields=["shared_at"])
    return _detail(actor, entry)


def give_feedback(actor, *, entry_id, text):
    """A facilitator answers an entry shared with them. Returns the ``Feedback``.

    Raises InvalidInput, NotFound (not shared with them, or withdrawn).
    """
    text = as_text(text, "feedback", FEEDBACK_LENGTH)
    with transaction.atomic():
        entry = _entry(actor, entry_id, lock=True)
        if entry.user_id == actor.user_id or not _may_read_shared(actor, entry):
            raise _not_found()
        row = JournalFeedback.objects.create(entry=entry, author_id=actor.user_id, text=text)
    platform.defer(tasks.notify_journal_feedback, row.id)
    return _feedback_items(actor.course_key, [row])[0]


def link_entry(actor, *, entry_id, kind, target_id=None):
    """Link the actor's entry to one of their cases or brainstorms (``kind`` "" removes the link).

    The target is checked with the capability that owns it: what the actor may
    not see is NotFound. Returns the ``EntryDetail``. Raises InvalidInput, NotFound.
    """
    kind = as_choice(kind or "", "kind", ("", JournalEntry.CASE, JournalEntry.BRAINSTORM))
    entry = _own_entry(actor, entry_id)
    label, target = "", None
    if kind:
        target = as_int(target_id, "target_id", 1, MAX_NUMBER)
        label = _link_label(actor, kind, target)[:LINK_LABEL_LENGTH]
    with transaction.atomic():
        entry = _own_entry(actor, entry.id, lock=True)
        entry.link_kind, entry.link_id, entry.link_label = kind, target, label
        entry.save(update_fields=["link_kind", "link_id", "link_label"])
    return _detail(actor, entry)


def link_choices(actor, *, limit=20):
    """``{"cases": [{id, label}], "brainstorms": [{id, label}]}``: what the actor may link an entry to.

    The newest cases and brainstorms of the communities the actor is in or
    leads: cases of this activity (block) only, as ``link_entry`` accepts no
    other, brainstorms across the course's blocks; a case is offered once
    presented, or when it is the actor's own draft. Three queries.
    """
    permissions.require_authenticated(actor)
    roles = roles_of(actor)
    mine = set(roles.leads) | ({roles.member_of} if roles.member_of else set())
    cases = (Case.objects.filter(course_key=actor.course_key, block_key=actor.block_key, community_id__in=mine)
             .filter(Q(presented_at__isnull=False) | Q(owner_id=actor.user_id)).order_by("-id")
             .values_list("id", "title")[:limit])
    brainstorms = (Brainstorm.objects.filter(course_key=actor.course_key, community_id__in=mine).exclude(question="")
                   .order_by("-id").values_list("id", "question")[:limit])
    return {"cases": [{"id": i, "label": label} for i, label in cases],
            "brainstorms": [{"id": i, "label": label[:LINK_LABEL_LENGTH]} for i, label in brainstorms]}


def _link_label(actor, kind, target_id):
    # pylint: disable=import-outside-toplevel
    if kind == JournalEntry.CASE:
        from .cases import get_case_summary

        summary = get_case_summary(actor, case_id=target_id)
        return getattr(summary, "title", "") or str(target_id)
    from .brainstorm import get_brainstorm_summary

    summary = get_brainstorm_summary(actor, brainstorm_id=target_id)
    return getattr(summary, "question", "") or getattr(summary, "title", "") or str(target_id)


# --- reading ---------------------------------------------------------------------------


def get_entry(actor, *, entry_id):
    """The ``EntryDetail`` of an entry the actor may read (their own, or shared with them). Raises NotFound."""
    return _detail(actor, _readable_entry(actor, entry_id))


def _page_with_feedback_counts(rows, order, page):
    """``(rows, following)``: one page of ``rows`` in ``order``, each with ``feedback_count``, and whether
    another page follows.

    The page's ids are read first and only they are counted, so the cost stays
    the same however many entries there are.
    """
    ids, following = paging.page_rows(rows.order_by(*order).values_list("id", flat=True), page, PAGE_SIZE)
    found = {row.id: row for row in JournalEntry.objects.filter(id__in=ids).annotate(feedback_count=Count("feedback"))}
    return [found[entry_id] for entry_id in ids if entry_id in found], following


def list_entries(actor, *, scope="block", page=1):
    """A ``Page`` of the actor's own ``EntrySummary``, newest first, in this block or the whole course."""
    permissions.require_authenticated(actor)
    scope = as_choice(scope or "block", "scope", ("block", "course"))
    page = as_page(page)
    rows = JournalEntry.objects.filter(course_key=actor.course_key, user_id=actor.user_id)
    if scope == "block":
        rows = rows.filter(block_key=actor.block_key)
    counted = paging.count_up_to(rows)
    chunk, following = _page_with_feedback_counts(rows, ("-updated_at", "-id"), page)
    return paging.bounded_page([_summary(row, actor, row.feedback_count) for row in chunk], page=page,
                               page_size=PAGE_SIZE, counted=counted, following=following)


def list_shared(actor, *, page=1):
    """A ``Page`` of entries shared with the actor as facilitator, newest share first.

    Raises NotAllowed (``facilitators_only``) for anyone who facilitates no community, staff included.
    """
    permissions.require_authenticated(actor)
    page = as_page(page)
    roles = roles_of(actor)
    if not roles.leads:
        raise NotAllowed(_("Only facilitators read the entries shared with them."), code="facilitators_only")
    placed = dict(Membership.objects.filter(course_key=actor.course_key, community_id__in=roles.leads)
                  .values_list("user_id", "community_id"))
    rows = JournalEntry.objects.filter(course_key=actor.course_key, shared_at__isnull=False,
                                       user_id__in=list(placed))
    counted = paging.count_up_to(rows)
    chunk, following = _page_with_feedback_counts(rows, ("-shared_at", "-id"), page)
    named = people.names(actor.course_key, {row.user_id for row in chunk})
    community_names = dict(Community.objects.filter(id__in=roles.leads).values_list("id", "name"))
    items = [
        _summary(row, actor, row.feedback_count, author=named[row.user_id].display_name,
                 community=community_names.get(placed.get(row.user_id), ""))
        for row in chunk
    ]
    return paging.bounded_page(items, page=page, page_size=PAGE_SIZE, counted=counted, following=following)


def list_versions(actor, *, entry_id, page=1):
    """A ``Page`` of ``VersionSummary`` of the actor's own entry, newest first. Raises NotFound."""
    entry = _own_entry(actor, entry_id)
    page = as_page(page)
    rows = entry.versions.all()
    total = rows.count()
    items = [
        VersionSummary(number=row.number, saved_at=_iso(row.saved_at),
                       length=len(_all_text(row.answers, row.free_text)))
        for row in rows.order_by("-number")[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    ]
    return Page(items=items, page=page, page_size=PAGE_SIZE, total=total)


def get_version(actor, *, entry_id, number):
    """One earlier state of the actor's own entry: ``{number, saved_at, title, answers, free_text}``."""
    entry = _own_entry(actor, entry_id)
    number = as_int(number, "number", 1, MAX_NUMBER)
    row = entry.versions.filter(number=number).first()
    if row is None:
        raise NotFound(_("This version does not exist."), code="version_not_found")
    return {"number": row.number, "saved_at": _iso(row.saved_at), "title": row.title, "answers": row.answers,
            "free_text": row.free_text}


def journal_counts(actor):
    """``JournalCounts`` of the course, for course staff: numbers only. Raises NotAllowed."""
    permissions.require_manage_communities(actor)
    rows = JournalEntry.objects.filter(course_key=actor.course_key)
    numbers = rows.aggregate(entries=Count("id"), authors=Count("user_id", distinct=True))
    return JournalCounts(
        entries=numbers["entries"], authors=numbers["authors"],
        shared=rows.filter(shared_at__isnull=False).count(),
        feedback=JournalFeedback.objects.filter(entry__course_key=actor.course_key).count(),
    )


def all_own_entries(actor):
    """Every entry of the actor in the course, oldest first, with its feedback: for downloads."""
    permissions.require_authenticated(actor)
    rows = list(JournalEntry.objects.filter(course_key=actor.course_key, user_id=actor.user_id)
                .prefetch_related("feedback").order_by("created_at", "id"))
    feedback_rows = [item for row in rows for item in row.feedback.all()]
    named = _feedback_items(actor.course_key, feedback_rows)
    by_id = {item.id: item for item in named}
    return [
        EntryDetail(
            id=row.id, title=row.title, answers=row.answers, free_text=row.free_text, version=row.version,
            shared=row.shared_at is not None, created_at=_iso(row.created_at), updated_at=_iso(row.updated_at),
            is_author=True, author=actor.display_name, link_kind=row.link_kind, link_id=row.link_id,
            link_label=row.link_label, feedback=[by_id[item.id] for item in row.feedback.all()],
        )
        for row in rows
    ]


def entries_written(actor, *, community_id=None):  # pylint: disable=unused-argument
    """How many journal entries the actor wrote in this activity. Counted, never read.

    The counter of the completion rule's part « journal entries written » (``capabilities/journal.py``).
    """
    return JournalEntry.objects.filter(course_key=actor.course_key, block_key=actor.block_key,
                                       user_id=actor.user_id).count()


def retire_user(user_id):
    """Their entries go with their versions and the feedback about them (cascade); feedback they wrote as
    facilitator stays for its reader, unsigned."""
    touched = JournalEntry.objects.filter(user_id=user_id).delete()[0]
    touched += JournalFeedback.objects.filter(author_id=user_id).update(author_id="")
    return touched
