"""The one table of what the benchmarks measure: the learner view and every list handler.

Each ``ListBench`` names a GET handler, who calls it, and a ``seed`` function
that adds rows to its list (in bulk, straight into the tables) until it holds
``size`` items. The lines come from the capabilities' declarations
(``cap_xblock/capabilities/``: ``bench`` and ``not_lists``): a capability that
adds a list handler adds a ``Bench`` there and its seed function here (or in a
module of its own, named ``"module:function"``). The benchmark prints every GET
handler of the block that has no line, so a new list is not forgotten.

``SCALE`` is the second table: the lists and dashboards whose size follows the
course's people (communities, members, acceptances), called at a few learners
and again after 20,000 arrived (``bench.scale``). Capabilities that declare
their own scale lines (a declaration's optional ``scale``) are found by
``scale_benches()``, so a new capability's dashboards are measured at the
course's size without editing this file.
"""

from dataclasses import dataclass, field
from importlib import import_module

from django.db.models import F
from django.utils import timezone

BATCH = 1000


@dataclass
class Place:
    """Where the seeded items live: the demo course, its block and « Les Baobabs » (learner1, facilitator1)."""

    course_key: str
    block_key: str
    community: object
    state: dict = field(default_factory=dict)


@dataclass
class ListBench:
    handler: str
    student: str
    seed: object  # seed(place, size): make the list hold ``size`` items; returns the handler's parameters
    note: str = ""


def _grow(model, place, key, size, make):
    """Add rows made by ``make(index)`` until ``size`` rows were added under ``key``; returns that count."""
    have = place.state.get(key, 0)
    rows = [make(index) for index in range(have, size)]
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start:start + BATCH])
    place.state[key] = max(have, size)
    return place.state[key]


def seed_communities(place, size):
    # Named to sort after the demo's communities: the first page keeps them (and their facilitators) at every size.
    from cap_xblock.models import Community  # pylint: disable=import-outside-toplevel
    from cap_xblock.models.community import name_key  # pylint: disable=import-outside-toplevel

    # bulk_create skips Community.save(): the name key is given here.
    _grow(Community, place, "communities", size,
          lambda index: Community(course_key=place.course_key, name=f"Zone d'essai {index:05d}",
                                  name_key=name_key(f"Zone d'essai {index:05d}")))
    return {}


def seed_people(place, size):
    from cap_xblock.models import Participant  # pylint: disable=import-outside-toplevel

    _grow(Participant, place, "people", size,
          lambda index: Participant(course_key=place.course_key, user_id=f"bench{index:05d}",
                                    username=f"bench{index:05d}", display_name=f"Apprenant·e n° {index} 🌍"))
    return {}


def seed_cases(place, size):
    from cap_xblock.models import Case  # pylint: disable=import-outside-toplevel

    now = timezone.now()
    _grow(Case, place, "cases", size, lambda index: Case(
        course_key=place.course_key, block_key=place.block_key, community=place.community,
        owner_id=f"learner{2 + index % 7}", title=f"Cas n° {index} : impliquer les élus locaux",
        context="Projet d'assainissement à Thiès.", problem="Les réunions se vident.", step=2, presented_at=now))
    return {}


def _bench_case(place):
    from cap_xblock.models import Case  # pylint: disable=import-outside-toplevel

    if "case" not in place.state:
        place.state["case"] = Case.objects.create(
            course_key=place.course_key, block_key=place.block_key, community=place.community, owner_id="learner2",
            title="Le cas aux mille questions", context="Un comité de pilotage.", problem="Qui décide ?", step=2,
            presented_at=timezone.now())
    return place.state["case"]


def seed_contributions(place, size):
    from cap_xblock.models import CaseContribution  # pylint: disable=import-outside-toplevel

    case = _bench_case(place)
    _grow(CaseContribution, place, "contributions", size, lambda index: CaseContribution(
        case=case, step=2, kind=CaseContribution.QUESTION, author_id=f"learner{3 + index % 6}",
        body=f"Question n° {index} : qui fixe l'ordre du jour ?"))
    return {"case_id": case.id}


