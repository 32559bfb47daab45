"""Scale of a course: learners arriving in automatic mode into communities of 10, then the lists at that size.

Served by gunicorn (``bench.server``). ``learners`` people open the activity
for the first time, ``clients`` at a time: each first visit
(``community_state``) places the person in a community of the course, under
the course settings row's lock (one lock per course, ``join_automatically``).
The figures: joins per second, the median and p99 of a first visit against
``ping``, and the wait on row locks the joins caused (InnoDB's counters,
before and after). Then every line of ``bench.lists.scale_benches()`` is
called once at the start (a handful of learners) and once at the end: its
SQL query count must not change with the size of the course.
"""

import math
from collections import Counter

from tests.load import harness
from tests.load.community import expect

from . import lists
from .writes import bursts, row_lock_status

LEARNERS = 20_000
TARGET_SIZE = 10
CLIENTS = 16
SMALL = 20
WARM_UPS = 8  # two requests per process of the server (4 processes)
COUNTED = 5


def list_queries(site, benches):
    """``{label: (status, queries)}`` of each bench's request once every server process is warm."""
    counted = {}
    for item in benches:
        path = ("/scenario/cap.0/?" + f"student={item.student}" if item.handler == "student_view"
                else site.handler_path(item.handler, item.student, item.params))
        # Each of the server's processes keeps a few things in memory once read (translations, the block's
        # scenario): warm every process, then keep the count most requests answered with.
        for _warm in range(WARM_UPS):
            site.exchange("GET", path)
        answers = [site.exchange("GET", path) for _count in range(COUNTED)]
        status = max(answer[0] for answer in answers)
        queries = Counter(int(answer[2].get("X-Bench-Queries", -1)) for answer in answers).most_common(1)[0][0]
        counted[item.label] = (status, queries)
    return counted


def _arrivals(site, names, clients):
    per_client = math.ceil(len(names) / clients)

    def first_visit(index, number):
        position = index * per_client + number
        if position >= len(names):
            return site.exchange("GET", site.handler_path("ping", "late-probe"))
        return site.exchange("GET", site.handler_path("community_state", names[position]))

    return bursts(site, first_visit, clients, per_client, timeout=3600)


def run(site, learners=LEARNERS, clients=CLIENTS, progress=print):
    """Figures of the arrivals and of the lists at the course's size (``site`` served on an empty course)."""
    expect(site.post("manage_settings", "staff", {"target_size": TARGET_SIZE, "assignment_mode": "automatic"}),
           "automatic mode, communities of 10")
    benches = lists.scale_benches()
    early = [f"early{index:03d}" for index in range(SMALL)]
    for name in early:
        expect(site.get("community_state", name), f"{name} joins")
    small = list_queries(site, benches)

    def ping(index, number):  # pylint: disable=unused-argument
        return site.exchange("GET", site.handler_path("ping", f"probe{index}"))

    bursts(site, ping, clients, 3)
    ping_measured = bursts(site, ping, clients, 20)
    names = [f"arrival{index:05d}" for index in range(learners - SMALL)]
    progress(f"  {len(names):,} first visits, {clients} at a time")
    locks_before = row_lock_status(site)
    measured = _arrivals(site, names, clients)
    locks_after = row_lock_status(site)
    joins = len(names)
    sizes = Counter(size for (size,) in site.query(
        "SELECT COUNT(*) FROM cap_xblock_membership GROUP BY community_id"))
    placed = site.query("SELECT COUNT(DISTINCT user_id) FROM cap_xblock_membership")[0][0]
    large = list_queries(site, benches)
    durations = list(measured["durations"])
    waits = locks_after["waits"] - locks_before["waits"]
    wait_ms = locks_after["time_ms"] - locks_before["time_ms"]
    return {
        "learners": learners, "clients": clients, "target_size": TARGET_SIZE,
        "joins_per_second": (joins - measured["failures"]) / measured["wall"],
        "median": harness.median(durations), "p99": harness.percentile(durations, 0.99),
        "ping_median": harness.median(ping_measured["durations"]),
        "join_queries": sorted(measured["queries"])[len(measured["queries"]) // 2] if measured["queries"] else None,
        "failures": measured["failures"], "placed": placed,
        "communities": sum(sizes.values()), "largest": max(sizes) if sizes else 0,
        "expected_communities": math.ceil(learners / TARGET_SIZE),
        "lock_waits": waits, "lock_wait_ms": wait_ms,
        # Of the time the clients spent waiting for answers, the share spent waiting for a row lock.
        "lock_share": wait_ms / 1000 / max(1e-9, sum(durations)),
        "small": small, "large": large, "small_size": SMALL,
        "notes": {item.label: item.note for item in benches},
    }
