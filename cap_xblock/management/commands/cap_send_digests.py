"""``cap_send_digests``: send the daily and/or weekly digests of the period that just ended.

Operators schedule it (cron, Kubernetes CronJob, Tutor) once a day, e.g. at 06:00 UTC:
``./manage.py lms cap_send_digests`` sends the daily digest of yesterday every day and, on Mondays,
the weekly digest of last week, and with the daily run it tells members and facilitators that a
session of their community starts tomorrow (UTC day). Running it twice, or again after a crash,
sends nothing twice.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cap_xblock.api import notifications, session_links
from cap_xblock.errors import CapError


class Command(BaseCommand):
    """Send the digests of the period that just ended."""

    help = "Send the daily and weekly digests of cap_xblock's communities (idempotent per period)."

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=["daily", "weekly", "auto"], default="auto",
                            help="daily, weekly, or auto: daily every day and weekly on Mondays (default).")
        parser.add_argument("--date", help="The day of the run, YYYY-MM-DD (default: today, UTC).")
        parser.add_argument("--course", default="", help="Only this course key.")

    def handle(self, *args, **options):
        try:
            today = datetime.date.fromisoformat(options["date"]) if options["date"] else timezone.now().date()
        except ValueError as error:
            raise CommandError(f"--date: {error}") from None
        frequencies = [options["frequency"]] if options["frequency"] != "auto" else (
            ["daily", "weekly"] if today.weekday() == 0 else ["daily"])
        for frequency in frequencies:
            try:
                run = notifications.send_digests(frequency, today=today, course_key=options["course"] or None)
            except CapError as error:
                raise CommandError(error.message) from None
            self.stdout.write(f"{run.frequency} digest of {run.period}: sent {run.sent}, already sent "
                              f"{run.already_sent}, failed {run.failed}, nothing to say {run.empty}")
            if frequency == "daily":
                outcomes = session_links.announce_tomorrow(today=today, course_key=options["course"] or None)
                self.stdout.write(f"sessions of tomorrow: sent {outcomes.count('sent')}, already sent "
                                  f"{outcomes.count('already_sent')}, failed {outcomes.count('failed')}")
