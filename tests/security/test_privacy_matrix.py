"""Every handler of the block x every role: no answer carries what the person must not read (``privacy_matrix``).

The handlers are the ones ``test_authorization_matrix`` discovers on ``CapXBlock``, each called with its
matrix request and with requests aimed at the seeded content; so a new handler is covered as soon as it has
its entry in the authorization matrix. The rendered student view and each section's HTML are checked too.
"""

import json

import pytest
from django.db import transaction

from cap_xblock.block import SECTIONS
from tests.security.handler_matrix import MATRIX, ROLES, make_context, send, undone
from tests.security.privacy_matrix import (ANON_TITLE, ANSWERS_AS, HIDDEN_TITLE, J_PRIVATE_TEXT, K_COMMUNITY,
                                           K_QUOTE_PENDING, K_WITHDRAWN, SESSION_AGENDA, SESSION_MINUTES,
                                           aimed_payloads, leaks, seed, vote_totals_shown)
from tests.security.test_authorization_matrix import HANDLERS
from tests.utils import Workbench

# Members accept their charter here as people do (see handler_matrix.make_context).
pytestmark = [pytest.mark.django_db, pytest.mark.charter_gate]


def _problems(response, role, seeded, label):
    text = response.content.decode("utf-8", "replace")
    problems = [f"{label} as {role}: carries {marker}" for marker in leaks(text, role, seeded)]
    if response.get("Content-Type", "").startswith("application/json"):
        problems += [f"{label} as {role}: open vote total at {path}"
                     for path in vote_totals_shown(json.loads(text), role)]
    return problems


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):  # pylint: disable=unused-argument
    """The demo's communities and the matrix's seed, written once for the module: ``(workbench, ctx, seeded)``.

    They are written in a transaction rolled back when the module ends; each test runs in a savepoint inside
    it (pytest-django's ``db``), so what a test writes is undone after it and every test meets the same seed.
    """
    from cap_demo import demo_data  # pylint: disable=import-outside-toplevel

    from cap_xblock.models import Community  # pylint: disable=import-outside-toplevel
    from workbench.scenarios import get_scenarios, init_scenarios  # pylint: disable=import-outside-toplevel

    with django_db_blocker.unblock(), transaction.atomic():
        init_scenarios()
        workbench = Workbench(get_scenarios()["cap.0"].usage_id)
        # The demo's communities and people only, as tests/security/conftest.py's ``communities``.
        saved, demo_data.CAPABILITY_DEMOS = demo_data.CAPABILITY_DEMOS, []
        try:
            demo_data.load()
        finally:
            demo_data.CAPABILITY_DEMOS = saved
        communities = {community.name: community.id for community in Community.objects.all()}
        ctx = make_context(workbench, communities, "staff")
        yield workbench, ctx, seed(ctx)
        transaction.set_rollback(True)


@pytest.fixture
def workbench(seeded_once, db):  # pylint: disable=unused-argument
    """The client that wrote the seed (its block and its CSRF cookie)."""
    return seeded_once[0]


@pytest.fixture
def seeded_context(seeded_once, db):  # pylint: disable=unused-argument
    _workbench, ctx, seeded = seeded_once
    return ctx, seeded


