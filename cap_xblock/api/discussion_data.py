"""The data objects the discussion api returns and the block's settings it reads (``api/discussion.py``)."""

from dataclasses import dataclass

from .data import Page

DEFAULT_RATE = 5


@dataclass(frozen=True)
class DiscussionSettings:
    """The block's settings of its discussion."""

    allow_anonymous: bool = False
    premoderation: bool = False
    rate_limit: int = DEFAULT_RATE


@dataclass(frozen=True)
class PostView:
    """A post as one person sees it. ``body_html`` is sanitised; it is empty when the post is masked for them.

    ``author_id`` is empty when the author is hidden from them (anonymous post seen by a peer).
    ``body`` (the Markdown source) is only given to its author, to edit it.
    """

    id: int
    thread_id: int
    parent_id: int | None
    depth: int
    title: str
    body_html: str
    body: str
    author: str
    author_id: str
    anonymous: bool
    mine: bool
    status: str
    hidden: bool
    deleted: bool
    moderation_reason: str
    pinned: bool
    locked: bool
    edited: bool
    created_at: str
    useful: int
    useful_mine: bool
    is_new: bool
    replies: int = 0
    reports: int = 0


@dataclass(frozen=True)
class ThreadView:
    """A thread with one page of its replies, in tree order."""

    thread: PostView
    replies: Page
    can_moderate: bool
