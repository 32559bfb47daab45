"""The discussion of a community in one block: threads, replies, their versions, "Utile" reactions, read marks."""

from django.db import models

from .community import COURSE_KEY_LENGTH, USER_ID_LENGTH, Community

TITLE_LENGTH = 200
BODY_LENGTH = 5000
REASON_LENGTH = 500


class Post(models.Model):
    """A thread (depth 0) or a reply (depth 1, or 2 for a reply to a reply).

    ``moderation_reason`` says why a post was hidden or rejected (its author sees it).
    ``body`` is the Markdown source the author wrote; ``body_html`` the
    sanitised HTML rendered from it when it was written, so reads stay cheap.
    ``branch`` is the depth-1 reply a reply belongs to (itself at depth 1), so
    a thread's replies page in tree order.

    .. pii: The user id of a post's author, its title and body (free text). The id is emptied when the author
            is retired; the post stays for the community, unsigned.
    .. pii_types: id, other
    .. pii_retirement: local_api
    """

    PUBLISHED = "published"
    PENDING = "pending"
    REJECTED = "rejected"
    STATUSES = [(PUBLISHED, "published"), (PENDING, "pending"), (REJECTED, "rejected")]

    course_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    block_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="posts")
    thread = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="thread_posts")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    branch = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="branch_posts")
    depth = models.PositiveSmallIntegerField(default=0)
    author_id = models.CharField(max_length=USER_ID_LENGTH)
    anonymous = models.BooleanField(default=False)
    title = models.CharField(max_length=TITLE_LENGTH, blank=True, default="")
    body = models.TextField()
    body_html = models.TextField()
    status = models.CharField(max_length=16, choices=STATUSES, default=PUBLISHED)
    hidden = models.BooleanField(default=False)
    moderation_reason = models.CharField(max_length=REASON_LENGTH, blank=True, default="")
    pinned = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)
    deleted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            # The thread list's order (pinned first, then latest activity), read straight from the index.
            models.Index(fields=["block_key", "community", "depth", "pinned", "last_activity_at", "id"],
                         name="cap_post_thread_order"),
            models.Index(fields=["thread", "branch", "created_at"], name="cap_post_replies"),
            models.Index(fields=["author_id", "created_at"], name="cap_post_author"),
        ]

    def __str__(self):
        return f"post {self.id} by {self.author_id}"


class PostVersion(models.Model):
    """An earlier text of an edited post (kept for the facilitators).

    .. pii: Earlier texts of a post, linked to its author through the post. Deleted when the author is
            retired.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="versions")
    title = models.CharField(max_length=TITLE_LENGTH, blank=True, default="")
    body = models.TextField()
    written_at = models.DateTimeField()

    class Meta:
        ordering = ["-written_at", "-id"]


class Reaction(models.Model):
    """One person finds one post "Utile". Counts are derived from these rows.

    .. pii: The user id of someone who marked a post « Utile ». Replaced by a token that points to nobody when
            they are retired.
    .. pii_types: id
    .. pii_retirement: local_api
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user_id = models.CharField(max_length=USER_ID_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user_id"], name="cap_reaction_unique")]


class ThreadRead(models.Model):
    """When a person last opened a thread: what came after is new to them.

    .. pii: The user id of someone who read a thread, and when. Deleted when they are retired.
    .. pii_types: id
    .. pii_retirement: local_api
    """

    thread = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="read_marks")
    user_id = models.CharField(max_length=USER_ID_LENGTH)
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user_id"], name="cap_thread_read_unique")]
