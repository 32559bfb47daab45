"""The CSRF cookie's name comes from the server (Open edX may name it otherwise than ``csrftoken``)."""

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

CAP_JS = Path(__file__).resolve().parents[2] / "cap_xblock" / "static" / "js" / "cap.js"


def _init_args(html):
    match = re.search(r'<script type="json/xblock-args" class="xblock_json_init_args">\s*(\{.*?\})\s*</script>',
                      html, re.S)
    return json.loads(match.group(1))


def test_the_view_names_the_servers_csrf_cookie(on, demo, settings):
    settings.CSRF_COOKIE_NAME = "edx_csrftoken"
    client = on("lms")
    response = client.client.get(client.page_path("student_view"), {"student": "learner1"})
    assert response.status_code == 200
    assert _init_args(response.content.decode("utf-8"))["csrf_cookie"] == "edx_csrftoken"
    # ...and a request that carries that cookie's token is accepted by the LMS's handler view.
    token = client.client.cookies["edx_csrftoken"].value
    answer = client.client.post(client.url("section_state", "learner1"), '{"key": "journal", "open": true}',
                                content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert answer.status_code == 200


def test_the_script_reads_the_cookie_the_server_names():
    script = CAP_JS.read_text(encoding="utf-8")
    assert "init.csrf_cookie" in script
    # "csrftoken" stays only as the default when the server names none.
    assert re.findall(r"csrftoken", script) == ["csrftoken"]
    assert '(init && init.csrf_cookie) || "csrftoken"' in script
