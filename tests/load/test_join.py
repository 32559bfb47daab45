"""100 learners open the activity at the same moment in automatic mode."""

from collections import Counter

from . import harness

LEARNERS = 100
TARGET_SIZE = 10


def test_hundred_learners_joining_at_once_fill_communities_to_their_size(site):
    status, settings = site.post("manage_settings", "staff", {"target_size": TARGET_SIZE,
                                                              "assignment_mode": "automatic"})
    assert status == 200, settings
    learners = [f"joiner{index:03d}" for index in range(LEARNERS)]

    results, _durations = harness.burst([
        (lambda learner=learner: site.get("community_state", learner)) for learner in learners
    ])

    failures = [result for result in results if not isinstance(result, tuple) or result[0] != 200]
    assert failures == []
    placed = {learner: body["community"]["id"] for learner, (_status, body) in zip(learners, results)}
    assert all(placed.values())

    rows = site.query("SELECT user_id, community_id FROM cap_xblock_membership WHERE user_id LIKE 'joiner%%'")
    assert len(rows) == LEARNERS, "every learner is in a community"
    assert len({user_id for user_id, _community in rows}) == LEARNERS, "nobody is in two communities"
    assert dict(rows) == placed, "each learner was told the community they are in"
    sizes = Counter(community for _user, community in rows)
    assert max(sizes.values()) <= TARGET_SIZE, f"a community went over its size: {sorted(sizes.values())}"
    assert len(sizes) == LEARNERS // TARGET_SIZE, "a new community opens only when all others are full"
    names = site.query("SELECT COUNT(DISTINCT name), COUNT(*) FROM cap_xblock_community")
    assert names[0][0] == names[0][1], "community names stay unique"
