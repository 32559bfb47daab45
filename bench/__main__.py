"""``make bench``: measure, print a table and keep it in docs/performance.md.

Runs on the private MariaDB server of ``scripts/mariadb.sh run`` (the CAP_DB_*
variables). Benchmarks print figures and ratios against their targets; they
never fail on a slow machine (the tests assert correctness). Options:
``--sizes 10,1000,10000`` and ``--no-write`` (print only).
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "workbench"), str(ROOT)]

from tests.load import harness  # noqa: E402  pylint: disable=wrong-import-position

from . import report  # noqa: E402  pylint: disable=wrong-import-position


def _setup_django(env):
    """Django on a fresh ``cap_bench`` database of the MariaDB server, migrated."""
    db_env = harness.fresh_database(env, "cap_bench")
    os.environ.update(db_env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "cap_demo.settings"
    os.environ.setdefault("CAP_DEBUG", "0")
    import django  # pylint: disable=import-outside-toplevel
    from django.core.management import call_command  # pylint: disable=import-outside-toplevel

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    return db_env


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10,1000,10000")
    parser.add_argument("--no-write", action="store_true")
    options = parser.parse_args(argv)
    sizes = [int(size) for size in options.sizes.split(",")]
    results = {}
    with harness.mariadb() as env, tempfile.TemporaryDirectory(prefix="cap-bench-") as tmp:
        print("SQL queries, render time and bytes (in one process, MariaDB)...", flush=True)
        db_env = _setup_django(env)
        from . import queries  # pylint: disable=import-outside-toplevel

        try:
            results["queries"] = queries.run(sizes, progress=lambda line: print(line, flush=True))
        finally:
            from django.db import connection  # pylint: disable=import-outside-toplevel

            connection.close()
            harness.drop_database(db_env)
        print("Latency under concurrent clients (gunicorn, MariaDB)...", flush=True)
        from . import latency, poll  # pylint: disable=import-outside-toplevel

        results["latency"] = latency.run(env, Path(tmp) / "latency")
        if poll.available():
            print("The same vote burst against xblock-poll...", flush=True)
            results["poll"] = poll.run(env, Path(tmp) / "poll")
        else:
            print("xblock-poll is not installed (.venv-bench): `make bench` installs it.", flush=True)
    table = report.render(results)
    print()
    print(table)
    if not options.no_write:
        report.write(table)
        print(f"\nWritten to {report.DOC.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
