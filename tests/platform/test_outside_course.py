"""Outside a course in the LMS (Studio's handler and preview, a library), and for anonymous visitors:
nobody is placed in a community, every handler refuses with a translated 403, nothing is written."""

import json

import pytest

from tests.platform.helpers import handlers, rows
from tests.security.handler_matrix import MATRIX, ROLES, make_context, send

pytestmark = pytest.mark.django_db

OUTSIDE = ["studio", "preview", "library"]
NOT_IN_COURSE = ("Cette activité se déroule dans le cours, sur le LMS. Dans Studio, un aperçu ou une bibliothèque, "
                 "personne ne rejoint de communauté et rien n'est enregistré.")
# Handlers that need no CAP data at all.
HARMLESS = {"ping"}
ANONYMOUS_MESSAGES = ("Connectez-vous pour participer à la communauté.",
                      "Seule l'équipe pédagogique peut modifier les réglages de cette activité.")
# Studio's settings save: a course author may (tests/platform/test_studio.py); others get staff_only.
SETTINGS = {"submit_studio_edits"}
# Fetched by calendar applications without a session: the token in the address is the credential
# (decision 26), so the LMS answers an anonymous caller who has it; a library refuses as everywhere.
TOKEN_ONLY = {"sessions_feed"}


HANDLERS = dict(handlers())


def _refusal(response):
    return response.status_code, json.loads(response.content)["error"]


@pytest.mark.charter_gate
@pytest.mark.parametrize("handler", sorted(set(HANDLERS) - HARMLESS))
def test_every_handler_refuses_outside_a_course_and_anonymous_visitors(on, workbench, communities, handler):
    """A request the LMS accepts from someone (the security matrix's valid request) is refused with
    403 ``not_in_course`` in Studio's handler and preview and in a library, for a learner, a
    facilitator and course staff alike; an anonymous visitor is refused in the LMS (whose view
    refuses an anonymous POST itself) and in a library (whose view lets ``anon…`` visitors call any
    handler). Nothing is written."""
    payload = MATRIX[handler].payload(make_context(workbench, communities, "staff"))
    method = HANDLERS[handler]
    wrong = []
    calls = [(where, role) for where in OUTSIDE for role in ("learner", "facilitator", "staff")
             if handler not in SETTINGS]
    calls += [("lms", "anonymous"), ("library", "anonymous")]
    clients = {}
    for where, role in calls:
        if where not in clients:
            clients[where] = on(where)
            clients[where].csrf()
        before = rows()
        response = send(clients[where], handler, method, ROLES[role], payload)
        if role != "anonymous" or (handler in TOKEN_ONLY and where != "lms"):
            refused = response.status_code == 403 and _refusal(response)[1] == {"code": "not_in_course",
                                                                                "message": NOT_IN_COURSE}
        elif handler in TOKEN_ONLY:
            refused = response.status_code == 200  # the token's owner's calendar, as a calendar application gets it
        elif where == "lms" and method == "POST":
            refused = (response.status_code, response.content) == (403, b"Unauthenticated")
        else:
            refused = response.status_code == 403 and _refusal(response)[1]["message"] in ANONYMOUS_MESSAGES
        if not refused:
            wrong.append(f"{handler} in {where} as {role}: {response.status_code} {response.content[:150]}")
        if rows() != before:
            wrong.append(f"{handler} in {where} as {role} wrote {rows()} (was {before})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("where", ["preview", "library"])
def test_the_learner_view_explains_instead_of_joining(on, demo, where):
    client = on(where)
    client.csrf()
    before = rows()
    response = client.view("learner24")
    html = response.content.decode("utf-8")
    assert response.status_code == 200
    assert NOT_IN_COURSE.replace("'", "&#x27;") in html
    assert "data-open-section" not in html
    assert rows() == before


def test_the_preview_of_authors_still_shows_the_settings(on, demo):
    response = on("preview").view("author1", view="author_view")
    assert response.status_code == 200
    assert "Comment mieux impliquer les parties prenantes" in response.content.decode("utf-8")


def test_the_same_learner_joins_in_the_lms(on, demo):
    status, body = on("lms").get("community_state", "learner24")
    assert status == 200 and body["community"] is not None


def test_an_anonymous_lms_visitor_is_asked_to_sign_in(on, demo):
    client = on("lms")
    client.csrf()
    before = rows()
    html = client.view("").content.decode("utf-8")
    assert "Connectez-vous pour participer à la communauté." in html
    assert rows() == before
