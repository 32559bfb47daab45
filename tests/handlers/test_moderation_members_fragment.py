"""The moderation desk's « Membre » list is drawn by the server: in the section, and when the facilitator
switches community (``community_detail`` with ``answer``: ``fragment``); the JSON answer is unchanged."""

import html
import re

import pytest

from cap_xblock.models import Participant

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"


def _options(part):
    return re.findall(r'<option value="([^"]+)">([^<]*)</option>', part)


def test_the_members_to_mute_are_the_servers_escaped_options(workbench, demo):
    Participant.objects.filter(user_id="learner2").update(display_name="Awa " + SCRIPT)
    status, state = workbench.get("community_state", "facilitator1")
    community_id = state["led"][0]["id"]
    status, data = workbench.get("community_detail", "facilitator1", {"community_id": community_id})
    assert status == 200 and "members_html" not in data
    status, body = workbench.get("community_detail", "facilitator1", {"community_id": community_id,
                                                                     "answer": "fragment"})
    assert status == 200, body
    assert body["id"] == data["id"] and SCRIPT not in body["members_html"]
    assert _options(body["members_html"]) == [(m["user_id"], html.escape(m["display_name"])) for m in data["members"]]
    page = workbench.view("facilitator1").content.decode()
    select = re.search(r'<select id="[^"]*-member" name="user_id" required>(.*?)</select>', page, re.S).group(1)
    assert _options(select) == _options(body["members_html"])
