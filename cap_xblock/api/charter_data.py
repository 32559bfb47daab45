"""The data objects the charter api returns (``api/charter.py``)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CharterState:
    """A community's current charter as one person sees it.

    ``version`` 0 is the course default. ``accepted_version``/``accepted_at``
    are the person's latest acceptance (None when they never accepted);
    ``must_accept`` is True for a member who has not accepted the current
    version. ``accepted_count``/``member_count`` (members who accepted the
    current version) are filled for the community's facilitators and staff.
    """

    community_id: int
    community_name: str
    version: int
    text: str
    is_default: bool
    edited_by: str = ""
    edited_at: str | None = None
    is_member: bool = False
    can_edit: bool = False
    must_accept: bool = False
    accepted_version: int | None = None
    accepted_at: str | None = None
    accepted_count: int | None = None
    member_count: int | None = None
    # For those who may edit it: the French and the English texts (either may be empty).
    text_fr: str = ""
    text_en: str = ""


@dataclass(frozen=True)
class CharterSettings:
    """The block's settings the charter reads, as one value: its default texts by language (Studio's).

    A language without a text there reads the built-in default.
    """

    defaults: dict = field(default_factory=dict, compare=False, hash=False)
