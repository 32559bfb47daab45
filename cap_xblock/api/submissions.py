"""One answer per form submission: a repeated submission (a second press on a slow link, a retry after a
lost answer) finds the first one instead of creating a second thread, reply, idea...

The browser sends a random ``submission_id`` with each form submission and keeps it for retries of that
same submission. ``once()`` records ``(person, block, kind, key)`` under a unique constraint in the same
transaction as what the submission creates, with the JSON of the answer. A repeated submission waits for
the first one's transaction (the unique index) and gets its answer back, with the same ids. A key is
tied to the person and the block, not to the text sent: reused with other content it still answers the
first result. Keys are forgotten after ``MAX_AGE`` (``forget_old``).
"""

import json
import re
from datetime import timedelta

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from ..errors import Conflict, InvalidInput
from ..i18n import gettext as _
from ..models import Submission

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_AGE = timedelta(days=1)


def submission_key(value):
    """The client's key, or None when it sent none. Raises InvalidInput for anything but 8 to 64 of
    ``A-Z a-z 0-9 _ -``."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not KEY_PATTERN.match(value):
        raise InvalidInput(_("The submission key is not valid."), code="invalid_submission_id")
    return value


def once(actor, *, kind, key, create):
    """Run ``create()`` (it returns JSON-ready data) at most once per person, block, ``kind`` and ``key``.

    Returns ``(answer, repeated)``: the answer ``create()`` gave the first time, and whether this call
    is a repeat. Without a key (older clients, anonymous visitors) ``create()`` simply runs.
    Raises what ``create()`` raises (nothing is then recorded, so the same key may be retried),
    InvalidInput for a malformed key.
    """
    key = submission_key(key)
    if key is None or actor.is_anonymous:
        return create(), False
    where = {"user_id": actor.user_id, "block_key": actor.block_key or "", "kind": kind, "key": key}
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = Submission.objects.create(**where)
        except IntegrityError:
            # Another request with this key committed first (we waited on the unique index for it):
            # a locking read sees its row even where a plain read would see an older snapshot.
            first = Submission.objects.select_for_update().filter(**where).first()
            if first is None or not first.response:
                raise Conflict(_("This form was already sent. Reload the page to see the result."),
                               code="already_submitted") from None
            return json.loads(first.response), True
        answer = create()
        row.response = json.dumps(answer, ensure_ascii=False)
        row.save(update_fields=["response"])
    forget_old(actor.user_id)
    return answer, False


def forget_old(user_id=None, now=None):
    """Delete the keys older than ``MAX_AGE`` (of one person, or everyone's). Returns how many.

    Called after each recorded submission for that person (outside its transaction, so that it never
    holds locks the submission needs), and by the ``cap_forget_submissions`` management command.
    """
    rows = Submission.objects.filter(created_at__lt=(now or timezone.now()) - MAX_AGE)
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    try:
        deleted, _rows = rows.delete()
    except DatabaseError:  # opportunistic: a lock wait or deadlock here only delays the clean-up
        return 0
    return deleted
