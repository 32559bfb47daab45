"""The community charter ("Charte de la communauté"): reading, accepting, editing, and the gate on writing.

Each community has a charter. Until a facilitator edits it, it is the course
default (version 0): the block's text from Studio in the reader's language.
Every save by a facilitator or staff adds a version (1, 2, ...); the highest is
the current one. A member must have accepted the current version before they
write anything in the block (``acceptance_check``, asked by
``gate.require_can_write`` in its one query); reading stays open. Facilitators of the
community and course staff are its guardians and are not gated.
"""

from django.db import IntegrityError, transaction
from django.db.models import IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from .. import i18n, permissions
from ..errors import Conflict, InvalidInput, NotAllowed
from ..i18n import gettext as _
from ..models import CharterAcceptance, CharterVersion, Community, Membership, Participant
from ..models.charter import CHARTER_TEXT_LENGTH
from . import people, tables
from .access import Access, resolve_community, roles_of
from .charter_data import CharterSettings, CharterState
from .charter_texts import DEFAULTS
from .data import Page
from .validation import as_int, as_page, as_text

PAGE_SIZE = 10


# The key under which a request remembers that its person accepted a community's current charter.
ACCEPTED = "charter_accepted"


def _iso(moment):
    return moment.isoformat() if moment else None


def default_text(defaults=None):
    """The course default in the current language: ``defaults`` (the block's Studio texts) or the built-in one."""
    defaults = defaults or {}
    language = i18n.current_language()
    for candidate in (language, "fr", "en"):
        text = (defaults.get(candidate) or "").strip()
        if text:
            return text
    return DEFAULTS.get(language, DEFAULTS["fr"])


def default_texts(defaults=None):
    """``(french, english)``: the course default charter in each language (the block's, or the built-in one)."""
    defaults = defaults or {}
    return tuple((defaults.get(language) or "").strip() or DEFAULTS[language] for language in ("fr", "en"))


def in_reader_language(french, english):
    """The text of the reader's language, or the other language's when that one is empty."""
    first, second = (english, french) if i18n.current_language() == "en" else (french, english)
    return first if (first or "").strip() else (second or "")


