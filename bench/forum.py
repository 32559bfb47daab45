"""Side by side with openedx-forum (forum v2, MySQL backend): a thread and a reply, in the same database.

Two measures, both on the same private MariaDB in the same run:

- **in process**: ``forum.api.create_thread`` + ``forum.api.create_parent_comment``
  against ``cap_xblock.api.discussion.start_thread`` + ``reply``: time and
  SQL queries of each call, the two libraries called alternately so that
  the machine's other work falls on both alike;
- **over HTTP** under gunicorn (``bench.server``: the same server process
  serves both), at 1 and at 16 concurrent clients: the block's
  ``discussion_start`` and ``discussion_reply`` handlers against two minimal
  views in front of the forum's api (``bench.server.views``).

The ratio is the block's cost divided by the forum's: the target is at most
0.5 (the block's write at most half the forum's cost). openedx-forum is
installed in ``.venv-bench`` only (``requirements/bench.txt``); without it
the comparison says so and the rest of the benchmark runs.
"""

import importlib.util
import statistics
import time

from tests.load import harness

FORUM_COURSE = "course-v1:CAP+Forum+2026"
RATIO_TARGET = 0.5


def available():
    """True when openedx-forum can be imported (``.venv-bench``)."""
    return importlib.util.find_spec("forum") is not None


def forum_version():
    from importlib.metadata import version  # pylint: disable=import-outside-toplevel

    return version("openedx-forum")


def make_forum_users(count, prefix="forum"):
    """Create ``count`` people known to the forum (``forum01``...): a Django user each and the forum's
    own profile row (``ForumUser``), as the platform creates them on a first visit."""
    from django.contrib.auth import get_user_model  # pylint: disable=import-outside-toplevel
    from forum.backends.mysql.api import MySQLBackend  # pylint: disable=import-outside-toplevel,import-error

    names = [f"{prefix}{index:02d}" for index in range(1, count + 1)]
    for name in names:
        user, _created = get_user_model().objects.get_or_create(username=name)
        MySQLBackend.find_or_create_user(str(user.id), username=name)
    return names


# --- in process -----------------------------------------------------------------------


def _timed(call):
    """(seconds, queries, result) of ``call()``."""
    from django.db import connection  # pylint: disable=import-outside-toplevel
    from django.test.utils import CaptureQueriesContext  # pylint: disable=import-outside-toplevel

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        result = call()
        seconds = time.perf_counter() - started
    return seconds, len(captured), result


def cap_writer(actor):
    """``(start_thread(number), reply(thread_id, number))`` of the block's api for ``actor``, posting rate off."""
    from cap_xblock.api import discussion  # pylint: disable=import-outside-toplevel

    settings = discussion.DiscussionSettings(allow_anonymous=False, premoderation=False, rate_limit=0)

    def start(number):
        return discussion.start_thread(actor, settings=settings, title=f"Fil n° {number} : la réunion de village",
                                       body=f"Comment faire venir les élus, essai n° {number} ?").id

    def answer(thread_id, number):
        return discussion.reply(actor, settings=settings, parent_id=thread_id,
                                body=f"Réponse n° {number} : passer par le chef de quartier.").id

    return start, answer


def forum_writer(username):
    """The same two writes through openedx-forum's Python API, as ``username``."""
    from django.contrib.auth import get_user_model  # pylint: disable=import-outside-toplevel
    from forum import api  # pylint: disable=import-outside-toplevel,import-error

    user_id = str(get_user_model().objects.get(username=username).id)

    def start(number):
        return api.create_thread(title=f"Fil n° {number} : la réunion de village",
                                 body=f"Comment faire venir les élus, essai n° {number} ?", course_id=FORUM_COURSE,
                                 user_id=user_id)["id"]

    def answer(thread_id, number):
        return api.create_parent_comment(thread_id=thread_id, body=f"Réponse n° {number} : passer par le chef de "
                                         "quartier.", user_id=user_id, course_id=FORUM_COURSE, anonymous=False,
                                         anonymous_to_peers=False)["id"]

    return start, answer


