"""What the handler mixins use of the block they are mixed into.

Each mixin of ``handlers`` is one capability's part of ``CapXBlock``: it reads
the block's fields and calls helpers defined in ``block.py``, in another mixin
or by XBlock itself. ``BlockHost`` names them in one place. It holds
annotations only, no values: at run time the block's own definitions answer,
exactly as before; readers and pylint see what a mixin expects of its block.
"""

from collections.abc import Callable
from typing import Any


class BlockHost:
    """The block as its handler mixins see it: declared here, defined by ``CapXBlock`` and its parts."""

    # XBlock's own.
    runtime: Any
    scope_ids: Any
    # Fields of block.py (``graded`` and ``weight``: handlers/progress.py). A capability's own settings (its
    # declaration's ``fields``) are annotated in its mixin, e.g. ``vote_budget: int`` in BrainstormHandlers.
    display_name: str
    guiding_question: str
    graded: bool
    weight: float
    open_sections: list
    editable_fields: tuple
    # Helpers of block.py.
    _render: Callable[..., str]
    shown_sections: Callable[[], list]
    visible_sections: Callable[[Any], list]
    render_one_section: Callable[[Any, Any, str], Any]
    localized_question: Callable[[], str]
    sections_for: Callable[..., list]
    mobile_sections_for: Callable[..., list]
    section_label: Callable[[str], Any]
    block_settings: Callable[[], Any]
    validate_field_data: Callable[[Any, Any], None]
    # Helpers of other mixins: handlers/progress.py, handlers/charter.py.
    completion_rule: Callable[[], Any]
    record_progress: Callable[..., None]
    charter_defaults: Callable[[], Any]