def _current_version_query(community_ref):
    """A subquery: the current version number of a community (0 when never edited)."""
    return Coalesce(
        Subquery(
            CharterVersion.objects.filter(community_id=community_ref).order_by("-number").values("number")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _current(community_id):
    """The community's current ``CharterVersion`` row, or None while it is the course default."""
    return CharterVersion.objects.filter(community_id=community_id).order_by("-number").first()


def _state(actor, community_id, roles, defaults):
    """``CharterState`` of ``community_id`` for ``actor``, in a constant number of queries."""
    community_name = Community.objects.filter(id=community_id).values_list("name", flat=True).first() or ""
    row = _current(community_id)
    version = row.number if row else 0
    edited_by = ""
    if row and row.author_id:
        edited_by = people.names(actor.course_key, [row.author_id])[row.author_id].display_name
    is_member = permissions.is_member(roles, community_id)
    latest = None
    if is_member:
        latest = (
            CharterAcceptance.objects.filter(community_id=community_id, user_id=actor.user_id)
            .order_by("-version").values("version", "accepted_at").first()
        )
    can_edit = permissions.can_facilitate(roles, community_id)
    accepted_count = member_count = None
    if can_edit:
        member_count = Membership.objects.filter(community_id=community_id).count()
        accepted_count = CharterAcceptance.objects.filter(
            community_id=community_id, version=version,
            user_id__in=Membership.objects.filter(community_id=community_id).values("user_id"),
        ).count()
    text_fr, text_en = (row.text, row.text_en) if row else default_texts(defaults)
    return CharterState(
        community_id=community_id,
        community_name=community_name,
        version=version,
        text=in_reader_language(text_fr, text_en) if row else default_text(defaults),
        is_default=row is None,
        edited_by=edited_by,
        edited_at=_iso(row.created_at) if row else None,
        is_member=is_member,
        can_edit=can_edit,
        # An archived community takes no more writing: nothing left to accept the charter for.
        must_accept=is_member and not permissions.is_read_only(roles, community_id)
        and (latest is None or latest["version"] != version),
        accepted_version=latest["version"] if latest else None,
        accepted_at=_iso(latest["accepted_at"]) if latest else None,
        accepted_count=accepted_count,
        member_count=member_count,
        text_fr=text_fr if can_edit else "",
        text_en=text_en if can_edit else "",
    )


def _defaults(settings):
    """The block's default texts by language, from its ``CharterSettings`` (None: the built-in ones)."""
    return (settings or CharterSettings()).defaults


def get_charter(actor, *, community_id=None, settings=None):
    """The ``CharterState`` of the actor's community (or of ``community_id`` for those who may see it).

    ``settings`` is the block's ``CharterSettings``: its ``defaults`` map a language
    to the block's default text. Raises NotAllowed (anonymous), NotFound (no such
    community for them), InvalidInput.
    """
    community_id, roles = resolve_community(actor, community_id=community_id)
    return _state(actor, community_id, roles, _defaults(settings))


def accept_charter(actor, *, community_id, version, settings=None):
    """Record that a member accepted ``version``, the current version they read. Returns ``(CharterState, created)``.

    Raises NotAllowed (not a member: facilitators and staff do not accept),
    Conflict ``charter_changed`` (a newer version exists: read it first),
    NotFound, InvalidInput. A second click is not an error. ``settings`` as for ``get_charter``.
    """
    community_id, roles = resolve_community(actor, community_id=community_id)
    version = as_int(version, "version", 0)
    if not permissions.is_member(roles, community_id):
        raise NotAllowed(_("Only the members of a community accept its charter; its facilitators look after it."),
                         code="not_a_member")
    created = False
    try:
        with transaction.atomic():
            current = _current(community_id)
            if version != (current.number if current else 0):
                raise Conflict(_("The charter has just changed. Read its new version, then accept it."),
                               code="charter_changed")
            _acceptance, created = CharterAcceptance.objects.get_or_create(
                community_id=community_id, user_id=actor.user_id, version=version
            )
    except IntegrityError:
        # The same person clicked twice at the same moment: the first click counts.
        created = False
    return _state(actor, community_id, roles, _defaults(settings)), created


def save_charter(actor, *, community_id, text, expected_version=None, settings=None, text_en=None):
    """Save ``text`` (French) and ``text_en`` (English) as the community's new charter version.

    Facilitators of the community and staff. Either text may be empty, not
    both (InvalidInput ``required``): readers of a language without its
    text read the other one. ``text_en`` None keeps the current English text.

    Members are asked to accept it again. ``expected_version`` is the version
    the editor started from: if someone saved another one meanwhile, Conflict
    ``charter_changed``. Saving the current text again adds nothing.
    ``settings`` as for ``get_charter``. Returns ``(CharterState, created)``.
    Raises NotAllowed ``facilitator_only``, NotFound, InvalidInput, Conflict.
    """
    community_id, roles = resolve_community(actor, community_id=community_id)
    if not permissions.can_facilitate(roles, community_id):
        raise NotAllowed(_("Only the facilitators of this community and the course team can edit its charter."),
                         code="facilitator_only")
    text = as_text(text, "text", CHARTER_TEXT_LENGTH, required=False)
    if text_en is not None:
        text_en = as_text(text_en, "text_en", CHARTER_TEXT_LENGTH, required=False)
    if not text and not text_en:
        raise InvalidInput(_("Write the charter in French, in English, or in both."), code="required")
    if expected_version not in (None, ""):
        expected_version = as_int(expected_version, "version", 0)
    created = False
    try:
        with transaction.atomic():
            Community.objects.select_for_update().filter(id=community_id).first()
            current = _current(community_id)
            number = current.number if current else 0
            if expected_version not in (None, "") and expected_version != number:
                raise Conflict(_("Someone saved another version of the charter meanwhile. Reload it, then edit it "
                                 "again; copy your text first."), code="charter_changed")
            current_fr, current_en = (current.text, current.text_en) if current else default_texts(_defaults(settings))
            if text_en is None:
                text_en = current_en.strip()
            if (text, text_en) != (current_fr.strip(), current_en.strip()):
                CharterVersion.objects.create(community_id=community_id, number=number + 1, text=text,
                                              text_en=text_en, author_id=actor.user_id)
                created = True
    except IntegrityError:
        raise Conflict(_("Someone saved another version of the charter meanwhile. Reload it, then edit it "
                         "again; copy your text first."), code="charter_changed") from None
    return _state(actor, community_id, roles, _defaults(settings)), created


def list_acceptances(actor, *, community_id=None, page=1):
    """A ``Page`` of the community's members with their latest acceptance. Facilitators of it and staff.

    Items: ``{user_id, display_name, accepted_version, accepted_at, current}``
    (``current``: they accepted the current version). Raises NotAllowed
    ``facilitator_only``, NotFound, InvalidInput.
    """
    community_id, roles = resolve_community(actor, community_id=community_id)
    if not permissions.can_facilitate(roles, community_id):
        raise NotAllowed(_("Only the facilitators of this community and the course team can see who accepted "
                           "its charter."), code="facilitator_only")
    page = as_page(page)
    members = Membership.objects.filter(community_id=community_id)
    total = members.count()
    names = Participant.objects.filter(course_key=actor.course_key, user_id=OuterRef("user_id")).values(
        "display_name")[:1]
    rows = list(
        members.annotate(name=Coalesce(Subquery(names), "user_id"), current=_current_version_query(community_id))
        .order_by("name", "user_id").values_list("user_id", "name", "current")[
            (page - 1) * PAGE_SIZE : page * PAGE_SIZE
        ]
    )
    latest = {}
    for user_id, version, accepted_at in CharterAcceptance.objects.filter(
        community_id=community_id, user_id__in=[row[0] for row in rows]
    ).order_by("version").values_list("user_id", "version", "accepted_at"):
        latest[user_id] = (version, accepted_at)
    items = []
    for user_id, name, current in rows:
        version, accepted_at = latest.get(user_id, (None, None))
        items.append({"user_id": user_id, "display_name": name, "accepted_version": version,
                      "accepted_at": _iso(accepted_at), "current": version == current})
    return Page(items=items, page=page, page_size=PAGE_SIZE, total=total)


def raise_unless_accepted(actor, *, community_id, roles=None):
    """Raise NotAllowed ``charter_not_accepted`` unless ``actor`` may write under the charter.

    Members must have accepted the current version (one query, plus one for
    ``roles`` when not given); the community's facilitators and course staff
    are not gated.
    """
    roles = roles or roles_of(actor)
    if permissions.can_facilitate(roles, community_id):
        return
    _raise_unless(_accepted_current(actor, community_id).exists())


def acceptance_check(actor, *, community_id, roles):
    """The write gate's question (``gate.WRITE_CHECKS``): ``(sql, params, judge)``, or None for the
    community's facilitators and staff. ``sql`` asks whether ``actor`` accepted the current version (the
    gate asks it with the other checks in one query); ``judge(accepted)`` raises NotAllowed."""
    if permissions.can_facilitate(roles, community_id):
        return None

    def judge(accepted):
        if accepted and isinstance(actor, Access):
            actor.memo[ACCEPTED, community_id] = True  # progress_of need not ask again in this request
        _raise_unless(accepted)

    return _accepted_sql(tables.connection_for(CharterAcceptance)), [community_id, actor.user_id, community_id], judge


@tables.written_once
def _accepted_sql(names):
    """Whether a person accepted the current version of a community's charter (0 while never edited): the
    query of ``_accepted_current``."""
    acceptance, version = CharterAcceptance, CharterVersion
    return (f"EXISTS(SELECT 1 FROM {names.table(acceptance)} a WHERE a.{names.column(acceptance, 'community')} = %s "
            f"AND a.{names.column(acceptance, 'user_id')} = %s AND a.{names.column(acceptance, 'version')} = "
            f"COALESCE((SELECT v.{names.column(version, 'number')} FROM {names.table(version)} v "
            f"WHERE v.{names.column(version, 'community')} = %s ORDER BY v.{names.column(version, 'number')} DESC "
            f"LIMIT 1), 0))")


def _accepted_current(actor, community_id):
    return CharterAcceptance.objects.filter(
        community_id=community_id, user_id=actor.user_id, version=_current_version_query(community_id))


def _raise_unless(accepted):
    if not accepted:
        raise NotAllowed(
            _("Before you write, please accept your community's charter (at the top of this activity). "
              "Reading stays open to you."),
            code="charter_not_accepted",
        )


def has_accepted(actor, *, community_id):
    """Whether the actor accepted a version of their community's charter (one query, none when the write gate
    saw them accept the current one in this request; False without a community).

    The counter of the completion rule's part « charter accepted » (``capabilities/charter.py``).
    """
    if not community_id:
        return False
    if isinstance(actor, Access) and actor.memo.get((ACCEPTED, community_id)):
        return True  # the write gate saw them accept the current version in this request
    return CharterAcceptance.objects.filter(community_id=community_id, user_id=actor.user_id).exists()


def retire_user(user_id):
    """Acceptances are deleted; a charter version they wrote stays for the community, unsigned."""
    touched = CharterAcceptance.objects.filter(user_id=user_id).delete()[0]
    touched += CharterVersion.objects.filter(author_id=user_id).update(author_id="")
    return touched
