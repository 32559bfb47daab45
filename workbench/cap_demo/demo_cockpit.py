"""Demo of the facilitator's dashboard and of notifications.

facilitator1 (« Les Baobabs ») has things waiting: learner1's journal entry shared again and not yet answered,
a report (from the discussion's demo), a message awaiting approval, the case at step 2 late (from the
cases' demo), and the case at step 3 whose step has gone quiet for three days. learner8 has been silent.

Notifications: yesterday, members wrote in the discussion and in the cases, so the daily digest has
something to say; several demo people chose it (in French, and in English for facilitator2, learner17,
learner20, learner21). ``manage.py cap_send_digests --frequency daily`` writes their e-mails under
``var/mail/``; everybody else gets the weekly digest on Mondays.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from cap_xblock.models import (BlockLinks, Case, CaseContribution, Idea, JournalEntry, NotificationPreference, Post,
                               SentNotification)

# (person, {kind: frequency}): the others keep the defaults (news at once, the weekly digest).
PREFERENCES = [
    ("learner1", {"activity": "daily", "contribution": "daily"}),
    ("learner2", {"activity": "daily"}),
    ("learner9", {"activity": "daily"}),
    ("learner17", {"activity": "daily"}),
    ("learner20", {"activity": "daily", "session": "never"}),
    ("facilitator1", {"activity": "daily", "report": "daily"}),
    ("facilitator2", {"activity": "daily"}),
    ("learner8", {"activity": "never"}),
]


def _demo_usage_id():
    """The workbench's usage id of the demo scenario (its unsubscribe handler lives under it)."""
    try:
        from workbench.scenarios import get_scenarios, init_scenarios  # pylint: disable=import-outside-toplevel

        if "cap.0" not in get_scenarios():
            init_scenarios()
        return str(get_scenarios()["cap.0"].usage_id)
    except Exception:  # pylint: disable=broad-except
        return "cap-impliquer-les-parties-prenantes.cap.d0.u0"


def load(course_key, block_key, communities):
    """Things waiting for facilitator1, yesterday's activity, everybody's notification choices."""
    baobabs = communities["Les Baobabs"]
    now = timezone.now()
    yesterday = now - datetime.timedelta(days=1)
    # learner1 revised the entry facilitator1 answered and shared it again: it waits for a new answer.
    # (An existing entry: the journal's own demo keeps its counts.)
    again = (JournalEntry.objects.filter(course_key=course_key, block_key=block_key, user_id="learner1",
                                         shared_at__isnull=False).order_by("id").first())
    if again is not None:
        # Shared after the answer it got (whenever the journal's demo dated it).
        JournalEntry.objects.filter(id=again.id).update(shared_at=timezone.now(), updated_at=timezone.now())
    # A message awaiting approval.
    pending = Post.objects.create(
        course_key=course_key, block_key=block_key, community=baobabs, author_id="learner5",
        title="Une grille pour préparer les réunions",
        body="Je partage la grille que j'utilise avant chaque réunion de quartier.",
        body_html="<p>Je partage la grille que j'utilise avant chaque réunion de quartier.</p>",
        status=Post.PENDING)
    # Written two hours ago (a post of the last minute would count toward learner5's posting rate).
    Post.objects.filter(id=pending.id).update(created_at=now - datetime.timedelta(hours=2))
    # The case at step 3 has gone quiet: its last words at this step are three days old.
    quiet = Case.objects.filter(block_key=block_key, community=baobabs, step=3).first()
    if quiet is not None:
        CaseContribution.objects.filter(case=quiet, step=3).update(created_at=now - datetime.timedelta(days=3))
        if not CaseContribution.objects.filter(case=quiet, step=3).exists():
            row = CaseContribution.objects.create(case=quiet, step=3, kind="contract", author_id=quiet.owner_id,
                                                  body="J'attends des pistes concrètes pour la prochaine saison.")
            CaseContribution.objects.filter(id=row.id).update(created_at=now - datetime.timedelta(days=3))
    # Yesterday's activity, for the daily digest: some messages and contributions moved to yesterday.
    for community in communities.values():
        ids = list(Post.objects.filter(block_key=block_key, community=community, status=Post.PUBLISHED)
                   .order_by("-id").values_list("id", flat=True)[:3])
        Post.objects.filter(id__in=ids).update(created_at=yesterday)
        ids = list(Idea.objects.filter(brainstorm__block_key=block_key, brainstorm__community=community)
                   .order_by("-id").values_list("id", flat=True)[:2])
        Idea.objects.filter(id__in=ids).update(created_at=yesterday)
    erables = communities.get("Les Érables")
    if erables is not None:
        welcome = Post.objects.create(
            course_key=course_key, block_key=block_key, community=erables, author_id="learner18",
            title="Notre première rencontre", body="Qui peut prendre les notes de notre première rencontre ?",
            body_html="<p>Qui peut prendre les notes de notre première rencontre ?</p>")
        Post.objects.filter(id=welcome.id).update(created_at=yesterday, last_activity_at=yesterday)
    ids = list(CaseContribution.objects.filter(case__block_key=block_key, case__owner_id="learner1")
               .exclude(author_id="learner1").values_list("id", flat=True)[:2])
    if not ids:
        case = Case.objects.filter(block_key=block_key, owner_id="learner1").first()
        if case is not None:
            ids = [CaseContribution.objects.create(case=case, step=case.step, kind="question", author_id="learner4",
                                                   body="Qui fixe l'ordre du jour du comité ?").id]
    CaseContribution.objects.filter(id__in=ids).update(created_at=yesterday)
    # Everybody's choices, and where the e-mails' links lead.
    NotificationPreference.objects.filter(course_key=course_key).delete()
    SentNotification.objects.filter(course_key=course_key).delete()
    for user_id, choices in PREFERENCES:
        for kind, frequency in choices.items():
            NotificationPreference.objects.create(course_key=course_key, user_id=user_id, kind=kind,
                                                  frequency=frequency)
    site = getattr(settings, "CAP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    BlockLinks.objects.update_or_create(course_key=course_key, block_key=block_key, defaults={
        "page_url": f"{site}/scenario/cap.0/",
        "unsubscribe_url": f"{site}/unauth_handler/{_demo_usage_id()}/unsubscribe/"})
