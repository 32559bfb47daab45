"""Every handler of the block x every role: the status each person gets (see ``handler_matrix``)."""

import pytest

from cap_xblock.block import CapXBlock
from tests.security.handler_matrix import MATRIX, ROLES, make_context, send, undone

# Members accept their charter here as people do (see handler_matrix.make_context).
pytestmark = [pytest.mark.django_db, pytest.mark.charter_gate]


def discovered_handlers():
    """Every XBlock handler of the block, with its HTTP method (POST for plain XBlock json handlers)."""
    found = {}
    for name in dir(CapXBlock):
        attr = getattr(CapXBlock, name, None)
        if getattr(attr, "_is_xblock_handler", False):
            found[name] = getattr(attr, "cap_method", None) or "POST"
    return found


HANDLERS = discovered_handlers()


def test_every_handler_has_an_entry_and_every_entry_a_handler():
    missing = sorted(set(HANDLERS) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(HANDLERS))
    assert not missing, f"handlers without an entry in tests/security/handler_matrix.py: {missing}"
    assert not stale, f"entries of tests/security/handler_matrix.py for no handler: {stale}"
    for name, entry in MATRIX.items():
        assert set(entry.expected) == set(ROLES), name


@pytest.mark.parametrize("handler", sorted(HANDLERS))
def test_handler_answers_every_role_as_the_matrix_says(workbench, communities, handler):
    entry = MATRIX.get(handler)
    if entry is None:
        pytest.fail(f"{handler} has no entry in tests/security/handler_matrix.py")
    payload = entry.payload(make_context(workbench, communities, "staff"))
    wrong = []
    for role, student in ROLES.items():
        response = undone(lambda student=student: send(workbench, handler, HANDLERS[handler], student, payload))
        expected = entry.expected[role]
        body = response.content.decode("utf-8", "replace")[:200]
        content_type = response.get("Content-Type", "")
        if response.status_code != expected:
            wrong.append(f"{handler} as {role}: {response.status_code}, expected {expected}: {body}")
        elif response.status_code >= 400:
            error = response.json()["error"]
            if not (error.get("code") and error.get("message")):
                wrong.append(f"{handler} as {role}: not the error contract: {body}")
        elif entry.json_answer and not content_type.startswith("application/json"):
            wrong.append(f"{handler} as {role}: answered {content_type}")
    assert not wrong, "\n".join(wrong)
