"""« Discussion »: threads and replies of a community, under its moderation."""

from ..api import discussion
from ..handlers.discussion import DiscussionHandlers
from ..i18n import gettext_lazy
from .registry import Bench, Capability, register

CAPABILITY = register(Capability(
    key="discussion",
    title=gettext_lazy("Discussion"),
    order=60,
    handlers=(DiscussionHandlers,),
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
