"""The ``ping`` handler: an answer and nothing else."""


def test_ping_answers_anyone_without_a_database_query(workbench, django_assert_num_queries):
    workbench.csrf()
    with django_assert_num_queries(0):
        status, body = workbench.get("ping", "learner1")
    assert (status, body) == (200, {"ok": True})
    assert workbench.get("ping", "")[0] == 200


def test_ping_is_get_only(workbench):
    status, body = workbench.post("ping", "learner1", {})
    assert status == 405
    assert body["error"]["code"]