def seed_ideas(place, size):
    from cap_xblock.models import Brainstorm, Idea  # pylint: disable=import-outside-toplevel

    brainstorm, _created = Brainstorm.objects.get_or_create(
        block_key=place.block_key, community=place.community,
        defaults={"course_key": place.course_key, "question": "Comment mieux impliquer les parties prenantes ?"})
    _grow(Idea, place, "ideas", size, lambda index: Idea(
        brainstorm=brainstorm, author_id=f"learner{1 + index % 8}", text=f"Idée n° {index} : des réunions au marché"))
    return {}


def seed_journal(place, size):
    from cap_xblock.models import JournalEntry  # pylint: disable=import-outside-toplevel

    now = timezone.now()
    _grow(JournalEntry, place, "journal", size, lambda index: JournalEntry(
        course_key=place.course_key, block_key=place.block_key, user_id="learner1", title=f"Séance {index}",
        free_text="Ce que j'ai appris sur l'écoute des bénéficiaires.", updated_at=now,
        shared_at=now if index % 2 else None))
    return {}


def seed_shared_journal(place, size):
    from cap_xblock.models import JournalEntry  # pylint: disable=import-outside-toplevel

    now = timezone.now()
    _grow(JournalEntry, place, "shared", size, lambda index: JournalEntry(
        course_key=place.course_key, block_key=place.block_key, user_id=f"learner{2 + index % 7}",
        title=f"Partagé n° {index}", free_text="Mon plan d'action.", updated_at=now, shared_at=now))
    return {}


def seed_journal_versions(place, size):
    from cap_xblock.models import JournalEntry, JournalVersion  # pylint: disable=import-outside-toplevel

    now = timezone.now()
    if "entry" not in place.state:
        place.state["entry"] = JournalEntry.objects.create(
            course_key=place.course_key, block_key=place.block_key, user_id="learner1", title="Réécrit souvent",
            free_text="La version d'aujourd'hui.", updated_at=now)
    entry = place.state["entry"]
    _grow(JournalVersion, place, "versions", size, lambda index: JournalVersion(
        entry=entry, number=index + 1, title=f"Version {index + 1}", free_text="Une version antérieure.",
        closed=True, started_at=now, saved_at=now))
    return {"entry_id": entry.id}


def seed_post_versions(place, size):
    from cap_xblock.models import PostVersion  # pylint: disable=import-outside-toplevel

    thread = _bench_thread(place)
    now = timezone.now()
    _grow(PostVersion, place, "post_versions", size, lambda index: PostVersion(
        post=thread, title=thread.title, body=f"Texte antérieur n° {index}", written_at=now))
    return {"post_id": thread.id}


def _post(place, index, **fields):
    from cap_xblock.models import Post  # pylint: disable=import-outside-toplevel

    body = f"Message n° {index} : comment associer les associations de femmes ?"
    values = {"course_key": place.course_key, "block_key": place.block_key, "community": place.community,
              "author_id": f"learner{1 + index % 8}", "body": body, "body_html": f"<p>{body}</p>",
              "status": Post.PUBLISHED}
    values.update(fields)
    return Post(**values)


def seed_threads(place, size):
    from cap_xblock.models import Post  # pylint: disable=import-outside-toplevel

    _grow(Post, place, "threads", size, lambda index: _post(place, index, depth=0, title=f"Fil n° {index}"))
    return {}


def _bench_thread(place):
    from cap_xblock.models import Post  # pylint: disable=import-outside-toplevel

    if "thread" not in place.state:
        thread = _post(place, 0, depth=0, title="Le fil aux mille réponses")
        thread.save()
        place.state["thread"] = thread
    return Post.objects.get(id=place.state["thread"].id)


def seed_replies(place, size):
    from cap_xblock.models import Post  # pylint: disable=import-outside-toplevel

    thread = _bench_thread(place)
    _grow(Post, place, "replies", size, lambda index: _post(place, index, depth=1, thread=thread, parent=thread))
    Post.objects.filter(thread=thread, depth=1, branch__isnull=True).update(branch=F("id"))
    return {"thread_id": thread.id}


def seed_reports(place, size):
    from cap_xblock.models import Post, Report  # pylint: disable=import-outside-toplevel

    seed_threads(place, size)
    posts = list(Post.objects.filter(community=place.community, depth=0).order_by("id")
                 .values_list("id", flat=True)[:size])
    _grow(Report, place, "reports", size, lambda index: Report(
        post_id=posts[index], community=place.community, reporter_id="learner2", reason="Propos blessants"))
    return {"community_id": place.community.id}


