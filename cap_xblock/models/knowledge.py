"""Shared knowledge (« Savoirs partagés »): knowledge sheets that leave a community with consent, and the network.

Scoped to the course. A sheet belongs to the community it was written in;
it is read beyond it only where it is published (``SheetPublication``, one
row per level) and while every consent that level needs is given for the
sheet's current ``version`` (``SheetConsent``, one row per person and level).
Counts ("Utile") are derived from one ``SheetUsefulMark`` row per person.
"""

from django.db import models

from .community import COURSE_KEY_LENGTH, DISPLAY_NAME_LENGTH, USER_ID_LENGTH, Community

SHEET_TITLE_LENGTH = 200
THEME_LENGTH = 50
DIRECTORY_FIELD_LENGTH = 200

COMMUNITY = "community"
COURSE = "course"
EXPORT = "export"
LEVELS = [(COMMUNITY, "the community"), (COURSE, "the course (every community)"), (EXPORT, "the organisation")]


class KnowledgeSheet(models.Model):
    """A knowledge sheet (« fiche de capitalisation »).

    ``owner_id`` is the person whose consent comes first: the case owner for a
    sheet drafted from a case, the author otherwise ("" once withdrawn by
    retirement). ``source_kind`` / ``source_id`` say where the draft came from
    (``case``, ``brainstorm``, ``session``, or ``scratch``). Every change of the
    text adds one to ``version``: consents and the facilitator's review name
    the version they were given on.

    .. pii: author and owner ids; the text may quote people (see SheetQuote)
    .. pii_types: id, name, other
    .. pii_retirement: local_api
    """

    CASE = "case"
    BRAINSTORM = "brainstorm"
    SESSION = "session"
    SCRATCH = "scratch"
    SOURCES = [(CASE, "case"), (BRAINSTORM, "brainstorm"), (SESSION, "session minutes"), (SCRATCH, "from scratch")]

    course_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="knowledge_sheets")
    author_id = models.CharField(max_length=USER_ID_LENGTH, blank=True, default="")
    owner_id = models.CharField(max_length=USER_ID_LENGTH, blank=True, default="")
    source_kind = models.CharField(max_length=16, choices=SOURCES, default=SCRATCH)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    title = models.CharField(max_length=SHEET_TITLE_LENGTH)
    summary = models.TextField(blank=True, default="")
    body = models.TextField(blank=True, default="")
    # What readers see (anonymised people replaced by their label), kept in step with the text and the
    # anonymisations in the same transactions: search looks here only.
    readers_title = models.CharField(max_length=SHEET_TITLE_LENGTH, blank=True, default="")
    readers_summary = models.TextField(blank=True, default="")
    readers_body = models.TextField(blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    reviewed_by = models.CharField(max_length=USER_ID_LENGTH, blank=True, default="")
    reviewed_version = models.PositiveIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)  # first publication since the last withdrawal
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["course_key", "published_at"], name="cap_sheet_course_published"),
            # The communities with a published sheet, read from the index alone (the search's filter).
            models.Index(fields=["course_key", "community", "published_at"], name="cap_sheet_course_community"),
            # Staff's « Sheets that concern me »: every sheet of the course, latest change first.
            models.Index(fields=["course_key", "updated_at"], name="cap_sheet_course_updated"),
            models.Index(fields=["community", "updated_at"], name="cap_sheet_community"),
            models.Index(fields=["owner_id"], name="cap_sheet_owner"),
            models.Index(fields=["author_id"], name="cap_sheet_author"),
        ]
        ordering = ["id"]

    def __str__(self):
        return f"{self.title} (sheet {self.id} v{self.version})"


class SheetTheme(models.Model):
    """A theme (tag) of a sheet; ``key`` is the folded form filters compare.

    .. no_pii:
    """

    sheet = models.ForeignKey(KnowledgeSheet, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=THEME_LENGTH)
    key = models.CharField(max_length=THEME_LENGTH)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sheet", "key"], name="cap_sheet_theme_unique")]
        indexes = [models.Index(fields=["key"], name="cap_sheet_theme_key")]
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class SheetQuote(models.Model):
    """A person the sheet quotes by name: they consent at each level, or are anonymised.

    ``name`` is the name as written in the text; readers see ``label`` in its
    place once the person is anonymised.

    .. pii: the quoted person's id and name
    .. pii_types: id, name
    .. pii_retirement: local_api
    """

    sheet = models.ForeignKey(KnowledgeSheet, on_delete=models.CASCADE, related_name="quotes")
    user_id = models.CharField(max_length=USER_ID_LENGTH, blank=True, default="")
    name = models.CharField(max_length=DISPLAY_NAME_LENGTH, blank=True, default="")
    anonymised = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user_id"], name="cap_sheet_quote_user")]
        ordering = ["id"]

    def __str__(self):
        return f"{self.user_id} quoted in sheet {self.sheet_id}"


