"""« Utile » on a knowledge sheet with ``answer``: ``fragment`` (what knowledge.js sends): the button is the
server's, with the count the JSON carries; without the parameter the JSON is unchanged."""

import pytest

from cap_xblock.models import KnowledgeSheet

pytestmark = pytest.mark.django_db


def test_useful_answers_the_servers_button_and_the_count(workbench, demo):
    sheet = KnowledgeSheet.objects.get(owner_id="learner6")
    status, body = workbench.post("knowledge_useful", "learner1", {"sheet_id": sheet.id, "useful": True,
                                                                   "answer": "fragment"})
    assert status == 200, body
    assert body["useful_by_me"] is True and body["useful"] >= 1
    assert f'data-useful="{sheet.id}" aria-pressed="true"' in body["button_html"]
    assert f'Utile (<span data-count>{body["useful"]}</span>)' in body["button_html"]
    status, plain = workbench.post("knowledge_useful", "learner1", {"sheet_id": sheet.id, "useful": False})
    assert status == 200 and plain == {"useful": body["useful"] - 1, "useful_by_me": False}
