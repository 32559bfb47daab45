"""The write path stays lean (decision 23): with ``answer``: ``fragment`` (what the section's scripts send), an
action answers the server-rendered part that changed and the new counts, never the whole section again,
in a bounded number of queries.

The bounds are the queries measured through the workbench, its own read of the block's state included
(one query); they are upper bounds: what reads less passes.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cap_xblock.models import Case, CaseContribution, Idea, Post, Vote
from tests.utils import Workbench

pytestmark = pytest.mark.django_db


# A contribution to someone else's case sends its owner an immediate e-mail (decision 28): their preference,
# the sent log's claim and its mark, their address and language. It is queued after the commit (decision 30):
# in the LMS Celery's workers send it, out of the request; the workbench has no worker, so it runs right after
# the commit, in the request, and is counted here.
OWNER_EMAIL = 11
# A learner's first contribution to a case is one more case taken part in: completion and the grade are asked
# again (the block's progress fields and the count of cases); a further one asks nothing of them.
FIRST_IN_CASE = 10
# A contribution holds its case in share mode while it is written, a reply its thread and parent (decision 34):
# one statement where the database has row locks (MariaDB, PostgreSQL), none on SQLite, which locks the whole
# file.
SHARE_MODE = 0 if connection.vendor == "sqlite" else 1


@pytest.fixture
def client(demo, scenario_usage_id):  # pylint: disable=unused-argument
    return Workbench(scenario_usage_id)


def lean(client, handler, student, data, bound):
    """POST ``data`` asking for the lean answer; checks the bound on queries and returns the answer and its size."""
    # The workbench reads its scenario's blocks on a person's first write: done before counting.
    assert client.post("section_state", student, {"key": "discussion", "open": True})[0] == 200
    with CaptureQueriesContext(connection) as queries:
        status, body = client.post(handler, student, dict(data, answer="fragment"))
    assert status == 200, body
    assert len(queries) <= bound, "\n".join(query["sql"][:160] for query in queries.captured_queries)
    return body, len(json.dumps(body, ensure_ascii=False).encode("utf-8"))


def brainstorm_id(client):
    return client.get("brainstorm_state", "learner1")[1]["id"]


def test_a_vote_answers_its_button_and_the_votes_left_without_reading_the_brainstorm_again(client):
    bid = brainstorm_id(client)
    voted = Vote.objects.filter(voter_id="learner2").values_list("idea_id", flat=True)
    idea = Idea.objects.filter(brainstorm_id=bid).exclude(author_id="learner2").exclude(id__in=voted).first()
    body, size = lean(client, "brainstorm_vote", "learner2", {"brainstorm_id": bid, "idea_id": idea.id}, 10)
    assert "state" not in body and "html" not in body and size < 1000
    assert body["voted"] and body["votes_left"] == 0
    assert 'data-voted="1"' in body["button_html"] and "Retirer mon vote" in body["button_html"]
    assert "Votes restants : 0 sur 3" in body["status_html"]
    status, state = client.get("brainstorm_state", "learner2")
    assert status == 200 and state["votes_left"] == 0


def test_a_new_idea_answers_that_idea_and_the_pager_not_the_board(client):
    # The brainstorm, the roles, the write gate; its status read again as it is held in share mode, the
    # author's own row (the lock of their count of ideas), the counts of ideas, the insert; then the author's
    # name. Neither the brainstorm's page nor the block's Studio fields are read.
    bid = brainstorm_id(client)
    body, size = lean(client, "brainstorm_add_idea", "learner1",
                      {"brainstorm_id": bid, "text": "Un <b>panneau</b> au marché", "page": 1}, 10)
    assert "state" not in body and "html" not in body and size < 1500
    assert body["idea_id"] == Idea.objects.get(text="Un <b>panneau</b> au marché").id
    assert "Un &lt;b&gt;panneau&lt;/b&gt; au marché" in body["idea_html"]
    assert 'data-bs="themes"' not in body["idea_html"] and "results_html" not in body
    assert body["pager_html"] == "" and body["total"] == 9 and body["page_size"] == 10  # one page: no pager


def test_a_new_idea_seen_from_another_page_answers_the_first_page(client):
    bid = brainstorm_id(client)
    body, _size = lean(client, "brainstorm_add_idea", "learner1",
                       {"brainstorm_id": bid, "text": "Une idée filtrée", "page": 1, "theme": "none"}, 19)
    assert 'data-bs="board"' in body["html"] and 'data-filter=""' in body["html"] and "Une idée filtrée" in body["html"]


def test_a_facilitators_new_idea_answers_it_with_the_themes_and_the_results(client):
    # They see the totals move and choose a theme in the idea's part: the first page is read again, but not
    # the block's Studio fields (the answer draws neither the question nor the votes left).
    bid = brainstorm_id(client)
    body, _size = lean(client, "brainstorm_add_idea", "facilitator1",
                       {"brainstorm_id": bid, "text": "Une idée de la facilitation", "page": 1}, 18)
    assert "html" not in body and body["idea_id"] == Idea.objects.get(text="Une idée de la facilitation").id
    assert "Une idée de la facilitation" in body["idea_html"] and 'data-bs-action="group"' in body["idea_html"]
    assert "0 vote" in body["idea_html"] and 'data-bs="results-box"' in body["results_html"]
    assert body["total"] == Idea.objects.filter(brainstorm_id=bid).count() and body["page_size"] == 10

def test_a_reply_answers_the_reply_alone(client):
    thread = Post.objects.filter(community__name="Les Baobabs", depth=0, status="published", locked=False,
                                 hidden=False).first()
    body, size = lean(client, "discussion_reply", "learner1", {"parent_id": thread.id, "body": "Oui, *d'accord*"},
                      13 + SHARE_MODE)
    assert size < 2000 and body["depth"] == 1 and body["parent_id"] == thread.id
    assert body["html"].startswith('<article class="cap-d-post cap-d-depth1"')
    assert "<em>d'accord</em>" in body["html"] and thread.title not in body["html"]
    assert body["html"].count("<article") == 1


def test_a_reply_to_a_reply_answers_it_alone_and_holds_thread_and_parent_in_one_statement(client):
    thread = Post.objects.filter(community__name="Les Baobabs", depth=0, status="published", locked=False,
                                 hidden=False).first()
    status, first = client.post("discussion_reply", "learner2", {"parent_id": thread.id, "body": "Première"})
    assert status == 200, first
    body, _size = lean(client, "discussion_reply", "learner1", {"parent_id": first["id"], "body": "Et *moi*"},
                       12 + SHARE_MODE)
    assert body["depth"] == 2 and body["parent_id"] == first["id"]
    assert body["html"].startswith('<article class="cap-d-post cap-d-depth2"') and "<em>moi</em>" in body["html"]
    assert Post.objects.get(id=body["id"]).thread_id == thread.id


def test_a_new_thread_answers_the_thread_alone(client):
    body, size = lean(client, "discussion_start", "learner1", {"title": "Un fil", "body": "Qui *vient* ?"}, 10)
    assert size < 2000 and body["depth"] == 0 and body["title"] == "Un fil" and body["mine"]
    assert "<em>vient</em>" in body["body_html"] and body["useful"] == 0 and not body["useful_mine"]
    assert Post.objects.get(id=body["id"]).author_id == "learner1"


def test_useful_answers_the_button(client):
    post = Post.objects.filter(community__name="Les Baobabs", depth=0, status="published", hidden=False) \
        .exclude(author_id="learner2").first()
    body, size = lean(client, "discussion_useful", "learner2", {"post_id": post.id, "useful": True}, 7)
    assert size < 400 and body["useful_mine"] and f"Utile ({body['useful']})" in body["html"]
    assert 'aria-pressed="true"' in body["html"]


def open_case(step):
    return Case.objects.filter(community__name="Les Baobabs", step=step, presented_at__isnull=False) \
        .exclude(owner_id="learner1").first()


def last_page(case, adding=1):
    return -(-(CaseContribution.objects.filter(case=case).count() + adding) // 20)


def test_a_contribution_answers_its_item_and_the_counts_not_the_case(client):
    case = open_case(2)
    body, size = lean(client, "case_contribute", "learner1",
                      {"case_id": case.id, "step": 2, "body": "Qui <i>décide</i> ?", "page": last_page(case)},
                      10 + SHARE_MODE + FIRST_IN_CASE + OWNER_EMAIL)
    assert "html" not in body and "case" not in body and size < 2500
    assert "Qui &lt;i&gt;décide&lt;/i&gt; ?" in body["item_html"] and "cap-case-title" not in body["item_html"]
    assert body["contribution_id"] == CaseContribution.objects.get(body="Qui <i>décide</i> ?").id
    assert f"{body['total']} contributions" in body["count_html"] and "data-expected" in body["expected_html"]


def test_a_further_contribution_to_the_same_case_answers_its_item_without_asking_completion(client):
    case = open_case(2)
    status, body = client.post("case_contribute", "learner1", {"case_id": case.id, "step": 2, "body": "Qui ?"})
    assert status == 200, body
    body, _size = lean(client, "case_contribute", "learner1",
                       {"case_id": case.id, "step": 2, "body": "Et quand ?", "page": last_page(case)},
                       10 + SHARE_MODE + OWNER_EMAIL)
    assert "Et quand ?" in body["item_html"] and f"{body['total']} contributions" in body["count_html"]


def test_an_answer_to_a_question_answers_the_question_too(client):
    case = open_case(2)
    question = CaseContribution.objects.filter(case=case, kind="question").exclude(
        id__in=CaseContribution.objects.filter(reply_to__isnull=False).values("reply_to_id")).first()
    if question is None:
        status, body = client.post("case_contribute", "learner1", {"case_id": case.id, "step": 2, "body": "Pourquoi ?"})
        assert status == 200
        question = CaseContribution.objects.get(body="Pourquoi ?")
    body, _size = lean(client, "case_contribute", case.owner_id,
                       {"case_id": case.id, "step": 2, "body": "Parce que.", "reply_to": question.id,
                        "page": last_page(case)}, 10 + SHARE_MODE)
    if "html" in body:  # the question is on another page than the answer: the case at the answer's page
        assert "Parce que." in body["html"]
        return
    assert body["question_id"] == question.id and "Votre réponse" not in body["question_html"]


def test_a_contribution_seen_from_another_page_answers_the_case_at_its_last_page(client):
    case = open_case(2)
    body, _size = lean(client, "case_contribute", "learner1",
                       {"case_id": case.id, "step": 2, "body": "Et après ?", "page": last_page(case) + 1},
                       15 + SHARE_MODE + FIRST_IN_CASE + OWNER_EMAIL)
    assert "item_html" not in body and "cap-case-title" in body["html"] and "Et après ?" in body["html"]


def test_case_useful_answers_the_button(client):
    case = open_case(2)
    contribution = CaseContribution.objects.filter(case=case, hidden=False).exclude(author_id="learner1").first()
    body, size = lean(client, "case_useful", "learner1", {"contribution_id": contribution.id, "useful": True}, 11)
    assert size < 400 and body["useful_by_me"]
    assert 'aria-pressed="true"' in body["html"] and f"<span data-count>{body['useful']}</span>" in body["html"]


def test_a_new_journal_entry_answers_the_entry_alone(client):
    body, size = lean(client, "journal_save", "learner1", {"title": "Séance 3", "free_text": "Ce que j'ai appris."}, 17)
    assert size < 1500 and body["version"] == 1 and body["feedback"] == [] and body["is_author"]
    assert body["title"] == "Séance 3" and body["free_text"] == "Ce que j'ai appris."


def test_without_the_parameter_the_answers_stay_whole(client):
    bid = brainstorm_id(client)
    status, body = client.post("brainstorm_add_idea", "learner1", {"brainstorm_id": bid, "text": "Entière"})
    assert status == 200 and body["state"]["ideas"]["items"][0]["text"] == "Entière" and "idea_html" not in body
