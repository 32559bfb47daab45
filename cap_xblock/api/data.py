"""The data objects several capabilities share, and to_json(). Never ORM rows.

Each capability's own objects are in ``api/<cap>_data.py``.
"""

from dataclasses import dataclass, field, fields

# The communities' objects live in community_data; named here too, as before.
from .community_data import (CommunityDetail, CommunitySummary, CommunityView,  # pylint: disable=unused-import
                             CourseSettings)


@dataclass(frozen=True)
class Actor:
    """The person acting, in one course and one block."""

    user_id: str
    username: str
    display_name: str
    course_key: str
    is_staff: bool = False
    block_key: str = ""
    # False in Studio (its handler and preview) and in libraries: learners take part only in a course.
    in_course: bool = True

    @property
    def is_anonymous(self):
        return not self.user_id


@dataclass(frozen=True)
class BlockSettings:
    """What the api reads of one block's Studio settings, as one value (``CapXBlock.block_settings()``).

    ``sections`` are the keys of the sections the block shows; ``completion_rule`` is an
    ``api.progress.CompletionRule``; ``charter_defaults`` maps a language to the default charter text.
    """

    title: str = ""
    guiding_question: str = ""
    sections: tuple = ()
    completion_rule: object = None
    graded: bool = False
    weight: float = 1.0
    charter_defaults: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Person:
    user_id: str
    display_name: str
    username: str = ""


@dataclass(frozen=True)
class Page:
    """One page of a server-paginated list."""

    items: list
    page: int
    page_size: int
    total: int
    # ``total`` is a floor when ``more``: the count stopped there (``paging.count_up_to``), and ``following``
    # says whether another page follows this one (``paging.page_rows`` read one row more to know).
    more: bool = False
    following: bool = False

    @property
    def pages(self):
        """The number of pages; while the count is a floor, those known: up to this one, and the next."""
        known = max(1, -(-self.total // self.page_size))
        return max(known, self.page + self.following) if self.more else known

    @property
    def has_next(self):
        return self.following if self.more else self.page < self.pages

    @property
    def has_previous(self):
        return self.page > 1


def to_json(value):
    """Turn a data object (or a list/page of them) into JSON-ready data."""
    if isinstance(value, Page):
        return {
            "items": [to_json(item) for item in value.items],
            "page": value.page,
            "pages": value.pages,
            "page_size": value.page_size,
            "total": value.total,
            "more": value.more,
        }
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        # Field by field (not ``asdict``), so that a Page inside keeps its ``pages``.
        data = {item.name: to_json(getattr(value, item.name)) for item in fields(value)}
        if isinstance(value, CommunitySummary):
            data["is_full"] = value.is_full
        if isinstance(value, CommunityDetail):
            data["size"] = value.size
        return data
    return value
