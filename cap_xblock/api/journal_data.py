"""Plain data objects of the reflective journal, returned by ``api.journal``. Never ORM rows."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class EntrySummary:
    """An entry in a list: what it is about, never its full text."""

    id: int
    title: str
    excerpt: str
    length: int
    version: int
    shared: bool
    updated_at: str
    this_block: bool
    feedback_count: int
    link_kind: str = ""
    link_label: str = ""
    author: str = ""  # the author's display name, in a facilitator's list
    community: str = ""  # the author's community, in a facilitator's list
    shared_at: str = ""


@dataclass(frozen=True)
class Feedback:
    """A facilitator's feedback on a journal entry shared with them."""

    id: int
    entry_id: int
    author: str
    text: str
    created_at: str


@dataclass(frozen=True)
class EntryDetail:
    """An entry as its reader sees it. ``is_author`` is False for a facilitator."""

    id: int
    title: str
    answers: list
    free_text: str
    version: int
    shared: bool
    created_at: str
    updated_at: str
    is_author: bool
    author: str
    link_kind: str = ""
    link_id: int | None = None
    link_label: str = ""
    feedback: list = field(default_factory=list)

    @property
    def length(self):
        """How many characters the entry holds (answers and free text): what tracking events may tell."""
        return len("\n".join([answer.get("text", "") for answer in self.answers] + [self.free_text]).strip())


@dataclass(frozen=True)
class VersionSummary:
    number: int
    saved_at: str
    length: int


@dataclass(frozen=True)
class JournalCounts:
    """What course staff know of the journals: numbers, never text."""

    entries: int
    authors: int
    shared: int
    feedback: int
