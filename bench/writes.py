"""The write handlers under concurrent clients, against the no-op ``ping`` handler in the same server run.

Served by gunicorn (``bench.server``: each answer carries its SQL query count
in ``X-Bench-Queries``, the time it waited for them and its thread's CPU time).
For each write of ``WRITES``: ``clients`` members send ``per_client`` writes
each at once, with the parameters the section's script sends (``answer``:
``fragment`` where it asks for the lean answer, the form's ``submission_id``); the figures are the median and
p99 latency, the SQL queries of one write, writes per second, and what was
lost: requests that failed and accepted writes missing from their table.

Why a target is not met is said with figures: the floor of a write on this
machine is ``ping`` plus its queries × one SQL round trip (``SELECT 1``
measured in the server process, ``/bench/round-trip``, before the bursts);
the rest of the median is the write's own work and the wait for a CPU.

Targets (16 concurrent clients): median at most 3× ``ping``'s, at least 300
writes per second, nothing lost. A capability that adds a write adds a line to
``WRITES``.
"""

import itertools
import json
import os
import statistics
import time
import uuid
from dataclasses import dataclass
from typing import Callable

from tests.load import harness
from tests.load.community import expect, form_community

CLIENTS = 16
REQUESTS_PER_CLIENT = 25
MEDIAN_TARGET = 3.0
PER_SECOND_TARGET = 300
CONTRIBUTIONS_PAGE_SIZE = 20  # api.cases.CONTRIBUTIONS_PAGE_SIZE: the case's script sends the page it shows


@dataclass
class WriteBench:
    """One write handler: ``prepare(site, members, facilitator)`` returns a state once;
    ``payload(state, member, number)`` is one request's body; ``count_sql`` (with ``count_params(state)``)
    counts the rows the writes add."""

    handler: str
    prepare: Callable
    payload: Callable
    count_sql: str
    count_params: Callable
    note: str = ""


def _prepare_case(site, members, facilitator):
    owner = members[0]
    case = expect(site.post("case_save", owner, {"title": "Mesurer sans se mesurer", "context": "Un projet.",
                                                 "problem": "Une question."}), "case")["case"]
    expect(site.post("case_present", owner, {"case_id": case["id"]}), "present")
    expect(site.post("case_move", facilitator, {"case_id": case["id"], "from_step": 1, "direction": "next"}),
           "step 2")
    return {"case_id": case["id"], "sent": itertools.count()}


