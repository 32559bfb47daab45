"""The journal's editor and reader with ``answer``: ``fragment`` (what journal.js sends): an entry, its
feedback, its versions and the link choices are the server's escaped HTML and show what the JSON answer
carries; without the parameter the JSON is unchanged."""

import html
import re

import pytest

from cap_xblock.models import Brainstorm, Case

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
PROMPT = "Ressentis : qu'avez-vous ressenti ?"


def _escaped(text):
    return html.escape(text)  # as Django escapes: &quot; and &#x27; too


@pytest.fixture
def entry(workbench, demo):
    """learner3's shared entry with a prompt's answer, free text, two versions and a facilitator's feedback."""
    status, body = workbench.post("journal_save", "learner3", {
        "title": "Kolda " + SCRIPT, "answers": [{"prompt": PROMPT, "text": "Peur " + SCRIPT}],
        "free_text": "Libre " + SCRIPT, "checkpoint": True})
    assert status == 200, body
    status, body = workbench.post("journal_save", "learner3", {
        "entry_id": body["id"], "base_version": body["version"], "title": "Kolda " + SCRIPT,
        "answers": [{"prompt": PROMPT, "text": "Peur " + SCRIPT}], "free_text": "Libre " + SCRIPT + " !",
        "checkpoint": True})
    assert status == 200, body
    assert workbench.post("journal_share", "learner3", {"entry_id": body["id"]})[0] == 200
    status, _feedback = workbench.post("journal_feedback", "facilitator1", {"entry_id": body["id"],
                                                                            "text": "Retour " + SCRIPT})
    assert status == 200
    return body["id"]


def test_an_entry_answers_its_fields_body_and_feedback_escaped(workbench, entry):
    status, data = workbench.get("journal_entry", "learner3", {"entry_id": entry})
    assert status == 200 and "fields_html" not in data
    status, body = workbench.get("journal_entry", "learner3", {"entry_id": entry, "answer": "fragment"})
    assert status == 200, body
    for key in ("id", "version", "title", "shared", "link_kind", "link_id"):
        assert body[key] == data[key], key
    for part in ("fields_html", "body_html", "feedback_html"):
        assert SCRIPT not in body[part], part
    fields = body["fields_html"]
    assert f'value="{html.escape(data["title"])}"' in fields
    assert f'data-prompt="{html.escape(PROMPT)}"' in fields and f"{_escaped('Peur ' + SCRIPT)}</textarea>" in fields
    assert f"{_escaped(data['free_text'])}</textarea>" in fields
    for answer in data["answers"]:
        assert _escaped(answer["prompt"]) in body["body_html"] and _escaped(answer["text"]) in body["body_html"]
    assert _escaped(data["free_text"]) in body["body_html"]
    feedback = body["feedback_html"]
    assert feedback.count('class="cap-journal-feedback"') == len(data["feedback"]) == 1
    assert _escaped("Retour " + SCRIPT) in feedback and "Retour de Aminata Diallo" in feedback
    assert re.search(r"\d{1,2} \w+ \d{4} à \d{1,2}:\d{2}", feedback)  # the server's date, in French


def test_the_facilitator_reads_the_entry_with_its_title_and_author(workbench, entry):
    status, body = workbench.get("journal_entry", "facilitator1", {"entry_id": entry, "answer": "fragment"})
    assert status == 200 and "fields_html" not in body  # only the author edits
    assert body["reader_title"] == "Kolda " + SCRIPT + " — " + body["author"]
    assert _escaped("Libre " + SCRIPT) in body["body_html"] and SCRIPT not in body["body_html"]


def test_the_versions_and_one_version_are_drawn_by_the_server(workbench, entry):
    status, data = workbench.get("journal_versions", "learner3", {"entry_id": entry})
    assert status == 200 and data["items"]
    status, body = workbench.get("journal_versions", "learner3", {"entry_id": entry, "answer": "fragment"})
    assert status == 200, body
    assert re.findall(r'data-version="(\d+)"', body["html"]) == [str(v["number"]) for v in data["items"]]
    assert "Version 1 — " in body["html"]
    status, version = workbench.get("journal_version", "learner3", {"entry_id": entry, "number": 1})
    status, body = workbench.get("journal_version", "learner3", {"entry_id": entry, "number": 1,
                                                                "answer": "fragment"})
    assert status == 200 and body["number"] == version["number"] == 1
    assert SCRIPT not in body["html"] and _escaped(version["free_text"]) in body["html"]
    assert "<h5>Version 1 — " in body["html"]


def test_the_link_choices_are_drawn_as_groups_of_options(workbench, demo):
    brainstorm = Brainstorm.objects.filter(question__gt="").first()
    Brainstorm.objects.filter(id=brainstorm.id).update(question="Q " + SCRIPT)
    Case.objects.filter(owner_id="learner1").update(title="Cas " + SCRIPT)
    status, data = workbench.get("journal_link_choices", "learner1")
    assert status == 200 and (data["cases"] or data["brainstorms"])
    status, body = workbench.get("journal_link_choices", "learner1", {"answer": "fragment"})
    assert status == 200, body
    assert SCRIPT not in body["html"]
    for kind, key in (("case", "cases"), ("brainstorm", "brainstorms")):
        for choice in data[key]:
            assert f'<option value="{kind}:{choice["id"]}">{_escaped(choice["label"])}</option>' in body["html"]
    assert body["html"].count("<optgroup") == bool(data["cases"]) + bool(data["brainstorms"])
