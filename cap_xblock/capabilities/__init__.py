"""The capabilities of the block, each declared once (decision 0022).

One module per capability (``community.py``, ``charter.py``, ...) builds its
``Capability`` and registers it. ``block.py`` (its bases, its sections, Studio's
list of sections), ``handlers/sections.py``, ``retirement.py``, the workbench
demo and ``bench/lists.py`` read the registry. To add a capability: write its
declaration module here and name it in the import below (see docs/architecture.md).
"""

# Each module registers its declaration when imported; the learner view's order is each one's ``order``.
from . import (brainstorm, cases, charter, community, dashboard, discussion, journal, knowledge,  # noqa: F401
               moderation, sessions)
from .registry import (ROLES, SCOPES, Bench, Capability, CompletionPart, all_capabilities, completion_parts,
                       completion_settings, demos, events, get, handler_mixins, keys, register, retirement_hooks,
                       studio_fields, validate_settings)

__all__ = ["ROLES", "SCOPES", "Bench", "Capability", "CompletionPart", "all_capabilities", "completion_parts",
           "completion_settings", "demos", "events", "get", "handler_mixins", "keys", "register", "retirement_hooks",
           "studio_fields", "validate_settings"]
