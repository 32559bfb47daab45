"""Settings of the benchmark's server: the workbench of the demo, plus openedx-forum and two measuring aids.

Only ``make bench`` uses them (``DJANGO_SETTINGS_MODULE=bench.server.settings``):

- ``forum`` (openedx-forum, its MySQL backend) is installed when
  ``.venv-bench`` has it, with two minimal views (``bench.server.views``)
  that call its Python API as the platform's discussion views do;
- every answer carries ``X-Bench-Queries``, the number of SQL queries the
  request made (``bench.server.middleware.QueryCount``);
- answers are compressed with gzip, as a production Open edX behind nginx
  serves them, unless the request carries the cookie ``bench_gzip=0``
  (``bench.server.middleware.OptionalGZip``): the slow-link benchmark loads
  the same page both ways;
- the block's fields are read as the LMS reads them, each stored row once per
  request (``bench.server.fields``), not once or twice per field read as the
  workbench's store does;
- the tasks a write queues after its commit (the immediate e-mails) run in a
  worker thread of the server process (``bench.server.worker``), as the
  LMS's Celery workers run them: a write's figure is the request's own cost.
"""

import importlib.util
import sys
from pathlib import Path

from cap_demo.settings import *  # noqa: F401,F403  pylint: disable=wildcard-import,unused-wildcard-import

# The forum imports the platform's waffle flags; a stand-in answers "off" (see stubs/).
sys.path.append(str(Path(__file__).resolve().with_name("stubs")))

FORUM_INSTALLED = importlib.util.find_spec("forum") is not None

MIDDLEWARE = ["bench.server.middleware.QueryCount", "bench.server.middleware.OptionalGZip",
              "bench.server.fields.FieldsOncePerRequest"] + list(
    MIDDLEWARE)  # noqa: F405
ROOT_URLCONF = "bench.server.urls"
CAP_TASK_QUEUE = "bench.server.worker.submit"

if FORUM_INSTALLED:
    INSTALLED_APPS = list(INSTALLED_APPS) + ["forum"]  # noqa: F405
    USE_TZ = True
    # No search service in the benchmark: indexing on save does nothing (bench/server/search.py).
    FORUM_SEARCH_BACKEND = "bench.server.search.NoSearch"
    FORUM_ENABLE_HTTP_API = False
