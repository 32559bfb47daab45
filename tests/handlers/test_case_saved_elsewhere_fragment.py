"""A case saved from an older copy with ``answer``: ``fragment`` (what cases.js sends): the refusal keeps its
error contract and also carries the text saved elsewhere, drawn and escaped by the server."""

import html

import pytest

from tests.handlers.test_cases_handlers import new_case

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"


def test_the_text_saved_elsewhere_is_drawn_by_the_server(workbench, demo):
    case_id = new_case(workbench, present=False)
    version = workbench.get("case_detail", "learner6", {"case_id": case_id})[1]["case"]["version"]
    text = {"case_id": case_id, "title": "Mobiliser " + SCRIPT, "problem": "", "tried": "Idem " + SCRIPT,
            "confidentiality": "shareable"}
    status, body = workbench.post("case_save", "learner6", dict(text, context="Onglet A", base_version=version))
    assert status == 200
    stale = dict(text, context="Onglet B", base_version=version)
    status, plain = workbench.post("case_save", "learner6", stale)
    assert status == 409 and "saved_elsewhere_html" not in plain["error"]
    status, body = workbench.post("case_save", "learner6", dict(stale, answer="fragment"))
    assert status == 409 and body["error"]["code"] == "stale_version"
    assert body["error"]["details"] == plain["error"]["details"]
    part = body["error"]["saved_elsewhere_html"]
    assert "data-saved-elsewhere" in part and "Le texte enregistré ailleurs entre-temps" in part
    assert SCRIPT not in part
    for name in ("title", "context", "tried"):
        assert html.escape(plain["error"]["details"][name]) in part, name
    assert "<dd class=\"cap-journal-text\">—</dd>" in part  # the empty problem