class SheetConsent(models.Model):
    """One person's consent to one level of publication, given on one version of the sheet.

    .. pii: the consenting person's id
    .. pii_types: id
    .. pii_retirement: local_api
    """

    sheet = models.ForeignKey(KnowledgeSheet, on_delete=models.CASCADE, related_name="consents")
    user_id = models.CharField(max_length=USER_ID_LENGTH)
    level = models.CharField(max_length=16, choices=LEVELS)
    version = models.PositiveIntegerField()
    given_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "user_id", "level"], name="cap_sheet_consent_unique"),
        ]
        indexes = [models.Index(fields=["user_id"], name="cap_sheet_consent_user")]

    def __str__(self):
        return f"{self.user_id} consents to {self.level} for sheet {self.sheet_id} v{self.version}"


class SheetPublication(models.Model):
    """A sheet published at one level by the facilitator, after review. Deleted on withdrawal.

    .. pii: the publishing facilitator's id
    .. pii_types: id
    .. pii_retirement: local_api
    """

    sheet = models.ForeignKey(KnowledgeSheet, on_delete=models.CASCADE, related_name="publications")
    level = models.CharField(max_length=16, choices=LEVELS)
    published_by = models.CharField(max_length=USER_ID_LENGTH, blank=True, default="")
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sheet", "level"], name="cap_sheet_publication_unique")]
        indexes = [models.Index(fields=["level", "sheet"], name="cap_sheet_publication_level")]

    def __str__(self):
        return f"sheet {self.sheet_id} published to {self.level}"


class SheetUsefulMark(models.Model):
    """One person finds one sheet useful (« Utile »).

    .. pii: the person's id
    .. pii_types: id
    .. pii_retirement: local_api
    """

    sheet = models.ForeignKey(KnowledgeSheet, on_delete=models.CASCADE, related_name="useful_marks")
    user_id = models.CharField(max_length=USER_ID_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sheet", "user_id"], name="cap_sheet_useful_unique")]
        indexes = [models.Index(fields=["user_id"], name="cap_sheet_useful_user")]

    def __str__(self):
        return f"{self.user_id} finds sheet {self.sheet_id} useful"


class DirectoryEntry(models.Model):
    """What one person chooses to show in the course's member directory (« réseau »). Hidden unless ``listed``.

    An empty field is a field they do not show.

    ``name`` is a copy of the person's display name (``Participant``), kept for the order of the directory: a
    page of it reads its own rows of the index ``cap_directory_by_name``, whatever the number of people.

    .. pii: organisation, country, role, expertise, languages the person chose to show, and their display name
    .. pii_types: id, name, other
    .. pii_retirement: local_api
    """

    course_key = models.CharField(max_length=COURSE_KEY_LENGTH)
    user_id = models.CharField(max_length=USER_ID_LENGTH)
    listed = models.BooleanField(default=False)
    organisation = models.CharField(max_length=DIRECTORY_FIELD_LENGTH, blank=True, default="")
    country = models.CharField(max_length=DIRECTORY_FIELD_LENGTH, blank=True, default="")
    role = models.CharField(max_length=DIRECTORY_FIELD_LENGTH, blank=True, default="")
    expertise = models.CharField(max_length=DIRECTORY_FIELD_LENGTH, blank=True, default="")
    languages = models.CharField(max_length=DIRECTORY_FIELD_LENGTH, blank=True, default="")
    name = models.CharField(max_length=DISPLAY_NAME_LENGTH, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course_key", "user_id"], name="cap_directory_unique")]
        indexes = [models.Index(fields=["course_key", "listed", "name", "user_id"], name="cap_directory_by_name")]

    def __str__(self):
        return f"{self.user_id} in the directory of {self.course_key}"
