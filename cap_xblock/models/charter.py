"""The community charter ("Charte de la communauté"): its versions and who accepted which one.

Version 0 is the course default (the block's text from Studio, in the reader's
language); a facilitator's edit of a community's charter adds version 1, 2...
Accepting is recorded once per person and version, so the history stays.
"""

from django.db import models

from .community import USER_ID_LENGTH, Community

CHARTER_TEXT_LENGTH = 10000


class CharterVersion(models.Model):
    """One edited version of a community's charter. The highest ``number`` is the current one.

    ``text`` is the French text and ``text_en`` the English one; either may be
    empty (then readers of that language get the other one).

    .. pii: The user id of the facilitator who wrote a version of a charter, and its text. The author's id is
            emptied when they are retired; the text stays for the community.
    .. pii_types: id, other
    .. pii_retirement: local_api
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="charter_versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    text_en = models.TextField(blank=True, default="")
    author_id = models.CharField(max_length=USER_ID_LENGTH, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "number"], name="cap_charter_version_unique"),
        ]
        ordering = ["community_id", "number"]

    def __str__(self):
        return f"charter v{self.number} of {self.community_id}"


class CharterAcceptance(models.Model):
    """A member accepted version ``version`` of their community's charter at ``accepted_at``.

    .. pii: The user id of a member who accepted a charter. Deleted when the user is retired.
    .. pii_types: id
    .. pii_retirement: local_api
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="charter_acceptances")
    user_id = models.CharField(max_length=USER_ID_LENGTH)
    version = models.PositiveIntegerField()
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "user_id", "version"], name="cap_charter_acceptance_unique"),
        ]
        indexes = [models.Index(fields=["user_id"], name="cap_charter_acceptance_user")]

    def __str__(self):
        return f"{self.user_id} accepted v{self.version} of {self.community_id}"
