"""``answer=fragment``: the learner view's scripts ask a handler for the server-rendered part that changed.

Without it a handler answers its JSON (the contract of integrations and the mobile apps); with it, the
HTML of the part of the section that changed and the new counts (decision 0023, ``docs/handlers.md``).
"""

FRAGMENT = "fragment"


def wants_fragment(payload):
    """True when the request asks for the server-rendered part that changed (``answer``: ``fragment``)."""
    return payload.get("answer") == FRAGMENT
