"""Helpers of the notification tests: everybody has an address; English for ids that end in ``-en``."""

import pytest

from cap_xblock.platform import Contact


def contacts_of_everyone(user_ids):
    """``platform.user_contacts`` of the tests: ``<id>@example.org``, English when the id ends in ``-en``."""
    return {user_id: Contact(user_id=user_id, email=f"{user_id}@example.org",
                             language="en" if user_id.endswith("-en") else "fr")
            for user_id in user_ids if not user_id.startswith("nomail")}


@pytest.fixture
def mailbox(settings):
    """Messages go to ``django.core.mail.outbox``; every test person has an address."""
    from django.core import mail  # pylint: disable=import-outside-toplevel

    settings.CAP_USER_CONTACTS = "tests.notification_utils.contacts_of_everyone"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    return mail.outbox
