"""Co-development cases: a member's real situation, worked through in six steps by the community.

Scoped to the block (one activity) and the community. Counts ("Utile"
reactions) are derived from one row per person and contribution.
"""

from django.db import models

from .community import COURSE_KEY_LENGTH, USER_ID_LENGTH, Community

TITLE_LENGTH = 200


class Case(models.Model):
    """A case brought by its owner. A draft until presented (``presented_at`` set); then at ``step`` 1..6.

    .. pii: The user id of a case's owner and the situation they describe (free text). Drafts are deleted when
            the owner is retired; a presented case stays for the community, its owner's id emptied.
    .. pii_types: id, other
    .. pii_retirement: local_api
    """

    COMMUNITY_ONLY = "community"
    SHAREABLE = "shareable"
    CONFIDENTIALITY = [(COMMUNITY_ONLY, "community only"), (SHAREABLE, "shareable without names")]

    course_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    block_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="cases")
    owner_id = models.CharField(max_length=USER_ID_LENGTH, blank=True)  # "" once the owner is retired
    title = models.CharField(max_length=TITLE_LENGTH)
    context = models.TextField(blank=True, default="")
    problem = models.TextField(blank=True, default="")
    tried = models.TextField(blank=True, default="")
    confidentiality = models.CharField(max_length=16, choices=CONFIDENTIALITY, default=COMMUNITY_ONLY)
    step = models.PositiveSmallIntegerField(default=1)
    # Grows by one with every change of the owner's text: a save names the version it was based on.
    version = models.PositiveIntegerField(default=1)
    presented_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["community", "block_key"], name="cap_case_community_block"),
            models.Index(fields=["owner_id"], name="cap_case_owner"),
        ]
        ordering = ["id"]

    def __str__(self):
        return f"{self.title} (step {self.step})"


class CaseDeadline(models.Model):
    """The date by which a step of a case should be done, set by the facilitator.

    .. no_pii: The date by which a step of a case should be done; no person's data.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    step = models.PositiveSmallIntegerField()
    due_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "step"], name="cap_case_deadline_unique")]

    def __str__(self):
        return f"case {self.case_id} step {self.step} by {self.due_on}"


class CaseContribution(models.Model):
    """What someone writes in a step: a question, an answer, the contract, a suggestion, the synthesis, a learning.

    .. pii: The user id of a contribution's author and the text they wrote. The id is emptied when they are
            retired; the text stays for the community, unsigned.
    .. pii_types: id, other
    .. pii_retirement: local_api
    """

    QUESTION = "question"
    ANSWER = "answer"
    CONTRACT = "contract"
    SUGGESTION = "suggestion"
    SYNTHESIS = "synthesis"
    LEARNING = "learning"
    KINDS = [(kind, kind) for kind in (QUESTION, ANSWER, CONTRACT, SUGGESTION, SYNTHESIS, LEARNING)]

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contributions")
    step = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=KINDS)
    author_id = models.CharField(max_length=USER_ID_LENGTH, blank=True)  # "" once the author is retired
    reply_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField()
    # Hidden by the facilitation (its author still sees it, with the reason), as a discussion post can be.
    hidden = models.BooleanField(default=False)
    moderation_reason = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["case", "step"], name="cap_contribution_case_step"),
            models.Index(fields=["author_id"], name="cap_contribution_author"),
        ]
        ordering = ["id"]

    def __str__(self):
        return f"{self.kind} on case {self.case_id}"


class UsefulMark(models.Model):
    """One person finds one contribution useful ("Utile"). At most one row per person and contribution.

    .. pii: The user id of someone who marked a contribution « Utile ». Replaced by a token that points to
            nobody when they are retired.
    .. pii_types: id
    .. pii_retirement: local_api
    """

    contribution = models.ForeignKey(CaseContribution, on_delete=models.CASCADE, related_name="useful_marks")
    user_id = models.CharField(max_length=USER_ID_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contribution", "user_id"], name="cap_useful_mark_unique"),
        ]
        indexes = [models.Index(fields=["user_id"], name="cap_useful_mark_user")]

    def __str__(self):
        return f"{self.user_id} finds {self.contribution_id} useful"
