"""Many members acting on the same items at the same moment: every count is exact.

One community of 25 members and a facilitator, served by gunicorn on MariaDB.
Each burst releases all its requests together; double clicks (the same person,
the same item, twice at once) are part of every burst.
"""

import pytest

from . import harness
from .community import expect, form_community

DOUBLE_CLICKS = 10


@pytest.fixture(scope="module")
def community(site):
    return form_community(site)


def _all_ok(results):
    return [result for result in results if not isinstance(result, tuple) or result[0] != 200]


def test_fifty_concurrent_useful_marks_on_two_contributions_are_all_counted(site, community):
    owner, first, second = community.members[:3]
    case = expect(site.post("case_save", owner, {"title": "Un comité de pilotage qui ne pilote plus",
                                                 "context": "Projet d'adduction d'eau à Kaolack.",
                                                 "problem": "Les élus ne viennent plus aux réunions."}), "save")
    case_id = case["case"]["id"]
    expect(site.post("case_present", owner, {"case_id": case_id}), "present")
    expect(site.post("case_move", community.facilitator, {"case_id": case_id, "from_step": 1,
                                                          "direction": "next"}), "to step 2")
    for author in (first, second):
        expect(site.post("case_contribute", author, {"case_id": case_id, "step": 2,
                                                     "body": f"Question de {author} : qui fixe l'ordre du jour ?"}),
               "question")
    contributions = dict(site.query(
        "SELECT author_id, id FROM cap_xblock_casecontribution WHERE case_id = %s", [case_id]))
    people = community.members + [community.facilitator]
    marks = [(person, contributions[author]) for author in (first, second) for person in people if person != author]
    assert len(marks) == 50
    clicks = marks + marks[:DOUBLE_CLICKS]

    results, _durations = harness.burst([
        (lambda person=person, contribution=contribution:
         site.post("case_useful", person, {"contribution_id": contribution, "useful": True}))
        for person, contribution in clicks
    ])

    assert _all_ok(results) == []
    assert all(body["useful_by_me"] and 1 <= body["useful"] <= 25 for _status, body in results)
    counted = dict(site.query(
        "SELECT contribution_id, COUNT(*) FROM cap_xblock_usefulmark WHERE contribution_id IN (%s, %s) "
        "GROUP BY contribution_id", [contributions[first], contributions[second]]))
    assert counted == {contributions[first]: 25, contributions[second]: 25}
    # What the next click reads back is the exact count too.
    status, body = site.post("case_useful", owner, {"contribution_id": contributions[first], "useful": True})
    assert (status, body["useful"]) == (200, 25)


def test_fifty_concurrent_votes_on_two_ideas_are_all_counted(site, community):
    author = community.members[0]
    state = expect(site.get("brainstorm_state", author), "brainstorm")
    brainstorm_id = state["id"]
    for text in ("Associer les chefs de village dès le diagnostic", "Restituer les résultats en langues locales"):
        expect(site.post("brainstorm_add_idea", author, {"brainstorm_id": brainstorm_id, "text": text}), "idea")
    ideas = [row[0] for row in site.query(
        "SELECT id FROM cap_xblock_idea WHERE brainstorm_id = %s ORDER BY id", [brainstorm_id])]
    assert len(ideas) == 2
    votes = [(member, idea) for idea in ideas for member in community.members]
    assert len(votes) == 50
    clicks = votes + votes[-DOUBLE_CLICKS:]

    results, _durations = harness.burst([
        (lambda member=member, idea=idea:
         site.post("brainstorm_vote", member, {"brainstorm_id": brainstorm_id, "idea_id": idea}))
        for member, idea in clicks
    ])

    assert _all_ok(results) == []
    counted = dict(site.query(
        "SELECT idea_id, COUNT(*) FROM cap_xblock_vote WHERE brainstorm_id = %s GROUP BY idea_id", [brainstorm_id]))
    assert counted == {ideas[0]: 25, ideas[1]: 25}
    per_voter = {count for _voter, count in site.query(
        "SELECT voter_id, COUNT(*) FROM cap_xblock_vote WHERE brainstorm_id = %s GROUP BY voter_id",
        [brainstorm_id])}
    assert per_voter == {2}
    # Each voter is told the votes they have left: 3 - 2 once both votes are in.
    last = expect(site.get("brainstorm_state", community.members[-1]), "state")
    assert last["votes_left"] == last["budget"] - 2


