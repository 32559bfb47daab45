"""Demo cases: in « Les Baobabs », one case at each of the six steps of co-development, and a draft.

So a visitor sees the method at work from any seat: learner1 to learner6 own
a case each, learner7 keeps a draft, learner8 has not presented yet.
"""

import datetime

from django.utils import timezone

from cap_xblock.models import Case, CaseContribution, CaseDeadline, UsefulMark

Q, A, CONTRACT = "question", "answer", "contract"
SUGGESTION, SYNTHESIS, LEARNING = "suggestion", "synthesis", "learning"

CASES = [
    # (owner, step, title, context, problem, tried, contributions [(step, kind, author, body, answers_index)])
    ("learner1", 1, "Faire venir les élu·es aux comités de suivi",
     "Je coordonne un programme d'hydraulique villageoise dans la région de Thiès (Sénégal). Chaque trimestre, "
     "un comité de suivi réunit les services techniques, les associations d'usager·es et les élu·es des communes.",
     "Les élu·es ne viennent plus depuis six mois : les décisions sur l'entretien des forages restent bloquées. "
     "Comment les ramener autour de la table ?",
     "Invitations officielles par courrier, relances téléphoniques, changement de jour de réunion.",
     []),
    ("learner2", 2, "Un comité de gestion qui ne se réunit qu'en présence du projet",
     "Dans un quartier périurbain de Bamako, nous avons installé un comité de gestion des déchets avec les "
     "habitant·es et la mairie de commune.",
     "Le comité ne se réunit que lorsque l'équipe du projet est présente. Comment le rendre autonome avant la "
     "fin du financement dans un an ?",
     "Formation des membres à l'animation de réunion ; un petit budget de fonctionnement.",
     [(2, Q, "learner3", "Qui a choisi les membres du comité, et comment ?", None),
      (2, Q, "facilitator1", "Que se passe-t-il concrètement quand l'équipe n'est pas là ?", None),
      (2, A, "learner2", "Ce sont les chefs de quartier qui ont désigné les membres, à notre demande.", 0),
      (2, Q, "learner5", "Le comité a-t-il déjà pris une décision qui a changé quelque chose pour le quartier ?",
       None)]),
    ("learner3", 3, "Associer les jeunes à un plan de développement communal",
     "J'accompagne une commune rurale du Burkina Faso dans la révision de son plan de développement.",
     "Les jeunes ne viennent pas aux consultations publiques, alors qu'ils sont la majorité de la population.",
     "Une annonce à la radio communautaire ; une consultation un samedi.",
     [(2, Q, "learner1", "Où se retrouvent les jeunes, d'habitude ?", None),
      (2, A, "learner3", "Au terrain de foot et au grin de thé, le soir.", 0),
      (3, CONTRACT, "learner3", "J'aimerais des idées de formats de consultation qui vont vers les jeunes, et "
                                "des conseils pour que leurs propositions pèsent vraiment dans le plan.", None)]),
    ("learner4", 4, "Des bailleurs qui imposent leurs indicateurs",
     "Je suis chargée de suivi-évaluation dans une ONG à Montréal qui finance des partenaires en Haïti et au "
     "Bénin.",
     "Nos partenaires vivent les indicateurs des bailleurs comme une contrainte : ils remplissent les rapports "
     "sans y croire. Comment construire un suivi qui ait du sens pour eux ?",
     "Un atelier d'une journée sur le cadre logique, qui a surtout montré les désaccords.",
     [(2, Q, "learner2", "Les partenaires ont-ils leurs propres indicateurs, même informels ?", None),
      (2, A, "learner4", "Oui : ils suivent le nombre de familles qui reviennent, mais ne l'écrivent nulle part.", 0),
      (3, CONTRACT, "learner4", "Je demande des pistes pour négocier avec les bailleurs une part d'indicateurs "
                                "choisis par les partenaires.", None),
      (4, SUGGESTION, "learner1", "Proposez aux bailleurs un tableau à deux colonnes : leurs indicateurs et ceux "
                                  "des partenaires, avec le même poids dans le rapport annuel.", None),
      (4, SUGGESTION, "learner6", "Invitez un·e bailleur à une visite de terrain où les partenaires présentent "
                                  "leurs propres mesures.", None)]),
    ("learner5", 5, "Réunir services de l'État et chefferies traditionnelles",
     "Au Niger, notre projet de gestion des terres pastorales doit faire travailler ensemble les services "
     "techniques de l'État et les chefferies.",
     "Chacun attend que l'autre convoque la réunion : rien ne bouge depuis trois mois.",
     "Des rencontres séparées avec chaque partie.",
     [(2, Q, "learner4", "Qui a la légitimité de convoquer, aux yeux des deux parties ?", None),
      (2, A, "learner5", "Le préfet, mais il ne veut pas prendre parti.", 0),
      (3, CONTRACT, "learner5", "Aidez-moi à trouver une façon de convoquer qui ne froisse personne.", None),
      (4, SUGGESTION, "learner2", "Proposez une co-convocation signée par le préfet et le chef de canton.", None),
      (4, SUGGESTION, "facilitator1", "Tenez la première réunion en terrain neutre, au marché hebdomadaire.",
       None),
      (5, SYNTHESIS, "learner5", "Je retiens la co-convocation et le terrain neutre. Plan : rencontrer le préfet "
                                 "d'ici deux semaines, puis le chef de canton ; réunion commune avant la "
                                 "transhumance.", None)]),
    ("learner6", 6, "Redonner la parole aux usager·es d'un centre de santé",
     "En France, j'anime le conseil des usager·es d'un centre de santé communautaire à Lyon.",
     "Les réunions sont monopolisées par deux ou trois personnes ; les autres ne reviennent pas.",
     "Un tour de table systématique, qui allonge les réunions sans changer grand-chose.",
     [(2, Q, "learner5", "Les personnes qui ne reviennent pas vous ont-elles dit pourquoi ?", None),
      (2, A, "learner6", "Deux m'ont dit qu'elles ne se sentaient pas légitimes pour parler.", 0),
      (3, CONTRACT, "learner6", "Je cherche des techniques d'animation qui laissent de la place à chacun·e.",
       None),
      (4, SUGGESTION, "learner3", "Essayez des petits groupes de trois avant la plénière.", None),
      (5, SYNTHESIS, "learner6", "Je vais tester les trios et un « bâton de parole » à la prochaine réunion.",
       None),
      (6, LEARNING, "learner6", "Le problème n'était pas le temps de parole mais le sentiment de légitimité.",
       None),
      (6, LEARNING, "learner1", "Je vais reprendre l'idée des trios dans mes comités de suivi.", None)]),
]

