"""``make bench``: measure, print a table and keep it in docs/performance.md.

Runs on the private MariaDB server of ``scripts/mariadb.sh run`` (the CAP_DB_*
variables), with the interpreter of ``.venv-bench`` (openedx-forum and
xblock-poll installed there). Benchmarks print figures and ratios against
their targets and say which target is not met and why; they never fail on a
slow machine (the tests assert correctness).

Parts, in this order: ``forum`` and ``queries`` (in this process), ``writes``
and the HTTP side of ``forum`` (one gunicorn server), ``slow`` (Chromium on an
emulated slow link), ``scale`` (20,000 arrivals), ``poll``.

Options: ``--quick`` (or ``BENCH_QUICK=1``: every size reduced, to check that
every figure prints; the figures are not the ones to keep), ``--only
forum,writes,...``, ``--sizes 10,1000,10000``, ``--learners 20000``,
``--no-write`` (print only; a quick run writes docs/performance.md only with
``--write``).

Each served part keeps its server's log in ``var/bench/<part>/gunicorn.log``
until the next run.
"""

import argparse
import os
import shutil
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "workbench"), str(ROOT)]

from tests.load import harness  # noqa: E402  pylint: disable=wrong-import-position

from . import report  # noqa: E402  pylint: disable=wrong-import-position

SETTINGS = "bench.server.settings"
# Each served part's server log and files (``<part>/gunicorn.log``), kept until the next run: what a figure
# or a failure came from can be read after the run.
RUN_DIR = Path(__file__).resolve().parent.parent / "var" / "bench"
PARTS = ("forum", "queries", "writes", "slow", "scale", "poll")
FULL = {"sizes": "10,1000,10000", "learners": 20_000, "pairs": 50, "http_pairs": 10, "per_client": 25}
QUICK = {"sizes": "10,200", "learners": 300, "pairs": 5, "http_pairs": 2, "per_client": 4}


def _setup_django(env):
    """Django (the benchmark's settings) on a fresh ``cap_bench`` database of the MariaDB server, migrated."""
    db_env = harness.fresh_database(env, "cap_bench")
    os.environ.update(db_env)
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ.setdefault("CAP_DEBUG", "0")
    import django  # pylint: disable=import-outside-toplevel
    from django.core.management import call_command  # pylint: disable=import-outside-toplevel

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    return db_env


def _demo_actor(student="learner1"):
    from cap_demo import demo_data  # pylint: disable=import-outside-toplevel

    from cap_xblock.api.data import Actor  # pylint: disable=import-outside-toplevel
    from tests.utils import COURSE  # pylint: disable=import-outside-toplevel

    return Actor(user_id=student, username=student, display_name=student, course_key=COURSE,
                 block_key=demo_data.DEMO_BLOCK_KEY)


class Run:
    """The parts of one run; a part that breaks is reported and the others go on."""

    def __init__(self, only):
        self.only = only
        self.results = {}
        self.errors = {}

    def wanted(self, part):
        """True when ``part`` is to be measured in this run."""
        return part in self.only

    def attempt(self, part, call):
        """``call()``, or None when it raised: the error is printed and kept under ``part``."""
        try:
            return call()
        except Exception as error:  # pylint: disable=broad-except
            traceback.print_exc()
            first_line = (str(error).strip().splitlines() or [""])[0]
            self.errors[part] = f"{type(error).__name__}: {first_line}"
            return None


def _in_process(run, env, sizes, knobs):
    print("SQL queries, render time and bytes, and openedx-forum's api (in one process, MariaDB)...", flush=True)
    db_env = _setup_django(env)
    from . import forum, queries  # pylint: disable=import-outside-toplevel

    try:
        prepared = queries.prepare()
        if run.wanted("forum"):
            if forum.available():
                measured = run.attempt("forum (in process)",
                                       lambda: forum.run_in_process(_demo_actor(), knobs["pairs"]))
                run.results.setdefault("forum", {})["in_process"] = measured
            else:
                run.results["forum"] = None
        if run.wanted("queries"):
            measured = run.attempt("queries", lambda: queries.run(
                sizes, progress=lambda line: print(line, flush=True), prepared=prepared))
            if measured:
                run.results["queries"] = measured
    finally:
        from django.db import connection  # pylint: disable=import-outside-toplevel

        connection.close()
        harness.drop_database(db_env)


def _served(env, name, tmp, prepare=()):
    return harness.served_workbench(env, name, Path(tmp) / name, python=sys.executable, settings=SETTINGS,
                                    prepare=prepare)


