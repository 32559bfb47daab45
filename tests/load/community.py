"""Setting up a community over HTTP, as its people would: used by the load tests and the benchmarks."""

from dataclasses import dataclass, field


@dataclass
class LoadCommunity:
    """A community of ``members`` with one facilitator, all of whom accepted the charter."""

    id: int
    facilitator: str
    members: list = field(default_factory=list)


def expect(answer, what):
    """The JSON of a successful ``(status, body)`` answer; fails with the body otherwise."""
    status, body = answer
    if status != 200:
        raise AssertionError(f"{what}: {status} {body}")
    return body


def form_community(site, name="Les Fromagers", size=25, prefix="member", facilitator="guide01"):
    """Create a community named ``name`` of ``size`` learners (``prefix``01...) led by ``facilitator``.

    The course is switched to manual mode while the facilitator first opens the
    activity (so they are not placed as a learner), then back to automatic so the
    learners join the only open community. Every member accepts the charter.
    """
    expect(site.post("manage_settings", "staff", {"target_size": 30, "assignment_mode": "manual"}), "settings")
    expect(site.get("community_state", facilitator), "facilitator's first visit")
    community = expect(site.post("manage_create", "staff", {"name": name}), "create")
    expect(site.post("manage_add_facilitator", "staff", {"community_id": community["id"], "user_id": facilitator}),
           "name the facilitator")
    expect(site.post("manage_settings", "staff", {"assignment_mode": "automatic"}), "automatic mode")
    members = [f"{prefix}{index:02d}" for index in range(1, size + 1)]
    for member in members:
        state = expect(site.get("community_state", member), f"{member} joins")
        assert state["community"]["id"] == community["id"], f"{member} joined another community"
        accept_charter(site, member)
    return LoadCommunity(id=community["id"], facilitator=facilitator, members=members)


def accept_charter(site, member):
    """``member`` reads the charter of their community and accepts its current version."""
    charter = expect(site.get("charter_state", member), "charter")
    accepted = expect(site.post("charter_accept", member, {"version": charter["version"]}), f"{member} accepts")
    assert not accepted["must_accept"], f"{member} still has to accept the charter"
