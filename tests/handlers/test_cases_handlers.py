"""The cases handlers through the workbench, CSRF enforced, role by role, in French."""

import pytest

from cap_xblock.models import Case, CaseContribution, CaseDeadline, UsefulMark

pytestmark = pytest.mark.django_db


def new_case(workbench, student="learner6", present=True):
    status, body = workbench.post("case_save", student, {
        "title": "Mobiliser les associations de femmes", "context": "Un projet d'adduction d'eau à Kaolack.",
        "problem": "Les associations se retirent après la première réunion.", "tried": "Des réunions au chef-lieu.",
        "confidentiality": "shareable"})
    assert status == 200, body
    assert body["case"]["is_draft"] and "Mobiliser les associations" in body["html"]
    if present:
        status, body = workbench.post("case_present", student, {"case_id": body["case"]["id"]})
        assert status == 200 and body["case"]["step"] == 1
        assert body["message"] == "Votre cas est présenté à la communauté."
    return body["case"]["id"]


def move(workbench, case_id, from_step, student="facilitator1", direction="next"):
    status, body = workbench.post("case_move", student, {"case_id": case_id, "from_step": from_step,
                                                         "direction": direction})
    assert status == 200, body
    return body


def test_the_view_shows_the_cases_section_in_french(workbench, demo):
    response = workbench.view("learner1")
    html = response.content.decode("utf-8")
    assert "Cas (co-développement)" in html
    assert "Pas encore présenté de cas" in html
    status, section = workbench.get("section_view", "learner1", {"key": "cases"})
    assert status == 200 and any(url.endswith("/cases.js") for url in section["scripts"])


def test_a_full_cycle_role_by_role(workbench, demo):
    case_id = new_case(workbench)
    status, body = workbench.post("case_contribute", "learner2", {"case_id": case_id, "step": 1, "body": "Trop tôt"})
    assert status == 409 and body["error"]["code"] == "wrong_step"
    assert body["error"]["message"] == "Rien ne s'écrit à cette étape : le ou la client·e expose son cas."

    move(workbench, case_id, 1)
    status, body = workbench.post("case_contribute", "learner2", {"case_id": case_id, "step": 2,
                                                                  "body": "Qui anime les réunions ?"})
    assert status == 200 and body["case"]["contributions"]["items"][-1]["kind"] == "question"
    question_id = body["case"]["contributions"]["items"][-1]["id"]
    status, body = workbench.post("case_contribute", "learner6", {"case_id": case_id, "step": 2, "body": "Moi"})
    assert status == 403 and body["error"]["code"] == "consultants_only"
    status, body = workbench.post("case_contribute", "learner6", {"case_id": case_id, "step": 2,
                                                                  "body": "Le chef de projet.",
                                                                  "reply_to": question_id})
    assert status == 200 and body["case"]["contributions"]["items"][0]["answered"] is True

    body = move(workbench, case_id, 2)
    assert body["case"]["step_name"] == "Contrat"
    status, body = workbench.post("case_contribute", "learner2", {"case_id": case_id, "step": 3, "body": "Contrat"})
    assert status == 403 and body["error"]["code"] == "owner_only"
    status, body = workbench.post("case_contribute", "learner6", {"case_id": case_id, "step": 3,
                                                                  "body": "Trouver trois leviers."})
    assert status == 200

    move(workbench, case_id, 3)
    status, body = workbench.post("case_contribute", "learner6", {"case_id": case_id, "step": 4, "body": "Mais"})
    assert status == 403 and body["error"]["code"] == "owner_listens"
    assert body["error"]["message"].startswith("Pendant la consultation")
    status, body = workbench.post("case_contribute", "learner3", {"case_id": case_id, "step": 4,
                                                                  "body": "Réunissez-les au village."})
    assert status == 200
    suggestion_id = body["case"]["contributions"]["items"][-1]["id"]
    status, body = workbench.post("case_useful", "learner6", {"contribution_id": suggestion_id, "useful": True})
    assert status == 200 and body == {"useful": 1, "useful_by_me": True}

    move(workbench, case_id, 4)
    status, body = workbench.post("case_contribute", "learner6", {"case_id": case_id, "step": 5,
                                                                  "body": "Synthèse et plan."})
    assert status == 200
    move(workbench, case_id, 5)
    for student in ("learner6", "learner2", "facilitator1"):
        status, body = workbench.post("case_contribute", student, {"case_id": case_id, "step": 6,
                                                                   "body": "J'ai appris à écouter."})
        assert status == 200, student
    assert CaseContribution.objects.filter(case_id=case_id).count() == 8
    status, body = workbench.post("case_move", "facilitator1", {"case_id": case_id, "from_step": 6,
                                                                "direction": "next"})
    assert status == 409


