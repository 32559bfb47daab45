"""Demo journal: a few reflections on « comment mieux impliquer les parties prenantes ? ».

learner1 (Les Baobabs) has two entries: one shared with facilitator1, who
answered it, and one private with two versions in its history. learner9 (Les
Palétuviers) shared one entry that awaits facilitator2's feedback; learner17
(Les Érables) keeps a private entry.
"""

import datetime

from django.utils import timezone

from cap_xblock.models import Case, JournalEntry, JournalFeedback, JournalVersion

D, F, E, A, C, P = (
    "Description : que s'est-il passé ?", "Ressentis : qu'avez-vous ressenti ?",
    "Évaluation : qu'est-ce qui a bien ou mal fonctionné ?", "Analyse : comment l'expliquez-vous ?",
    "Conclusion : qu'en retenez-vous ?", "Plan d'action : que ferez-vous autrement ?",
)

ENTRIES = [
    # (author, days ago, title, [(prompt, text)], free text, shared, feedback [(facilitator, text)])
    ("learner1", 6, "Le comité de suivi sans les élu·es", [
        (D, "Troisième comité de suivi du programme d'hydraulique à Thiès sans aucun·e élu·e. Les usager·es "
            "sont venu·es nombreux·ses, mais les décisions sur l'entretien des forages ont encore été reportées."),
        (F, "De la lassitude, et un peu de colère : j'ai l'impression de porter seule ce comité."),
        (A, "Nous invitons les élu·es à valider des décisions déjà prises par l'équipe technique. "
            "Ils n'ont peut-être aucune raison de se déplacer pour cela."),
        (P, "Rencontrer le maire de chaque commune avant le prochain comité et lui demander quelle question il "
            "voudrait y voir traitée."),
    ], "", True, [
        ("facilitator1", "Merci Awa pour cette analyse très honnête. Ta piste sur le rôle qu'on laisse aux élu·es "
                         "est précieuse : que pourrais-tu leur confier qui ne dépend que d'eux ?"),
    ]),
    ("learner1", 2, "Après la séance de co-développement", [
        (D, "J'ai présenté mon cas à la communauté. Les questions de clarification m'ont obligée à dire ce que "
            "je n'avais pas formulé : je n'ai jamais demandé aux élu·es ce qu'ils attendaient du comité."),
        (C, "Écouter avant de convoquer."),
    ], "Relire les comptes rendus des deux dernières années pour voir qui parlait, et de quoi.", False, []),
    ("learner9", 4, "Consultation des pêcheur·euses à Joal", [
        (D, "Atelier avec les associations de femmes transformatrices et les pêcheurs sur le nouveau quai."),
        (E, "Les femmes ont peu parlé en plénière, mais beaucoup en petits groupes."),
        (P, "Prévoir systématiquement un temps en petits groupes non mixtes, puis une restitution commune."),
    ], "", True, []),
    ("learner17", 3, "Tables de concertation à Sherbrooke", [
        (F, "Mal à l'aise : les organismes communautaires semblaient venus défendre leurs budgets."),
        (A, "La table sert aussi d'arène pour le financement ; il faut le nommer plutôt que l'ignorer."),
    ], "", False, []),
]


def load(course_key, block_key, communities):  # pylint: disable=unused-argument
    """Replace the demo course's journal entries with the demo set."""
    JournalEntry.objects.filter(course_key=course_key).delete()
    now = timezone.now()
    case = Case.objects.filter(course_key=course_key, owner_id="learner1").order_by("id").first()
    for author, days, title, answers, free_text, shared, feedback in ENTRIES:
        moment = now - datetime.timedelta(days=days)
        answers = [{"prompt": prompt, "text": text} for prompt, text in answers]
        entry = JournalEntry.objects.create(
            course_key=course_key, block_key=block_key, user_id=author, title=title, answers=answers,
            free_text=free_text, updated_at=moment, shared_at=moment + datetime.timedelta(hours=1) if shared else None,
        )
        # Written on the day of the story, not on the day the demo was loaded.
        JournalEntry.objects.filter(id=entry.id).update(created_at=moment - datetime.timedelta(hours=2))
        if author == "learner1" and shared and case is not None:
            JournalEntry.objects.filter(id=entry.id).update(link_kind=JournalEntry.CASE, link_id=case.id,
                                                            link_label=case.title)
        number = 1
        if author == "learner1" and not shared:
            # An earlier, shorter state of this entry, in its history.
            JournalVersion.objects.create(entry=entry, number=1, title=title, answers=answers[:1], free_text="",
                                          closed=True, started_at=moment - datetime.timedelta(hours=2),
                                          saved_at=moment - datetime.timedelta(hours=2))
            JournalEntry.objects.filter(id=entry.id).update(version=2)
            number = 2
        JournalVersion.objects.create(entry=entry, number=number, title=title, answers=answers, free_text=free_text,
                                      closed=True, started_at=moment, saved_at=moment)
        for facilitator, text in feedback:
            JournalFeedback.objects.create(entry=entry, author_id=facilitator, text=text)
