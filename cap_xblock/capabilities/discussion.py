"""« Discussion »: threads and replies of a community, under its moderation."""

from xblock.fields import Boolean, Integer, Scope

from ..api import discussion
from ..handlers.discussion import DiscussionHandlers
from ..i18n import gettext as _
from ..i18n import gettext_lazy
from .registry import Bench, Capability, register

FIELDS = {
    "allow_anonymous_posts": Boolean(
        display_name=gettext_lazy("Anonymous posts in the discussion"),
        help=gettext_lazy("When on, members may post without their name being shown to the other members. "
                          "The facilitators and the course team still see who wrote."),
        scope=Scope.settings,
        default=False,
    ),
    "premoderation": Boolean(
        display_name=gettext_lazy("Pre-moderation of the discussion"),
        help=gettext_lazy("When on, the members' new posts wait for a facilitator's approval before the "
                          "community sees them."),
        scope=Scope.settings,
        default=False,
    ),
    "post_rate_limit": Integer(
        display_name=gettext_lazy("Posts per minute"),
        help=gettext_lazy("How many discussion posts a person may send in one minute (0: no limit)."),
        scope=Scope.settings,
        default=5,
        values={"min": 0, "max": 60},  # Studio's number input
    ),
}


def validate(validation, data):
    """Studio: 0 to 60 posts per minute."""
    from xblock.validation import ValidationMessage  # pylint: disable=import-outside-toplevel

    if not isinstance(data.post_rate_limit, int) or not 0 <= data.post_rate_limit <= 60:
        validation.add(ValidationMessage(
            ValidationMessage.ERROR, _("The number of posts per minute must be between 0 and 60.")))


CAPABILITY = register(Capability(
    key="discussion",
    title=gettext_lazy("Discussion"),
    order=60,
    handlers=(DiscussionHandlers,),
    fields=FIELDS,
    validate=validate,
    renderer=DiscussionHandlers.render_discussion_section,
    scripts=("discussion.js",),
    retire=discussion.retire_user,
    demo="demo_discussion",  # its posts, and the reports and moderation log about them
    demo_order=50,
    bench=(
        Bench("discussion_threads", "learner1", "seed_threads", "threads of the community"),
        Bench("discussion_thread", "learner1", "seed_replies", "replies of one thread"),
        Bench("discussion_versions", "facilitator1", "seed_post_versions", "earlier texts of one post"),
    ),
    events=("cap.discussion.thread_started", "cap.discussion.replied", "cap.discussion.edited",
            "cap.discussion.deleted", "cap.discussion.marked_useful"),
))