@pytest.mark.parametrize("student", ["learner9", "facilitator2"])
def test_another_community_gets_404_everywhere(workbench, demo, student):
    case_id = new_case(workbench)
    move(workbench, case_id, 1)
    status, body = workbench.post("case_contribute", "learner2", {"case_id": case_id, "step": 2, "body": "?"})
    contribution_id = body["case"]["contributions"]["items"][-1]["id"]
    for handler, data in [("case_contribute", {"case_id": case_id, "step": 2, "body": "Intrus"}),
                          ("case_move", {"case_id": case_id, "from_step": 2, "direction": "next"}),
                          ("case_deadline", {"case_id": case_id, "step": 2, "due_on": "2030-01-01"}),
                          ("case_useful", {"contribution_id": contribution_id}),
                          ("case_save", {"case_id": case_id, "title": "Volé"}),
                          ("case_present", {"case_id": case_id})]:
        status, body = workbench.post(handler, student, data)
        assert status == 404, handler
        assert body["error"]["code"] == "case_not_found", handler
    status, body = workbench.get("case_detail", student, {"case_id": case_id})
    assert status == 404 and body["error"]["message"] == "Ce cas n'existe pas ou n'est pas partagé avec vous."
    baobabs = Case.objects.get(id=case_id).community_id
    status, body = workbench.get("cases_list", student, {"community_id": baobabs})
    assert status == 404


def test_roles_for_moving_and_dates(workbench, demo):
    case_id = new_case(workbench)
    for student in ("learner6", "learner2"):
        status, body = workbench.post("case_move", student, {"case_id": case_id, "from_step": 1, "direction": "next"})
        assert status == 403 and body["error"]["code"] == "facilitator_only"
        status, body = workbench.post("case_deadline", student, {"case_id": case_id, "step": 2, "due_on": "2030-01-01"})
        assert status == 403
    status, body = workbench.post("case_deadline", "facilitator1", {"case_id": case_id, "step": 2,
                                                                    "due_on": "2030-01-31"})
    assert status == 200 and body["case"]["deadlines"] == {"2": "2030-01-31"}
    assert CaseDeadline.objects.get(case_id=case_id).due_on.isoformat() == "2030-01-31"
    status, body = workbench.post("case_deadline", "facilitator1", {"case_id": case_id, "step": 2, "due_on": "demain"})
    assert status == 400 and body["error"]["code"] == "invalid_date"
    move(workbench, case_id, 1, student="staff")
    move(workbench, case_id, 2, student="staff", direction="back")


def test_drafts_stay_private_until_presented(workbench, demo):
    case_id = new_case(workbench, present=False)
    for student in ("learner2", "facilitator1", "staff"):
        status, _body = workbench.get("case_detail", student, {"case_id": case_id})
        assert status == 404, student
        status, body = workbench.get("cases_list", student)
        assert case_id not in [item["id"] for item in body["cases"]["cases"]["items"]]
    status, body = workbench.get("cases_list", "learner6")
    assert case_id in [item["id"] for item in body["cases"]["cases"]["items"]]
    status, body = workbench.post("case_delete", "learner2", {"case_id": case_id})
    assert status == 404
    status, body = workbench.post("case_delete", "learner6", {"case_id": case_id})
    assert status == 200 and not Case.objects.filter(id=case_id).exists()


def test_useful_is_once_per_person(workbench, demo):
    case_id = new_case(workbench)
    move(workbench, case_id, 1)
    status, body = workbench.post("case_contribute", "learner2", {"case_id": case_id, "step": 2, "body": "?"})
    contribution_id = body["case"]["contributions"]["items"][-1]["id"]
    for _ in range(3):
        status, body = workbench.post("case_useful", "learner3", {"contribution_id": contribution_id})
        assert status == 200 and body["useful"] == 1
    status, body = workbench.post("case_useful", "learner2", {"contribution_id": contribution_id})
    assert status == 403 and body["error"]["code"] == "own_contribution"
    assert UsefulMark.objects.filter(contribution_id=contribution_id).count() == 1


HANDLERS_FED_BAD_INPUT = ("case_contribute", "case_move", "case_present", "case_deadline", "case_useful", "case_save")
NO_CASE_ID = {"case_contribute": 400, "case_move": 400, "case_present": 400, "case_deadline": 400,
              "case_useful": 400, "case_save": 400, "case_detail": 400}


@pytest.mark.parametrize("data,expected", [
    ({}, NO_CASE_ID), ({"case_id": "x"}, NO_CASE_ID), ({"case_id": [1]}, NO_CASE_ID), ({"case_id": 10**30}, NO_CASE_ID),
    # learner1's own presented case, with a step that is not a number (or a step of no case at all).
    ({"case_id": "OWN", "step": "deux", "body": "?"}, dict(NO_CASE_ID, case_present=409, case_detail=200)),
    ({"case_id": 99999, "step": 2, "body": "?"}, dict(NO_CASE_ID, case_contribute=404, case_present=404,
                                                     case_deadline=404, case_detail=404)),
])
def test_bad_input_never_gives_500(workbench, demo, data, expected):
    if data.get("case_id") == "OWN":  # ids are the database's: MariaDB does not start them again at 1
        own = Case.objects.filter(owner_id="learner1", presented_at__isnull=False).order_by("id").first()
        data = dict(data, case_id=own.id)
    for handler in HANDLERS_FED_BAD_INPUT:
        status, body = workbench.post(handler, "learner1", data)
        assert status == expected[handler], (handler, status)
        assert set(body["error"]) >= {"code", "message"}
    status, body = workbench.get("case_detail", "learner1", {k: str(v) for k, v in data.items()})
    assert status == expected["case_detail"] and body is not None


