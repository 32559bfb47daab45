"""User retirement (GDPR): scrub a retired learner from every model that holds their data.

Open edX sends ``USER_RETIRE_LMS_MISC`` with the retired ``user``; the app
connects ``on_user_retired`` to it at start-up. Each capability declares its
``retire`` hook (``cap_xblock/capabilities/``): the function of its api
module that removes or anonymises the person in the models it owns.
"""

import logging

from django.db import transaction

from . import capabilities
from .models import Submission

log = logging.getLogger(__name__)


def retire_user(user_id):
    """Remove or anonymise everything cap_xblock holds about ``user_id``, in every course.

    Every capability's ``retire`` hook runs in one transaction, in their declared
    ``retire_order``: those that take the person's name out of a text first (the
    sessions' minutes), then « Ma communauté » (memberships, facilitator roles and
    the display-name snapshot are deleted, so nobody's name is left behind), then
    the others. Returns the number of rows touched.
    """
    user_id = str(user_id)
    touched = 0
    with transaction.atomic():
        for _key, retire in capabilities.retirement_hooks():
            touched += retire(user_id)
        # Form submission keys: their stored answers may carry the person's name and text.
        touched += Submission.objects.filter(user_id=user_id).delete()[0]
    log.info("Retired user %s from cap_xblock (%d rows).", user_id, touched)
    return touched


def on_user_retired(sender, user=None, **kwargs):  # pylint: disable=unused-argument
    """Receiver of the platform's retirement signal."""
    if user is not None:
        retire_user(user.id)
