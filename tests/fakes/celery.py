"""A fake of Celery's ``shared_task``, with the name and the calling convention of ``celery.shared_task``.

``shared_task(func)`` returns a task: calling it runs ``func``; ``task.delay(*args)`` queues it
(recorded in ``task.delayed``, never run: a worker would run it in another process).
``install(monkeypatch)`` puts it in ``sys.modules`` as ``celery``, so ``cap_xblock.platform.shared_task``
imports it as it would import the real one.
"""

import sys
import types


class FakeTask:
    """What ``celery.shared_task`` makes of a function: callable, with ``delay``."""

    def __init__(self, func):
        self.func = func
        self.__name__ = func.__name__
        self.delayed = []

    def __call__(self, *args, **kwargs):
        return self.func(*args, **kwargs)

    def delay(self, *args, **kwargs):
        """Queue the task for a worker: recorded, not run."""
        self.delayed.append((args, kwargs))


def shared_task(func):
    return FakeTask(func)


def install(monkeypatch):
    """Make ``import celery`` find this fake for the rest of the test."""
    module = types.ModuleType("celery")
    module.shared_task = shared_task
    monkeypatch.setitem(sys.modules, "celery", module)
    return module