def _case_payload(state, member, number):
    # The person looks at the case's last page, where their contribution lands (the script sends its page).
    written = next(state["sent"])
    return {"case_id": state["case_id"], "step": 2, "body": f"Question {number} de {member} ?",
            "answer": "fragment", "page": written // CONTRIBUTIONS_PAGE_SIZE + 1}


def _prepare_thread(site, members, facilitator):  # pylint: disable=unused-argument
    thread = expect(site.post("discussion_start", facilitator, {
        "title": "Vos astuces pour faire venir les élus", "body": "Partagez ce qui a marché chez vous."}), "thread")
    return {"thread_id": thread["id"]}


def _prepare_brainstorm(site, members, facilitator):  # pylint: disable=unused-argument
    return {"brainstorm_id": expect(site.get("brainstorm_state", members[0]), "brainstorm")["id"]}


def _nothing(site, members, facilitator):  # pylint: disable=unused-argument
    return {}


WRITES = [
    WriteBench("case_contribute", _prepare_case, _case_payload,
               "SELECT COUNT(*) FROM cap_xblock_casecontribution WHERE case_id = %s",
               lambda state: [state["case_id"]], "a question on a case; its owner's e-mail follows, on the same cores"),
    WriteBench("discussion_start", _nothing,
               lambda state, member, number: {"title": f"Fil {number} de {member}",
                                              "body": "Comment faire venir les élus ?"},
               "SELECT COUNT(*) FROM cap_xblock_post WHERE depth = 0", lambda state: [], "a new thread"),
    WriteBench("discussion_reply", _prepare_thread,
               lambda state, member, number: {"parent_id": state["thread_id"], "answer": "fragment",
                                              "body": f"Réponse {number} de {member} : le chef de quartier 🌍"},
               "SELECT COUNT(*) FROM cap_xblock_post WHERE thread_id = %s", lambda state: [state["thread_id"]],
               "a reply to one thread"),
    WriteBench("brainstorm_add_idea", _prepare_brainstorm,
               lambda state, member, number: {"brainstorm_id": state["brainstorm_id"], "page": 1,
                                              "answer": "fragment",
                                              "text": f"Idée {number} de {member} : des réunions au marché"},
               "SELECT COUNT(*) FROM cap_xblock_idea WHERE brainstorm_id = %s",
               lambda state: [state["brainstorm_id"]], "an idea"),
    WriteBench("journal_save", _nothing,
               lambda state, member, number: {"title": f"Séance {number}", "free_text": "Ce que j'ai appris."},
               "SELECT COUNT(*) FROM cap_xblock_journalentry", lambda state: [], "a new journal entry"),
]


def bursts(site, make_call, clients, per_client, timeout=900):  # pylint: disable=unused-argument
    """``clients`` threads each making ``per_client`` calls (``make_call(client, number)`` returns the request's
    (status, text, headers)); returns ``{"durations", "queries", "failures", "wall"}``."""

    def client(index):
        def loop():
            durations, queries, sql, cpu, failures, first_failure = [], [], [], [], 0, None
            for number in range(per_client):
                started = time.perf_counter()
                status, text, headers = make_call(index, number)
                durations.append(time.perf_counter() - started)
                if status != 200:
                    failures += 1
                    first_failure = first_failure or _refusal(status, text)
                if headers is not None and headers.get("X-Bench-Queries"):
                    queries.append(int(headers["X-Bench-Queries"]))
                    sql.append(float(headers.get("X-Bench-SQL-ms") or 0) / 1000)
                    cpu.append(float(headers.get("X-Bench-CPU-ms") or 0) / 1000)
            return durations, queries, sql, cpu, failures, first_failure
        return loop

    started, busy = time.perf_counter(), machine_busy()
    results, _durations = harness.burst([client(index) for index in range(clients)], timeout=timeout)
    wall, busy_after = time.perf_counter() - started, machine_busy()
    merged = {"durations": [], "queries": [], "sql": [], "cpu": [], "failures": 0, "wall": wall, "refusal": None,
              "machine_cpu": busy_after - busy if busy is not None and busy_after is not None else None}
    for result in results:
        if isinstance(result, Exception):
            raise result
        for position, key in enumerate(("durations", "queries", "sql", "cpu")):
            merged[key] += result[position]
        merged["failures"] += result[4]
        merged["refusal"] = merged["refusal"] or result[5]
    return merged


def row_lock_status(site):
    """InnoDB's row lock counters: ``{"waits", "time_ms"}`` since the server started."""
    rows = dict(site.query("SHOW GLOBAL STATUS LIKE 'Innodb_row_lock_%%'"))
    return {"waits": int(rows.get("Innodb_row_lock_waits", 0)), "time_ms": int(rows.get("Innodb_row_lock_time", 0))}


def machine_busy():
    """The CPU time every core of the machine spent working since it started (``/proc/stat``: user, nice,
    system, interrupts, steal), in seconds; None where there is no ``/proc/stat``."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = stat.readline().split()
    except OSError:
        return None
    if not fields or fields[0] != "cpu":
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(value) for value in fields[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _refusal(status, text):
    """What a failed request answered, in a few words: its status and the error's code."""
    try:
        code = json.loads(text).get("error", {}).get("code")
    except (ValueError, AttributeError):
        code = None
    return f"{status} {code or (text or '').strip()[:60]}"


def _figures(measured, sent):
    durations = measured["durations"]
    return {
        "median": harness.median(durations), "p99": harness.percentile(durations, 0.99),
        "queries": statistics.median_low(measured["queries"]) if measured["queries"] else None,
        "failures": measured["failures"], "refusal": measured.get("refusal"), "sent": sent,
        "per_second": (sent - measured["failures"]) / measured["wall"],
        # In the server, per request (medians): waiting for SQL, and the CPU time of its thread.
        "sql": harness.median(measured["sql"]) if measured["sql"] else None,
        "cpu": harness.median(measured["cpu"]) if measured["cpu"] else None,
        # On the whole machine (the server's processes, the database, the clients), per request: the CPU the
        # rate asks for.
        "machine_cpu": measured["machine_cpu"] / sent if measured.get("machine_cpu") is not None else None,
    }


def submission_id(handler, member, number):
    """The key the section's script sends with each form it submits (``cap.js`` ``submit``; the journal's
    script for a new entry): the block records it with the write, so that a repeated press answers the
    first one (``api/submissions.py``)."""
    return f"{handler}-{member}-{number:05d}-{_RUN}"


_RUN = uuid.uuid4().hex[:8]


def round_trip(site, runs=3):
    """The cost of one SQL query that does nothing, measured in the server process with nobody else
    writing (the best median of ``runs`` runs of 50), in seconds."""
    medians = []
    for _run in range(runs):
        status, text, _headers = site.exchange("GET", "/bench/round-trip?n=50")
        if status == 200:
            medians.append(json.loads(text)["median_ms"] / 1000)
    return min(medians) if medians else None


def prepare_community(site, clients):
    """A community of ``clients`` + 1 members (all accepted the charter), the posting rate off; returns it."""
    community = form_community(site, size=clients + 1)
    expect(site.post("submit_studio_edits", "staff", {"values": {"post_rate_limit": 0}, "defaults": []}),
           "posting rate off")
    return community


def run(site, community, clients=CLIENTS, per_client=REQUESTS_PER_CLIENT, writes=None):
    """``{"ping": figures, "writes": {handler: figures + ratio, stored, lost}}`` on the served ``site``."""
    writers = community.members[1:clients + 1]
    method_path = site.handler_path

    def ping(index, number):  # pylint: disable=unused-argument
        return site.exchange("GET", method_path("ping", writers[index]))

    bursts(site, ping, clients, 3)  # every worker and connection warmed up
    floor = round_trip(site)
    ping_figures = _figures(bursts(site, ping, clients, per_client), clients * per_client)
    results = {}
    for item in writes or WRITES:
        state = item.prepare(site, community.members, community.facilitator)
        before = site.query(item.count_sql, item.count_params(state))[0][0]

        def write(index, number, item=item, state=state):
            member = writers[index]
            payload = dict(item.payload(state, member, number),
                           submission_id=submission_id(item.handler, member, number))
            return site.exchange("POST", method_path(item.handler, member), payload)

        locks = row_lock_status(site)
        figures = _figures(bursts(site, write, clients, per_client), clients * per_client)
        locks_after = row_lock_status(site)
        figures["lock_waits"] = locks_after["waits"] - locks["waits"]
        figures["lock_ms"] = (locks_after["time_ms"] - locks["time_ms"]) / 1000 / figures["sent"]
        figures["stored"] = site.query(item.count_sql, item.count_params(state))[0][0] - before
        figures["lost"] = figures["sent"] - figures["failures"] - figures["stored"]
        figures["ratio"] = figures["median"] / ping_figures["median"]
        figures["note"] = item.note
        figures["floor"] = ping_figures["median"] + (figures["queries"] or 0) * floor if floor else None
        results[item.handler] = figures
    return {"clients": clients, "per_client": per_client, "ping": ping_figures, "writes": results,
            "round_trip": floor, "cores": os.cpu_count() or 1}


def cpu_budget(cores, per_second=PER_SECOND_TARGET):
    """The CPU time one write may take, everything on the machine included (the server's Python, the
    database server, the HTTP), for ``per_second`` writes on ``cores`` cores: seconds."""
    return cores / per_second


def verdict(figures):
    """``(met, reasons)`` of one write's figures against the targets."""
    reasons = []
    if figures["ratio"] > MEDIAN_TARGET:
        reasons.append(f"median {figures['ratio']:.1f}× the no-op handler (target ≤ {MEDIAN_TARGET:g}×)")
    if figures["per_second"] < PER_SECOND_TARGET:
        reasons.append(f"{figures['per_second']:.0f} writes/s (target ≥ {PER_SECOND_TARGET})")
    if figures["failures"] or figures["lost"]:
        refusal = f" (the first answered {figures['refusal']})" if figures.get("refusal") else ""
        reasons.append(f"{figures['failures']} failed{refusal}, {figures['lost']} lost")
    return not reasons, reasons
