"""Rencontres: the meetings of a community (or of the whole course: a plenary), and what they leave behind.

Scoped to the course. A session belongs to a community, or to no community
(``community`` null): a plenary, for every community of the course. Times are
stored in UTC with the session's IANA time zone, so « 14:00 à Paris » stays
14:00 in Paris across daylight-saving changes. Answers and attendance are one
row per person and session; counts are derived from them.
"""

import datetime

from django.db import models

from .cases import Case
from .community import COURSE_KEY_LENGTH, USER_ID_LENGTH, Community

TITLE_LENGTH = 200
ZONE_LENGTH = 64
LINK_LENGTH = 500
PLACE_LENGTH = 300


class Session(models.Model):
    """A meeting: when (UTC + the zone it was planned in), how long, where (a link, a place, or both).

    .. pii: who planned it and the note-taker (user ids)
    .. pii_types: id
    .. pii_retirement: local_api
    """

    VIRTUAL = "virtual"
    IN_PERSON = "in_person"
    HYBRID = "hybrid"
    MODES = [(VIRTUAL, "virtual"), (IN_PERSON, "in person"), (HYBRID, "hybrid")]

    course_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    # None: a plenary, for every community of the course (planned by course staff).
    community = models.ForeignKey(Community, null=True, blank=True, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=TITLE_LENGTH)
    starts_at = models.DateTimeField()  # UTC
    time_zone = models.CharField(max_length=ZONE_LENGTH)  # IANA name, e.g. Europe/Paris
    duration_minutes = models.PositiveSmallIntegerField(default=90)
    ends_at = models.DateTimeField()  # UTC: starts_at + duration, kept by save()
    mode = models.CharField(max_length=16, choices=MODES, default=VIRTUAL)
    link = models.CharField(max_length=LINK_LENGTH, blank=True, default="")
    place = models.CharField(max_length=PLACE_LENGTH, blank=True, default="")
    planned_by = models.CharField(max_length=USER_ID_LENGTH, blank=True, default="")
    # The member the facilitator names to write the minutes with them (secrétaire de séance).
    note_taker_id = models.CharField(max_length=USER_ID_LENGTH, blank=True, default="")
    # Grows by one with every change (the calendar's SEQUENCE); a change names the version it was based on.
    version = models.PositiveIntegerField(default=1)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["course_key", "starts_at"], name="cap_session_course_start"),
            models.Index(fields=["community", "starts_at"], name="cap_session_community_start"),
            models.Index(fields=["course_key", "ends_at"], name="cap_session_course_end"),
        ]
        ordering = ["starts_at", "id"]

    def save(self, *args, **kwargs):
        self.ends_at = self.starts_at + datetime.timedelta(minutes=self.duration_minutes)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"ends_at"}
        super().save(*args, **kwargs)

    def __str__(self):
        return f"{self.title} ({self.starts_at:%Y-%m-%d %H:%M} UTC)"


class AgendaItem(models.Model):
    """One item of a session's agenda: free text, a case to treat, or a brainstorm.

    .. no_pii:
    """

    TOPIC = "topic"
    CASE = "case"
    BRAINSTORM = "brainstorm"
    KINDS = [(TOPIC, "topic"), (CASE, "case"), (BRAINSTORM, "brainstorm")]

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=KINDS, default=TOPIC)
    text = models.CharField(max_length=TITLE_LENGTH * 2)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "position"], name="cap_agenda_position_unique")]
        ordering = ["position"]

    def __str__(self):
        return f"{self.position}. {self.text}"


class Rsvp(models.Model):
    """A person's answer to a session: yes, no or maybe. One row per person and session.

    .. pii: a person's answer (user id)
    .. pii_types: id
    .. pii_retirement: local_api
    """

    YES = "yes"
    NO = "no"
    MAYBE = "maybe"
    ANSWERS = [(YES, "yes"), (NO, "no"), (MAYBE, "maybe")]

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="rsvps")
    user_id = models.CharField(max_length=USER_ID_LENGTH)
    answer = models.CharField(max_length=8, choices=ANSWERS)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user_id"], name="cap_rsvp_unique")]
        indexes = [models.Index(fields=["user_id"], name="cap_rsvp_user")]

    def __str__(self):
        return f"{self.user_id}: {self.answer} to {self.session_id}"


