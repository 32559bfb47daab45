"""The data objects the moderation api returns (``api/moderation.py``)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ReportItem:
    """An open report in the review queue, with what it is about (``kind``: post, contribution or idea).

    ``item_id`` is the reported item's id; ``post_id`` and ``thread_id`` are 0 unless it is a post,
    ``case_id`` unless it is a contribution. The ``post_*`` fields describe the reported item.
    """

    id: int
    post_id: int
    thread_id: int
    post_excerpt: str
    post_author: str
    post_hidden: bool
    reason: str
    reporter: str  # empty when the moderator is the post's author: reporters stay hidden from authors
    created_at: str
    kind: str = "post"
    item_id: int = 0
    case_id: int = 0


@dataclass(frozen=True)
class LogLine:
    """One line of the moderation log."""

    id: int
    action: str
    moderator: str
    target: str
    excerpt: str
    reason: str
    created_at: str
    kind: str = ""  # what the action was about: post, contribution, idea, or "" (a member, a deleted post)


@dataclass(frozen=True)
class MuteItem:
    user_id: str
    name: str
    until: str
    reason: str
