"""``manage.py load_cap_demo``: load the demo course's communities and people.

``--if-empty`` (what ``make run`` uses) loads them only into a database
without the demo course, so what visitors did survives a restart;
without it (``make demo-reset``) the demo course's data and the workbench's
block states (Studio settings, open sections) are replaced.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from cap_demo import demo_data
from cap_xblock.models import Community
from cap_xblock.platform import WORKBENCH_COURSE_KEY


class Command(BaseCommand):
    help = "Load the CAP demo data (replaces the demo course's data, unless --if-empty)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true",
                            help="load the demo only when the database has no demo course yet; keep it otherwise")

    def handle(self, *args, **options):
        if options["if_empty"] and Community.objects.filter(course_key=WORKBENCH_COURSE_KEY).exists():
            self.stdout.write("CAP demo kept as it is (`make demo-reset` reloads it).")
            return
        with transaction.atomic():
            if not options["if_empty"]:
                from workbench.models import XBlockState  # pylint: disable=import-outside-toplevel

                XBlockState.objects.all().delete()
            summary = demo_data.load()
        self.stdout.write(f"CAP demo loaded: {summary['communities']} communities, {summary['people']} people.")
