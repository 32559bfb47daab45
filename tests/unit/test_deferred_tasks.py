"""``platform.defer``: what a write queues runs after its commit, never when it rolls back, out of the
request where the site has a worker (Celery in the LMS, a queue the site names); a failure never costs the write.

These tests commit for real (``transaction=True``): a test's own transaction never commits.
"""

import pytest
from django.db import transaction

from cap_xblock import platform, tasks
from cap_xblock.api import cases
from tests.fakes import celery as fake_celery
from tests.notification_utils import mailbox  # noqa: F401  pylint: disable=unused-import
from tests.unit.test_notifications import cap, present  # noqa: F401  pylint: disable=unused-import

pytestmark = pytest.mark.django_db(transaction=True)

QUEUED = []


def queue(task, args):
    """A site's own queue (``CAP_TASK_QUEUE``): records what it is given."""
    QUEUED.append((task, args))


class Boom(Exception):
    pass


def step_two(cap):
    case = present(cap)
    cases.move_step(cap["f1"], case_id=case.id, from_step=cases.get_case(cap["f1"], case_id=case.id).step,
                    direction="next")
    return case


def test_a_task_runs_after_the_commit_and_not_after_a_rollback():
    calls = []
    with transaction.atomic():
        platform.defer(calls.append, "committed")
        assert calls == []
    assert calls == ["committed"]
    with pytest.raises(Boom):
        with transaction.atomic():
            platform.defer(calls.append, "rolled back")
            raise Boom()
    platform.defer(calls.append, "outside a transaction")
    assert calls == ["committed", "outside a transaction"]


# pylint: disable=redefined-outer-name
def test_the_owners_email_leaves_once_after_the_commit_never_after_a_rollback(cap):
    case = step_two(cap)
    with pytest.raises(Boom):
        with transaction.atomic():
            cases.contribute(cap["peer-en"], case_id=case.id, step=2, body="Une question annulée ?")
            raise Boom()
    assert cap["outbox"] == []
    with transaction.atomic():
        cases.contribute(cap["peer-en"], case_id=case.id, step=2, body="Qui invitez-vous ?")
        assert cap["outbox"] == []
    assert [message.to for message in cap["outbox"]] == [["owner@example.org"]]


def test_with_celery_the_write_queues_the_email_after_the_commit_and_sends_nothing_itself(cap, monkeypatch):
    fake_celery.install(monkeypatch)
    task = platform.shared_task(tasks.notify_case_contribution)  # what the LMS's Celery makes of it
    monkeypatch.setattr(tasks, "notify_case_contribution", task)
    case = step_two(cap)
    with transaction.atomic():
        contribution_id, _detail = cases.contribute(cap["peer-en"], case_id=case.id, step=2, body="Qui invitez-vous ?")
        assert task.delayed == []
    assert task.delayed == [((cap["peer-en"].course_key, contribution_id), {})]
    assert cap["outbox"] == []
    assert task(*task.delayed[0][0]) == ["sent"]  # what the worker does with it
    assert [message.to for message in cap["outbox"]] == [["owner@example.org"]]


def test_a_site_queue_gets_the_task_and_its_arguments(settings):
    settings.CAP_TASK_QUEUE = "tests.unit.test_deferred_tasks.queue"
    QUEUED.clear()
    with transaction.atomic():
        platform.defer(tasks.notify_report, "block-1", 12)
        assert QUEUED == []
    assert QUEUED == [(tasks.notify_report, ("block-1", 12))]


def test_a_task_that_fails_is_logged_and_the_write_stands(caplog):
    def failing():
        raise RuntimeError("the mail server is down")

    with transaction.atomic():
        platform.defer(failing)
    assert "Could not run or queue the task failing" in caplog.text


def test_a_queue_that_cannot_be_found_costs_neither_the_write_nor_an_error(cap, settings, caplog):
    settings.CAP_TASK_QUEUE = "nowhere.to.be.found"
    case = step_two(cap)
    contribution_id, _detail = cases.contribute(cap["peer-en"], case_id=case.id, step=2, body="Et ensuite ?")
    assert cases.get_case(cap["peer-en"], case_id=case.id).contributions.total >= 1
    assert contribution_id
    assert "Could not run or queue the task" in caplog.text


def test_when_the_celery_broker_is_down_the_email_leaves_from_the_request(cap, monkeypatch, caplog):
    fake_celery.install(monkeypatch)
    task = platform.shared_task(tasks.notify_case_contribution)

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("[Errno 111] Connection refused")

    monkeypatch.setattr(task, "delay", broker_down)
    monkeypatch.setattr(tasks, "notify_case_contribution", task)
    case = step_two(cap)
    cases.contribute(cap["peer-en"], case_id=case.id, step=2, body="Qui invitez-vous ?")
    assert [message.to for message in cap["outbox"]] == [["owner@example.org"]]
    assert "runs in the request" in caplog.text


def test_a_site_queue_that_fails_runs_the_task_in_the_request(settings):
    settings.CAP_TASK_QUEUE = "nowhere.to.be.found"
    calls = []
    with transaction.atomic():
        platform.defer(calls.append, "sent anyway")
    assert calls == ["sent anyway"]
