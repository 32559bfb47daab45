"""The data objects of the communities (« Ma communauté »), returned by ``api/communities.py``."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CourseSettings:
    course_key: str
    target_size: int
    assignment_mode: str


@dataclass(frozen=True)
class CommunitySummary:
    """A community as staff see it in the list: size and facilitators."""

    id: int
    name: str
    size: int
    target_size: int
    archived: bool
    facilitators: list = field(default_factory=list)

    @property
    def is_full(self):
        return self.size >= self.target_size


@dataclass(frozen=True)
class CommunityDetail:
    """A community with its members and facilitators."""

    id: int
    name: str
    archived: bool
    members: list
    facilitators: list

    @property
    def size(self):
        return len(self.members)


@dataclass(frozen=True)
class CommunityView:
    """What one person sees of the communities when they open the block."""

    role: str  # "learner", "facilitator" or "staff"
    settings: CourseSettings
    community: CommunityDetail | None = None
    led: list = field(default_factory=list)
    waiting: bool = False
