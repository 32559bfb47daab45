"""Delete the idempotency keys of form submissions older than a day (run it daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from cap_xblock.api import submissions


class Command(BaseCommand):
    """``manage.py cap_forget_submissions``: run daily, for instance from cron."""

    help = "Delete the recorded form submissions (idempotency keys) of cap_xblock older than a day."

    def handle(self, *args, **options):
        deleted = submissions.forget_old()
        self.stdout.write(f"{deleted} submission key(s) deleted.")
