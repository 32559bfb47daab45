"""The dashboards carry counts from journals, never their text; learners cannot open them; e-mails carry no text.

Stricter than the privacy matrix, where the facilitator may read a shared entry (in the journal): here the
dashboard, the course team's view and the participation export carry no journal marker for anybody.
"""

import pytest
from django.core import mail

from tests.security.handler_matrix import ROLES, make_context
from tests.security.privacy_matrix import J_FEEDBACK, J_PEER_TEXT, J_PRIVATE_TEXT, J_PRIVATE_TITLE, J_SHARED_TEXT, seed

pytestmark = [pytest.mark.django_db, pytest.mark.charter_gate]
JOURNAL_MARKERS = (J_FEEDBACK, J_PEER_TEXT, J_PRIVATE_TEXT, J_PRIVATE_TITLE, J_SHARED_TEXT)


@pytest.fixture
def seeded(workbench, communities, settings):
    settings.CAP_USER_CONTACTS = "cap_demo.people.contacts"
    mail.outbox = []
    ctx = make_context(workbench, communities, "staff")
    return ctx, seed(ctx)


def test_dashboards_and_export_never_carry_journal_text(workbench, seeded):
    ctx, _seeded = seeded
    answers = [
        workbench.raw_get("dashboard_view", "facilitator1"),
        workbench.raw_get("dashboard_view", "staff", {"community_id": ctx.community}),
        workbench.raw_get("course_overview", "staff"),
        workbench.raw_get("participation_export", "staff"),
        workbench.raw_get("section_view", "facilitator1", {"key": "dashboard"}),
        workbench.raw_get("section_view", "staff", {"key": "overview"}),
    ]
    for response in answers:
        assert response.status_code == 200
        text = response.content.decode("utf-8")
        assert not [marker for marker in JOURNAL_MARKERS if marker in text]
    body = workbench.raw_get("dashboard_view", "facilitator1").json()
    assert "shared_entries" in body["data"]["communities"][0]["waiting"]  # a count (the seeded entry is answered)


def test_learners_cannot_open_the_dashboards(workbench, seeded):
    ctx, _seeded = seeded
    for role in ("anonymous", "learner", "peer", "other_learner"):
        for handler, params in (("dashboard_view", {"community_id": ctx.community}), ("course_overview", {}),
                                ("participation_export", {})):
            response = workbench.raw_get(handler, ROLES[role], params)
            assert response.status_code in (403, 404), (handler, role)
        response = workbench.raw_get("section_view", ROLES[role], {"key": "dashboard"})
        assert response.status_code in (403, 404)


def test_emails_carry_no_journal_text(workbench, seeded):
    assert mail.outbox, "the seeds (feedback, a report) send e-mails"
    for message in mail.outbox:
        everything = message.subject + message.body + "".join(part for part, _type in message.alternatives)
        assert not [marker for marker in JOURNAL_MARKERS if marker in everything]
