"""The posting rate of a person in one block, counted from the posts they wrote.

Checked inside the write's transaction, with the person's ``Participant`` row
locked, so two posts sent at the same moment are counted one after the other.
"""

from datetime import timedelta

from django.utils import timezone

from ..errors import TooManyRequests
from ..i18n import ngettext
from ..models import Participant, Post

WINDOW = timedelta(seconds=60)


def check_post_rate(actor, *, per_minute):
    """Raise TooManyRequests (``rate_limited``) when ``actor`` wrote ``per_minute`` posts in this block in
    the last minute. ``per_minute`` 0 turns the limit off. Call inside ``transaction.atomic()``."""
    if not per_minute:
        return
    list(Participant.objects.select_for_update().filter(course_key=actor.course_key, user_id=actor.user_id)
         .values_list("id", flat=True))
    since = timezone.now() - WINDOW
    recent = list(
        Post.objects.filter(course_key=actor.course_key, block_key=actor.block_key, author_id=actor.user_id,
                            created_at__gte=since)
        .order_by("-created_at").values_list("created_at", flat=True)[:per_minute]
    )
    if len(recent) >= per_minute:
        wait = max(1, int((recent[-1] + WINDOW - timezone.now()).total_seconds()) + 1)
        raise TooManyRequests(
            # Translators: {rate} is a number of messages per minute; {seconds} a number of seconds.
            ngettext(
                "You are posting faster than this activity allows ({rate} messages a minute). "
                "Wait {seconds} second, then send again: your text is kept.",
                "You are posting faster than this activity allows ({rate} messages a minute). "
                "Wait {seconds} seconds, then send again: your text is kept.",
                wait,
            ).format(rate=per_minute, seconds=wait),
            code="rate_limited",
            details={"retry_after": wait},
        )
