"""What the Open edX mobile apps show of a CAP activity: counts, names and what is expected, never private text.

Two parts (see docs/mobile.md and decision 12):

- ``block_data``: the activity itself (title, guiding question, sections,
  completion rule). The same for everyone; it is what ``student_view_data``
  returns, because the platform collects that once per course, for no user.
- ``personal_data``: the person's community (names only), counts per
  section, what is expected of them (charter to accept, their case steps,
  deadlines) and their progress on the completion rule. Served by the
  ``mobile_data`` handler, which the apps call with the learner's token.

Nothing here carries the text of a journal entry, a draft, a post, a case,
an idea or a hidden post, nor who wrote an anonymous post: only counts,
names of people in the same community, and titles of presented cases.
"""

from ..models import Brainstorm, Case, Idea, JournalEntry, Post
from . import cases as cases_api
from . import charter as charter_api
from . import communities, progress

FORMAT_VERSION = 1


def block_data(settings, sections):
    """The activity's part: the same for every person (safe to cache per course).

    ``settings`` is the block's ``BlockSettings``; ``sections`` the ``(key, title)`` of the sections listed.
    """
    rule = settings.completion_rule
    return {
        "format_version": FORMAT_VERSION,
        "title": settings.title,
        "guiding_question": settings.guiding_question,
        "sections": [{"key": key, "title": str(label)} for key, label in sections],
        "completion_rule": {"charter": rule.charter, "cases": rule.cases, "journal_entries": rule.journal_entries},
        "graded": bool(settings.graded),
        "weight": float(settings.weight) if settings.graded else None,
        "personal_data_handler": "mobile_data",
    }


def _names(people):
    return [person.display_name for person in people]


def _counts(actor, community_id, keys):
    """{section: count} for the person's community in this activity (a few COUNT queries)."""
    found = {}
    in_block = {"course_key": actor.course_key, "block_key": actor.block_key, "community_id": community_id}
    if "cases" in keys:
        found["cases"] = Case.objects.filter(presented_at__isnull=False, **in_block).count()
    if "brainstorm" in keys:
        found["brainstorm"] = Idea.objects.filter(
            brainstorm__in=Brainstorm.objects.filter(**in_block)).count()
    if "discussion" in keys:
        found["discussion"] = Post.objects.filter(depth=0, status=Post.PUBLISHED, hidden=False, deleted=False,
                                                  **in_block).count()
    if "journal" in keys:
        # The person's own entries in this activity: counted, never read.
        found["journal"] = JournalEntry.objects.filter(course_key=actor.course_key, block_key=actor.block_key,
                                                       user_id=actor.user_id).count()
    return found


def _case_steps(actor, community_id):
    """The presented cases of the first page of the list (newest first), with what the person is expected to do."""
    case_list = cases_api.list_cases(actor, community_id=community_id)
    items = []
    for item in case_list.cases.items:
        if item.is_draft:
            continue
        items.append({
            "case_id": item.id, "title": item.title, "is_mine": item.is_mine, "step": item.step,
            "step_name": item.step_name, "expected": item.expected, "due_on": item.due_on,
            "late": item.late, "late_for_me": item.late_for_me,
        })
    return items


def personal_data(actor, *, settings):
    """The person's part: their community, counts, what is expected of them, their progress.

    ``settings`` is the block's ``BlockSettings`` (its sections, completion rule, grading and
    default charter). Does not place a
    learner in a community (a learner not placed yet gets ``waiting``).
    Raises NotAllowed for an anonymous visitor.
    """
    sections = settings.sections
    view = communities.view_for(actor, place=False)
    data = {
        "role": view.role,
        "waiting": view.waiting,
        "community": None,
        "led": [{"id": c.id, "name": c.name, "size": c.size, "archived": c.archived} for c in view.led],
        "counts": {},
        "expected": {"charter": None, "cases": []},
        "deadlines": [],
        "progress": None,
    }
    community_id = None
    if view.community is not None:
        community = view.community
        community_id = community.id
        data["community"] = {"id": community.id, "name": community.name, "archived": community.archived,
                             "size": community.size, "members": _names(community.members),
                             "facilitators": _names(community.facilitators)}
    elif view.led:
        community_id = min(c.id for c in view.led)
    if community_id is None:
        return data
    data["counts"] = _counts(actor, community_id, sections)
    if "charter" in sections:
        state = charter_api.get_charter(
            actor, community_id=community_id, settings=charter_api.CharterSettings(defaults=settings.charter_defaults))
        data["expected"]["charter"] = {"version": state.version, "must_accept": state.must_accept,
                                       "accepted_version": state.accepted_version}
    if "cases" in sections:
        items = _case_steps(actor, community_id)
        data["expected"]["cases"] = items
        data["deadlines"] = sorted(
            ({"case_id": i["case_id"], "title": i["title"], "step": i["step"], "step_name": i["step_name"],
              "due_on": i["due_on"], "late": i["late"]} for i in items if i["due_on"]),
            key=lambda d: (d["due_on"], d["case_id"]))
    if view.role == "learner":
        state = progress.progress_of(actor, rule=settings.completion_rule)
        data["progress"] = dict(state.as_json(), met=state.met, graded=bool(settings.graded))
    return data
