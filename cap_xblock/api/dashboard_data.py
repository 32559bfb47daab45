"""The data objects of the tools around the activity (the dashboard capability): the facilitators' dashboard
(``api/dashboard.py``), the course overview (``api/course_view.py``), notification preferences and digests
(``api/notifications.py``) and « Quoi de neuf » (``api/whats_new.py``)."""

from dataclasses import dataclass, field

from .data import Page, Person


@dataclass(frozen=True)
class Panel:
    """A capability's part of a community's dashboard: a title and lines of (label, value), and a link."""

    key: str
    title: str
    lines: list = field(default_factory=list)  # [(label, value)]
    link: str = ""


@dataclass(frozen=True)
class Waiting:
    """« Ce qui vous attend »: counts of what waits for the facilitation in one community."""

    shared_entries: int = 0  # journal entries shared and not answered since: a count, never a text
    reports: int = 0
    pending_posts: int = 0
    steps_to_move: int = 0
    late_steps: int = 0

    @property
    def total(self):
        """Everything that waits, in one number."""
        return self.shared_entries + self.reports + self.pending_posts + self.steps_to_move + self.late_steps


@dataclass(frozen=True)
class CaseStep:
    """A case to move on or late: which step, since or until when."""

    id: int
    title: str
    owner: str
    step: int
    step_name: str
    due_on: str = ""  # ISO date of the step's deadline (late steps)
    quiet_since: str = ""  # ISO time of the step's last contribution (steps to move)


@dataclass(frozen=True)
class MemberActivity:
    """One member's contributions (cases presented, case contributions, posts, ideas) and their last one."""

    person: Person
    contributions: int
    last_activity: str  # ISO time, "" if never
    share: int  # percent of the most active member's count, for the bar


@dataclass(frozen=True)
class CommunityDashboard:
    """One community's part of the dashboard."""

    id: int
    name: str
    archived: bool
    size: int
    waiting: Waiting
    late: list
    to_move: list
    not_presented: list
    not_presented_total: int
    silent: list
    silent_total: int
    balance: list  # MemberActivity, most active first
    panels: list = field(default_factory=list)


@dataclass(frozen=True)
class Dashboard:
    """The dashboard of a facilitator: one part per community they lead."""

    silent_days: int
    communities: list


@dataclass(frozen=True)
class WeekBar:
    """One week of a community's activity, for the chart: its first day, its count, its bar's height."""

    start: str
    count: int
    share: int  # percent of the course's busiest week

    @property
    def bar_height(self):
        """The bar's height in the 20-unit-high chart (at least 1 when the week had anything)."""
        return max(1 if self.count else 0, round(self.share * 18 / 100))

    @property
    def bar_y(self):
        """Where the bar starts, from the top of the chart."""
        return 19 - self.bar_height


@dataclass(frozen=True)
class Flag:
    """A health warning of a community: a stable code and its label."""

    code: str  # no_facilitator, silent, over_size, many_reports
    label: str


@dataclass(frozen=True)
class CommunityRow:
    """One community of the course overview."""

    id: int
    name: str
    archived: bool
    size: int
    target_size: int
    facilitators: list
    weeks: list
    last_activity: str
    open_reports: int
    flags: list


@dataclass(frozen=True)
class FacilitatorLoad:
    """One facilitator's load: communities, members, items waiting."""

    person: object
    communities: int
    members: int
    waiting: int  # shared entries without feedback + open reports + posts awaiting approval
    share: int  # percent of the busiest facilitator's waiting, for the bar


@dataclass(frozen=True)
class CourseView:
    """The course overview: a page of communities and the facilitators' load."""

    communities: Page
    facilitators: list
    weeks: list = field(default_factory=list)  # ISO first days of the weeks shown
    totals: dict = field(default_factory=dict)


@dataclass(frozen=True)
class KindChoice:
    """One kind of news as a person sees it in their preferences."""

    key: str
    label: str
    frequency: str
    choices: list  # [(frequency, label)]


@dataclass(frozen=True)
class Preferences:
    """What one person receives, kind by kind, in the course."""

    kinds: list
    has_email: bool = True


@dataclass(frozen=True)
class Unsubscribed:
    """The answer to an unsubscribe link: the kinds now turned off."""

    kinds: list


@dataclass(frozen=True)
class DigestRun:
    """What a digest run did: the period, and how many messages it sent, skipped (already sent), failed."""

    frequency: str
    period: str
    sent: int = 0
    already_sent: int = 0
    failed: int = 0
    empty: int = 0
    recipients: list = field(default_factory=list)


@dataclass(frozen=True)
class NewsItem:
    """One line of « Quoi de neuf »: a section, how many things, the sentence, the link."""

    section: str
    count: int
    text: str
    anchor: str


@dataclass(frozen=True)
class WhatsNew:
    """What changed since the previous visit (``since``), a few lines at most."""

    since: str  # ISO time of the previous visit, "" on a first visit
    items: list
