"""The journal handlers through the workbench, CSRF enforced: the privacy matrix, role by role.

learner3 writes (Les Baobabs, led by facilitator1); learner4 is a peer in the
same community; facilitator2 leads other communities; staff is the course team.
"""

import json

import pytest

from cap_xblock import platform
from cap_xblock.models import JournalEntry, JournalFeedback

pytestmark = pytest.mark.django_db

SECRET = "J'ai eu peur de contredire le chef de village."
AUTHOR, PEER, FACILITATOR, OTHER_FACILITATOR, STAFF = "learner3", "learner4", "facilitator1", "facilitator2", "staff"
ROLES = [AUTHOR, PEER, FACILITATOR, OTHER_FACILITATOR, STAFF]


@pytest.fixture
def entry(workbench, demo):
    """A shared entry of learner3 (who has none in the demo), with one version and no feedback yet."""
    status, body = workbench.post("journal_save", AUTHOR, {
        "title": "Réunion à Kolda", "answers": [{"prompt": "Ressentis : qu'avez-vous ressenti ?", "text": SECRET}]})
    assert status == 200, body
    status, body = workbench.post("journal_share", AUTHOR, {"entry_id": body["id"]})
    assert status == 200 and body["shared"] is True
    return body


def _call(workbench, handler, student, entry):
    """Call ``handler`` on ``entry`` as ``student``; returns (status, body)."""
    entry_id = entry["id"]
    gets = {"journal_entry": {"entry_id": entry_id}, "journal_versions": {"entry_id": entry_id},
            "journal_version": {"entry_id": entry_id, "number": 1}}
    posts = {
        "journal_save": {"entry_id": entry_id, "base_version": entry["version"], "title": "Modifié",
                         "answers": [], "free_text": "écrasé"},
        "journal_share": {"entry_id": entry_id},
        "journal_withdraw": {"entry_id": entry_id},
        "journal_link": {"entry_id": entry_id, "kind": ""},
        "journal_feedback": {"entry_id": entry_id, "text": "Merci pour ce partage."},
    }
    if handler in gets:
        return workbench.get(handler, student, gets[handler])
    return workbench.post(handler, student, posts[handler])


# Who may do what on learner3's shared entry: 200, or 404 as if it did not exist.
MATRIX = {
    "journal_entry": {AUTHOR: 200, FACILITATOR: 200},
    "journal_versions": {AUTHOR: 200},
    "journal_version": {AUTHOR: 200},
    "journal_save": {AUTHOR: 200},
    "journal_share": {AUTHOR: 200},
    "journal_withdraw": {AUTHOR: 200},
    "journal_link": {AUTHOR: 200},
    "journal_feedback": {FACILITATOR: 200},
}


@pytest.mark.parametrize("handler", sorted(MATRIX))
@pytest.mark.parametrize("student", ROLES)
def test_privacy_matrix_of_entry_handlers(workbench, entry, handler, student):
    expected = MATRIX[handler].get(student, 404)
    status, body = _call(workbench, handler, student, entry)
    assert status == expected, (handler, student, body)
    if expected == 404:
        assert body["error"]["code"] == "entry_not_found"
        assert SECRET not in json.dumps(body, ensure_ascii=False)
        assert JournalEntry.objects.get(id=entry["id"]).free_text == ""
        assert not JournalFeedback.objects.filter(entry_id=entry["id"]).exists()


@pytest.mark.parametrize("student, status, sees", [
    (AUTHOR, 403, False), (PEER, 403, False), (FACILITATOR, 200, True), (OTHER_FACILITATOR, 200, False),
    (STAFF, 403, False)])
def test_privacy_matrix_of_the_shared_list(workbench, entry, student, status, sees):
    code, body = workbench.get("journal_shared", student)
    assert code == status
    assert (SECRET[:40] in json.dumps(body, ensure_ascii=False)) is sees
    if status == 403:
        assert body["error"]["code"] == "facilitators_only"


