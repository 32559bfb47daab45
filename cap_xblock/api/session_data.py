"""The data objects the sessions api returns (Rencontres). Never ORM rows."""

from dataclasses import dataclass, field

from .data import Page


@dataclass(frozen=True)
class AgendaEntry:
    kind: str  # topic | case | brainstorm
    text: str
    case_id: int | None = None


@dataclass(frozen=True)
class SessionItem:
    """A session as one person sees it, in a list or alone."""

    id: int
    title: str
    community_id: int | None  # None: a plenary
    community_name: str
    is_plenary: bool
    mode: str
    mode_name: str
    link: str
    place: str
    starts_at: str  # ISO, UTC
    ends_at: str  # ISO, UTC
    time_zone: str
    when_session: str  # in the session's zone, with its abbreviation
    when_mine: str  # in the person's zone
    same_zone: bool  # the person's zone reads the same clock time as the session's
    my_zone: str
    duration_minutes: int
    cancelled: bool
    is_past: bool
    is_now: bool
    agenda: list
    my_rsvp: str  # "" | yes | no | maybe
    rsvp_counts: dict  # {"yes": n, "no": n, "maybe": n}
    minutes_version: int  # 0: no minutes yet
    note_taker: object  # data.Person or None
    version: int
    can_edit: bool
    can_rsvp: bool
    can_record_attendance: bool
    can_write_minutes: bool
    local_date: str = ""  # YYYY-MM-DD in the session's zone (the edit form)
    local_time: str = ""  # HH:MM in the session's zone


@dataclass(frozen=True)
class SessionList:
    """A page of sessions (upcoming or past) and what the person may plan."""

    when: str  # upcoming | past
    sessions: Page  # of SessionItem
    can_plan_for: list  # [(community_id, name)] the person may plan sessions for
    can_plan_plenary: bool
    notices: list = field(default_factory=list)  # NoticeItem, newest first


@dataclass(frozen=True)
class NoticeItem:
    id: int
    kind: str  # changed | cancelled
    session_id: int
    message: str


@dataclass(frozen=True)
class AttendanceRow:
    person: object  # data.Person
    rsvp: str  # "" | yes | no | maybe
    status: str  # "" | present | excused | absent


@dataclass(frozen=True)
class AttendanceSheet:
    session_id: int
    rows: Page  # of AttendanceRow
    can_record: bool
    present: int  # counted from the rows


@dataclass(frozen=True)
class MinutesView:
    """The minutes (compte-rendu) of a session: the published (latest) version, or the one asked for."""

    session_id: int
    number: int  # 0: none yet
    latest: int
    body: str  # Markdown source (for the editor; only to those who may write)
    html: str  # sanitised HTML of the Markdown subset
    author: object  # data.Person or None
    created_at: str
    versions: list  # [(number, author name, ISO date)], newest first, at most 20
    can_write: bool


@dataclass(frozen=True)
class LiveStep:
    number: int
    name: str
    minutes: int
    state: str  # done | current | next


@dataclass(frozen=True)
class LiveState:
    """A case run live: what every screen shows, and what this person is expected to do now."""

    id: int
    case_id: int
    case_title: str
    owner: object  # data.Person
    community_id: int
    session_id: int | None
    step: int
    step_name: str
    steps: list  # LiveStep
    step_ends_at: str  # ISO, UTC
    seconds_left: int  # may be negative: the step is over its time
    expected: str
    role: str  # facilitator | owner | consultant
    can_drive: bool
    can_note: bool
    notes: list  # [(author name, body)] of the current step, the last 5
    version: int
    ended: bool
