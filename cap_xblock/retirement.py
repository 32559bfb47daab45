"""User retirement (GDPR): scrub a retired learner from every model that holds their data.

Open edX sends ``USER_RETIRE_LMS_MISC`` with the retired ``user``; the app
connects ``on_user_retired`` to it at start-up. Each capability adds the
models it owns to ``retire_user``.
"""

import logging

from django.db import transaction

from .models import FacilitatorRole, Membership, Participant

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
    log.info("Retired user %s from cap_xblock (%d rows).", user_id, touched)
    return touched


def on_user_retired(sender, user=None, **kwargs):  # pylint: disable=unused-argument
    """Receiver of the platform's retirement signal."""
    if user is not None:
        retire_user(user.id)
