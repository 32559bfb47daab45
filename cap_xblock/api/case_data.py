"""The data objects the cases api returns (``api/cases.py``)."""

from dataclasses import dataclass, field

from .data import Page


@dataclass(frozen=True)
class CaseRef:
    """What other capabilities (the journal) need to link to a case."""

    id: int
    title: str
    community_id: int


@dataclass(frozen=True)
class CaseItem:
    """A case in the community's list, as one person sees it."""

    id: int
    title: str
    owner: object  # data.Person
    step: int
    step_name: str
    is_draft: bool
    is_mine: bool
    due_on: str | None
    late: bool
    late_for_me: bool
    expected: str
    contributions: int


@dataclass(frozen=True)
class CaseList:
    """The cases of one community in one block, and who has not presented one yet."""

    community_id: int
    community_name: str
    cases: Page  # of CaseItem
    not_presented: list
    can_present: bool
    can_facilitate: bool
    communities: list = field(default_factory=list)  # [(id, name)] the actor may choose from


@dataclass(frozen=True)
class ContributionItem:
    """One contribution to a case as the reader sees it (a hidden one keeps its text for its author and moderators)."""

    id: int
    step: int
    kind: str
    kind_name: str
    author: object  # data.Person
    body: str
    reply_to: int | None
    created_at: str
    useful: int
    useful_by_me: bool
    is_mine: bool
    answered: bool = False
    reply_to_author: str = ""  # who asked the question answered, when it is on the same page
    hidden: bool = False  # hidden by the facilitation: ``body`` is empty for members other than its author
    moderation_reason: str = ""  # why, for its author and the moderators


@dataclass(frozen=True)
class CaseAfterWrite:
    """The case as the author of a new contribution sees it now: what the parts drawn around the new item
    read (``case_contribution.html``, ``case_expected.html``), under the names ``CaseDetail`` gives them."""

    id: int
    community_id: int
    step: int
    expected: str
    late: bool
    late_for_me: bool
    can_answer: bool
    can_moderate: bool


@dataclass(frozen=True)
class CaseDetail:
    """One case with its contributions (a page), and what this person may do now."""

    id: int
    community_id: int
    title: str
    context: str
    problem: str
    tried: str
    confidentiality: str
    owner: object
    step: int
    step_name: str
    is_draft: bool
    is_mine: bool
    deadlines: dict  # step -> ISO date
    late: bool
    late_for_me: bool
    expected: str
    can_edit: bool
    can_write: bool
    can_answer: bool
    can_move_next: bool
    can_move_back: bool
    can_set_dates: bool
    contributions: Page  # of ContributionItem
    version: int = 1  # the owner's text's version: a save of the case names the one it was based on
    can_moderate: bool = False  # hide and restore contributions (the community's facilitators, course staff)


@dataclass(frozen=True)
class ContributionWritten:
    """A new contribution and what it changed, as its author sees it (``cases.write_contribution``)."""

    item: ContributionItem
    case: CaseAfterWrite
    page: int  # the case's last page, where the contribution lands
    total: int  # contributions of the case, this one included
    heading: bool  # the first of its page, or the contribution before it is at another step
    question: ContributionItem | None = None  # the question answered, when it is on the same page
    # Their first contribution shown in a case they do not own: the count of cases taken part in grew.
    first_in_case: bool = False
    detail: CaseDetail | None = None  # the whole case at its last page, when the author looks at another page


@dataclass(frozen=True)
class CaseSettings:
    """The block's settings the cases read, as one value: may a case's owner move its steps."""

    owner_can_advance: bool = False
