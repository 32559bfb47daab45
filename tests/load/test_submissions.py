"""The same form submitted several times at once (a double click on a slow link): exactly one row.

gunicorn with several processes on MariaDB; the requests of each burst are released together. Each person
presses « Publier », « Envoyer » and « Ajouter mon idée » three times at once with one submission key.
"""

import pytest

from . import harness
from .community import expect, form_community

PRESSES = 3


@pytest.fixture(scope="module")
def community(site):
    return form_community(site, size=8)


def _pressed(site, handler, person, data):
    return [lambda: site.post(handler, person, data) for _press in range(PRESSES)]


def _one_answer(results):
    assert all(isinstance(result, tuple) and result[0] == 200 for result in results), results
    first = results[0][1]
    assert all(body == first for _status, body in results), results
    return first


def test_simultaneous_identical_threads_replies_and_ideas_create_one_each(site, community):
    people = community.members[:6]
    calls = []
    for index, person in enumerate(people):
        calls += _pressed(site, "discussion_start", person, {
            "title": f"Fil de {person}", "body": "Qui convoque la réunion ?", "submission_id": f"thread-{index:04d}"})
    results, _durations = harness.burst(calls)
    threads = [_one_answer(results[i:i + PRESSES]) for i in range(0, len(results), PRESSES)]
    assert len({thread["id"] for thread in threads}) == len(people)
    rows = site.query("SELECT author_id, COUNT(*) FROM cap_xblock_post WHERE depth = 0 GROUP BY author_id")
    assert dict(rows) == {person: 1 for person in people}

    first = threads[0]["id"]
    calls = []
    for index, person in enumerate(people):
        calls += _pressed(site, "discussion_reply", person, {"parent_id": first, "body": f"Réponse de {person}",
                                                             "submission_id": f"reply-{index:04d}"})
    results, _durations = harness.burst(calls)
    replies = [_one_answer(results[i:i + PRESSES]) for i in range(0, len(results), PRESSES)]
    assert len({reply["id"] for reply in replies}) == len(people)
    rows = site.query("SELECT author_id, COUNT(*) FROM cap_xblock_post WHERE thread_id = %s GROUP BY author_id",
                      [first])
    assert dict(rows) == {person: 1 for person in people}

    state = expect(site.get("brainstorm_state", people[0]), "brainstorm")
    calls = []
    for index, person in enumerate(people):
        calls += _pressed(site, "brainstorm_add_idea", person, {
            "brainstorm_id": state["id"], "text": f"Idée de {person}", "submission_id": f"idea-{index:04d}"})
    results, _durations = harness.burst(calls)
    for i in range(0, len(results), PRESSES):
        _one_answer(results[i:i + PRESSES])
    rows = site.query("SELECT author_id, COUNT(*) FROM cap_xblock_idea WHERE brainstorm_id = %s GROUP BY author_id",
                      [state["id"]])
    assert dict(rows) == {person: 1 for person in people}
    assert site.query("SELECT COUNT(*) FROM cap_xblock_submission")[0][0] == 3 * len(people)