class Attendance(models.Model):
    """Who came, recorded by the facilitator after the session. One row per person and session.

    .. pii: whether a person came (user id)
    .. pii_types: id
    .. pii_retirement: local_api
    """

    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"
    STATUSES = [(PRESENT, "present"), (EXCUSED, "excused"), (ABSENT, "absent")]

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    user_id = models.CharField(max_length=USER_ID_LENGTH)
    status = models.CharField(max_length=8, choices=STATUSES)
    recorded_by = models.CharField(max_length=USER_ID_LENGTH, blank=True, default="")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user_id"], name="cap_attendance_unique")]
        indexes = [models.Index(fields=["user_id", "status"], name="cap_attendance_user")]

    def __str__(self):
        return f"{self.user_id} {self.status} at {self.session_id}"


class MinutesVersion(models.Model):
    """A version of a session's minutes (compte-rendu), Markdown subset. The latest is the one published.

    .. pii: the minutes' text and its author (user id)
    .. pii_types: id, other
    .. pii_retirement: local_api
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="minutes")
    number = models.PositiveIntegerField()
    body = models.TextField()
    author_id = models.CharField(max_length=USER_ID_LENGTH, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "number"], name="cap_minutes_number_unique")]
        indexes = [models.Index(fields=["author_id"], name="cap_minutes_author")]
        ordering = ["number"]

    def __str__(self):
        return f"minutes of {self.session_id}, version {self.number}"


class SessionNotice(models.Model):
    """A change members are told about in the block: a session moved, changed or cancelled.

    .. no_pii:
    """

    CHANGED = "changed"
    CANCELLED = "cancelled"
    KINDS = [(CHANGED, "changed"), (CANCELLED, "cancelled")]

    course_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=16, choices=KINDS)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["course_key", "id"], name="cap_session_notice_course")]
        ordering = ["id"]

    def __str__(self):
        return f"{self.kind} {self.session_id}"


class NoticeRead(models.Model):
    """The last session notice a person has seen in a course (notices after it are new to them).

    .. pii: the notices a person has seen (user id)
    .. pii_types: id
    .. pii_retirement: local_api
    """

    course_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    user_id = models.CharField(max_length=USER_ID_LENGTH)
    last_notice_id = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course_key", "user_id"], name="cap_notice_read_unique")]

    def __str__(self):
        return f"{self.user_id} read notices to {self.last_notice_id}"


class CalendarToken(models.Model):
    """The secret of a person's private calendar feed in a course. ``key`` finds the row; ``secret`` is
    compared in constant time. Regenerating replaces both (the old address stops working).

    .. pii: a person's feed secret (user id)
    .. pii_types: id, other
    .. pii_retirement: local_api
    """

    course_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    user_id = models.CharField(max_length=USER_ID_LENGTH)
    key = models.CharField(max_length=16, unique=True)
    secret = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course_key", "user_id"], name="cap_calendar_token_unique")]

    def __str__(self):
        return f"calendar of {self.user_id}"


class LiveRun(models.Model):
    """A case run live during a session: the current step, when it started, each step's planned minutes.

    ``running_case`` is the case while the run is on and NULL once it ended: a
    unique column, so a case is run live at most once at a time on every database.
    ``version`` grows with every change; members' screens poll it.


    .. pii: who started the run (user id)
    .. pii_types: id
    .. pii_retirement: local_api
    """

    course_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    block_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="live_runs")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="live_runs")
    running_case = models.OneToOneField(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="live_runs")
    step = models.PositiveSmallIntegerField(default=1)
    step_started_at = models.DateTimeField()
    durations = models.CharField(max_length=64)  # minutes of steps 1..6, comma separated: "10,15,5,25,10,10"
    version = models.PositiveIntegerField(default=1)
    started_by = models.CharField(max_length=USER_ID_LENGTH, blank=True, default="")
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["community", "block_key"], name="cap_live_community_block")]

    def __str__(self):
        return f"live run of case {self.case_id} at step {self.step}"
