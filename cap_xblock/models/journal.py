"""The reflective journal: a learner's private entries, their history, and facilitators' feedback.

Entries belong to their author and are scoped to the course; they also record
the block they were written in. Only ``cap_xblock.api.journal`` reads them: it
alone decides who may see an entry.
"""

from django.db import models

from .community import COURSE_KEY_LENGTH, USER_ID_LENGTH

TITLE_LENGTH = 200
LINK_LABEL_LENGTH = 300


class JournalEntry(models.Model):
    """One reflection, as last saved. ``shared_at`` is set while the author shares it with facilitators.

    .. pii: The user id of a journal's author and what they wrote (title, answers, free text). Deleted with
            its versions and feedback when the author is retired.
    .. pii_types: id, other
    .. pii_retirement: local_api
    """

    NO_LINK = ""
    CASE = "case"
    BRAINSTORM = "brainstorm"
    LINK_KINDS = [(NO_LINK, "none"), (CASE, "case"), (BRAINSTORM, "brainstorm")]

    course_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    block_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    user_id = models.CharField(max_length=USER_ID_LENGTH)
    title = models.CharField(max_length=TITLE_LENGTH, blank=True, default="")
    # [{"prompt": "...", "text": "..."}]: the prompt is kept beside the answer, so an
    # entry stays readable when the block's author changes the prompts later.
    answers = models.JSONField(default=list, blank=True)
    free_text = models.TextField(blank=True, default="")
    # Optimistic concurrency: a save names the version it is based on.
    version = models.PositiveIntegerField(default=1)
    link_kind = models.CharField(max_length=16, choices=LINK_KINDS, blank=True, default=NO_LINK)
    link_id = models.PositiveIntegerField(null=True, blank=True)
    link_label = models.CharField(max_length=LINK_LABEL_LENGTH, blank=True, default="")
    shared_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["course_key", "user_id", "updated_at"], name="cap_journal_author"),
            models.Index(fields=["course_key", "shared_at"], name="cap_journal_shared"),
        ]
        ordering = ["-updated_at", "-id"]

    def __str__(self):
        return f"journal entry {self.id} of {self.user_id}"


class JournalVersion(models.Model):
    """A saved state of an entry, for its history.

    Autosaves within ``api.journal.VERSION_WINDOW`` of the version's start
    update the same row; an explicit save closes it, so the next change
    starts a new version.

    .. pii: Earlier texts of a journal entry, linked to its author through the entry. Deleted with the entry
            when the author is retired.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=TITLE_LENGTH, blank=True, default="")
    answers = models.JSONField(default=list, blank=True)
    free_text = models.TextField(blank=True, default="")
    closed = models.BooleanField(default=False)
    started_at = models.DateTimeField()
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "number"], name="cap_journal_version_unique"),
        ]
        ordering = ["-number"]

    def __str__(self):
        return f"version {self.number} of entry {self.entry_id}"


class JournalFeedback(models.Model):
    """A facilitator's written answer to a shared entry. Only the entry's author (and facilitators) read it.

    .. pii: The user id of the facilitator who answered a shared entry, and their text. Deleted with the entry
            when its author is retired; the facilitator's id is emptied when the facilitator is retired.
    .. pii_types: id, other
    .. pii_retirement: local_api
    """

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="feedback")
    author_id = models.CharField(max_length=USER_ID_LENGTH, blank=True, default="")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"feedback {self.id} on entry {self.entry_id}"
