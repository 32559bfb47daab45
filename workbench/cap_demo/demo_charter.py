"""Demo charters: « Les Baobabs » adapted theirs; most members accepted, a few have not yet.

- Les Baobabs: Aminata Diallo saved a version 1 in French and English (points
  on absent stakeholders and on slow connections added). Awa Ndiaye … Ousmane Faye
  (learner1-6) accepted it; Aïssatou Fall and Cheikh Mbaye (learner7-8)
  accepted only the course default and are asked again.
- Les Palétuviers: the course default; everyone but Émilie Gagnon (learner16),
  who has just arrived, accepted it.
- Les Érables: the course default, accepted by all.
Learners placed later (learner23-25) meet the charter on their first visit.
"""

from datetime import timedelta

from django.utils import timezone

from cap_xblock.api.charter_texts import DEFAULT_CHARTER_EN, DEFAULT_CHARTER_FR
from cap_xblock.models import CharterAcceptance, CharterVersion

BAOBABS_CHARTER = DEFAULT_CHARTER_FR.replace(
    "En acceptant cette charte",
    "6. Les parties prenantes absentes. Quand nous parlons des communautés, des élu·es, des bailleurs ou des "
    "services techniques avec qui nous travaillons, nous le faisons avec le respect que nous leur devrions "
    "s'ils ou elles lisaient nos échanges.\n\n"
    "7. Le rythme de chacun·e. Certain·es d'entre nous se connectent depuis le terrain, avec une connexion "
    "lente : nous laissons au moins deux jours pour répondre avant de relancer.\n\n"
    "En acceptant cette charte",
)

BAOBABS_CHARTER_EN = DEFAULT_CHARTER_EN.replace(
    "By accepting this charter",
    "6. Absent stakeholders. When we speak of the communities, elected officials, funders or technical services "
    "we work with, we do so with the respect we would owe them if they read our exchanges.\n\n"
    "7. Everyone's pace. Some of us connect from the field, on a slow connection: we leave at least two days "
    "to answer before asking again.\n\n"
    "By accepting this charter",
)

ACCEPTED = {
    # community: {learner: [versions accepted]}
    "Les Baobabs": {**{f"learner{i}": [0, 1] for i in range(1, 7)}, "learner7": [0], "learner8": [0]},
    "Les Palétuviers": {f"learner{i}": [0] for i in range(9, 16)},
    "Les Érables": {f"learner{i}": [0] for i in range(17, 23)},
}


def load(course_key, block_key, communities):  # pylint: disable=unused-argument
    """Create the charter versions and acceptances of the demo communities."""
    now = timezone.now()
    baobabs = communities["Les Baobabs"]
    version = CharterVersion.objects.create(community=baobabs, number=1, text=BAOBABS_CHARTER,
                                            text_en=BAOBABS_CHARTER_EN, author_id="facilitator1")
    # Dates in the past, as if the community had been living for a few weeks (auto_now_add sets "now").
    CharterVersion.objects.filter(id=version.id).update(created_at=now - timedelta(days=12))
    for name, people in ACCEPTED.items():
        for offset, (user_id, versions) in enumerate(people.items()):
            for number in versions:
                days = (20 if number == 0 else 11) - offset % 3
                row, _created = CharterAcceptance.objects.get_or_create(
                    community=communities[name], user_id=user_id, version=number)
                CharterAcceptance.objects.filter(id=row.id).update(accepted_at=now - timedelta(days=days, hours=offset))
