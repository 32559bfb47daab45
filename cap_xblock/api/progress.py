"""What completes a CAP activity for a learner, and the participation grade that follows from it.

The course team chooses the rule in Studio (``CompletionRule``): the
community charter accepted, taking part in N cases of the activity
(presenting one's own case or writing in a step of any case), writing N
journal entries in the activity. Everything is counted from rows; a journal
entry is counted, never read.

The fraction of the rule met is the mean, over the parts the rule asks for,
of ``min(1, done / asked)`` (the charter part is 0 or 1). It is the
participation grade (out of 1) when the course team turns the grade on, and
the activity is complete when it reaches 1.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from ..models import Attendance, Case, CaseContribution, JournalEntry
from . import charter
from .access import roles_of

MAX_CASES = 20
MAX_JOURNAL_ENTRIES = 50
MAX_SESSIONS = 50


@dataclass(frozen=True)
class CompletionRule:
    """What a learner must have done for the activity to be complete (all the parts asked for)."""

    charter: bool = True
    cases: int = 1  # took part in this many cases of the activity; 0: not asked
    journal_entries: int = 0  # wrote this many journal entries in the activity; 0: not asked
    sessions: int = 0  # was recorded present at this many sessions of the course; 0: not asked

    @property
    def is_empty(self):
        return not self.charter and not self.cases and not self.journal_entries and not self.sessions


@dataclass(frozen=True)
class Progress:
    """How far one learner is along the rule of one activity. Counts only, never text."""

    charter_accepted: bool
    cases: int
    journal_entries: int
    fraction: float  # 0.0 .. 1.0
    member: bool  # in a community of the course (only members are given completion and grade)
    sessions: int = 0  # sessions attended (recorded present by the facilitator)

    @property
    def met(self):
        return self.member and self.fraction >= 1.0


def rule_is_valid(rule):
    """Whether ``rule`` asks for something, within the limits (Studio's validation)."""
    return (not rule.is_empty and isinstance(rule.cases, int) and isinstance(rule.journal_entries, int)
            and isinstance(rule.sessions, int)
            and 0 <= rule.cases <= MAX_CASES and 0 <= rule.journal_entries <= MAX_JOURNAL_ENTRIES
            and 0 <= rule.sessions <= MAX_SESSIONS)


def fraction_of(rule, charter_accepted, cases, journal_entries, sessions=0):
    """The fraction of ``rule`` met by these counts (1.0 for a rule that asks nothing)."""
    parts = []
    if rule.charter:
        parts.append(1.0 if charter_accepted else 0.0)
    if rule.cases:
        parts.append(min(1.0, cases / rule.cases))
    if rule.journal_entries:
        parts.append(min(1.0, journal_entries / rule.journal_entries))
    if rule.sessions:
        parts.append(min(1.0, sessions / rule.sessions))
    if not parts:
        return 1.0
    return round(sum(parts) / len(parts), 4)


def cases_taken_part_in(actor):
    """How many cases of the actor's activity they presented or wrote in (each case counts once; one query)."""
    wrote_in = CaseContribution.objects.filter(
        case=OuterRef("pk"), author_id=actor.user_id,
        hidden=False,  # a contribution the facilitation hid does not count
    )
    return Case.objects.filter(course_key=actor.course_key, block_key=actor.block_key).filter(
        Q(owner_id=actor.user_id, presented_at__isnull=False) | Q(Exists(wrote_in))).count()


def journal_entries_written(actor):
    """How many journal entries the actor wrote in this activity. Counted, never read."""
    return JournalEntry.objects.filter(course_key=actor.course_key, block_key=actor.block_key,
                                       user_id=actor.user_id).count()


def sessions_attended(actor):
    """How many sessions of the course the actor was recorded present at (cancelled ones do not count)."""
    return Attendance.objects.filter(session__course_key=actor.course_key, session__cancelled_at__isnull=True,
                                     user_id=actor.user_id, status=Attendance.PRESENT).count()


def progress_of(actor, rule):
    """``Progress`` of ``actor`` on ``rule`` in their activity (at most five queries, one per part asked
    and the roles when the request has not read them; none for the anonymous)."""
    if actor.is_anonymous:
        return Progress(charter_accepted=False, cases=0, journal_entries=0, fraction=0.0, member=False)
    community_id = roles_of(actor).member_of
    accepted = bool(community_id) and rule.charter and charter.has_accepted(actor, community_id)
    cases = cases_taken_part_in(actor) if rule.cases else 0
    entries = journal_entries_written(actor) if rule.journal_entries else 0
    attended = sessions_attended(actor) if rule.sessions else 0
    return Progress(charter_accepted=bool(accepted), cases=cases, journal_entries=entries,
                    fraction=fraction_of(rule, accepted, cases, entries, attended), member=community_id is not None,
                    sessions=attended)
