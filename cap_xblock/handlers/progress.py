"""Completion and the optional participation grade: publishing them to the platform.

The rule lives in ``api.progress``; this mixin reads the block's settings (its Studio fields,
``completion_*``, ``graded`` and ``weight``, are defined in ``block.py``),
asks for the learner's progress after the writes that can change it
(charter accepted, case presented, contribution written, journal entry
created) and on a visit, and publishes through ``platform``. Publishing
never costs the learner their action: any failure is logged.
"""

import logging

from xblock.fields import Boolean, Float, Scope

from .. import platform
from ..api import progress
from ..i18n import gettext as _
from .host import BlockHost

log = logging.getLogger(__name__)

MAX_WEIGHT = 100.0


class ProgressHandlers(BlockHost):
    """Mixin of the block: custom completion and the participation grade."""

    has_custom_completion = True

    completion_published = Boolean(
        help="Whether completion was published for this learner (avoids publishing it again).",
        scope=Scope.user_state,
        default=False,
    )
    grade_published = Float(
        help="The last participation grade (fraction) published for this learner.",
        scope=Scope.user_state,
        default=None,
    )

    @property
    def has_score(self):
        """Scored only when the course team turned the participation grade on."""
        return bool(self.graded)

    def max_score(self):
        """The raw score is out of 1 (the share of the rule met); the platform applies ``weight``."""
        return 1.0

    def completion_rule(self):
        """The ``api.progress.CompletionRule`` of this block's settings.

        A part whose section the block does not show (cases, journal) is not
        asked: nobody could meet it.
        """
        return _effective_rule(self)

    def record_progress(self, actor, member_only=True):
        """Publish completion (once the rule is met) and the grade (when it changed) for ``actor``.

        Called after a write that may change the learner's progress, and on a
        visit. Returns the ``Progress`` or None (nothing left to publish: completion published, no grade);
        never raises.
        """
        try:
            if actor.is_anonymous or actor.is_staff:
                return None
            if self.completion_published and not self.graded:
                return None  # completion is never taken back: no query, nothing to publish
            state = progress.progress_of(actor, self.completion_rule())
            if member_only and not state.member:
                return state
            if state.met and not self.completion_published:
                if platform.publish_completion(self, 1.0):
                    self.completion_published = True
            if self.graded and self.grade_published != state.fraction:
                if platform.publish_grade(self, state.fraction, 1.0):
                    self.grade_published = state.fraction
            return state
        except Exception:  # pylint: disable=broad-except
            # Whatever happens here, the learner keeps what they just did.
            log.exception("Could not record the progress of a learner")
            return None

    def validate_progress_settings(self, validation, data):
        """Studio: the completion rule asks for something, within limits; the weight is in range."""
        from xblock.validation import ValidationMessage  # pylint: disable=import-outside-toplevel

        asked = progress.CompletionRule(charter=bool(data.completion_charter), cases=data.completion_cases,
                                        journal_entries=data.completion_journal_entries,
                                        sessions=getattr(data, "completion_sessions", 0))
        if not progress.rule_is_valid(asked) or _effective_rule(data).is_empty:
            validation.add(ValidationMessage(ValidationMessage.ERROR, _(
                # Translators: {cases} and {entries} are the largest numbers allowed.
                "Completion: ask for at least one thing among the sections shown (the charter, cases or journal "
                "entries); cases from 0 to {cases}, journal entries from 0 to {entries}."
            ).format(cases=progress.MAX_CASES, entries=progress.MAX_JOURNAL_ENTRIES)))
        weight = data.weight
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= MAX_WEIGHT:
            validation.add(ValidationMessage(ValidationMessage.ERROR, _(
                # Translators: {most} is a number.
                "The weight of the grade must be above 0 and {most} at most.").format(most=int(MAX_WEIGHT))))


def _effective_rule(settings):
    """The rule of ``settings`` (the block, or Studio's preview of it) without the parts of hidden sections."""
    shown = set(settings.sections or []) | {"charter"}
    cases = settings.completion_cases if isinstance(settings.completion_cases, int) else 0
    entries = settings.completion_journal_entries if isinstance(settings.completion_journal_entries, int) else 0
    attended = getattr(settings, "completion_sessions", 0)
    attended = attended if isinstance(attended, int) and not isinstance(attended, bool) else 0
    return progress.CompletionRule(
        charter=bool(settings.completion_charter),
        cases=max(0, cases) if "cases" in shown else 0,
        journal_entries=max(0, entries) if "journal" in shown else 0,
        sessions=max(0, attended) if "sessions" in shown else 0,
    )