@pytest.mark.parametrize("student", ROLES)
def test_privacy_matrix_of_own_lists_and_downloads(workbench, entry, student):
    status, body = workbench.get("journal_entries", student, {"scope": "course"})
    assert status == 200
    assert ([item["id"] for item in body["items"]] == [entry["id"]]) is (student == AUTHOR)
    response = workbench.raw_get("journal_export", student, {"format": "markdown"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/markdown")
    assert "attachment" in response["Content-Disposition"]
    assert (SECRET in response.content.decode("utf-8")) is (student == AUTHOR)
    page = workbench.raw_get("journal_export", student, {"format": "html"})
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert (SECRET.replace("'", "&#x27;") in page.content.decode("utf-8")) is (student == AUTHOR)


@pytest.mark.parametrize("student, status", [(AUTHOR, 403), (PEER, 403), (FACILITATOR, 403),
                                             (OTHER_FACILITATOR, 403), (STAFF, 200)])
def test_privacy_matrix_of_counts(workbench, entry, student, status):
    code, body = workbench.get("journal_counts", student)
    assert code == status
    if status == 200:
        # The demo's four entries (three authors, two shared, one feedback), and this one.
        assert body == {"entries": 5, "authors": 4, "shared": 3, "feedback": 1}
        assert SECRET not in json.dumps(body)


def test_privacy_matrix_of_the_views(workbench, entry):
    for student in ROLES:
        html = workbench.view(student).content.decode("utf-8")
        assert "Journal réflexif" in html
        assert ("Réunion à Kolda" in html) is (student in (AUTHOR, FACILITATOR)), student
    staff = workbench.view(STAFF).content.decode("utf-8")
    assert "5 entrées" in staff and "Kolda" not in staff
    assert "CapSections = window.CapSections || {}).journal" not in staff


def test_share_receive_feedback_withdraw(workbench, entry):
    status, body = workbench.post("journal_feedback", FACILITATOR,
                                  {"entry_id": entry["id"], "text": "Qu'as-tu appris ?"})
    assert status == 200 and body["author"] == "Aminata Diallo"
    status, body = workbench.get("journal_entry", AUTHOR, {"entry_id": entry["id"]})
    assert [f["text"] for f in body["feedback"]] == ["Qu'as-tu appris ?"]
    status, body = workbench.get("journal_entry", PEER, {"entry_id": entry["id"]})
    assert status == 404
    status, body = workbench.post("journal_withdraw", AUTHOR, {"entry_id": entry["id"]})
    assert status == 200 and body["shared"] is False
    assert workbench.get("journal_entry", FACILITATOR, {"entry_id": entry["id"]})[0] == 404
    assert entry["id"] not in [item["id"] for item in workbench.get("journal_shared", FACILITATOR)[1]["items"]]


def test_stale_save_is_a_conflict_and_keeps_the_saved_text(workbench, entry):
    data = {"entry_id": entry["id"], "base_version": entry["version"], "free_text": "Onglet A"}
    assert workbench.post("journal_save", AUTHOR, data)[0] == 200
    status, body = workbench.post("journal_save", AUTHOR, dict(data, free_text="Onglet B"))
    assert status == 409 and body["error"]["code"] == "stale_version"
    assert "autre onglet" in body["error"]["message"]
    assert JournalEntry.objects.get(id=entry["id"]).free_text == "Onglet A"


@pytest.mark.parametrize("data,expected", [
    ({"entry_id": "abc", "base_version": 1}, 400), ({"entry_id": 99999999, "base_version": 1, "free_text": "x"}, 404),
    ({"answers": {"$gt": 1}}, 400), ({"free_text": ["liste"]}, 400),
    ({"entry_id": 1, "base_version": None, "free_text": "x"}, 400),
    ({"title": "x" * 201}, 400), ({"checkpoint": "peut-être", "free_text": "x"}, 400),
    ({"entry_id": 10 ** 30, "base_version": 1, "free_text": "x"}, 400), ({"entry_id": 1, "base_version": 10 ** 30}, 400),
])
def test_bad_input_never_makes_a_500(workbench, demo, data, expected):
    status, body = workbench.post("journal_save", AUTHOR, data)
    assert status == expected and set(body["error"]) >= {"code", "message"}


@pytest.mark.parametrize("handler, params, expected", [
    ("journal_entry", {"entry_id": "x"}, 400), ("journal_versions", {"entry_id": "-1"}, 400),
    ("journal_version", {"entry_id": "1", "number": "a"}, 404), ("journal_entries", {"scope": "tout"}, 400),
    ("journal_entries", {"page": "0"}, 400), ("journal_shared", {"page": "x"}, 400),
    ("journal_entry", {"entry_id": str(10 ** 30)}, 400),
    ("journal_version", {"entry_id": "1", "number": str(10 ** 30)}, 404)])
def test_bad_query_parameters_get_the_error_contract(workbench, demo, handler, params, expected):
    status, body = workbench.get(handler, FACILITATOR, params)
    assert status == expected and set(body["error"]) >= {"code", "message"}
    assert workbench.raw_get("journal_export", AUTHOR, {"format": "pdf"}).status_code == 400


def test_methods_and_csrf(workbench, demo):
    assert workbench.post("journal_entries", AUTHOR)[0] == 405
    assert workbench.client.get(workbench.url("journal_save", AUTHOR)).status_code == 405
    status, _body = workbench.post("journal_save", AUTHOR, {"free_text": "sans jeton"}, csrf=False)
    assert status == 403 and not JournalEntry.objects.filter(free_text="sans jeton").exists()


def test_events_carry_no_journal_text(workbench, demo, monkeypatch):
    events = []
    monkeypatch.setattr(platform, "publish_event", lambda block, name, data: events.append((name, data)))
    status, body = workbench.post("journal_save", AUTHOR, {"answers": [{"prompt": "Description", "text": SECRET}],
                                                            "title": "Titre secret", "free_text": "Libre secret"})
    entry_id = body["id"]
    workbench.post("journal_save", AUTHOR, {"entry_id": entry_id, "base_version": 1, "free_text": "Autre secret",
                                            "checkpoint": True})
    workbench.post("journal_share", AUTHOR, {"entry_id": entry_id})
    workbench.post("journal_feedback", FACILITATOR, {"entry_id": entry_id, "text": "Retour secret"})
    workbench.post("journal_withdraw", AUTHOR, {"entry_id": entry_id})
    workbench.raw_get("journal_export", AUTHOR, {"format": "markdown"})
    journal_events = [(name, data) for name, data in events if name.startswith("cap.journal.")]
    assert [name for name, _data in journal_events] == [
        "cap.journal.saved", "cap.journal.saved", "cap.journal.shared", "cap.journal.feedback_given",
        "cap.journal.withdrawn", "cap.journal.exported"]
    assert journal_events[0][1] == {"entry_id": entry_id, "version": 1, "shared": False, "length": len(SECRET) + 1
                                    + len("Libre secret"), "created": True, "checkpoint": False}
    dumped = json.dumps(journal_events, ensure_ascii=False)
    for text in (SECRET, "Titre secret", "Libre secret", "Autre secret", "Retour secret", "secret"):
        assert text not in dumped


def test_handler_queries_do_not_grow_with_entries(workbench, demo, django_assert_num_queries,
                                                  django_assert_max_num_queries):
    def add(count):
        for number in range(count):
            status, body = workbench.post("journal_save", AUTHOR, {"title": f"E{number}", "free_text": "texte"})
            workbench.post("journal_share", AUTHOR, {"entry_id": body["id"]})

    add(2)
    workbench.get("journal_entries", AUTHOR)
    workbench.get("journal_shared", FACILITATOR)
    counts = {}
    for handler, student in (("journal_entries", AUTHOR), ("journal_shared", FACILITATOR)):
        with django_assert_max_num_queries(30) as small:
            workbench.get(handler, student)
        counts[handler] = len(small.captured_queries)
    add(12)
    for handler, student in (("journal_entries", AUTHOR), ("journal_shared", FACILITATOR)):
        with django_assert_num_queries(counts[handler]):
            status, body = workbench.get(handler, student)
        assert status == 200 and len(body["items"]) == 10


def test_studio_prompts_replace_the_default_ones_and_survive_olx(workbench, demo, scenario_usage_id):
    html = workbench.view(AUTHOR).content.decode("utf-8")
    assert "Plan d&#x27;action : que ferez-vous autrement ?" in html
    status, body = workbench.post("submit_studio_edits", STAFF, {
        "values": {"journal_prompts": ["Qui avez-vous impliqué ?", "Qui avez-vous oublié ?"]}, "defaults": []})
    assert status == 200, body
    html = workbench.view(AUTHOR).content.decode("utf-8")
    assert "Qui avez-vous oublié ?" in html and "Plan d&#x27;action" not in html

    from lxml import etree  # pylint: disable=import-outside-toplevel
    from workbench.runtime import WorkbenchRuntime  # pylint: disable=import-outside-toplevel

    runtime = WorkbenchRuntime(STAFF)
    block = runtime.get_block(scenario_usage_id)
    node = etree.Element("cap")
    block.add_xml_to_node(node)
    copy = runtime.get_block(runtime.parse_xml_string(etree.tostring(node, encoding="unicode")))
    assert copy.journal_prompts == ["Qui avez-vous impliqué ?", "Qui avez-vous oublié ?"]


@pytest.mark.parametrize("prompts", [["x" * 501], ["q"] * 13, [3], "une seule question"])
def test_invalid_studio_prompts_are_refused(workbench, demo, prompts):
    status, body = workbench.post("submit_studio_edits", STAFF, {"values": {"journal_prompts": prompts},
                                                                 "defaults": []})
    assert status == 400 and body["error"]["code"] == "invalid_settings"


def test_link_choices_offer_only_what_the_author_may_see(workbench, demo):
    status, body = workbench.get("journal_link_choices", "learner1")
    assert status == 200
    titles = [case["label"] for case in body["cases"]]
    assert "Faire venir les élu·es aux comités de suivi" in titles
    status, other = workbench.get("journal_link_choices", "learner9")
    assert not set(titles) & {case["label"] for case in other["cases"]}
    status, entry = workbench.post("journal_save", "learner9", {"free_text": "Réflexion"})
    case_id = body["cases"][0]["id"]
    status, refused = workbench.post("journal_link", "learner9", {"entry_id": entry["id"], "kind": "case",
                                                                  "target_id": case_id})
    assert status == 404
    status, linked = workbench.post("journal_link", "learner1", {"entry_id": _own_entry_id("learner1"),
                                                                 "kind": "case", "target_id": case_id})
    assert status == 200 and linked["link_label"] == body["cases"][0]["label"]


def _own_entry_id(user_id):
    return JournalEntry.objects.filter(user_id=user_id).values_list("id", flat=True).first()


def test_journal_text_is_escaped_in_the_view_and_the_print_page(workbench, demo):
    hostile = "<img src=x onerror=alert(1)>"
    workbench.post("journal_save", AUTHOR, {"title": hostile, "answers": [{"prompt": hostile, "text": hostile}]})
    for html in (workbench.view(AUTHOR).content.decode("utf-8"),
                 workbench.raw_get("journal_export", AUTHOR, {"format": "html"}).content.decode("utf-8")):
        assert hostile not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_course_staff_who_facilitate_read_what_their_community_shares(workbench, entry):
    from cap_xblock.models import Community, FacilitatorRole  # pylint: disable=import-outside-toplevel

    html = workbench.view(STAFF).content.decode("utf-8")
    assert "Réunion à Kolda" not in html
    FacilitatorRole.objects.create(community=Community.objects.get(name="Les Baobabs"), user_id=STAFF)
    html = workbench.view(STAFF).content.decode("utf-8")
    assert "Réunion à Kolda" in html and "Entrées partagées avec vous" in html and "5 entrées" in html
    status, body = workbench.get("journal_entry", STAFF, {"entry_id": entry["id"]})
    assert status == 200 and body["answers"][0]["text"] == SECRET
