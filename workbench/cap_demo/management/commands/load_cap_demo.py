"""``manage.py load_cap_demo``: (re)load the demo course's communities and people."""

from django.core.management.base import BaseCommand

from cap_demo import demo_data


class Command(BaseCommand):
    help = "Load the CAP demo data (replaces the demo course's data)."

    def handle(self, *args, **options):
        summary = demo_data.load()
        self.stdout.write(f"CAP demo loaded: {summary['communities']} communities, {summary['people']} people.")
