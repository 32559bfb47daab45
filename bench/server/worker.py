"""The benchmark server's stand-in for the LMS's Celery workers: one thread per server process.

``platform.defer`` hands it the tasks a write queues after its commit (the
immediate e-mails, decision 0030) through the setting ``CAP_TASK_QUEUE``, as
the LMS hands them to Celery: the write's answer leaves without waiting for
them, so its figure is the request's own cost, and the queries the tasks make
are not counted in the request's ``X-Bench-Queries``. A task that fails is
logged; the write stands.
"""

import logging
import queue
import threading

from django.db import close_old_connections

log = logging.getLogger(__name__)

_tasks = queue.Queue()
_started = threading.Lock()
_thread = None


def submit(task, args):
    """Queue ``task(*args)`` for the worker thread of this process (started on the first task)."""
    global _thread  # pylint: disable=global-statement
    with _started:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_work, name="cap-bench-worker", daemon=True)
            _thread.start()
    _tasks.put((task, args))


def _work():
    while True:
        task, args = _tasks.get()
        try:
            task(*args)
        except Exception:  # pylint: disable=broad-except
            log.exception("A queued task failed: %s", getattr(task, "__name__", task))
        finally:
            close_old_connections()
            _tasks.task_done()
