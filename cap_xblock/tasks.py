"""Celery tasks, where the platform runs Celery (Open edX); plain functions elsewhere.

``send_digests_task`` does what the ``cap_send_digests`` command does, for sites that schedule with
Celery beat (``CELERY_BEAT_SCHEDULE``) rather than cron.
"""

from . import platform


@platform.shared_task
def send_digests_task(frequency="daily", course_key=None):
    """Send the digest of the period that just ended; returns what the run did (counts)."""
    from .api import notifications  # pylint: disable=import-outside-toplevel

    run = notifications.send_digests(frequency, course_key=course_key)
    return {"frequency": run.frequency, "period": run.period, "sent": run.sent, "already_sent": run.already_sent,
            "failed": run.failed}
