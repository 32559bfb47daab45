"""The minutes of a session (compte-rendu): what was discussed, decisions, next steps with who does what.

Written by the session's facilitators (staff for a plenary) or the member
they named note-taker, in the Markdown subset of the discussion
(``api.markup``), and published to the people who see the session: its
community (everyone in the course for a plenary). Every save is a new
version; earlier versions are kept and can be read.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max

from ..errors import Conflict, NotAllowed, NotFound
from ..i18n import gettext as _
from ..models import MinutesVersion
from . import gate, markup, people, sessions
from .session_data import MinutesView
from .validation import as_int, as_text

MINUTES_LENGTH = 20000
VERSIONS_SHOWN = 20
MAX_NUMBER = 2**31 - 1

TEMPLATE = "\n\n".join(["**{discussed}**", "- ", "**{decisions}**", "- ", "**{next_steps}**", "- "])


def blank_minutes():
    """The outline a new compte-rendu starts from, in the reader's language."""
    return TEMPLATE.format(discussed=_("What was discussed"), decisions=_("Decisions"),
                           next_steps=_("Next steps (who does what, by when)"))


def may_write(actor, *, roles, row):
    """The session's facilitators (staff for a plenary) and its named note-taker write the minutes."""
    return row.cancelled_at is None and (
        sessions.can_plan(roles, row.community_id) or (bool(row.note_taker_id) and row.note_taker_id == actor.user_id))


def get_minutes(actor, *, session_id, number=None):
    """``MinutesView`` of a session: the latest version, or version ``number``. Raises NotFound, InvalidInput."""
    row, roles = sessions.visible_session(actor, session_id=session_id)
    versions = list(MinutesVersion.objects.filter(session=row).order_by("-number").values_list(
        "number", "author_id", "created_at")[:VERSIONS_SHOWN])
    latest = versions[0][0] if versions else 0
    wanted = latest if number in (None, "") else as_int(number, "number", 1, MAX_NUMBER)
    shown = MinutesVersion.objects.filter(session=row, number=wanted).first() if wanted else None
    if wanted and shown is None:
        raise NotFound(_("This version of the minutes does not exist."), code="minutes_not_found")
    named = people.names(actor.course_key, {author for _n, author, _d in versions if author}
                         | ({shown.author_id} if shown and shown.author_id else set()))
    writes = may_write(actor, roles=roles, row=row)

    def name(user_id):
        return named[user_id].display_name if user_id else _("Former member")

    return MinutesView(
        session_id=row.id, number=shown.number if shown else 0, latest=latest,
        body=(shown.body if shown else blank_minutes()) if writes else "",
        html=markup.render(shown.body) if shown else "",
        author=named.get(shown.author_id) if shown and shown.author_id else None,
        created_at=shown.created_at.isoformat() if shown else "",
        versions=[(n, name(author), created.isoformat()) for n, author, created in versions],
        can_write=writes,
    )


def save_minutes(actor, *, session_id, body, base_number=0):
    """Publish a new version of the minutes. ``base_number`` is the version the text was written on (0: none).

    Returns ``MinutesView``. Raises NotFound, InvalidInput, NotAllowed ``note_taker_only``,
    Conflict ``cancelled`` / ``stale_version`` (someone saved meanwhile; nothing is saved).
    """
    body = as_text(body, "body", MINUTES_LENGTH)
    base_number = as_int(base_number or 0, "base_number", 0, MAX_NUMBER)
    try:
        with transaction.atomic():
            row, roles = sessions.visible_session(actor, session_id=session_id, lock=True)
            if row.cancelled_at is not None:
                raise Conflict(_("This session is cancelled."), code="cancelled")
            if not may_write(actor, roles=roles, row=row):
                raise NotAllowed(_("The facilitator and the note-taker they named write the minutes."),
                                 code="note_taker_only")
            if row.community_id is not None:
                gate.require_can_write(actor, community_id=row.community_id, roles=roles)
            latest = MinutesVersion.objects.filter(session=row).aggregate(last=Max("number"))["last"] or 0
            if latest != base_number:
                raise Conflict(_("Someone saved the minutes meanwhile. Your text is kept in the form: read the "
                                 "new version, then save again."), code="stale_version", details={"latest": latest})
            MinutesVersion.objects.create(session=row, number=latest + 1, body=body, author_id=actor.user_id)
    except IntegrityError:
        raise Conflict(_("Someone saved the minutes meanwhile. Your text is kept in the form: read the "
                         "new version, then save again."), code="stale_version") from None
    return get_minutes(actor, session_id=session_id)
