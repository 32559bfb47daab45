"""The six steps of co-development and who may write what in each (Payette and Champagne).

| step | who writes | kind |
| --- | --- | --- |
| 1 Case presentation | the case owner edits the case (title, context, problem, tried) | - |
| 2 Clarifying questions | consultants ask; the owner answers a question | question / answer |
| 3 Contract | the case owner only | contract |
| 4 Consultation | consultants only; the owner listens | suggestion |
| 5 Synthesis and action plan | the case owner only | synthesis |
| 6 Learnings | everyone, the owner included | learning |

Consultants are the people who take part in the community (members,
its facilitators, course staff) other than the case owner.
"""

from ..errors import Conflict, InvalidInput, NotAllowed
from ..i18n import gettext as _
from ..i18n import gettext_lazy
from ..models import CaseContribution

FIRST_STEP = 1
LAST_STEP = 6
STEP_NAMES = {
    1: gettext_lazy("Case presentation"),
    2: gettext_lazy("Clarifying questions"),
    3: gettext_lazy("Contract"),
    4: gettext_lazy("Consultation"),
    5: gettext_lazy("Synthesis and action plan"),
    6: gettext_lazy("Learnings"),
}
KIND_NAMES = {
    CaseContribution.QUESTION: gettext_lazy("Question"),
    CaseContribution.ANSWER: gettext_lazy("Answer"),
    CaseContribution.CONTRACT: gettext_lazy("Contract"),
    CaseContribution.SUGGESTION: gettext_lazy("Suggestion"),
    CaseContribution.SYNTHESIS: gettext_lazy("Synthesis and action plan"),
    CaseContribution.LEARNING: gettext_lazy("Learning"),
    CaseContribution.NOTE: gettext_lazy("Session notes"),
}


def step_name(step):
    """The translated name of a step (1..6)."""
    return str(STEP_NAMES[step])


def kind_for(step, is_owner, reply_to=None):
    """The kind of contribution a person may write now, or the refusal.

    ``reply_to`` is the question the owner answers in step 2. Raises Conflict
    ``wrong_step`` (nothing is written in step 1), NotAllowed ``owner_only``,
    ``consultants_only``, ``owner_listens``, InvalidInput ``reply_not_allowed``.
    """
    if step == 2:
        if is_owner:
            if reply_to is None:
                raise NotAllowed(_("Consultants ask the clarifying questions; you answer them."),
                                 code="consultants_only")
            return CaseContribution.ANSWER
        if reply_to is not None:
            raise NotAllowed(_("Only the case owner answers the clarifying questions."), code="owner_only")
        return CaseContribution.QUESTION
    if reply_to is not None:
        raise InvalidInput(_("Answers are only written during the clarifying questions."), code="reply_not_allowed")
    if step in (3, 5):
        if not is_owner:
            raise NotAllowed(_("Only the case owner writes in this step."), code="owner_only")
        return CaseContribution.CONTRACT if step == 3 else CaseContribution.SYNTHESIS
    if step == 4:
        if is_owner:
            raise NotAllowed(_("During the consultation, the case owner listens and does not reply."),
                             code="owner_listens")
        return CaseContribution.SUGGESTION
    if step == 6:
        return CaseContribution.LEARNING
    raise Conflict(_("Nothing is written in this step: the case owner presents the case."), code="wrong_step")


def may_write(step, is_owner):
    """Whether a person has a form to write in ``step`` (the owner answers through the questions)."""
    return step == 6 or (step in (3, 5) and is_owner) or (step in (2, 4) and not is_owner)


def expectation(is_draft, step, is_owner, done):
    """What this person is expected to do now, as a translated sentence.

    ``done`` tells whether they already did their part of this step.
    """
    if is_draft:
        return _("Your draft is visible only to you. Present your case when it is ready.")
    if is_owner:
        texts = {
            1: _("Your case is presented. The facilitator opens the clarifying questions."),
            2: _("Answer the consultants' questions."),
            3: _("Say what help you ask of the community: your contract."),
            4: _("Listen: read the suggestions. You do not reply in this step."),
            5: _("Write your synthesis and your action plan."),
            6: _("Share what you learned."),
        }
    else:
        texts = {
            1: _("Read the case before the clarifying questions."),
            2: _("Ask your clarifying questions."),
            3: _("Read the help the case owner asks for."),
            4: _("Give your reactions and suggestions."),
            5: _("Read the synthesis and action plan of the case owner."),
            6: _("Share what you learned."),
        }
    if done and may_write(step, is_owner) and not (is_owner and step == 2):
        return _("You did your part of this step. You may add more.")
    if done and is_owner and step == 2:
        return _("Every question has an answer. Wait for the next step.")
    return texts[step]


def has_work(step, is_owner):
    """Whether the person has something to write in this step (used to tell what is late for them)."""
    return may_write(step, is_owner) or (step == 2 and is_owner)
