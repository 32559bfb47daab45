"""« Rencontres »: the community's sessions and the course's plenaries, calendars, co-development run live."""

# Imported for its panel of the dashboard and its column of the export, registered at import.
from ..api import session_links  # noqa: F401  pylint: disable=unused-import
from ..api import sessions
from ..handlers.sessions import SessionHandlers, session_strings
from ..i18n import gettext_lazy
from .registry import Bench, Capability, CompletionPart, completion_count_field, register

FIELDS = {
    "completion_sessions": completion_count_field(
        gettext_lazy("Completion: sessions attended"),
        gettext_lazy("At how many sessions (Rencontres) of the course a learner must have been recorded "
                     "present by their facilitator (0 to 50; 0: not asked; not asked either when the sessions "
                     "section is not shown). Counted when the learner next opens the activity."),
        default=0, most=50),
}

# Its part of the completion rule: sessions of the course the learner was recorded present at.
COMPLETION = CompletionPart(key="sessions", setting="completion_sessions", counter=sessions.sessions_attended,
                            label=gettext_lazy("sessions attended"))


def has_news(actor, community_view):  # pylint: disable=unused-argument
    """A session changed or cancelled since the person's last visit: the section is open in the first render."""
    return sessions.has_unseen_notices(actor)


CAPABILITY = register(Capability(
    key="sessions",
    title=gettext_lazy("Sessions"),
    order=67,  # after the shared knowledge (65), before moderation (70)
    scope="course",
    handlers=(SessionHandlers,),
    fields=FIELDS,
    completion=COMPLETION,
    renderer=SessionHandlers.render_sessions_section,
    scripts=("sessions.js",),
    strings=session_strings,
    opens=has_news,
    retire=sessions.retire_user,
    retire_order=5,  # before « Ma communauté »: the minutes' text loses the person's name while it is known
    demo="demo_sessions",
    bench=(Bench("sessions_list", "learner1", "seed_sessions", "upcoming sessions of the community and the course"),),
    not_lists=("session_detail", "session_minutes", "session_ics", "sessions_feed", "live_version", "live_view"),
    events=("cap.sessions.planned", "cap.sessions.edited", "cap.sessions.cancelled", "cap.sessions.answered",
            "cap.sessions.attendance_recorded", "cap.sessions.note_taker_named", "cap.sessions.minutes_saved",
            "cap.sessions.calendar_regenerated", "cap.sessions.calendar_revoked", "cap.sessions.live_started",
            "cap.sessions.live_step_moved", "cap.sessions.live_minutes_changed", "cap.sessions.live_note",
            "cap.sessions.live_ended"),
))
