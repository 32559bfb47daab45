"""« Journal réflexif »: private entries, shared with one's facilitators on request."""

from ..api import journal
from ..handlers.journal import JournalHandlers
from ..i18n import gettext_lazy
from .registry import Bench, Capability, register

CAPABILITY = register(Capability(
    key="journal",
    title=gettext_lazy("Reflective journal"),
    order=30,
    handlers=(JournalHandlers,),
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
