"""The workbench under load: a private MariaDB, gunicorn with several processes, and HTTP clients.

Used by the load tests (``tests/load``) and the benchmarks (``bench/``). Every
wait is bounded: requests time out, bursts join their threads with a deadline,
servers are stopped in ``finally`` blocks.
"""

import contextlib
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORKBENCH_DIR = ROOT / "workbench"
MARIADB_SCRIPT = ROOT / "scripts" / "mariadb.sh"
REQUEST_TIMEOUT = 60
PYTHON = sys.executable


def free_port():
    """A free TCP port on the loopback interface."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- MariaDB -------------------------------------------------------------------


@contextlib.contextmanager
def mariadb():
    """The CAP_DB_* variables of a running private MariaDB server.

    Reuses the server ``scripts/mariadb.sh run`` started (``make test``);
    otherwise starts one for the duration of the block and stops it after.
    """
    if os.environ.get("CAP_DB_ENGINE") == "mysql":
        yield {key: value for key, value in os.environ.items() if key.startswith("CAP_DB_")}
        return
    subprocess.run(["bash", str(MARIADB_SCRIPT), "start"], check=True, timeout=120)
    try:
        printed = subprocess.run(["bash", str(MARIADB_SCRIPT), "env"], check=True, capture_output=True, text=True,
                                 timeout=30).stdout
        yield dict(re.findall(r"export (CAP_DB_\w+)=(.*)", printed))
    finally:
        subprocess.run(["bash", str(MARIADB_SCRIPT), "stop"], check=False, timeout=120)


def _connect(env, database=None):
    import MySQLdb  # pylint: disable=import-outside-toplevel

    options = {"user": env["CAP_DB_USER"], "passwd": env.get("CAP_DB_PASSWORD", ""), "charset": "utf8mb4"}
    if env.get("CAP_DB_SOCKET"):
        options["unix_socket"] = env["CAP_DB_SOCKET"]
    else:
        options.update(host=env.get("CAP_DB_HOST", "127.0.0.1"), port=int(env.get("CAP_DB_PORT") or 3306))
    if database:
        options["db"] = database
    return MySQLdb.connect(**options)


def fresh_database(env, name):
    """Drop and create the database ``name`` (utf8mb4); returns ``env`` pointing at it."""
    assert re.fullmatch(r"\w+", name)
    connection = _connect(env)
    try:
        cursor = connection.cursor()
        cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    finally:
        connection.close()
    return dict(env, CAP_DB_NAME=name)


def drop_database(env):
    """Drop the database ``env`` points at."""
    connection = _connect(env)
    try:
        connection.cursor().execute(f"DROP DATABASE IF EXISTS `{env['CAP_DB_NAME']}`")
    finally:
        connection.close()


def query(env, sql, params=None):
    """Rows of ``sql`` run on ``env``'s database (the load tests check the outcome in the tables)."""
    connection = _connect(env, env["CAP_DB_NAME"])
    try:
        cursor = connection.cursor()
        cursor.execute(sql, params or ())
        return cursor.fetchall()
    finally:
        connection.close()


# --- the workbench served by gunicorn ---------------------------------------------


DEFAULT_SETTINGS = "cap_demo.settings"


def server_environment(env, var_dir, settings=DEFAULT_SETTINGS):
    """The process environment of ``manage.py`` and gunicorn for the database in ``env`` (``settings``: the
    Django settings module; the benchmarks serve their own, ``bench.server.settings``)."""
    environment = dict(os.environ)
    environment.update(env)
    environment.update({
        "DJANGO_SETTINGS_MODULE": settings,
        "CAP_DEBUG": "0",
        "CAP_VAR_DIR": str(var_dir),
        "PYTHONPATH": os.pathsep.join([str(WORKBENCH_DIR), str(ROOT)]),
    })
    return environment


