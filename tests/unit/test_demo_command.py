"""`make run` keeps what visitors did; `make demo-reset` puts the demo back."""

from io import StringIO

from django.core.management import call_command

from cap_xblock.models import Community
from cap_xblock.platform import WORKBENCH_COURSE_KEY


def _run(*args):
    out = StringIO()
    call_command("load_cap_demo", *args, stdout=out)
    return out.getvalue()


def test_run_loads_the_demo_into_an_empty_database_then_keeps_the_data(db):  # pylint: disable=unused-argument
    assert "loaded" in _run("--if-empty")
    Community.objects.create(course_key=WORKBENCH_COURSE_KEY, name="Created by a visitor")
    assert "kept" in _run("--if-empty")
    assert Community.objects.filter(name="Created by a visitor").exists()


def test_demo_reset_replaces_the_data(db):  # pylint: disable=unused-argument
    _run("--if-empty")
    Community.objects.create(course_key=WORKBENCH_COURSE_KEY, name="Created by a visitor")
    assert "loaded" in _run()
    assert not Community.objects.filter(name="Created by a visitor").exists()
    assert Community.objects.filter(course_key=WORKBENCH_COURSE_KEY).count() == 3
