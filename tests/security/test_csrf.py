"""Every POST handler refuses a request without a valid CSRF token, and changes nothing."""

import json

import pytest
from django.apps import apps
from django.core import serializers

from tests.security.handler_matrix import MATRIX, make_context
from tests.security.test_authorization_matrix import HANDLERS

pytestmark = pytest.mark.django_db
POST_HANDLERS = sorted(name for name, method in HANDLERS.items() if method == "POST")


def _snapshot():
    """Every row of the block's tables, serialized (to prove that nothing changed)."""
    from django.db import connection  # pylint: disable=import-outside-toplevel

    rows = []
    tables = set(connection.introspection.table_names())
    for model in apps.get_app_config("cap_xblock").get_models():
        if model._meta.db_table not in tables:  # pylint: disable=protected-access
            continue  # a model whose migration is not written yet
        rows.append(serializers.serialize("json", model.objects.order_by("pk")))
    return rows


def test_the_block_has_post_handlers():
    assert "manage_create" in POST_HANDLERS and len(POST_HANDLERS) >= 10


@pytest.mark.parametrize("token", ["missing", "forged"])
@pytest.mark.parametrize("handler", POST_HANDLERS)
def test_post_without_a_valid_csrf_token_is_refused(workbench, communities, handler, token):
    ctx = make_context(workbench, communities, "staff")
    payload = MATRIX[handler].payload(ctx) if handler in MATRIX else {}
    workbench.view("staff")  # the browser has its CSRF cookie; only the header is missing or wrong
    before = _snapshot()
    headers = {} if token == "missing" else {"HTTP_X_CSRFTOKEN": "x" * 64}
    response = workbench.client.post(workbench.url(handler, "staff"), json.dumps(payload),
                                     content_type="application/json", **headers)
    assert response.status_code == 403, handler
    assert b"CSRF" in response.content
    assert _snapshot() == before