def manage(environment, *args, timeout=600, python=PYTHON):
    """Run ``manage.py`` with ``args`` (with ``python``); returns its output, raises when it fails."""
    done = subprocess.run([python, "manage.py", *args], cwd=WORKBENCH_DIR, env=environment, capture_output=True,
                          text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


class Gunicorn:
    """The workbench served by gunicorn: ``workers`` processes of ``threads`` threads on 127.0.0.1."""

    def __init__(self, environment, workers=4, threads=4, log_path=None, python=PYTHON):
        self.environment = environment
        self.python = python
        self.workers = workers
        self.threads = threads
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.process = None

    def __enter__(self):
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.process = subprocess.Popen(
            [self.python, "-m", "gunicorn", "--config", str(Path(__file__).with_name("gunicorn_conf.py")),
             "--workers", str(self.workers), "--worker-class", "gthread", "--threads", str(self.threads),
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "120", "--graceful-timeout", "5",
             "--backlog", "512", "workbench.wsgi:application"],
            cwd=WORKBENCH_DIR, env=self.environment, stdout=log, stderr=log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=5) as answer:
                    if answer.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc_info):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def scenario_usage_id(environment, scenario="cap.0", python=PYTHON):
    """Load the workbench scenarios into the database once; returns the usage id of ``scenario``'s block."""
    printed = manage(environment, "shell", "-c",
                     f"from workbench.scenarios import get_scenarios; print(get_scenarios()['{scenario}'].usage_id)",
                     python=python)
    return printed.strip().splitlines()[-1]


@contextlib.contextmanager
def served_workbench(env, database, tmp_dir, *, workers=4, threads=4, scenario="cap.0", python=PYTHON,
                     settings=DEFAULT_SETTINGS, prepare=()):
    """A fresh migrated database ``database`` and gunicorn serving the workbench on it; yields a ``Site``
    whose handlers are those of ``scenario``'s block. ``python`` is the interpreter of the server,
    ``settings`` its Django settings module, ``prepare`` the ``manage.py`` commands (argument lists) run
    after the migrations and before the server starts."""
    Path(tmp_dir).mkdir(parents=True, exist_ok=True)
    db_env = fresh_database(env, database)
    environment = server_environment(db_env, tmp_dir, settings)
    try:
        manage(environment, "migrate", "--noinput", "-v", "0", python=python)
        for command in prepare:
            manage(environment, *command, python=python)
        usage_id = scenario_usage_id(environment, scenario, python)
        with Gunicorn(environment, workers=workers, threads=threads, log_path=Path(tmp_dir) / "gunicorn.log",
                      python=python) as server:
            yield Site(server.url, db_env, environment, usage_id)
    finally:
        drop_database(db_env)


# --- clients ----------------------------------------------------------------------


class Site:
    """HTTP access to the served workbench as any demo person (``?student=``), CSRF like a browser."""

    def __init__(self, url, db_env, environment, usage_id):
        self.url = url
        self.db_env = db_env
        self.environment = environment
        self.usage_id = usage_id
        # Django accepts a token that matches the csrftoken cookie; a browser gets both from the page.
        self.csrf = secrets.token_hex(16)

    def request(self, method, path, body=None):
        """(status, text) of one request; network errors are raised."""
        status, text, _headers = self.exchange(method, path, body)
        return status, text

    def exchange(self, method, path, body=None):
        """(status, text, answer headers) of one request; network errors are raised."""
        headers = {"Cookie": f"csrftoken={self.csrf}", "X-CSRFToken": self.csrf, "Accept-Language": "fr"}
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.url + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as answer:
                return answer.status, answer.read().decode("utf-8"), answer.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace"), error.headers

    def handler_path(self, handler, student, params=None):
        query_string = urllib.parse.urlencode(dict(params or {}, student=student))
        return f"/handler/{self.usage_id}/{handler}/?{query_string}"

    def get(self, handler, student, params=None):
        """(status, parsed JSON or None) of a GET handler."""
        status, text = self.request("GET", self.handler_path(handler, student, params))
        return status, _parse(text)

    def post(self, handler, student, payload=None):
        """(status, parsed JSON or None) of a POST handler."""
        status, text = self.request("POST", self.handler_path(handler, student), payload or {})
        return status, _parse(text)

    def query(self, sql, params=None):
        return query(self.db_env, sql, params)


def _parse(text):
    try:
        return json.loads(text)
    except ValueError:
        return None


def burst(calls, timeout=180):
    """Run every callable of ``calls`` in its own thread, all released at the same moment.

    Returns ``(results, durations)`` in the order of ``calls``; an exception
    raised by a call is returned as its result. Raises TimeoutError when the
    burst is not over after ``timeout`` seconds.
    """
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)
    durations = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            started = time.perf_counter()
            results[index] = call()
            durations[index] = time.perf_counter() - started
        except Exception as error:  # pylint: disable=broad-except
            results[index] = error

    threads = [threading.Thread(target=run, args=(index, call), daemon=True) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    if any(thread.is_alive() for thread in threads):
        raise TimeoutError(f"the burst of {len(calls)} requests was not over after {timeout} s")
    return results, durations


def percentile(values, fraction):
    """The ``fraction`` (0..1) percentile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def median(values):
    return statistics.median(values)
