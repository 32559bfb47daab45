"""The shared-knowledge and network handlers through the workbench and the LMS fake, CSRF enforced, in French."""

import pytest

from cap_xblock.models import Case, KnowledgeSheet

pytestmark = pytest.mark.django_db


def awaiting_sheet():
    """The demo's sheet from learner10's finished case, awaiting learner10's consent."""
    return KnowledgeSheet.objects.get(owner_id="learner10")


def published_sheet():
    return KnowledgeSheet.objects.get(owner_id="learner6")


def search(workbench, student, query=""):
    status, body = workbench.get("knowledge_search", student, {"query": query})
    assert status == 200, body
    return [item["id"] for item in body["sheets"]["items"]], body


def test_the_section_shows_published_sheets_and_the_network_in_french(workbench, demo):
    status, section = workbench.get("section_view", "learner9", {"key": "knowledge"})
    assert status == 200 and any(url.endswith("/knowledge.js") for url in section["scripts"])
    html = section["html"]
    assert "Savoirs partagés" in html and "Redonner la parole aux usager·es" in html
    assert "Des comités de l" not in html  # the draft awaiting learner10's consent: not for learner9
    assert "Fatou" not in html and "Personne A" not in html  # the list shows titles and summaries
    assert "ONG Solidarités Nord-Sud" in html and "Mairie de commune" not in html  # learner2 did not opt in


# MariaDB's full-text index sees rows once their transaction commits.
@pytest.mark.django_db(transaction=True)
def test_the_consent_and_publication_path(workbench, demo):
    sheet = awaiting_sheet()
    assert search(workbench, "learner1")[0] == [published_sheet().id]
    status, body = workbench.post("knowledge_publish", "facilitator2",
                                  {"sheet_id": sheet.id, "level": "course", "version": sheet.version})
    assert status == 409 and body["error"]["code"] == "consent_missing"
    assert body["error"]["message"] == "Tous les consentements que ce niveau demande ne sont pas encore donnés."
    status, body = workbench.post("knowledge_consent", "learner10",
                                  {"sheet_id": sheet.id, "level": "course", "version": sheet.version})
    assert status == 200 and body["sheet"]["levels"][1]["consented_by_me"]
    status, body = workbench.get("knowledge_review", "facilitator2", {"sheet_id": sheet.id})
    assert status == 200 and {"kind": "place", "text": "Saint-Louis"} in [
        {"kind": flag["kind"], "text": flag["text"]} for flag in body["flags"]]
    assert "Ce que les lecteur·rices verront" in body["html"] or "Ci-dessous" in body["html"]
    status, body = workbench.post("knowledge_publish", "facilitator2",
                                  {"sheet_id": sheet.id, "level": "course", "version": sheet.version})
    assert status == 200, body
    found, page = search(workbench, "learner1", "cotisations")
    assert found == [sheet.id] and "Des comités de l&#x27;eau" in page["html"]
    status, body = workbench.post("knowledge_useful", "learner1", {"sheet_id": sheet.id, "useful": True})
    assert status == 200 and body == {"useful": 1, "useful_by_me": True}
    status, body = workbench.post("knowledge_withdraw", "learner10", {"sheet_id": sheet.id})
    assert status == 200 and body["sheet"]["withdrawn_at"]
    assert search(workbench, "learner1", "cotisations")[0] == []
    status, body = workbench.get("knowledge_sheet", "learner1", {"sheet_id": sheet.id})
    assert status == 404 and body["error"]["code"] == "sheet_not_found"


def test_drafting_from_a_finished_case_and_from_scratch(workbench, demo):
    KnowledgeSheet.objects.filter(owner_id="learner6").delete()
    status, section = workbench.get("section_view", "learner6", {"key": "knowledge"})
    assert "Redonner la parole" in section["html"]  # offered as a source
    case_id = Case.objects.get(owner_id="learner6", step=6).id
    data = {"source": f"case:{case_id}", "submission_id": "a" * 32}
    status, first = workbench.post("knowledge_draft", "learner6", data)
    assert status == 200 and first["sheet"]["is_owner"] and "petits groupes de trois" in first["sheet"]["body"]
    status, again = workbench.post("knowledge_draft", "learner6", data)  # the same form sent twice
    assert status == 200 and again["sheet"]["id"] == first["sheet"]["id"]
    status, body = workbench.post("knowledge_draft", "learner6", {"source": f"case:{case_id}"})
    assert status == 409 and body["error"]["code"] == "sheet_exists"
    status, body = workbench.post("knowledge_draft", "learner2", {"source": "nothing"})
    assert status == 400 and body["error"]["code"] == "invalid_source"
    status, body = workbench.post("knowledge_create", "learner2", {
        "title": "Animer à distance", "themes": "Numérique", "body": "**Trois** conseils."})
    assert status == 200 and "<strong>Trois</strong>" in body["html"]


def test_the_network_shows_only_what_people_chose(workbench, demo):
    status, body = workbench.post("network_entry", "learner2", {"listed": True, "country": "Mali"})
    assert status == 200 and body["entry"]["listed"] and body["entry"]["organisation"] == ""
    status, body = workbench.get("network_directory", "learner20", {"query": "Mali"})
    assert status == 200 and [card["display_name"] for card in body["people"]["items"]] == ["Moussa Sow"]
    assert "Mairie de commune" not in body["html"]
    status, body = workbench.post("network_entry", "learner2", {"listed": "perhaps"})
    assert status == 400


def test_exports_are_for_staff(workbench, demo):
    response = workbench.raw_get("knowledge_export", "staff", {"format": "csv"})
    assert response.status_code == 200 and "Redonner la parole" in response.content.decode("utf-8-sig")
    assert "Fatou" not in response.content.decode("utf-8-sig")
    response = workbench.raw_get("knowledge_export", "staff", {"format": "print"})
    assert response.status_code == 200 and b"<h2>Redonner la parole" in response.content
    status, body = workbench.get("knowledge_export", "facilitator1", {"format": "csv"})
    assert status == 403 and body["error"]["code"] == "staff_only"
    status, body = workbench.get("knowledge_export", "staff", {"format": "xls"})
    assert status == 400 and body["error"]["code"] == "invalid_format"
