"""The write gate's questions are SQL written once per process (decision 34): they answer what the ORM's
definitions answer, on SQLite and on MariaDB, in every state a person can be in."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cap_xblock import permissions
from cap_xblock.api import charter, communities, gate, moderation, tables
from cap_xblock.errors import NotAllowed
from cap_xblock.models import CharterAcceptance, CharterVersion, Mute
from tests.utils import make_actor, staff_actor

pytestmark = [pytest.mark.django_db, pytest.mark.charter_gate]


@pytest.fixture
def two():
    staff = staff_actor()
    first = communities.create_community(staff, name="Les Baobabs")
    other = communities.create_community(staff, name="Les Érables")
    communities.place_learner(staff, user_id=make_actor("l1").user_id, community_id=first.id)
    communities.place_learner(staff, user_id=make_actor("l2").user_id, community_id=other.id)
    return first.id, other.id


def asked(check, person, community_id):
    """What the gate's one query answers for ``check``, and what the ORM's definition answers."""
    roles = permissions.Roles(member_of=community_id)
    sql, params, _judge = check(person, community_id=community_id, roles=roles)
    with tables.connection_for(CharterAcceptance).cursor() as cursor:
        cursor.execute(f"SELECT ({sql})", params)
        return bool(cursor.fetchone()[0])


def test_the_charter_question_follows_the_current_version(two):
    first, other = two
    l1 = make_actor("l1")
    states = []
    states.append((asked(charter.acceptance_check, l1, first), charter._accepted_current(l1, first).exists()))
    CharterAcceptance.objects.create(community_id=first, user_id="l1", version=0)
    states.append((asked(charter.acceptance_check, l1, first), charter._accepted_current(l1, first).exists()))
    CharterVersion.objects.create(community_id=first, number=1, text="Nouvelle charte", author_id="f1")
    states.append((asked(charter.acceptance_check, l1, first), charter._accepted_current(l1, first).exists()))
    CharterAcceptance.objects.create(community_id=first, user_id="l1", version=1)
    states.append((asked(charter.acceptance_check, l1, first), charter._accepted_current(l1, first).exists()))
    CharterVersion.objects.create(community_id=other, number=5, text="Autre charte", author_id="f2")
    states.append((asked(charter.acceptance_check, l1, first), charter._accepted_current(l1, first).exists()))
    assert [sql for sql, _orm in states] == [orm for _sql, orm in states] == [False, True, False, True, True]


def test_the_mute_question_asks_only_a_mute_running_now_in_that_community(two):
    first, other = two
    l1 = make_actor("l1")
    now = timezone.now()
    assert not asked(moderation.mute_check, l1, first)
    ended = Mute.objects.create(community_id=first, user_id="l1", until=now - timedelta(minutes=1), muted_by="f1")
    Mute.objects.create(community_id=other, user_id="l1", until=now + timedelta(days=1), muted_by="f2")
    Mute.objects.create(community_id=first, user_id="l2", until=now + timedelta(days=1), muted_by="f1")
    assert not asked(moderation.mute_check, l1, first)
    ended.until = now + timedelta(hours=2)
    ended.save()
    assert asked(moderation.mute_check, l1, first)


def test_the_gate_refuses_a_muted_member_with_the_end_of_the_mute(two):
    first, _other = two
    l1 = make_actor("l1")
    CharterAcceptance.objects.create(community_id=first, user_id="l1", version=0)
    gate.require_can_write(l1, community_id=first)
    Mute.objects.create(community_id=first, user_id="l1", until=timezone.now() + timedelta(hours=2), muted_by="f1")
    with pytest.raises(NotAllowed) as refused:
        gate.require_can_write(l1, community_id=first)
    assert refused.value.code == "muted"