def seed_pending(place, size):
    from cap_xblock.models import Post  # pylint: disable=import-outside-toplevel

    _grow(Post, place, "pending", size, lambda index: _post(place, index, depth=0, title=f"En attente {index}",
                                                            status=Post.PENDING))
    return {"community_id": place.community.id}


def seed_moderation_log(place, size):
    from cap_xblock.models import ModerationAction  # pylint: disable=import-outside-toplevel

    _grow(ModerationAction, place, "log", size, lambda index: ModerationAction(
        course_key=place.course_key, community=place.community, moderator_id="facilitator1", action="pin",
        reason=f"Épinglé n° {index}"))
    return {"community_id": place.community.id}


def seed_mutes(place, size):
    from cap_xblock.models import Mute  # pylint: disable=import-outside-toplevel

    until = timezone.now() + timezone.timedelta(days=1)
    _grow(Mute, place, "mutes", size, lambda index: Mute(
        community=place.community, user_id=f"muted{index:05d}", until=until, muted_by="facilitator1",
        reason="Messages répétés"))
    return {"community_id": place.community.id}


def seed_sheets(place, size):
    """Sheets of learner2, each consented and published to the whole course, with a theme; searched by a word."""
    from cap_xblock.models import (KnowledgeSheet, SheetConsent,  # pylint: disable=import-outside-toplevel
                                   SheetPublication, SheetTheme)

    now = timezone.now()
    have = place.state.get("sheets", 0)
    _grow(KnowledgeSheet, place, "sheets", size, lambda index: KnowledgeSheet(
        course_key=place.course_key, community=place.community, author_id="learner2", owner_id="learner2",
        title=f"Fiche n° {index} : des comités qui tiennent", summary="Ce que la communauté a appris.",
        body="Rendre les comptes publics chaque mois ; les cotisations reprennent.", published_at=now,
        # Nobody is quoted: readers see the text as written (search reads only what readers see).
        readers_title=f"Fiche n° {index} : des comités qui tiennent", readers_summary="Ce que la communauté a appris.",
        readers_body="Rendre les comptes publics chaque mois ; les cotisations reprennent."))
    new = list(KnowledgeSheet.objects.filter(course_key=place.course_key, author_id="learner2")
               .order_by("-id").values_list("id", flat=True)[:max(0, size - have)])
    for start in range(0, len(new), BATCH):
        chunk = new[start:start + BATCH]
        SheetConsent.objects.bulk_create([SheetConsent(sheet_id=sheet_id, user_id="learner2", level="course",
                                                       version=1) for sheet_id in chunk])
        SheetPublication.objects.bulk_create([SheetPublication(sheet_id=sheet_id, level="course")
                                              for sheet_id in chunk])
        SheetTheme.objects.bulk_create([SheetTheme(sheet_id=sheet_id, name="Gouvernance", key="gouvernance")
                                        for sheet_id in chunk])
    from django.db import connection  # pylint: disable=import-outside-toplevel

    if connection.vendor == "mysql" and connection.in_atomic_block:
        # MariaDB's full-text index does not see rows not yet committed (a test's transaction): by theme there.
        return {"theme": "Gouvernance", "order": "useful"}
    return {"query": "cotisations", "order": "useful"}


NETWORK_COMMUNITY_SIZE = 10


