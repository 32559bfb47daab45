"""Idempotency keys: a form submission is recorded once, so a second press on a slow link creates nothing."""

from django.db import models

from .community import COURSE_KEY_LENGTH, USER_ID_LENGTH

SUBMISSION_KEY_LENGTH = 64
SUBMISSION_KIND_LENGTH = 32


class Submission(models.Model):
    """One form submission of one person in one block (``kind``: what it creates, ``key``: the client's token).

    Written in the same transaction as what the submission creates; the unique constraint makes a
    repeated submission find this row and answer with ``response`` (the JSON of the first answer).
    Rows are deleted after a day (``api/submissions.py``).

    .. pii: The user id of someone who submitted a form and the JSON answer it received (which may repeat
            their text or name). Deleted after a day, and when the user is retired.
    .. pii_types: id, other
    .. pii_retirement: local_api
    """

    user_id = models.CharField(max_length=USER_ID_LENGTH)
    block_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    kind = models.CharField(max_length=SUBMISSION_KIND_LENGTH)
    key = models.CharField(max_length=SUBMISSION_KEY_LENGTH)
    response = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user_id", "block_key", "kind", "key"],
                                               name="cap_submission_unique")]
        indexes = [models.Index(fields=["user_id", "created_at"], name="cap_submission_age"),
                   models.Index(fields=["created_at"], name="cap_submission_created")]

    def __str__(self):
        return f"{self.kind} {self.key} by {self.user_id}"
