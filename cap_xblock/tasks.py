"""Celery tasks, where the platform runs Celery (Open edX); plain functions elsewhere.

``send_digests_task`` does what the ``cap_send_digests`` command does, for sites that schedule with
Celery beat (``CELERY_BEAT_SCHEDULE``) rather than cron.

The ``notify_*`` tasks send the immediate e-mails of a write (decision 0030): the write queues them with
``platform.defer`` once its transaction has committed, and the platform's workers send them, out of the
request. Their arguments are keys and ids, never objects; each one reads what it needs again and never
raises (a failure is logged and marked in the sent log, the write stands).
"""

from . import platform


@platform.shared_task
def send_digests_task(frequency="daily", course_key=None):
    """Send the digest of the period that just ended; returns what the run did (counts)."""
    from .api import notifications  # pylint: disable=import-outside-toplevel

    run = notifications.send_digests(frequency, course_key=course_key)
    return {"frequency": run.frequency, "period": run.period, "sent": run.sent, "already_sent": run.already_sent,
            "failed": run.failed}


@platform.shared_task
def notify_case_contribution(course_key, contribution_id):
    """The e-mail to a case's owner about contribution ``contribution_id``; returns the outcomes."""
    from .api import notifications  # pylint: disable=import-outside-toplevel

    return notifications.case_contribution_added(course_key, contribution_id)


@platform.shared_task
def notify_journal_feedback(feedback_id):
    """The e-mail to a journal entry's author about feedback ``feedback_id``; returns the outcomes."""
    from .api import notifications  # pylint: disable=import-outside-toplevel

    return notifications.journal_feedback_given(feedback_id)


@platform.shared_task
def notify_report(block_key, report_id):
    """The e-mails to the facilitators about report ``report_id`` made in block ``block_key``; the outcomes."""
    from .api import notifications  # pylint: disable=import-outside-toplevel

    return notifications.item_reported(block_key, report_id)
