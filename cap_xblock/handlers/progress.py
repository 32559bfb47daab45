"""Completion and the optional participation grade: publishing them to the platform.

The rule lives in ``api.progress``, made of the parts the capabilities declare (each part's Studio
field, ``completion_*``, is one of its capability's ``fields``; ``graded`` and ``weight`` are defined in
``block.py``). This mixin reads the block's settings, asks for the learner's progress after the writes
that can change it (charter accepted, case presented, contribution written, journal entry created) and
on a visit, and publishes through ``platform``. Publishing never costs the learner their action: any
failure is logged.
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

        A part whose section the block does not show (cases, journal, sessions) is not
        asked: nobody could meet it.
        """
        return progress.effective_rule(self)

    def record_progress(self, actor, member_only=True, *, one_more=None):
        """Publish completion (once the rule is met) and the grade (when it changed) for ``actor``.

        Called after a write that may change the learner's progress, and on a visit. It runs once the
        request's transaction commits (at once outside one, as on a visit; never after a rollback): the
        write's locks are released by then, so the rows a write locks (a case, a thread) are not held while
        the progress is counted and published, and the counts read are the committed ones.
        ``one_more``: the key of the completion part the write added at most one to (``journal_entries``
        for a new entry); when the rule does not ask for it, or the learner had more than it asks before
        the write, nothing changed and the other parts are not counted. Never raises.
        """
        platform.after_commit(lambda: self._record_progress_now(actor, member_only, one_more))

    def _record_progress_now(self, actor, member_only, one_more):
        """``record_progress``'s work; returns the ``Progress`` or None (nothing left to publish, or nothing
        changed)."""
        try:
            if actor.is_anonymous or actor.is_staff:
                return None
            if self.completion_published and not self.graded:
                return None  # completion is never taken back: no query, nothing to publish
            rule = self.completion_rule()
            if one_more is not None and progress.unchanged_by_one_more(actor, rule=rule, part=one_more):
                return None
            state = progress.progress_of(actor, rule=rule)
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

        if not progress.rule_is_valid(progress.rule_as_asked(data)) or progress.effective_rule(data).is_empty:
            parts = progress.parts()
            validation.add(ValidationMessage(ValidationMessage.ERROR, _(
                # Translators: {parts} lists what completion may ask (« the charter accepted, cases taken part
                # in, ... »), {limits} how many of each may be asked (« cases taken part in: 0 to 20, ... »).
                "Completion: ask for at least one thing among the sections shown ({parts}); {limits}."
            ).format(parts=", ".join(str(part.label) for part in parts), limits=", ".join(
                # Translators: {part} is what completion counts (« journal entries written »), {most} a number.
                _("{part}: 0 to {most}").format(part=part.label, most=part.most)
                for part in parts if not part.yes_no))))
        weight = data.weight
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 < weight <= MAX_WEIGHT:
            validation.add(ValidationMessage(ValidationMessage.ERROR, _(
                # Translators: {most} is a number.
                "The weight of the grade must be above 0 and {most} at most.").format(most=int(MAX_WEIGHT))))
