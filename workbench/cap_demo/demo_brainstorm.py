"""Demo brainstorms on « Comment mieux impliquer les parties prenantes ? ».

- Les Baobabs: the vote is open. Eight ideas, three themes set by Aminata
  Diallo, two ideas not grouped yet. Awa Ndiaye, Fatou Sarr and Mariama Ba
  (learner1, 3, 5) used their three votes; Moussa Sow and Ibrahima Diop
  (learner2, 4) have one left; Ousmane Faye (learner6) has not voted yet.
- Les Palétuviers: the vote is closed; the community retained two ideas.
- Les Érables: nothing yet, so a visitor sees the empty start.
"""

from datetime import timedelta

from django.utils import timezone

from cap_xblock.models import Brainstorm, Idea, Theme, Vote

QUESTION = "Comment mieux impliquer les parties prenantes ?"

BAOBABS_THEMES = ["Associer dès la conception", "Inclure les voix moins entendues", "Restituer et rendre compte"]
BAOBABS_IDEAS = [
    # (author, text, theme index or None)
    ("learner1", "Cartographier les parties prenantes dès le diagnostic, avec les personnes concernées, "
                 "pas seulement entre expert·es.", 0),
    ("learner2", "Tenir les réunions de restitution dans les villages, en langue locale, et pas seulement au "
                 "chef-lieu de la commune.", 2),
    ("learner3", "Prévoir un budget pour la participation (transport, repas, garde d'enfants) : sans cela, seules "
                 "les personnes déjà influentes se déplacent.", 1),
    ("learner4", "Faire siéger les élu·es communaux·ales au comité de pilotage plutôt que de les informer après coup.",
     0),
    ("learner5", "Réunir d'abord les femmes et les jeunes en petits groupes séparés, avant la plénière.", 1),
    ("learner6", "Rendre compte de ce que nous avons fait des avis reçus : ce que nous avons retenu, et pourquoi.", 2),
    ("learner1", "Nommer une personne-relais par quartier ou par village, connue et choisie sur place.", None),
    ("learner3", "Envoyer les comptes rendus en messages vocaux sur WhatsApp plutôt que par courriel.", None),
]
BAOBABS_VOTES = {"learner1": [2, 4, 5], "learner2": [0, 5], "learner3": [1, 4, 5], "learner4": [0, 2],
                 "learner5": [4, 6, 7]}

PALETUVIERS_THEMES = ["Calendrier et rythme", "Redevabilité"]
PALETUVIERS_IDEAS = [
    ("learner9", "Construire le calendrier avec les organisations paysannes, en tenant compte des saisons "
                 "agricoles et des marchés.", 0, True),
    ("learner10", "Afficher un tableau public des engagements pris envers les communautés, mis à jour chaque "
                  "trimestre.", 1, False),
    ("learner11", "Former les agent·es de terrain à l'animation participative, pas seulement à la collecte de "
                  "données.", None, False),
    ("learner12", "Inviter les services techniques de l'État dès la première rencontre.", 0, False),
    ("learner13", "Ouvrir un moyen simple de faire une plainte ou une suggestion, anonyme, par téléphone.", 1, True),
]
PALETUVIERS_VOTES = {"learner9": [0, 4, 1], "learner10": [0, 4], "learner11": [0, 2, 4], "learner12": [3, 4],
                     "learner13": [0, 1, 2], "learner14": [4, 0], "learner15": [2]}


def _brainstorm(course_key, block_key, community, themes, ideas, votes, started, closed_by=""):
    row = Brainstorm.objects.create(course_key=course_key, block_key=block_key, community=community,
                                    question=QUESTION)
    theme_rows = [Theme.objects.create(brainstorm=row, name=name) for name in themes]
    idea_rows = []
    for index, (author, text, theme, *retained) in enumerate(ideas):
        idea = Idea.objects.create(brainstorm=row, author_id=author, text=text,
                                   theme=theme_rows[theme] if theme is not None else None,
                                   retained=bool(retained and retained[0]))
        Idea.objects.filter(id=idea.id).update(created_at=started + timedelta(hours=5 * index))
        idea_rows.append(idea)
    for voter, chosen in votes.items():
        for index in chosen:
            Vote.objects.create(brainstorm=row, idea=idea_rows[index], voter_id=voter)
    if closed_by:
        Brainstorm.objects.filter(id=row.id).update(status=Brainstorm.CLOSED, closed_by=closed_by,
                                                    closed_at=started + timedelta(days=4))
    return row


def load(course_key, block_key, communities):
    """Create the brainstorms of « Les Baobabs » (vote open) and « Les Palétuviers » (closed, ideas retained)."""
    now = timezone.now()
    _brainstorm(course_key, block_key, communities["Les Baobabs"], BAOBABS_THEMES, BAOBABS_IDEAS, BAOBABS_VOTES,
                now - timedelta(days=3))
    _brainstorm(course_key, block_key, communities["Les Palétuviers"], PALETUVIERS_THEMES, PALETUVIERS_IDEAS,
                PALETUVIERS_VOTES, now - timedelta(days=9), closed_by="facilitator2")