def _writes_and_forum_http(run, env, tmp, knobs):
    _django_ready(env)
    from . import forum, writes  # pylint: disable=import-outside-toplevel

    with_forum = run.wanted("forum") and forum.available()
    prepare = [["shell", "-c", f"from bench.forum import make_forum_users; make_forum_users({writes.CLIENTS})"]] \
        if with_forum else []
    print("Write handlers, and openedx-forum over HTTP (gunicorn, MariaDB)...", flush=True)
    with _served(env, "cap_bench_writes", tmp, prepare) as site:
        community = writes.prepare_community(site, writes.CLIENTS)
        if run.wanted("writes"):
            measured = run.attempt("writes", lambda: writes.run(site, community, per_client=knobs["per_client"]))
            if measured:
                run.results["writes"] = measured
        if with_forum:
            users = [f"forum{index:02d}" for index in range(1, writes.CLIENTS + 1)]
            measured = run.attempt("forum (HTTP)", lambda: forum.run_http(
                site, community.members[1:writes.CLIENTS + 1], users, knobs["http_pairs"]))
            if measured:
                run.results.setdefault("forum", {})["http"] = {"results": measured}


def _slow(run, env, tmp):
    from . import slowlink  # pylint: disable=import-outside-toplevel

    if not slowlink.available():
        run.results["slow"] = None
        return
    print("The learner view on a slow link (Chromium, DevTools emulation)...", flush=True)
    with _served(env, "cap_bench_slow", tmp, [["load_cap_demo"]]) as site:
        measured = run.attempt("slow", lambda: slowlink.run(site.url, progress=lambda line: print(line, flush=True)))
        run.results["slow"] = measured if measured else {"error": run.errors.get("slow")}


def _django_ready(env):
    """Django set up for the modules a server part imports (``bench.lists`` names models), when no in-process
    part ran before it (``--only scale``)."""
    from django.apps import apps  # pylint: disable=import-outside-toplevel

    if not apps.ready:
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
        import django  # pylint: disable=import-outside-toplevel

        django.setup()


def _scale(run, env, tmp, knobs):
    _django_ready(env)
    from . import scale  # pylint: disable=import-outside-toplevel

    print(f"Scale of a course: {knobs['learners']:,} arrivals in automatic mode (gunicorn, MariaDB)...", flush=True)
    with _served(env, "cap_bench_scale", tmp) as site:
        measured = run.attempt("scale", lambda: scale.run(site, knobs["learners"],
                                                          progress=lambda line: print(line, flush=True)))
        if measured:
            run.results["scale"] = measured


def _poll(run, env, tmp):
    from . import poll  # pylint: disable=import-outside-toplevel

    if poll.available():
        print("The same vote burst against xblock-poll...", flush=True)
        run.results["poll"] = run.attempt("poll", lambda: poll.run(env, Path(tmp) / "poll"))
    else:
        print("xblock-poll is not installed (.venv-bench): `make bench` installs it.", flush=True)
        run.results["poll"] = None


def main(argv=None):
    """Measure the parts asked for, print the figures and the targets, keep them in docs/performance.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", default=os.environ.get("BENCH_QUICK") == "1")
    parser.add_argument("--only", default=",".join(PARTS))
    parser.add_argument("--sizes")
    parser.add_argument("--learners", type=int)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--write", action="store_true", default=os.environ.get("BENCH_WRITE") == "1",
                        help="write docs/performance.md even after a quick run (BENCH_WRITE=1)")
    options = parser.parse_args(argv)
    knobs = dict(QUICK if options.quick else FULL)
    if options.sizes:
        knobs["sizes"] = options.sizes
    if options.learners:
        knobs["learners"] = options.learners
    sizes = [int(size) for size in knobs["sizes"].split(",")]
    run = Run({part.strip() for part in options.only.split(",")})
    load_before = os.getloadavg()
    tmp = RUN_DIR
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with harness.mariadb() as env:
        if run.wanted("forum") or run.wanted("queries"):
            _in_process(run, env, sizes, knobs)
        if run.wanted("writes") or run.wanted("forum"):
            run.attempt("writes and forum (server)", lambda: _writes_and_forum_http(run, env, tmp, knobs))
        if run.wanted("slow"):
            run.attempt("slow (server)", lambda: _slow(run, env, tmp))
        if run.wanted("scale"):
            run.attempt("scale (server)", lambda: _scale(run, env, tmp, knobs))
        if run.wanted("poll"):
            _poll(run, env, tmp)
    # The machine before the run: during it, the benchmark's own server, database and clients load it.
    run.results["load"] = load_before
    run.results["mode"] = ("quick run (BENCH_QUICK=1: reduced sizes, figures not to keep)" if options.quick else
                           f"full run ({knobs['learners']:,} learners, lists up to {sizes[-1]:,} items)")
    table = report.render(run.results)
    if run.errors:
        table = table.replace("Every target is met.", "Every target measured is met; some parts could not be measured.")
        table += "\n### Parts that could not be measured\n\n" + "\n".join(
            f"- {part}: {error}" for part, error in run.errors.items()) + "\n"
    print()
    print(table)
    if not options.no_write and (options.write or not options.quick):
        report.write(table)
        print(f"\nWritten to {report.DOC.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
