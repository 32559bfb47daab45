"""Latency of posting a contribution under concurrent clients, against the no-op ``ping`` in the same server run."""

import time

from tests.load import harness
from tests.load.community import expect, form_community

CLIENTS = 16
REQUESTS_PER_CLIENT = 25


def _bursts(make_call, clients, per_client):
    """``clients`` threads each making ``per_client`` calls; returns (durations, failures, wall seconds)."""

    def client(index):
        def loop():
            durations, failures = [], 0
            for number in range(per_client):
                started = time.perf_counter()
                status, _body = make_call(index, number)
                durations.append(time.perf_counter() - started)
                failures += status != 200
            return durations, failures
        return loop

    started = time.perf_counter()
    results, _durations = harness.burst([client(index) for index in range(clients)], timeout=600)
    wall = time.perf_counter() - started
    durations, failures = [], 0
    for result in results:
        if isinstance(result, Exception):
            raise result
        durations += result[0]
        failures += result[1]
    return durations, failures, wall


def run(env, tmp_dir, clients=CLIENTS, per_client=REQUESTS_PER_CLIENT):
    """Median and p99 of posting a case contribution and of ``ping``, their ratios, contributions per second."""
    with harness.served_workbench(env, "cap_bench_latency", tmp_dir) as site:
        community = form_community(site, size=clients + 1)
        owner, consultants = community.members[0], community.members[1:]
        case = expect(site.post("case_save", owner, {"title": "Mesurer sans se mesurer", "context": "Un projet.",
                                                     "problem": "Une question."}), "case")["case"]
        expect(site.post("case_present", owner, {"case_id": case["id"]}), "present")
        expect(site.post("case_move", community.facilitator, {"case_id": case["id"], "from_step": 1,
                                                              "direction": "next"}), "step 2")

        def contribute(index, number):
            return site.post("case_contribute", consultants[index], {
                "case_id": case["id"], "step": 2, "body": f"Question {number} de {consultants[index]} ?"})

        def ping(index, number):  # pylint: disable=unused-argument
            return site.get("ping", consultants[index])

        _bursts(ping, clients, 3)  # every worker and connection warmed up
        ping_durations, ping_failures, _wall = _bursts(ping, clients, per_client)
        post_durations, post_failures, post_wall = _bursts(contribute, clients, per_client)
        stored = site.query("SELECT COUNT(*) FROM cap_xblock_casecontribution WHERE case_id = %s", [case["id"]])[0][0]
    ping_median, ping_p99 = harness.median(ping_durations), harness.percentile(ping_durations, 0.99)
    post_median, post_p99 = harness.median(post_durations), harness.percentile(post_durations, 0.99)
    return {
        "clients": clients,
        "requests": clients * per_client,
        "ping_median": ping_median, "ping_p99": ping_p99,
        "post_median": post_median, "post_p99": post_p99,
        "median_ratio": post_median / ping_median, "p99_ratio": post_p99 / ping_p99,
        "per_second": (clients * per_client - post_failures) / post_wall,
        "failures": ping_failures + post_failures,
        "stored": stored,
    }
