"""gunicorn settings of the load tests: each worker loads the workbench scenarios before serving.

The workbench registers its blocks' usage ids when a process first builds the
scenarios; a handler URL reaching a worker that never rendered a page would
otherwise answer 404. Workers take turns (a file lock): the workbench's state
table has no unique key, so two workers writing the same scenario at once
would leave duplicate rows.
"""

import fcntl
import os
from pathlib import Path


def post_worker_init(worker):  # pylint: disable=unused-argument
    from django.db import close_old_connections  # pylint: disable=import-outside-toplevel
    from workbench.scenarios import get_scenarios  # pylint: disable=import-outside-toplevel

    lock_path = Path(os.environ.get("CAP_VAR_DIR", ".")) / "scenarios.lock"
    with open(lock_path, "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            get_scenarios()
        finally:
            close_old_connections()
            fcntl.flock(lock, fcntl.LOCK_UN)
