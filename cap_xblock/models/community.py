"""Communities (CAP cohorts) and the people in them. Everything here is scoped to the course."""

import hashlib
import unicodedata

from django.db import models

# Course keys and platform user ids are stored as strings. Lengths stay small
# enough for utf8mb4 composite indexes on MySQL/MariaDB (3072 bytes).
COURSE_KEY_LENGTH = 255
USER_ID_LENGTH = 64
NAME_LENGTH = 100
DISPLAY_NAME_LENGTH = 150


class CourseConfig(models.Model):
    """How a course forms its communities. One row per course; also the lock row for joins.

    .. no_pii: A course's settings for forming communities; no person's data.
    """

    AUTOMATIC = "automatic"
    MANUAL = "manual"
    MODES = [(AUTOMATIC, "automatic"), (MANUAL, "manual")]

    course_key = models.CharField(max_length=COURSE_KEY_LENGTH, unique=True)
    target_size = models.PositiveSmallIntegerField(default=10)
    assignment_mode = models.CharField(max_length=16, choices=MODES, default=AUTOMATIC)
    # The course's communities mirror Open edX cohorts (``api.cohorts``): off until staff turn it on.
    mirror_cohorts = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.course_key} ({self.assignment_mode}, {self.target_size})"


def normalized_name(name):
    """The form of a community name that decides « same name » (decision 0016).

    NFKC, then case folded, accents (combining marks) removed, and runs of
    whitespace collapsed to one space: « Équipe  X » and « equipe x » are the
    same name; « Cercle 🌍 » and « Cercle 🌱 » are not.
    """
    text = unicodedata.normalize("NFKC", name or "").casefold()
    text = "".join(char for char in unicodedata.normalize("NFD", text) if not unicodedata.combining(char))
    return " ".join(unicodedata.normalize("NFC", text).split())


def name_key(name):
    """What the unique index compares: the SHA-256 of ``normalized_name`` in hex.

    Plain ASCII, so every database and collation compares it byte for byte.
    """
    return hashlib.sha256(normalized_name(name).encode("utf-8")).hexdigest()


NAME_KEY_LENGTH = 64


class Community(models.Model):
    """A CAP: a group of about ten learners and its facilitator(s), inside one course.

    ``name_key`` (``name_key(name)``) is what makes two names the same; it is
    kept in step with ``name`` on every save that changes the name.

    .. no_pii: A community's name (chosen by course staff) and its cohort's id; no person's data.
    """

    course_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    name = models.CharField(max_length=NAME_LENGTH)
    name_key = models.CharField(max_length=NAME_KEY_LENGTH)
    archived = models.BooleanField(default=False)
    # The Open edX cohort (``CourseUserGroup`` id) this community mirrors, when the course mirrors cohorts.
    cohort_id = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course_key", "name_key"], name="cap_community_unique_name_key"),
            models.UniqueConstraint(fields=["course_key", "cohort_id"], name="cap_community_unique_cohort"),
        ]
        indexes = [models.Index(fields=["course_key", "archived"], name="cap_community_course")]
        ordering = ["id"]

    # The name as read from the database: save() derives name_key again only when the name changed.
    _loaded_name = None

    @classmethod
    def from_db(cls, db, field_names, values):
        row = super().from_db(db, field_names, values)
        row._loaded_name = row.__dict__.get("name")
        return row

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if not self.name_key or self.name != getattr(self, "_loaded_name", None):
            if update_fields is None or "name" in update_fields:
                self.name_key = name_key(self.name)
                if update_fields is not None:
                    kwargs["update_fields"] = set(update_fields) | {"name_key"}
        super().save(*args, **kwargs)
        self._loaded_name = self.name

    def __str__(self):
        return f"{self.name} ({self.course_key})"


class Participant(models.Model):
    """Someone who opened a CAP block in a course, with the display name seen on their last visit.

    .. pii: The platform's user id, username and display name of someone who opened the block in a course.
            Deleted when the user is retired (``retirement.retire_user``).
    .. pii_types: id, username, name
    .. pii_retirement: local_api
    """

    course_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    user_id = models.CharField(max_length=USER_ID_LENGTH)
    username = models.CharField(max_length=DISPLAY_NAME_LENGTH, blank=True, default="")
    display_name = models.CharField(max_length=DISPLAY_NAME_LENGTH)
    is_staff = models.BooleanField(default=False)
    last_seen = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course_key", "user_id"], name="cap_participant_unique"),
        ]
        indexes = [models.Index(fields=["course_key", "username"], name="cap_participant_username")]

    def __str__(self):
        return f"{self.display_name} ({self.user_id})"


class Membership(models.Model):
    """A learner's place in a community. A learner belongs to at most one community per course.

    .. pii: The user id of a learner placed in a community. Deleted when the user is retired, and when they
            unenrol from the course (``api.lifecycle``).
    .. pii_types: id
    .. pii_retirement: local_api
    """

    course_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    user_id = models.CharField(max_length=USER_ID_LENGTH)
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course_key", "user_id"], name="cap_membership_one_per_course"),
        ]

    def __str__(self):
        return f"{self.user_id} in {self.community_id}"


class FacilitatorRole(models.Model):
    """Names someone facilitator of one community. A person may lead several communities.

    .. pii: The user id of a facilitator. Deleted when the user is retired.
    .. pii_types: id
    .. pii_retirement: local_api
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="facilitators")
    user_id = models.CharField(max_length=USER_ID_LENGTH)
    named_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "user_id"], name="cap_facilitator_unique"),
        ]
        indexes = [models.Index(fields=["user_id"], name="cap_facilitator_user")]

    def __str__(self):
        return f"{self.user_id} leads {self.community_id}"


class Departure(models.Model):
    """A learner who unenrolled from the course left this community; they rejoin it if they enrol again
    while it has room (``api.lifecycle``). At most one row per person and course.

    .. pii: The user id of a learner who unenrolled and the community they left. Deleted when they enrol
            again, and when the user is retired.
    .. pii_types: id
    .. pii_retirement: local_api
    """

    course_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    user_id = models.CharField(max_length=USER_ID_LENGTH)
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="departures")
    left_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course_key", "user_id"], name="cap_departure_one_per_course"),
        ]
        indexes = [models.Index(fields=["user_id"], name="cap_departure_user")]

    def __str__(self):
        return f"{self.user_id} left {self.community_id}"
