"""Demo shared knowledge: a published sheet from a finished case, one awaiting consent, and the network.

- « Les Baobabs »: learner6's case reached the learnings (step 6, in ``demo_cases``); its sheet is published
  in the community, the course and for the organisation, with learner6's consent for each, and learner3, who
  is quoted, anonymised.
- « Les Palétuviers »: learner10 finished a case in another activity of the course; facilitator2 drafted its
  sheet, which waits for learner10's consent before it can be reviewed and published.
- The network: a few people opted in, each showing what they chose; learner2 filled in a card but did not
  opt in, so nobody sees it.
"""

import datetime

from django.utils import timezone

from cap_xblock.api import knowledge, knowledge_text
from cap_xblock.models import (Case, CaseContribution, DirectoryEntry, KnowledgeSheet, SheetConsent,
                               SheetPublication, SheetQuote, SheetTheme, SheetUsefulMark)

# The other activity of the course where learner10's case was worked through.
OTHER_BLOCK_KEY = "cap-capitaliser-les-experiences.cap"

DIRECTORY = [
    # (user_id, listed, organisation, country, role, expertise, languages)
    ("learner4", True, "ONG Solidarités Nord-Sud", "Canada", "Chargée de suivi-évaluation",
     "Suivi-évaluation, partenariats", "français, anglais"),
    ("learner6", True, "", "France", "Animatrice de conseil d'usager·es", "Santé communautaire, animation",
     "français"),
    ("learner10", True, "", "Sénégal", "", "Gestion de l'eau", "français, wolof"),
    ("facilitator2", True, "", "Canada (Québec)", "Facilitateur", "Co-développement", "français, anglais"),
    ("learner2", False, "Mairie de commune", "Mali", "Chargé de projet", "Déchets", "français, bambara"),
]


def _sheet(course_key, community, case, owner, author, themes, quote=None):
    contributions = CaseContribution.objects.filter(case=case, hidden=False).order_by("id")
    title, summary, body = knowledge_text.case_draft(
        case, [row.body for row in contributions if row.kind == "suggestion"],
        [row.body for row in contributions if row.kind == "synthesis"],
        [row.body for row in contributions if row.kind == "learning"])
    if quote:
        body += "\n\n" + quote[1]
    sheet = KnowledgeSheet.objects.create(course_key=course_key, community=community, author_id=author,
                                          owner_id=owner, source_kind=KnowledgeSheet.CASE, source_id=case.id,
                                          title=title, summary=summary, body=body)
    for name in themes:
        SheetTheme.objects.create(sheet=sheet, name=name, key=knowledge.theme_key(name))
    return sheet


def load(course_key, block_key, communities):
    """Create the demo's sheets and directory entries (after ``demo_cases``)."""
    KnowledgeSheet.objects.filter(course_key=course_key).delete()
    DirectoryEntry.objects.filter(course_key=course_key).delete()
    Case.objects.filter(course_key=course_key, block_key=OTHER_BLOCK_KEY).delete()

    baobabs = communities["Les Baobabs"]
    finished = Case.objects.get(course_key=course_key, block_key=block_key, owner_id="learner6", step=6)
    published = _sheet(course_key, baobabs, finished, "learner6", "learner6", ["Animation", "Santé communautaire"],
                       quote=("learner3", "Fatou Sarr a proposé les trios : c'est ce qui a tout changé."))
    SheetQuote.objects.create(sheet=published, user_id="learner3", name="Fatou Sarr", anonymised=True)
    now = timezone.now()
    for level in ("community", "course", "export"):
        SheetConsent.objects.create(sheet=published, user_id="learner6", level=level, version=published.version)
        SheetPublication.objects.create(sheet=published, level=level, published_by="facilitator1")
    KnowledgeSheet.objects.filter(id=published.id).update(
        reviewed_by="facilitator1", reviewed_version=published.version, published_at=now - datetime.timedelta(days=2))
    for user_id in ("learner1", "learner12", "facilitator2"):
        SheetUsefulMark.objects.create(sheet=published, user_id=user_id)

    paletuviers = communities["Les Palétuviers"]
    case = Case.objects.create(
        course_key=course_key, block_key=OTHER_BLOCK_KEY, community=paletuviers, owner_id="learner10", step=6,
        title="Des comités de l'eau qui tiennent après le projet",
        context="Je coordonne l'appui aux comités de gestion des forages à Saint-Louis, au Sénégal.",
        problem="Les comités cessent de collecter les cotisations dès que le projet se retire. Comment les rendre "
                "autonomes ?",
        tried="Des formations à la gestion financière.", presented_at=now - datetime.timedelta(days=30))
    for step, kind, author, body in [
            (4, "suggestion", "learner11", "Rendre les comptes publics chaque mois, sur la place du village."),
            (4, "suggestion", "facilitator2", "Confier la collecte aux associations de femmes déjà organisées."),
            (5, "synthesis", "learner10", "Je teste l'affichage mensuel des comptes dans deux villages d'ici "
                                          "la saison des pluies."),
            (6, "learning", "learner10", "La confiance vient de la transparence, plus que de la formation."),
            (6, "learning", "learner12", "Je vais proposer l'affichage des comptes à ma propre coopérative.")]:
        CaseContribution.objects.create(case=case, step=step, kind=kind, author_id=author, body=body)
    _sheet(course_key, paletuviers, case, "learner10", "facilitator2", ["Eau", "Gouvernance locale"])

    for sheet in KnowledgeSheet.objects.filter(course_key=course_key):
        knowledge.refresh_readers_text(sheet)
    for user_id, listed, organisation, country, role, expertise, languages in DIRECTORY:
        DirectoryEntry.objects.create(course_key=course_key, user_id=user_id, listed=listed,
                                      organisation=organisation, country=country, role=role, expertise=expertise,
                                      languages=languages)
