"""Studio's own settings editor (``xblock/utils/public/studio_edit.js`` of the XBlock package), run in
Chromium on the block's real answers from the fake of Studio's handler: it shows the translated
message of a refusal, never "[object Object]"."""

import json
from pathlib import Path

import pytest
import xblock
import workbench

from tests.utils import PlatformClient

pytestmark = pytest.mark.django_db

STUDIO_EDIT_JS = Path(xblock.__file__).parent / "utils" / "public" / "studio_edit.js"
JQUERY = Path(workbench.__file__).parent / "static" / "workbench" / "js" / "vendor" / "jquery.min.js"


def _studio_answer(scenario_usage_id, settings, student, body):
    settings.ROOT_URLCONF = "tests.platform.urls"
    client = PlatformClient(scenario_usage_id, "studio")
    response = client.client.post(client.url("submit_studio_edits", student), body,
                                  content_type="application/json", HTTP_X_CSRFTOKEN=client.csrf())
    assert response.status_code >= 400
    return response.content.decode("utf-8")


def _editor_shows(browser, tmp_path, response_text):
    """Load Studio's editor script, make its save fail with ``response_text``, return what it notifies."""
    page = tmp_path / "editor.html"
    page.write_text(f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<script>{JQUERY.read_text(encoding="utf-8")}</script>
<script>window.gettext = function (text) {{ return text; }};</script>
<script>{STUDIO_EDIT_JS.read_text(encoding="utf-8")}</script></head>
<body><div id="editor"><button class="save-button">Save</button></div>
<script>
  window.notified = null;
  var runtime = {{handlerUrl: function () {{ return "/handler"; }},
                 notify: function (name, data) {{ if (name === "error") {{ window.notified = data.message; }} }}}};
  $.ajax = function () {{ return $.Deferred().reject({{responseText: {json.dumps(response_text)}}}).promise(); }};
  StudioEditableXBlockMixin(runtime, document.getElementById("editor"));
  $(".save-button").click();
</script></body></html>""", encoding="utf-8")
    browser.get(page.as_uri())
    return browser.execute_script("return window.notified;")


def test_studios_editor_shows_why_a_save_is_refused(browser, tmp_path, scenario_usage_id, settings):
    refused = _studio_answer(scenario_usage_id, settings, "learner1", '{"values": {"vote_budget": 4}, "defaults": []}')
    assert _editor_shows(browser, tmp_path, refused) == (
        "Seule l'équipe pédagogique peut modifier les réglages de cette activité.")


def test_studios_editor_shows_what_is_wrong_with_a_value(browser, tmp_path, scenario_usage_id, settings):
    invalid = _studio_answer(scenario_usage_id, settings, "staff", '{"values": {"vote_budget": 99}, "defaults": []}')
    assert _editor_shows(browser, tmp_path, invalid) == "Le nombre de votes par membre doit être compris entre 1 et 20."
