"""A community with things waiting for its facilitator, at any scale (10 or 10,000 items)."""

import datetime

from django.utils import timezone

from cap_xblock.api import communities
from cap_xblock.models import (Brainstorm, Case, CaseContribution, CaseDeadline, Idea, JournalEntry, Post, Report)
from tests.utils import make_actor, staff_actor

SECRET = "Texte intime du journal"


def cap_with_waiting_things():
    """« Les Baobabs » (facilitator f1; members owner, m1, m2, quiet) and « Les Palétuviers » (f2; other)."""
    staff = staff_actor()
    baobabs = communities.create_community(staff, name="Les Baobabs")
    paletuviers = communities.create_community(staff, name="Les Palétuviers")
    people = {name: make_actor(name, name=label) for name, label in [
        ("owner", "Awa Ndiaye"), ("m1", "Moussa Sow"), ("m2", "Fatou Sarr"), ("quiet", "Ibrahima Diop"),
        ("other", "Cheikh Mbaye"), ("f1", "Aminata Diallo"), ("f2", "Jean-François Tremblay")]}
    for name in ("owner", "m1", "m2", "quiet"):
        communities.place_learner(staff, user_id=name, community_id=baobabs.id)
    communities.place_learner(staff, user_id="other", community_id=paletuviers.id)
    communities.add_facilitator(staff, community_id=baobabs.id, user_id="f1")
    communities.add_facilitator(staff, community_id=paletuviers.id, user_id="f2")
    people.update(staff=staff, community=baobabs.id, other_community=paletuviers.id)
    return people


def add_items(cap, count, course_key=None, names=("owner", "m1", "m2")):
    """``count`` of each thing in « Les Baobabs »: shared journal entries, reports, pending posts, late
    cases, quiet cases, contributions, ideas (bulk, as a busy community would have after months).

    ``names``: three members of the community (the owner of cases and ideas, two others)."""
    course_key = course_key or cap["owner"].course_key
    community = cap["community"]
    owner, first, second = names
    long_ago = timezone.now() - datetime.timedelta(days=30)
    JournalEntry.objects.bulk_create([
        JournalEntry(course_key=course_key, block_key="block-1", user_id=(first, second)[i % 2], title=f"{SECRET} {i}",
                     free_text=SECRET, shared_at=timezone.now(), updated_at=timezone.now()) for i in range(count)])
    cases = Case.objects.bulk_create([
        Case(course_key=course_key, block_key="block-1", community_id=community, owner_id=(owner, first)[i % 2],
             title=f"Cas {i}", step=2, presented_at=long_ago) for i in range(count)])
    CaseDeadline.objects.bulk_create([CaseDeadline(case=case, step=2, due_on=datetime.date(2020, 1, 1))
                                      for case in cases[: count // 2]])
    contributions = CaseContribution.objects.bulk_create([
        CaseContribution(case=case, step=2, kind="question", author_id=second, body="Une question")
        for case in cases])
    CaseContribution.objects.filter(id__in=[row.id for row in contributions]).update(created_at=long_ago)
    posts = Post.objects.bulk_create([
        Post(course_key=course_key, block_key="block-1", community_id=community, author_id=first, body=f"Message {i}",
             body_html=f"<p>Message {i}</p>", status=Post.PENDING if i % 2 else Post.PUBLISHED) for i in range(count)])
    Report.objects.bulk_create([Report(post=post, community_id=community, reporter_id=second, reason="Raison")
                                for post in posts if post.status == Post.PUBLISHED])
    brainstorm, _created = Brainstorm.objects.get_or_create(course_key=course_key, block_key="block-1",
                                                            community_id=community)
    Idea.objects.bulk_create([Idea(brainstorm=brainstorm, author_id=owner, text=f"Idée {i}")
                              for i in range(count)])
