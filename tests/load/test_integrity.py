"""Integrity under real concurrency (gunicorn processes, MariaDB): caps, roles and drafts hold.

Each round releases the competing requests at the same moment (``harness.burst``);
whichever wins, the outcome is one of the allowed ones, and the tables agree.
"""

import csv
import io
import time
from collections import Counter

from . import harness
from .community import accept_charter, expect

TARGET_SIZE = 10


def _sizes(site):
    return dict(site.query("SELECT community_id, COUNT(*) FROM cap_xblock_membership GROUP BY community_id"))


def test_a_csv_import_racing_first_visits_keeps_the_size_cap(site):
    expect(site.post("manage_settings", "staff", {"target_size": TARGET_SIZE, "assignment_mode": "automatic"}),
           "settings")
    outcomes = Counter()
    for round_number in range(1, 6):
        # A new, empty community: the smallest, so first visits go there while the file fills it too.
        community = expect(site.post("manage_create", "staff", {"name": f"Équipe {round_number}"}), "create")
        imported = [f"imp{round_number}x{index:02d}" for index in range(8)]
        # The file spells the name without its accent: the same community.
        rows = "".join(f"{username},Equipe {round_number},learner\n" for username in imported)
        visitors = [f"vis{round_number}x{index:02d}" for index in range(12)]
        calls = [lambda rows=rows: site.post("manage_import", "staff", {"csv": rows})]
        calls += [(lambda visitor=visitor: site.get("community_state", visitor)) for visitor in visitors]

        results, _durations = harness.burst(calls)

        failures = [result for result in results if not isinstance(result, tuple)]
        assert failures == []
        status, body = results[0]
        if status == 200:
            assert body["applied"] is True and body["new_communities"] == [], body
            outcomes["imported"] += 1
        else:
            # First visits filled the community before the import took the lock: the file is refused, whole.
            assert status == 400, body
            assert body["error"]["code"] == "csv_invalid"
            assert "au-delà de la taille visée de 10" in body["error"]["details"]["problems"][0]["message"]
            outcomes["refused"] += 1
        assert [result[0] for result in results[1:]] == [200] * len(visitors), [r for r in results[1:] if r[0] != 200]
        sizes = _sizes(site)
        assert max(sizes.values()) <= TARGET_SIZE, f"round {round_number}: a community went over: {sizes}"
        assert sizes.get(community["id"], 0) <= TARGET_SIZE
        placed = dict(site.query("SELECT user_id, community_id FROM cap_xblock_membership"))
        assert all(visitor in placed for visitor in visitors), "every visitor is placed"
        assert all(username in placed for username in imported) == (status == 200)
    # (MariaDB's collation ignores accents in LIKE: this counts both spellings.)
    names = site.query("SELECT name FROM cap_xblock_community WHERE name LIKE 'Equipe%%' OR name LIKE 'Équipe%%'")
    assert sorted(name for (name,) in names) == [f"Équipe {number}" for number in range(1, 6)], names
    print(f"import vs first visits: {dict(outcomes)}")


def test_a_facilitator_named_during_their_first_visit_never_gets_both_roles(site):
    outcomes = Counter()
    # The naming is sent 0 to 55 ms after the visit, so that rounds sweep the visit's whole decision.
    for round_number, offset in enumerate([index * 0.005 for index in range(12)], start=1):
        person = f"newfac{round_number}"
        # They opened the course once while it was in manual mode: known, waiting, in no community.
        expect(site.post("manage_settings", "staff", {"assignment_mode": "manual"}), "manual")
        expect(site.get("community_state", person), "registered")
        expect(site.post("manage_settings", "staff", {"target_size": 30, "assignment_mode": "automatic"}), "auto")
        community = expect(site.post("manage_create", "staff", {"name": f"Cercle {round_number} 🌱"}), "create")

        results, _durations = harness.burst([
            lambda: site.get("community_state", person),
            lambda community_id=community["id"], offset=offset: (time.sleep(offset), site.post(
                "manage_add_facilitator", "staff", {"community_id": community_id, "user_id": person}))[1],
        ])

        (visit_status, visit), (name_status, named) = results
        assert visit_status == 200, visit
        both = site.query(
            "SELECT COUNT(*) FROM cap_xblock_membership m JOIN cap_xblock_facilitatorrole f "
            "ON f.community_id = m.community_id AND f.user_id = m.user_id WHERE m.user_id = %s", [person])
        assert both[0][0] == 0, f"round {round_number}: {person} is member and facilitator of one community"
        if name_status == 200:
            outcomes["named"] += 1
            assert person in {p["user_id"] for p in named["facilitators"]}
        else:
            # The visit placed them in that very community first: staff are told to move them out.
            assert name_status == 409 and named["error"]["code"] == "is_member", named
            assert visit["community"]["id"] == community["id"]
            outcomes["placed first"] += 1
    print(f"facilitator vs first visit: {dict(outcomes)}")


def test_two_saves_of_one_case_at_once_one_wins_one_is_told(site):
    expect(site.post("manage_settings", "staff", {"target_size": 30, "assignment_mode": "automatic"}), "settings")
    owner = "caseowner1"
    expect(site.get("community_state", owner), "placed")
    accept_charter(site, owner)
    case = expect(site.post("case_save", owner, {"title": "Un comité qui ne se réunit plus", "context": "Départ"}),
                  "draft")["case"]
    version = case["version"]
    for round_number in range(1, 6):
        results, _durations = harness.burst([
            (lambda tab=tab: site.post("case_save", owner, {
                "case_id": case["id"], "base_version": version, "title": "Un comité qui ne se réunit plus",
                "context": f"Onglet {tab}, tour {round_number}"}))
            for tab in ("A", "B")
        ])
        statuses = sorted(result[0] for result in results)
        assert statuses == [200, 409], results
        winner = next(body for status, body in results if status == 200)
        loser = next(body for status, body in results if status == 409)
        assert loser["error"]["code"] == "stale_version"
        assert loser["error"]["details"]["context"] == winner["case"]["context"], "the loser sees the winning text"
        version = winner["case"]["version"]
        stored = site.query("SELECT context, version FROM cap_xblock_case WHERE id = %s", [case["id"]])
        assert stored[0] == (winner["case"]["context"], version)


def test_the_export_after_the_races_parses_as_one_row_per_assignment(site):
    status, text = site.request("GET", site.handler_path("manage_export", "staff"))
    assert status == 200
    rows = list(csv.reader(io.StringIO(text, newline="")))
    count = site.query("SELECT (SELECT COUNT(*) FROM cap_xblock_membership)"
                       " + (SELECT COUNT(*) FROM cap_xblock_facilitatorrole)")[0][0]
    assert len(rows) == 1 + count
