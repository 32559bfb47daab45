"""Every handler of the block x every role: the status each person gets (see ``handler_matrix``)."""

import pytest

from cap_xblock.block import CapXBlock
from tests.security.handler_matrix import MATRIX, ROLES, make_context

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("handler", sorted(HANDLERS))
def test_handler_answers_each_role_as_the_matrix_says(workbench, communities, handler, role):
    entry = MATRIX.get(handler)
    if entry is None:
        pytest.fail(f"{handler} has no entry in tests/security/handler_matrix.py")
    student = ROLES[role]
    ctx = make_context(workbench, communities, role)
    payload = entry.payload(ctx)
    if HANDLERS[handler] == "GET":
        response = workbench.raw_get(handler, student, payload)
    else:
        response = workbench.client.post(workbench.url(handler, student), _json(payload),
                                         content_type="application/json", HTTP_X_CSRFTOKEN=workbench.csrf())
    expected = entry.expected[role]
    body = response.content.decode("utf-8", "replace")[:300]
    assert response.status_code == expected, f"{handler} as {role}: {response.status_code} {body}"
    content_type = response.get("Content-Type", "")
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["code"] and error["message"], body
    elif entry.json_answer:
        assert content_type.startswith("application/json"), content_type


def _json(payload):
    import json  # pylint: disable=import-outside-toplevel

    return json.dumps(payload)

