"""Notifications: what each person wants to receive and how often, their unsubscribe token, what was sent,
where each block's e-mail links lead, and when each person last opened each block (« Quoi de neuf »).

Scoped to the course (preferences, tokens, sent messages) or to the block (visits, links).
"""

from django.db import models

from .community import COURSE_KEY_LENGTH, USER_ID_LENGTH

KIND_LENGTH = 32
URL_LENGTH = 1000
SELECTOR_LENGTH = 24
VERIFIER_LENGTH = 64


class NotificationPreference(models.Model):
    """How often one person hears of one kind of news in one course (no row: the kind's default).

    .. pii: the user id of the person and their choice of notifications. Deleted on retirement.
    .. pii_types: id
    .. pii_retirement: local_api
    """

    IMMEDIATE = "immediate"
    DAILY = "daily"
    WEEKLY = "weekly"
    NEVER = "never"
    FREQUENCIES = [(IMMEDIATE, "immediate"), (DAILY, "daily"), (WEEKLY, "weekly"), (NEVER, "never")]

    course_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    user_id = models.CharField(max_length=USER_ID_LENGTH)
    kind = models.CharField(max_length=KIND_LENGTH)
    frequency = models.CharField(max_length=16, choices=FREQUENCIES)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course_key", "user_id", "kind"], name="cap_notification_pref_unique"),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.kind} {self.frequency}"


class UnsubscribeToken(models.Model):
    """The secret of one person's unsubscribe links in one course: ``<selector>.<verifier>``.

    The selector finds the row; the verifier is compared in constant time.

    .. pii: the user id the token stands for. Deleted on retirement.
    .. pii_types: id
    .. pii_retirement: local_api
    """

    course_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    user_id = models.CharField(max_length=USER_ID_LENGTH)
    selector = models.CharField(max_length=SELECTOR_LENGTH, unique=True)
    verifier = models.CharField(max_length=VERIFIER_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course_key", "user_id"], name="cap_unsubscribe_token_unique"),
        ]

    def __str__(self):
        return f"unsubscribe token of {self.user_id}"


class SentNotification(models.Model):
    """One message to one person, claimed before it is handed to the platform's messaging, marked sent after.

    ``key`` (the SHA-256 of what the message is about, for whom, and for which period) is unique: a
    second run, after a crash or at the same time, finds the claim and sends nothing again.

    .. pii: the recipient's user id. Deleted on retirement.
    .. pii_types: id
    .. pii_retirement: local_api
    """

    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    STATES = [(CLAIMED, "claimed"), (SENT, "sent"), (FAILED, "failed")]

    key = models.CharField(max_length=64, unique=True)
    course_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    user_id = models.CharField(max_length=USER_ID_LENGTH)
    kind = models.CharField(max_length=KIND_LENGTH)
    state = models.CharField(max_length=16, choices=STATES, default=CLAIMED)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user_id", "created_at"], name="cap_sent_notification_user")]

    def __str__(self):
        return f"{self.kind} to {self.user_id} ({self.state})"


class BlockLinks(models.Model):
    """Where e-mails about a block send people: the block's page and its unsubscribe handler.

    Recorded when someone opens the block, so messages built outside a request (the digest) can link.

    .. no_pii:
    """

    course_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    block_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    page_url = models.CharField(max_length=URL_LENGTH)
    unsubscribe_url = models.CharField(max_length=URL_LENGTH)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course_key", "block_key"], name="cap_block_links_unique"),
        ]

    def __str__(self):
        return f"links of {self.block_key}"


class LastVisit(models.Model):
    """When one person last opened one block: « Quoi de neuf » lists what happened since ``previous_at``.

    .. pii: the user id and the time of their visits. Deleted on retirement.
    .. pii_types: id
    .. pii_retirement: local_api
    """

    course_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    block_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    user_id = models.CharField(max_length=USER_ID_LENGTH)
    previous_at = models.DateTimeField(null=True, blank=True)
    visited_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course_key", "block_key", "user_id"], name="cap_last_visit_unique"),
        ]

    def __str__(self):
        return f"{self.user_id} last opened {self.block_key} at {self.visited_at}"
