"""The demo: facilitator1 has things waiting, and the digest command writes each person's e-mail in their language."""

import pytest
from django.core import mail
from django.core.management import call_command

from cap_xblock.api import dashboard
from cap_xblock.models import SentNotification
from tests.utils import make_actor

pytestmark = pytest.mark.django_db


def test_facilitator1_has_things_waiting(demo):
    board = dashboard.dashboard(make_actor("facilitator1", name="Aminata Diallo")).communities[0]
    waiting = board.waiting
    assert board.name == "Les Baobabs"
    assert waiting.shared_entries >= 1 and waiting.reports >= 1 and waiting.pending_posts >= 1
    assert waiting.late_steps >= 1 and waiting.steps_to_move >= 1
    assert "Mamadou Kane" not in [person.display_name for person in board.not_presented]  # learner10: elsewhere


def test_the_digest_command_writes_each_persons_email_in_their_language(demo, settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    call_command("cap_send_digests", "--frequency", "daily")
    by_person = {message.to[0].split("@")[0]: message for message in mail.outbox}
    assert set(by_person) == {"learner1", "learner2", "learner9", "learner17", "learner20", "facilitator1",
                              "facilitator2"}
    assert by_person["learner1"].subject == "Votre résumé quotidien de la communauté"
    assert by_person["facilitator2"].subject == "Your daily digest of the community"
    assert "« Les Baobabs » : " in by_person["facilitator1"].body
    assert "unsubscribe/?token=" in by_person["learner9"].body
    assert "sent 7" in capsys.readouterr().out
    call_command("cap_send_digests", "--frequency", "daily")
    assert len(mail.outbox) == 7 and SentNotification.objects.filter(state="sent").count() == 7