def seed_directory(place, size):
    """People of the course's communities who opted in to the network.

    They are members of communities of ten, as the api places people (a community never holds more than
    ``communities.MAX_TARGET_SIZE``): the directory is course-wide, and a community of thousands, which no
    path of the api can make, would measure the community's own lists instead.
    """
    # pylint: disable=import-outside-toplevel
    from cap_xblock.models import Community, DirectoryEntry, Membership, Participant
    from cap_xblock.models.community import name_key

    have = place.state.get("directory", 0)
    ids = [f"network{index:05d}" for index in range(have, size)]
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        Participant.objects.bulk_create([Participant(course_key=place.course_key, user_id=uid, username=uid,
                                                     display_name=f"Pair n° {uid[7:]}") for uid in chunk])
        groups = sorted({int(uid[7:]) // NETWORK_COMMUNITY_SIZE for uid in chunk})
        names = {group: f"Réseau {group:05d}" for group in groups}
        existing = dict(Community.objects.filter(course_key=place.course_key, name__in=names.values())
                        .values_list("name", "id"))
        Community.objects.bulk_create([Community(course_key=place.course_key, name=name, name_key=name_key(name))
                                       for name in names.values() if name not in existing])
        ids_of = dict(Community.objects.filter(course_key=place.course_key, name__in=names.values())
                      .values_list("name", "id"))
        Membership.objects.bulk_create([
            Membership(course_key=place.course_key, user_id=uid,
                       community_id=ids_of[names[int(uid[7:]) // NETWORK_COMMUNITY_SIZE]]) for uid in chunk])
    _grow(DirectoryEntry, place, "directory", size, lambda index: DirectoryEntry(
        course_key=place.course_key, user_id=f"network{index:05d}", listed=True, country="Sénégal",
        expertise="Gestion de l'eau", name=f"Pair n° {index:05d}"))
    return {"query": "eau"}


# The learner view is measured for these people, with every list at the size.
VIEW_STUDENTS = ["learner1", "facilitator1", "staff"]

def seed_sessions(place, size):
    import datetime  # pylint: disable=import-outside-toplevel

    from cap_xblock.models import Session  # pylint: disable=import-outside-toplevel

    start = timezone.now() + datetime.timedelta(days=1)

    def make(index):
        starts = start + datetime.timedelta(hours=index)
        return Session(course_key=place.course_key, community=place.community, title=f"Rencontre n° {index}",
                       starts_at=starts, ends_at=starts + datetime.timedelta(minutes=90), time_zone="Africa/Dakar",
                       duration_minutes=90, mode="virtual", link="https://meet.example.org/bench")

    # bulk_create skips Session.save(): ends_at is given here.
    _grow(Session, place, "sessions", size, make)
    return {"when": "upcoming"}


def _seed(name):
    """The seed function a declaration names: one of this module, or ``"module:function"``."""
    if ":" in name:
        module, function = name.split(":", 1)
        return getattr(import_module(module), function)
    return globals()[name]


def _declared():
    from cap_xblock import capabilities  # pylint: disable=import-outside-toplevel

    return capabilities.all_capabilities()


LISTS = [ListBench(line.handler, line.student, _seed(line.seed), line.note)
         for capability in _declared() for line in capability.bench]

# GET handlers that are not lists of growing items (one object, a download, a probe): the block's own,
# and those the capabilities declare.
@dataclass
class ScaleBench:
    """A list or dashboard measured at the course's size: ``handler`` (a GET handler, or ``student_view`` for
    the page) called by ``student`` with ``params``."""

    handler: str
    student: str
    params: dict = field(default_factory=dict)
    note: str = ""

    @property
    def label(self):
        return f"{self.handler} ({self.student})"


SCALE = [
    ScaleBench("student_view", "staff", note="the course team's view of the activity"),
    ScaleBench("student_view", "early000", note="a learner's first render"),
    ScaleBench("community_state", "early000", note="a learner's community"),
    ScaleBench("community_state", "staff", note="the course's communities seen by staff"),
    ScaleBench("manage_communities", "staff", note="communities of the course, first page"),
    ScaleBench("manage_people", "staff", note="people of the course, first page"),
    ScaleBench("charter_acceptances", "staff", note="who accepted the charter"),
    ScaleBench("mobile_data", "early000", note="the mobile summary"),
    ScaleBench("journal_counts", "staff", note="journal counts"),
]


def declared():
    """Scale lines declared by the block's capabilities (a declaration's optional ``scale``)."""
    return [item for capability in _declared() for item in capability.scale
            if isinstance(item, (ListBench, ScaleBench))]


def _merged(own, kind):
    names = {(item.handler, item.student) for item in own}
    return own + [item for item in declared() if isinstance(item, kind) and (item.handler, item.student) not in names]


def all_lists():
    """``LISTS`` and the list lines the capabilities declare."""
    return _merged(list(LISTS), ListBench)


def scale_benches():
    """``SCALE`` and the scale lines the capabilities declare."""
    return _merged(list(SCALE), ScaleBench)


# GET handlers that are not lists of growing items (one object, a download, a probe).
NOT_LISTS = {
    "ping", "section_view",
    # One summary (counts, and the first page of cases).
    "mobile_data",
} | {handler for capability in _declared() for handler in capability.not_lists}
