"""What happens when two people act on the same thing at the same moment, replayed in one order.

The true concurrent runs are in tests/load (gunicorn + MariaDB); here the
interleaving is made deterministic by doing the other person's action at the
point where it can happen (between the first read and the lock).
"""

import pytest

from cap_xblock.api import communities, discussion, moderation
from cap_xblock.errors import NotFound
from tests.discussion_utils import OPEN, person, reply, thread, two  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def _after_the_first_read(monkeypatch, action):
    """Run ``action`` once, when the reply has read the post but not yet locked it."""
    real = communities.require_can_write

    def then_act(*args, **kwargs):
        monkeypatch.setattr(communities, "require_can_write", real)
        action()
        return real(*args, **kwargs)

    monkeypatch.setattr(communities, "require_can_write", then_act)


@pytest.mark.parametrize("deleted", ["thread", "parent"])
def test_a_reply_racing_a_permanent_delete_is_a_404(two, monkeypatch, deleted):
    opened = thread("l1")
    first = reply("l2", opened.id)
    target = opened.id if deleted == "thread" else first.id
    _after_the_first_read(monkeypatch, lambda: moderation.delete_permanently(person("staff"), target, "Hors charte"))
    with pytest.raises(NotFound) as error:
        discussion.reply(person("l1"), OPEN, first.id, "Réponse tardive")
    assert error.value.code == "post_not_found"