def compare_in_process(writers, pairs):
    """``{name: {"thread": (median s, queries), "reply": (...), "pair": median s}}`` for each of ``writers``
    (``{name: (start, answer)}``), ``pairs`` threads-and-replies each after one warm-up pair, alternately."""
    samples = {name: {"thread": [], "reply": [], "thread_q": [], "reply_q": []} for name in writers}
    for number in range(pairs + 1):
        for name, (start, answer) in writers.items():
            thread_s, thread_q, thread_id = _timed(lambda start=start, number=number: start(number))
            reply_s, reply_q, _reply = _timed(lambda answer=answer, thread_id=thread_id, number=number:
                                              answer(thread_id, number))
            if number == 0:
                continue  # warm-up: templates, caches, the first rows of the course
            for key, value in (("thread", thread_s), ("reply", reply_s), ("thread_q", thread_q),
                               ("reply_q", reply_q)):
                samples[name][key].append(value)
    result = {}
    for name, values in samples.items():
        result[name] = {
            "thread": statistics.median(values["thread"]), "reply": statistics.median(values["reply"]),
            "thread_queries": max(values["thread_q"]), "reply_queries": max(values["reply_q"]),
            "pair": statistics.median(t + r for t, r in zip(values["thread"], values["reply"])),
        }
    return result


def run_in_process(actor, pairs):
    """The in-process comparison on the benchmark's database (Django set up on ``bench.server.settings``)."""
    username = make_forum_users(1, prefix="inproc")[0]
    return {"pairs": pairs, "version": forum_version(),
            "results": compare_in_process({"cap": cap_writer(actor), "forum": forum_writer(username)}, pairs)}


# --- over HTTP ---------------------------------------------------------------------------


def _post_json(site, path, payload):
    import json  # pylint: disable=import-outside-toplevel

    status, text = site.request("POST", path, payload)
    try:
        return status, json.loads(text)
    except ValueError:
        return status, None


def http_writers(site, members, forum_users, thread_of):
    """``{"cap": call, "forum": call}``: ``call(client, number, kind)`` posts a thread (``kind`` "thread") or a
    reply to the client's last thread, as client ``client``; returns the status."""

    def cap(client, number, kind):
        member = members[client]
        if kind == "thread":
            status, body = site.post("discussion_start", member, {
                "title": f"Fil {number} de {member}", "body": f"Comment faire venir les élus ({number}) ?"})
            if status == 200:
                thread_of[("cap", client)] = body["id"]
            return status
        return site.post("discussion_reply", member, {"parent_id": thread_of[("cap", client)],
                                                      "body": f"Réponse {number} : le chef de quartier."})[0]

    def forum(client, number, kind):
        user = forum_users[client]
        if kind == "thread":
            status, body = _post_json(site, f"/forum-bench/threads?student={user}", {
                "title": f"Fil {number} de {user}", "body": f"Comment faire venir les élus ({number}) ?"})
            if status == 200:
                thread_of[("forum", client)] = body["id"]
            return status
        return _post_json(site, f"/forum-bench/threads/{thread_of[('forum', client)]}/comments?student={user}",
                          {"body": f"Réponse {number} : le chef de quartier."})[0]

    return {"cap": cap, "forum": forum}


def _http_round(call, clients, pairs):
    """``clients`` threads each posting ``pairs`` threads-and-replies: durations of each kind, failures, wall."""

    def client(index):
        def loop():
            durations = {"thread": [], "reply": []}
            failures = 0
            for number in range(pairs):
                for kind in ("thread", "reply"):
                    started = time.perf_counter()
                    status = call(index, number, kind)
                    durations[kind].append(time.perf_counter() - started)
                    failures += status != 200
            return durations, failures
        return loop

    started = time.perf_counter()
    results, _durations = harness.burst([client(index) for index in range(clients)], timeout=900)
    wall = time.perf_counter() - started
    merged, failures = {"thread": [], "reply": []}, 0
    for result in results:
        if isinstance(result, Exception):
            raise result
        for kind in merged:
            merged[kind] += result[0][kind]
        failures += result[1]
    return {
        "thread": statistics.median(merged["thread"]), "reply": statistics.median(merged["reply"]),
        "pairs_per_second": clients * pairs / wall, "failures": failures,
    }


def run_http(site, members, forum_users, pairs, concurrencies=(1, 16)):
    """``{clients: {"cap": {...}, "forum": {...}}}`` over HTTP, each concurrency with each library in turn."""
    thread_of = {}
    writers = http_writers(site, members, forum_users, thread_of)
    for name, call in writers.items():  # warm every worker
        _http_round(call, max(concurrencies), 1)
    results = {}
    for clients in concurrencies:
        results[clients] = {name: _http_round(call, clients, pairs) for name, call in writers.items()}
    return results


def ratios(cap, forum):
    """The block's cost over the forum's, per kind of write: ``{"thread", "reply", "pair"?}``."""
    return {key: cap[key] / forum[key] for key in ("thread", "reply", "pair") if key in cap and forum.get(key)}
