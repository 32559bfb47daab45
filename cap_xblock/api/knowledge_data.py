"""Plain data objects of shared knowledge (« Savoirs partagés ») and the network (« réseau »)."""

from dataclasses import dataclass, field

from .data import Page


@dataclass(frozen=True)
class LevelState:
    """Where a sheet stands at one level of publication."""

    level: str
    name: str
    consented_by_me: bool  # the actor gave their consent for this level on the current version
    missing: list  # display names of the people whose consent this level still needs
    published: bool
    can_publish: bool  # the actor (a facilitator) may publish now: every consent is there


@dataclass(frozen=True)
class QuotedPerson:
    id: int
    display_name: str  # the name readers would see: the name, or the label that replaces it
    anonymised: bool
    is_me: bool


@dataclass(frozen=True)
class SheetItem:
    """A sheet in a list: what a reader sees."""

    id: int
    title: str
    summary: str
    themes: list
    community_name: str
    published_at: str | None
    useful: int
    useful_by_me: bool
    levels: list = field(default_factory=list)  # the levels it is published at (for its community's people)


@dataclass(frozen=True)
class SheetDetail:
    """One sheet as the actor may see it: the readers' text, and the consent and review state for the people
    it concerns (its owner, the people it quotes, its author, its facilitators)."""

    id: int
    community_id: int
    community_name: str
    title: str
    summary: str
    themes: list
    body: str  # the source, as its writers edit it (empty for everyone who may not edit the sheet)
    readers_html: str  # exactly what readers see: anonymised, Markdown subset, sanitised
    readers_title: str
    readers_summary: str
    source_kind: str
    version: int
    is_concerned: bool  # owner, author, a quoted person, a facilitator of its community or staff
    is_owner: bool
    can_edit: bool
    can_review: bool
    can_withdraw: bool
    withdrawn_at: str | None
    published_at: str | None
    levels: list  # LevelState for the concerned, [] for readers
    quoted: list  # QuotedPerson
    useful: int
    useful_by_me: bool
    quotable: list = field(default_factory=list)  # Person: who the editors may name as quoted
    asks_my_consent: bool = False  # the actor is the owner or a quoted person who is not anonymised
    # For a sheet drafted from a case, the owner's choice when presenting it: "community" or "shareable".
    case_confidentiality: str = ""


@dataclass(frozen=True)
class Flag:
    """Something in the text that looks like it identifies someone: ``kind`` is name, organisation, place,
    email or phone; ``text`` is what was found; ``count`` how many times."""

    kind: str
    kind_name: str
    text: str
    count: int


@dataclass(frozen=True)
class SheetReview:
    """What the facilitator reviews before publishing: flags, and exactly what readers will see."""

    sheet: SheetDetail
    flags: list
    version: int


@dataclass(frozen=True)
class SheetSearch:
    """A page of sheets the actor may read, and the filters they came from."""

    sheets: Page  # of SheetItem
    query: str
    theme: str
    community_id: int | None
    order: str
    communities: list  # [(id, name)] of the communities with a sheet the actor reads, for the filter
    themes: list  # the most used themes of the visible sheets published last, for the filter


@dataclass(frozen=True)
class DirectoryCard:
    """One person of the network: their name and only what they chose to show."""

    display_name: str
    organisation: str
    country: str
    role: str
    expertise: str
    languages: str


@dataclass(frozen=True)
class DirectoryEntryView:
    """The actor's own entry, as they edit it."""

    listed: bool
    organisation: str
    country: str
    role: str
    expertise: str
    languages: str


@dataclass(frozen=True)
class ExportedSheet:
    """A sheet as the organisation's export carries it (readers' text only)."""

    id: int
    title: str
    summary: str
    themes: list
    community_name: str
    published_at: str | None
    useful: int
    body_markdown: str
    body_html: str
