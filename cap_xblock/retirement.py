"""User retirement (GDPR): scrub a retired learner from every model that holds their data.

Open edX sends ``USER_RETIRE_LMS_MISC`` with the retired ``user``; the app
connects ``on_user_retired`` to it at start-up. Each capability adds the
models it owns to ``retire_user``.
"""

import logging
import uuid

from django.db import transaction

# One line per capability: each one adds its models on its own line.
# isort: off
from .models import CharterAcceptance, CharterVersion, Departure, FacilitatorRole, Membership, Participant
from .models import JournalEntry, JournalFeedback
from .models import Brainstorm, Idea, Vote
from .models import Case, CaseContribution, UsefulMark
from .models import ModerationAction, Mute, Post, PostVersion, Reaction, Report, Submission, ThreadRead
from .models import LastVisit, NotificationPreference, SentNotification, UnsubscribeToken
# isort: on

log = logging.getLogger(__name__)


def retire_user(user_id):
    """Remove or anonymise everything cap_xblock holds about ``user_id``, in every course.

    Memberships and facilitator roles are deleted (the community keeps going
    without them); the display-name snapshot is deleted, so nobody's name is
    left behind. Returns the number of rows touched.
    """
    user_id = str(user_id)
    with transaction.atomic():
        touched = 0
        touched += Membership.objects.filter(user_id=user_id).delete()[0]
        touched += FacilitatorRole.objects.filter(user_id=user_id).delete()[0]
        touched += Participant.objects.filter(user_id=user_id).delete()[0]
        # The community they left when they unenrolled: nobody to bring back.
        touched += Departure.objects.filter(user_id=user_id).delete()[0]
        # Charter: acceptances are deleted; a charter version they wrote stays for the community, unsigned.
        touched += CharterAcceptance.objects.filter(user_id=user_id).delete()[0]
        touched += CharterVersion.objects.filter(author_id=user_id).update(author_id="")
        # Journal: their entries go with their versions and the feedback about them (cascade);
        # feedback they wrote as facilitator stays for its reader, unsigned.
        touched += JournalEntry.objects.filter(user_id=user_id).delete()[0]
        touched += JournalFeedback.objects.filter(author_id=user_id).update(author_id="")
        # Brainstorm: their ideas stay for the community, unsigned; their votes still count, under a
        # token that points to nobody.
        touched += Idea.objects.filter(author_id=user_id).update(author_id="")
        touched += Vote.objects.filter(voter_id=user_id).update(voter_id="retired-" + uuid.uuid4().hex)
        touched += Brainstorm.objects.filter(closed_by=user_id).update(closed_by="")
        # Cases: drafts (seen by nobody else) are deleted; presented cases and contributions stay for the
        # community, unsigned; their "Utile" marks still count, under a token that points to nobody.
        touched += Case.objects.filter(owner_id=user_id, presented_at__isnull=True).delete()[0]
        touched += Case.objects.filter(owner_id=user_id).update(owner_id="")
        touched += CaseContribution.objects.filter(author_id=user_id).update(author_id="")
        touched += UsefulMark.objects.filter(user_id=user_id).update(user_id="retired-" + uuid.uuid4().hex)
        touched += _retire_from_discussion(user_id)
        # Form submission keys: their stored answers may carry the person's name and text.
        touched += Submission.objects.filter(user_id=user_id).delete()[0]
        # Notifications: their choices, unsubscribe tokens, the log of what was sent to them, their visits.
        for model in (NotificationPreference, UnsubscribeToken, SentNotification, LastVisit):
            touched += model.objects.filter(user_id=user_id).delete()[0]
    log.info("Retired user %s from cap_xblock (%d rows).", user_id, touched)
    return touched


def _retire_from_discussion(user_id):
    """Discussion and moderation: posts stay for the community, unsigned, without their earlier versions;
    "Utile" marks and reports keep counting under a token that points to nobody; read marks and mutes are
    deleted; the moderation log keeps its lines without the person's id."""
    token = "retired-" + uuid.uuid4().hex
    touched = PostVersion.objects.filter(post__author_id=user_id).delete()[0]
    touched += Post.objects.filter(author_id=user_id).update(author_id="")
    touched += Reaction.objects.filter(user_id=user_id).update(user_id=token)
    touched += ThreadRead.objects.filter(user_id=user_id).delete()[0]
    touched += Report.objects.filter(reporter_id=user_id).update(reporter_id=token)
    touched += Report.objects.filter(resolved_by=user_id).update(resolved_by="")
    touched += Mute.objects.filter(user_id=user_id).delete()[0]
    touched += Mute.objects.filter(muted_by=user_id).update(muted_by="")
    touched += ModerationAction.objects.filter(moderator_id=user_id).update(moderator_id="")
    touched += ModerationAction.objects.filter(target_user_id=user_id).update(target_user_id="")
    return touched


def on_user_retired(sender, user=None, **kwargs):  # pylint: disable=unused-argument
    """Receiver of the platform's retirement signal."""
    if user is not None:
        retire_user(user.id)
