"""Every POST handler refuses a request without a valid CSRF token, and changes nothing."""

import json

import pytest
from django.apps import apps
from django.core import serializers

from tests.security.handler_matrix import MATRIX, ROLES, make_context, send, undone
from tests.security.test_authorization_matrix import HANDLERS

# Members accept their charter here as people do (see handler_matrix.make_context).
pytestmark = [pytest.mark.django_db, pytest.mark.charter_gate]
POST_HANDLERS = sorted(name for name, method in HANDLERS.items() if method == "POST")


def _snapshot():
    """Every row of the block's tables, serialized (to prove that nothing changed)."""
    rows = []
    for model in apps.get_app_config("cap_xblock").get_models():
        rows.append(serializers.serialize("json", model.objects.order_by("pk")))
    return rows


def test_the_block_has_post_handlers():
    assert "manage_create" in POST_HANDLERS and len(POST_HANDLERS) >= 10


def _permitted(handler):
    """Someone the matrix lets use ``handler``: without the token, only CSRF can refuse them."""
    expected = MATRIX[handler].expected
    return next(ROLES[role] for role in ("staff", "facilitator", "learner", "peer") if 200 <= expected[role] < 300)


@pytest.mark.parametrize("token", ["missing", "forged"])
@pytest.mark.parametrize("handler", POST_HANDLERS)
def test_post_without_a_valid_csrf_token_is_refused(workbench, communities, handler, token):
    student = _permitted(handler)
    payload = MATRIX[handler].payload(make_context(workbench, communities, "staff"))
    # The same request with the token is accepted (so the refusal below is the token's).
    assert 200 <= undone(lambda: send(workbench, handler, "POST", student, payload)).status_code < 300
    workbench.view(student, open_sections=False)  # the browser has its CSRF cookie; only the header is wrong
    before = _snapshot()
    headers = {} if token == "missing" else {"HTTP_X_CSRFTOKEN": "x" * 64}
    response = workbench.client.post(workbench.url(handler, student), json.dumps(payload),
                                     content_type="application/json", **headers)
    assert response.status_code == 403, handler
    assert b"CSRF" in response.content
    assert _snapshot() == before