USEFUL = [("learner4", 1), ("learner5", 1), ("learner2", 0)]  # (who, index of a suggestion in case 4)


def load(course_key, block_key, communities):
    """Create the demo cases of « Les Baobabs » in the demo block."""
    community = communities["Les Baobabs"]
    Case.objects.filter(block_key=block_key, course_key=course_key).delete()
    today = timezone.localdate()
    for owner, step, title, context, problem, tried, contributions in CASES:
        case = Case.objects.create(
            course_key=course_key, block_key=block_key, community=community, owner_id=owner, title=title,
            context=context, problem=problem, tried=tried, step=step,
            presented_at=timezone.now() - datetime.timedelta(days=7 * (7 - step)))
        # The current step of the case at step 2 is late: its questions were due yesterday.
        due = today - datetime.timedelta(days=1) if step == 2 else today + datetime.timedelta(days=7)
        CaseDeadline.objects.create(case=case, step=step, due_on=due)
        written = []
        for c_step, kind, author, body, answers in contributions:
            written.append(CaseContribution.objects.create(
                case=case, step=c_step, kind=kind, author_id=author, body=body,
                reply_to=written[answers] if answers is not None else None))
        if step == 4:
            suggestions = [row for row in written if row.kind == SUGGESTION]
            for user_id, index in USEFUL:
                UsefulMark.objects.create(contribution=suggestions[index], user_id=user_id)
    Case.objects.create(
        course_key=course_key, block_key=block_key, community=community, owner_id="learner7",
        title="Impliquer les commerçant·es dans la propreté du marché",
        context="Marché central de Ziguinchor.", problem="", tried="")
