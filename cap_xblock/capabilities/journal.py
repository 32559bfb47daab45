"""« Journal réflexif »: private entries, shared with one's facilitators on request."""

from xblock.fields import List, Scope

from ..api import journal
from ..handlers.journal import JournalHandlers
from ..i18n import gettext as _
from ..i18n import gettext_lazy
from .registry import Bench, Capability, CompletionPart, completion_count_field, register

FIELDS = {
    "journal_prompts": List(
        display_name=gettext_lazy("Journal prompts"),
        help=gettext_lazy("The questions learners answer in their reflective journal, as a list of texts, "
                          "for example [\"What happened?\", \"What will you do differently?\"] (12 at most). "
                          "Empty ([]): the six questions of the reflective cycle (description, feelings, evaluation, "
                          "analysis, conclusion, action plan), in the learner's language."),
        scope=Scope.content,
        default=[],
    ),
    "completion_journal_entries": completion_count_field(
        gettext_lazy("Completion: journal entries written"),
        gettext_lazy("How many reflective journal entries a learner must write in this activity (0 to 50; "
                     "0: not asked; not asked either when the journal section is not shown). "
                     "Entries are counted, never read."),
        default=0, most=50),
}

# Its part of the completion rule: entries written in the activity, counted, never read.
COMPLETION = CompletionPart(key="journal_entries", setting="completion_journal_entries",
                            counter=journal.entries_written, label=gettext_lazy("journal entries written"))


def validate(validation, data):
    """Studio: refuse more than ``MAX_PROMPTS`` prompts, or prompts that are not short texts."""
    from xblock.validation import ValidationMessage  # pylint: disable=import-outside-toplevel

    prompts = data.journal_prompts or []
    if (not isinstance(prompts, list) or len(prompts) > journal.MAX_PROMPTS
            or any(not isinstance(p, str) or len(p) > journal.PROMPT_LENGTH for p in prompts)):
        validation.add(ValidationMessage(ValidationMessage.ERROR, _(
            # Translators: {count} and {length} are numbers.
            "Journal prompts: {count} at most, each a text of {length} characters at most."
        ).format(count=journal.MAX_PROMPTS, length=journal.PROMPT_LENGTH)))


CAPABILITY = register(Capability(
    key="journal",
    title=gettext_lazy("Reflective journal"),
    order=30,
    handlers=(JournalHandlers,),
    fields=FIELDS,
    completion=COMPLETION,
    validate=validate,
    renderer=JournalHandlers.render_journal_section,
    scripts=("journal.js", "journal_reader.js"),
    retire=journal.retire_user,
    demo="demo_journal",
    demo_order=40,  # its entries link to the demo's cases
    bench=(
        Bench("journal_entries", "learner1", "seed_journal", "entries of one learner"),
        Bench("journal_versions", "learner1", "seed_journal_versions", "earlier versions of one entry"),
        Bench("journal_link_choices", "learner1", "seed_cases", "cases and brainstorms to link an entry to"),
        Bench("journal_shared", "facilitator1", "seed_shared_journal", "entries shared with the facilitator"),
    ),
    not_lists=("journal_entry", "journal_version", "journal_counts", "journal_export"),
    events=("cap.journal.saved", "cap.journal.shared", "cap.journal.withdrawn", "cap.journal.linked",
            "cap.journal.feedback_given", "cap.journal.exported"),
))
