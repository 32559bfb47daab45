"""Moderation of a community's discussion: reports, mutes and the moderation log."""

from django.db import models

from .brainstorm import Idea
from .cases import CaseContribution
from .community import COURSE_KEY_LENGTH, USER_ID_LENGTH, Community
from .discussion import REASON_LENGTH, Post


class Report(models.Model):
    """A member reports a post, a case contribution or a brainstorm idea to the facilitators, with a reason.

    Exactly one of ``post``, ``contribution``, ``idea`` is set; one report per person and item.

    .. pii: The user ids of the member who reported an item and of the moderator who resolved it, and the
            reason given (free text). The reporter's id is replaced by a token that points to nobody, the
            moderator's id emptied, when they are retired.
    .. pii_types: id, other
    .. pii_retirement: local_api
    """

    OPEN = "open"
    HIDDEN = "hidden"
    DISMISSED = "dismissed"
    OUTCOMES = [(OPEN, "open"), (HIDDEN, "hidden"), (DISMISSED, "dismissed")]

    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    contribution = models.ForeignKey(CaseContribution, null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="reports")
    idea = models.ForeignKey(Idea, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="reports")
    reporter_id = models.CharField(max_length=USER_ID_LENGTH)
    reason = models.CharField(max_length=REASON_LENGTH)
    outcome = models.CharField(max_length=16, choices=OUTCOMES, default=OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.CharField(max_length=USER_ID_LENGTH, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter_id"], name="cap_report_unique"),
            models.UniqueConstraint(fields=["contribution", "reporter_id"], name="cap_report_contribution_unique"),
            models.UniqueConstraint(fields=["idea", "reporter_id"], name="cap_report_idea_unique"),
        ]
        indexes = [models.Index(fields=["community", "outcome", "created_at"], name="cap_report_queue")]


class Mute(models.Model):
    """A member of a community may read but not post until ``until``. One row per person and community.

    .. pii: The user ids of a muted member and of the moderator who muted them, and the reason given. Deleted
            when the member is retired; the moderator's id is emptied when the moderator is retired.
    .. pii_types: id, other
    .. pii_retirement: local_api
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="mutes")
    user_id = models.CharField(max_length=USER_ID_LENGTH)
    until = models.DateTimeField()
    muted_by = models.CharField(max_length=USER_ID_LENGTH)
    reason = models.CharField(max_length=REASON_LENGTH, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["community", "user_id"], name="cap_mute_unique")]


class ModerationAction(models.Model):
    """One line of the « Journal de modération »: who did what, to what, when and why.

    .. pii: The user ids of a moderator and of the person their action concerned, an excerpt of the item and
            the reason given. Both ids are emptied when these people are retired; the line stays in the
            moderation log.
    .. pii_types: id, other
    .. pii_retirement: local_api
    """

    ACTIONS = ["hide", "restore", "pin", "unpin", "lock", "unlock", "mute", "unmute", "delete", "approve",
               "reject", "dismiss"]

    course_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="moderation_actions")
    moderator_id = models.CharField(max_length=USER_ID_LENGTH)
    action = models.CharField(max_length=16, choices=[(name, name) for name in ACTIONS])
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="moderation")
    contribution = models.ForeignKey(CaseContribution, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="moderation")
    idea = models.ForeignKey(Idea, null=True, blank=True, on_delete=models.SET_NULL, related_name="moderation")
    target_user_id = models.CharField(max_length=USER_ID_LENGTH, blank=True, default="")
    excerpt = models.CharField(max_length=200, blank=True, default="")
    reason = models.CharField(max_length=REASON_LENGTH, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["community", "created_at"], name="cap_moderation_log")]