def test_the_seeds_are_there_for_those_who_may_read_them(workbench, seeded_context):
    """The matrix proves something only if the allowed people do read the markers."""
    ctx, seeded = seeded_context
    status, body = workbench.get("journal_entry", "learner1", {"entry_id": seeded.ids["private_entry"]})
    assert status == 200 and body["free_text"] == J_PRIVATE_TEXT
    status, body = workbench.get("discussion_thread", "facilitator1", {"thread_id": seeded.ids["hidden"]})
    assert status == 200 and body["thread"]["title"] == HIDDEN_TITLE
    status, body = workbench.get("discussion_thread", "staff", {"thread_id": seeded.ids["anonymous"]})
    assert body["thread"]["author_id"] == "learner3"
    status, body = workbench.get("brainstorm_state", "facilitator1", {"community_id": ctx.community})
    assert [theme["votes"] for theme in body["themes"]] == [2, 1]
    status, body = workbench.get("discussion_threads", "learner4", {"community_id": ctx.community})
    assert ANON_TITLE in json.dumps(body, ensure_ascii=False)
    status, body = workbench.get("session_detail", "learner4", {"session_id": seeded.ids["session"]})
    assert SESSION_MINUTES in body["html"] and SESSION_AGENDA in body["html"]
    # By theme, not by words: MariaDB's full-text index does not see the test's uncommitted rows.
    status, body = workbench.get("knowledge_search", "learner4", {"theme": "Confidentiel"})
    assert K_COMMUNITY in body["html"] and K_QUOTE_PENDING not in body["html"]
    status, body = workbench.get("knowledge_sheet", "learner4", {"sheet_id": seeded.ids["sheet_quote"]})
    assert status == 200 and body["sheet"]["asks_my_consent"]  # the quoted peer reads it, to consent
    status, body = workbench.get("knowledge_sheet", "facilitator1", {"sheet_id": seeded.ids["sheet_withdrawn"]})
    assert status == 200 and K_WITHDRAWN in body["html"] and body["sheet"]["withdrawn_at"]


@pytest.mark.parametrize("handler", sorted(HANDLERS))
def test_no_answer_of_the_handler_carries_what_the_role_must_not_read(workbench, seeded_context, handler):
    ctx, seeded = seeded_context
    entry = MATRIX.get(handler)
    if entry is None:
        pytest.fail(f"{handler} has no entry in tests/security/handler_matrix.py")
    payloads = [entry.payload(ctx)] + aimed_payloads(ctx, seeded, handler, list(SECTIONS))
    problems = []
    for number, payload in enumerate(payloads):
        for role, student in ROLES.items():
            response = undone(lambda student=student, payload=payload: send(
                workbench, handler, HANDLERS[handler], student, payload))
            assert response.status_code < 500, (handler, role, payload)
            problems += _problems(response, ANSWERS_AS.get(handler, role), seeded, f"{handler} #{number}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_the_rendered_view_and_every_section_carry_nothing_the_role_must_not_read(workbench, seeded_context, role):
    _ctx, seeded = seeded_context
    student = ROLES[role]
    problems = _problems(workbench.view(student), role, seeded, "student_view with every section opened")
    for key in SECTIONS:
        response = workbench.raw_get("section_view", student, {"key": key})
        if response.status_code == 200:
            html = json.loads(response.content)["html"]
            problems += [f"section {key} as {role}: carries {marker}" for marker in leaks(html, role, seeded)]
    assert not problems, "\n".join(problems)


def test_the_checks_see_a_leak_when_there_is_one():
    """The matrix's own detectors, on answers that do leak."""
    from tests.security.privacy_matrix import Seeded  # pylint: disable=import-outside-toplevel

    seeded = Seeded(allowed={"PRIVACYMARK-x": {"learner"}}, anonymous_author=("learner3", "Awa Ndiaye"))
    assert leaks("... PRIVACYMARK-x ...", "peer", seeded) == ["PRIVACYMARK-x"]
    assert leaks("... PRIVACYMARK-x ...", "learner", seeded) == []
    post = json.dumps({"id": 3, "title": ANON_TITLE, "author": "Awa Ndiaye", "author_id": "learner3"})
    assert leaks(post, "peer", seeded) and not leaks(post, "staff", seeded)
    hidden = json.dumps({"id": 3, "title": ANON_TITLE, "author": "Membre anonyme", "author_id": ""})
    assert not leaks(hidden + ', {"id": 4, "author": "Awa Ndiaye"}', "peer", seeded)
    state = {"status": "open", "can_facilitate": False, "themes": [{"id": 1, "votes": 2}],
             "ideas": {"items": [{"id": 5, "votes": None}]}, "results": None, "top_votes": 0}
    assert vote_totals_shown({"state": state}, "peer") == ["peer.state.themes[1].votes"]
    assert vote_totals_shown(dict(state, can_facilitate=True), "facilitator") == []