def test_fifty_concurrent_replies_to_one_thread_are_all_kept(site, community):
    thread = expect(site.post("discussion_start", community.facilitator, {
        "title": "Vos astuces pour faire venir les élus", "body": "Partagez ce qui a marché chez vous."}), "thread")
    replies = [(member, number) for number in (1, 2) for member in community.members]
    assert len(replies) == 50

    results, _durations = harness.burst([
        (lambda member=member, number=number: site.post("discussion_reply", member, {
            "parent_id": thread["id"], "body": f"Réponse {number} de {member} : on invite aussi les femmes 🌍"}))
        for member, number in replies
    ])

    assert _all_ok(results) == []
    ids = {body["id"] for _status, body in results}
    assert len(ids) == 50, "every reply got its own post"
    rows = site.query("SELECT author_id, body FROM cap_xblock_post WHERE thread_id = %s AND depth = 1",
                      [thread["id"]])
    assert sorted(rows) == sorted((member, f"Réponse {number} de {member} : on invite aussi les femmes 🌍")
                                  for member, number in replies)
    page = expect(site.get("discussion_thread", community.members[0], {"thread_id": thread["id"]}), "read")
    assert page["replies"]["total"] == 50


def test_contributions_racing_a_step_move_land_in_the_step_they_were_checked_in(site, community):
    # Contributions hold the case in share mode (decision 34): they go side by side, and the facilitator's
    # move waits for those under way; none is written in a step the case has already left.
    owner, writers = community.members[3], community.members[4:16]
    case = expect(site.post("case_save", owner, {"title": "Des réunions sans décision", "context": "Un projet.",
                                                 "problem": "Rien n'avance."}), "save")["case"]
    expect(site.post("case_present", owner, {"case_id": case["id"]}), "present")
    expect(site.post("case_move", community.facilitator, {"case_id": case["id"], "from_step": 1,
                                                          "direction": "next"}), "step 2")
    calls = [lambda member=member, number=number: site.post("case_contribute", member, {
        "case_id": case["id"], "step": 2, "body": f"Question {number} de {member} ?"})
        for number in range(3) for member in writers]
    calls.insert(len(calls) // 2, lambda: site.post("case_move", community.facilitator, {
        "case_id": case["id"], "from_step": 2, "direction": "next"}))
    results, _durations = harness.burst(calls)
    assert all(isinstance(result, tuple) for result in results), results
    moved = results[len(calls) // 2]
    assert moved[0] == 200, moved
    contributed = [result for index, result in enumerate(results) if index != len(calls) // 2]
    accepted = [body for status, body in contributed if status == 200]
    refused = [body for status, body in contributed if status != 200]
    assert all(body["error"]["code"] == "wrong_step" for body in refused), refused
    stored = site.query("SELECT COUNT(*) FROM cap_xblock_casecontribution WHERE case_id = %s AND step = 2",
                        [case["id"]])[0][0]
    assert stored == len(accepted)
    # Every contribution in step 2 was written before the step changed.
    late = site.query(
        "SELECT COUNT(*) FROM cap_xblock_casecontribution c JOIN cap_xblock_case k ON k.id = c.case_id "
        "WHERE c.case_id = %s AND c.step = 2 AND c.created_at > k.updated_at", [case["id"]])[0][0]
    assert late == 0


def test_replies_racing_a_thread_lock_are_all_written_before_it(site, community):
    # Replies hold their thread in share mode (decision 34): they go side by side, and locking the thread waits
    # for those under way; none is written in a thread already locked.
    writers = community.members[4:16]
    thread = expect(site.post("discussion_start", community.members[3], {
        "title": "Un fil très suivi", "body": "Qui vient samedi ?"}), "thread")
    calls = [lambda member=member, number=number: site.post("discussion_reply", member, {
        "parent_id": thread["id"], "body": f"Réponse {number} de {member}"})
        for number in range(3) for member in writers]
    calls.insert(len(calls) // 2, lambda: site.post("moderation_lock", community.facilitator, {
        "post_id": thread["id"], "locked": True, "reason": "Le fil a trouvé sa réponse."}))
    results, _durations = harness.burst(calls)
    assert all(isinstance(result, tuple) for result in results), results
    locked = results[len(calls) // 2]
    assert locked[0] == 200, locked
    replied = [result for index, result in enumerate(results) if index != len(calls) // 2]
    refused = [body for status, body in replied if status != 200]
    assert all(body["error"]["code"] in ("thread_locked", "rate_limited") for body in refused), refused
    late = site.query(
        "SELECT COUNT(*) FROM cap_xblock_post p JOIN cap_xblock_moderationaction a ON a.post_id = p.thread_id "
        "WHERE p.thread_id = %s AND a.action = 'lock' AND p.created_at > a.created_at", [thread["id"]])[0][0]
    assert late == 0
