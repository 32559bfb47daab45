"""The data objects the brainstorm api returns (``api/brainstorm.py``)."""

from dataclasses import dataclass, field

from .data import Page


@dataclass(frozen=True)
class BrainstormSummary:
    """What other capabilities may know of a brainstorm (the journal links entries to it)."""

    id: int
    question: str
    community_id: int


@dataclass(frozen=True)
class ThemeItem:
    """A theme with its number of ideas and the votes those ideas received.

    ``votes`` is None while the vote is open, except for facilitators (like ``IdeaItem.votes``).
    """

    id: int
    name: str
    ideas: int = 0
    votes: int | None = None


@dataclass(frozen=True)
class IdeaItem:
    """An idea as one person sees it. ``votes`` is None while the vote is open, except for facilitators."""

    id: int
    text: str
    author: str
    mine: bool
    theme_id: int | None
    theme: str
    votes: int | None
    voted: bool
    retained: bool
    rank: int | None = None
    hidden: bool = False  # hidden by the facilitation: ``text`` is empty for members other than its author
    moderation_reason: str = ""  # why, for its author and the facilitators


@dataclass(frozen=True)
class BrainstormView:
    """The brainstorm as one person sees it: ideas, their own votes, themes, and results when shown."""

    id: int
    question: str
    community_id: int
    status: str
    can_facilitate: bool
    can_vote: bool
    budget: int
    votes_left: int
    themes: list = field(default_factory=list)
    ideas: Page | None = None
    results: Page | None = None
    top_votes: int = 0
    theme_filter: str = ""


@dataclass(frozen=True)
class NewIdea:
    """A new idea as its author sees it, and the brainstorm it landed in (``brainstorm.add_idea_item``).

    ``total`` counts the brainstorm's ideas, this one included, ``page_size`` per page: the pager of the
    first page of every idea, where the newest idea stands. ``status``, ``can_vote`` and ``can_facilitate``
    are the author's, as in ``BrainstormView``; the themes and the results are not read: a facilitator's
    page shows them (``brainstorm_view``).
    """

    id: int
    community_id: int
    status: str
    can_vote: bool
    can_facilitate: bool
    idea: IdeaItem
    total: int
    page_size: int


@dataclass(frozen=True)
class BrainstormSettings:
    """The block's settings the brainstorm reads, as one value: each member's number of votes.

    ``vote_budget`` None (or out of bounds) reads ``brainstorm.DEFAULT_BUDGET`` (within
    ``MIN_BUDGET``..``MAX_BUDGET``).
    """

    vote_budget: int | None = None
