"""The same vote burst against xblock-poll in the same workbench: how many of its votes are lost.

xblock-poll keeps its tally in one shared field (a read-modify-write of a JSON
blob); concurrent votes overwrite each other. It runs from ``.venv-bench``
(``requirements/bench.txt``), so the test environment never loads it.
"""

from pathlib import Path

from tests.load import harness

VOTERS = 50
BENCH_PYTHON = harness.ROOT / ".venv-bench" / "bin" / "python"


def available():
    return Path(BENCH_PYTHON).exists()


def run(env, tmp_dir, voters=VOTERS):
    """``{"sent", "accepted", "counted", "lost"}`` of ``voters`` simultaneous first votes (and one before)."""
    with harness.served_workbench(env, "cap_bench_poll", tmp_dir, scenario="poll.0",
                                  python=str(BENCH_PYTHON)) as site:
        # A first vote creates the poll's shared row, so the burst only updates it.
        status, body = site.post("vote", "early-voter", {"choice": "R"})
        if status != 200 or not body.get("success"):
            raise RuntimeError(f"xblock-poll refused the first vote: {status} {body}")
        results, _durations = harness.burst([
            (lambda voter=voter: site.post("vote", f"poll-voter{voter:03d}", {"choice": "R"}))
            for voter in range(voters)
        ])
        accepted = 1 + sum(1 for result in results
                           if isinstance(result, tuple) and result[0] == 200 and result[1].get("success"))
        status, tally = site.post("get_results", "reader", {})
        if status != 200:
            raise RuntimeError(f"xblock-poll did not give its results: {status}")
    counted = int(tally["total"])
    return {"sent": voters + 1, "accepted": accepted, "counted": counted, "lost": accepted - counted}
