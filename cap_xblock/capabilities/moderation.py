"""« Modération »: reports, the review queue, hide and restore, mutes, the moderation log."""

from ..api import moderation
from ..handlers.moderation import ModerationHandlers
from ..i18n import gettext_lazy
from .registry import Bench, Capability, register

CAPABILITY = register(Capability(
    key="moderation",
    title=gettext_lazy("Moderation"),
    order=70,
    roles=("facilitator", "staff"),
    scope="course",
    handlers=(ModerationHandlers,),
    renderer=ModerationHandlers.render_moderation_section,
    scripts=("moderation.js",),
    retire=moderation.retire_user,
    bench=(
        Bench("moderation_queue", "facilitator1", "seed_reports", "open reports"),
        Bench("moderation_pending", "facilitator1", "seed_pending", "posts awaiting approval"),
        Bench("moderation_log", "facilitator1", "seed_moderation_log", "lines of the moderation log"),
        Bench("moderation_mutes", "facilitator1", "seed_mutes", "muted people"),
    ),
    events=("cap.moderation.reported", "cap.moderation.hidden", "cap.moderation.restored", "cap.moderation.pinned",
            "cap.moderation.locked", "cap.moderation.approved", "cap.moderation.rejected", "cap.moderation.deleted",
            "cap.moderation.dismissed", "cap.moderation.muted", "cap.moderation.unmuted"),
))
