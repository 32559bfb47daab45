"""Brainstorming (« Remue-méninges »): ideas on a block's guiding question, themes and votes.

One brainstorm per block and community. Vote totals are never stored: one
``Vote`` row per member and idea, counted when shown.
"""

from django.db import models

from .community import COURSE_KEY_LENGTH, USER_ID_LENGTH, Community

THEME_NAME_LENGTH = 100
IDEA_TEXT_LENGTH = 500


class Brainstorm(models.Model):
    """The brainstorm of one community on one block's guiding question; its row is the vote's lock.

    .. pii: The user id of the facilitator who closed the vote. Emptied when they are retired.
    .. pii_types: id
    .. pii_retirement: local_api
    """

    OPEN = "open"
    CLOSED = "closed"
    STATUSES = [(OPEN, "open"), (CLOSED, "closed")]

    course_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    block_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="brainstorms")
    question = models.TextField(blank=True, default="")
    status = models.CharField(max_length=16, choices=STATUSES, default=OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.CharField(max_length=USER_ID_LENGTH, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["block_key", "community"], name="cap_brainstorm_unique"),
        ]

    def __str__(self):
        return f"brainstorm {self.id} ({self.block_key}, community {self.community_id})"


class Theme(models.Model):
    """A theme the facilitator groups ideas under.

    .. no_pii: A theme's name, set by a facilitator to group ideas; no person's data.
    """

    brainstorm = models.ForeignKey(Brainstorm, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=THEME_NAME_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["brainstorm", "name"], name="cap_theme_unique_name"),
        ]
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class Idea(models.Model):
    """An idea a member adds. ``author_id`` is emptied when its author is retired; the idea stays.

    .. pii: The user id of an idea's author and the text they wrote. The id is emptied when they are retired;
            the idea stays for the community, unsigned.
    .. pii_types: id, other
    .. pii_retirement: local_api
    """

    brainstorm = models.ForeignKey(Brainstorm, on_delete=models.CASCADE, related_name="ideas")
    author_id = models.CharField(max_length=USER_ID_LENGTH, blank=True, default="")
    text = models.TextField()
    theme = models.ForeignKey(Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas")
    retained = models.BooleanField(default=False)
    # Hidden by the facilitation (its author still sees it, with the reason), as a discussion post can be.
    hidden = models.BooleanField(default=False)
    moderation_reason = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["brainstorm", "author_id"], name="cap_idea_author")]
        ordering = ["id"]

    def __str__(self):
        return f"idea {self.id}"


class Vote(models.Model):
    """One member's vote on one idea; a member spends their budget over several ideas.

    .. pii: The user id of a member who voted. Replaced by a token that points to nobody when they are
            retired, so the vote still counts.
    .. pii_types: id
    .. pii_retirement: local_api
    """

    brainstorm = models.ForeignKey(Brainstorm, on_delete=models.CASCADE, related_name="votes")
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    voter_id = models.CharField(max_length=USER_ID_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "voter_id"], name="cap_vote_one_per_idea"),
        ]
        indexes = [models.Index(fields=["brainstorm", "voter_id"], name="cap_vote_voter")]

    def __str__(self):
        return f"{self.voter_id} on idea {self.idea_id}"