def test_anonymous_and_wrong_method(workbench, demo):
    status, body = workbench.get("cases_list", "anonymous")
    assert status == 403 and body["error"]["code"] == "login_required"
    response = workbench.client.get(workbench.url("case_contribute", "learner1"))
    assert response.status_code == 405


@pytest.mark.parametrize("student", ["learner1", "facilitator1", "staff"])
def test_view_list_and_detail_use_a_constant_number_of_queries(workbench, demo, student,
                                                                  django_assert_num_queries):
    from django.db import connection  # pylint: disable=import-outside-toplevel
    from django.test.utils import CaptureQueriesContext  # pylint: disable=import-outside-toplevel

    counts = []
    for extra in (1, 6):
        for index in range(extra):
            case_id = new_case(workbench, student=f"learner{1 + index % 5}")
            move(workbench, case_id, 1)
            for number in range(extra):
                workbench.post("case_contribute", "learner6", {"case_id": case_id, "step": 2,
                                                               "body": f"Question {number}"})
        workbench.get("cases_list", student)
        workbench.get("case_detail", student, {"case_id": case_id})
        with CaptureQueriesContext(connection) as listing:
            assert workbench.get("cases_list", student)[0] == 200
        with CaptureQueriesContext(connection) as detail:
            assert workbench.get("case_detail", student, {"case_id": case_id})[0] == 200
        workbench.view(student)
        with CaptureQueriesContext(connection) as page:
            assert workbench.view(student).status_code == 200
        counts.append((len(listing), len(detail), len(page)))
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[1][0]):
        workbench.get("cases_list", student)


def test_facilitator_of_two_communities_chooses_one(workbench, demo):
    status, body = workbench.get("cases_list", "facilitator2")
    assert status == 200 and [name for _id, name in body["cases"]["communities"]] == ["Les Érables",
                                                                                      "Les Palétuviers"]
    erables = body["cases"]["communities"][0][0]
    status, body = workbench.get("cases_list", "facilitator2", {"community_id": erables})
    assert status == 200 and body["cases"]["community_id"] == erables
    assert len(body["cases"]["not_presented"]) == 6 and 'selected>Les Érables' in body["html"]
    status, body = workbench.get("cases_list", "learner1")
    assert body["cases"]["communities"] == [] and body["cases"]["cases"]["total"] == 6
    assert [p["display_name"] for p in body["cases"]["not_presented"]] == ["Aïssatou Fall", "Cheikh Mbaye"]


def test_lists_are_pages_of_ten(workbench, demo):
    for _ in range(5):
        new_case(workbench, student="learner2")
    status, body = workbench.get("cases_list", "learner3", {"page": 2})
    page = body["cases"]["cases"]
    assert status == 200 and page["total"] == 11 and page["pages"] == 2 and len(page["items"]) == 1
    assert page["items"][0]["title"] == "Faire venir les élu·es aux comités de suivi"  # the oldest
    status, body = workbench.get("cases_list", "learner3", {"page": "deux"})
    assert status == 400


def test_owner_moves_steps_only_when_the_block_allows_it(workbench, demo, monkeypatch):
    from cap_xblock.block import CapXBlock  # pylint: disable=import-outside-toplevel

    case_id = new_case(workbench)
    status, body = workbench.post("case_move", "learner6", {"case_id": case_id, "from_step": 1, "direction": "next"})
    assert status == 403 and body["error"]["code"] == "facilitator_only"
    monkeypatch.setattr(CapXBlock, "owner_can_advance", True)  # the Studio setting, switched on
    status, body = workbench.get("case_detail", "learner6", {"case_id": case_id})
    assert body["case"]["can_move_next"] and 'value="next"' in body["html"]
    body = move(workbench, case_id, 1, student="learner6")
    assert body["case"]["step"] == 2
    status, body = workbench.post("case_move", "learner2", {"case_id": case_id, "from_step": 2, "direction": "next"})
    assert status == 403


def test_a_save_from_an_older_copy_answers_409_with_the_current_text(workbench, demo):
    case_id = new_case(workbench, present=False)
    status, body = workbench.get("case_detail", "learner6", {"case_id": case_id})
    version = body["case"]["version"]
    assert f'name="base_version" value="{version}"' in body["html"]
    text = {"case_id": case_id, "title": "Mobiliser les associations de femmes", "problem": "Idem.",
            "confidentiality": "shareable"}
    status, body = workbench.post("case_save", "learner6", dict(text, context="Onglet A", base_version=version))
    assert status == 200 and body["case"]["version"] == version + 1
    status, body = workbench.post("case_save", "learner6", dict(text, context="Onglet B", base_version=version))
    assert status == 409
    assert body["error"]["code"] == "stale_version"
    assert body["error"]["details"]["version"] == version + 1 and body["error"]["details"]["context"] == "Onglet A"
    assert "modifié ailleurs" in body["error"]["message"]
    assert Case.objects.get(id=case_id).context == "Onglet A"
