"""What happens when two people act on the same thing at the same moment, replayed in one order.

The true concurrent runs are in tests/load (gunicorn + MariaDB); here the
interleaving is made deterministic by doing the other person's action at the
point where it can happen (between the first read and the lock).
"""

import pytest

from cap_xblock.api import communities, discussion, gate, moderation
from cap_xblock.errors import NotFound
from cap_xblock.models import Membership
from tests.discussion_utils import OPEN, person, reply, thread, two  # noqa: F401  (fixtures)
from tests.utils import make_actor, staff_actor

pytestmark = pytest.mark.django_db


def _after_the_first_read(monkeypatch, action):
    """Run ``action`` once, when the reply has read the post but not yet locked it."""
    real = gate.require_can_write

    def then_act(*args, **kwargs):
        monkeypatch.setattr(gate, "require_can_write", real)
        action()
        return real(*args, **kwargs)

    monkeypatch.setattr(gate, "require_can_write", then_act)


@pytest.mark.parametrize("deleted", ["thread", "parent"])
def test_a_reply_racing_a_permanent_delete_is_a_404(two, monkeypatch, deleted):
    opened = thread("l1")
    first = reply("l2", opened.id)
    target = opened.id if deleted == "thread" else first.id
    _after_the_first_read(monkeypatch, lambda: moderation.delete_permanently(person("staff"), post_id=target,
                                                                             reason="Hors charte"))
    with pytest.raises(NotFound) as error:
        discussion.reply(person("l1"), settings=OPEN, parent_id=first.id, body="Réponse tardive")
    assert error.value.code == "post_not_found"

def test_a_facilitator_named_before_the_placement_decision_is_not_placed():
    """The first visit read the roles, then staff named the person facilitator: placing re-checks under the lock."""
    staff = staff_actor()
    community = communities.create_community(staff, name="A")
    person = make_actor("newcomer")
    communities.view_for(person, place=False)  # their first visit registers them, and reads no role
    communities.add_facilitator(staff, community_id=community.id, user_id="newcomer")
    assert communities.join_automatically(person) is None
    assert not Membership.objects.filter(user_id="newcomer").exists()
    view = communities.view_for(person)
    assert view.role == "facilitator" and [c.id for c in view.led] == [community.id]
