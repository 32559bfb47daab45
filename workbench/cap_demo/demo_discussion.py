"""Demo discussion: a lively thread list in « Les Baobabs » (a pinned thread, replies two levels deep,
"Utile" marks, one report waiting in the review queue, one hidden post) and a quieter one in
« Les Palétuviers »."""

from datetime import timedelta

from django.utils import timezone

from cap_xblock.api import markup
from cap_xblock.models import ModerationAction, Post, Reaction, Report, ThreadRead

# (author, title, body, [(author, body, [(author, body)])], useful marks by)
BAOBABS = [
    ("facilitator1", "Bienvenue : nos règles pour discuter",
     "Bienvenue dans la discussion des **Baobabs** !\n\n"
     "- on parle de situations vécues, sans nommer les personnes ;\n"
     "- on questionne avant de conseiller ;\n"
     "- ce qui se dit ici reste ici.\n\n"
     "Notre question : *comment mieux impliquer les parties prenantes ?*",
     [("learner1", "Merci Aminata, c'est rassurant de pouvoir parler de nos ratés.", [])],
     ["learner1", "learner2", "learner5"]),
    ("learner1", "Les élus locaux ne viennent pas aux comités de pilotage",
     "Dans mon projet d'adduction d'eau à Kaolack, les élus sont invités à chaque comité, "
     "mais ils envoient un représentant sans mandat. Les décisions restent bloquées.\n\n"
     "> Comment les faire venir sans les froisser ?",
     [("learner2", "Avez-vous essayé de caler le comité sur leur agenda municipal plutôt que sur celui du projet ?",
       [("learner1", "Pas encore : je vais demander le calendrier du conseil municipal.")]),
      ("learner3", "Chez nous, une visite de terrain avec le maire a tout changé : il a vu les bornes-fontaines "
                   "en panne et a porté le sujet lui-même.", [("learner4", "**Oui**, le terrain convainc plus "
                                                                           "que les rapports.")]),
      ("learner5", "Vous pourriez formaliser le mandat du représentant dans une lettre signée du maire.", [])],
     ["learner2", "learner3", "facilitator1"]),
    ("learner6", "Faire parler les femmes dans les assemblées villageoises",
     "Lors des assemblées, les femmes restent au fond et ne prennent pas la parole. "
     "Des idées de formats qui marchent ?",
     [("learner7", "Des groupes de parole séparés avant la plénière, animés par une femme du village.", []),
      ("learner8", "Message déplacé sur une personne du village, à retirer.", [])],
     ["learner7"]),
    ("learner2", "Un atelier raté avec les partenaires techniques",
     "J'ai animé un atelier où les services techniques ont monopolisé la parole. "
     "J'aimerais comprendre ce que j'aurais pu faire autrement.",
     [("learner4", "Un tour de table chronométré dès le début aide à équilibrer.", [])],
     []),
]
PALETUVIERS = [
    ("learner9", "Cartographier les parties prenantes d'un projet de mangrove",
     "Nous préparons une cartographie influence / intérêt pour le delta du Saloum. "
     "Qui a un modèle simple à partager ?",
     [("facilitator2", "La matrice pouvoir-intérêt suffit pour commencer : [un guide](https://www.pmi.org).", [])],
     ["learner10"]),
]


def _post(course_key, block_key, community, author, body, when, title="", parent=None):
    thread = None if parent is None else (parent.thread or parent)
    post = Post.objects.create(
        course_key=course_key, block_key=block_key, community=community, thread=thread, parent=parent,
        branch=parent.branch if parent is not None and parent.depth == 1 else None,
        depth=0 if parent is None else parent.depth + 1, author_id=author, title=title, body=body,
        body_html=markup.render(body),
    )
    if post.depth == 1:
        post.branch = post
    post.created_at = when
    post.last_activity_at = when
    post.save()
    return post


def _threads(course_key, block_key, community, threads, start):
    created = []
    moment = start
    for author, title, body, replies, useful_by in threads:
        moment += timedelta(hours=5)
        head = _post(course_key, block_key, community, author, body, moment, title=title)
        for reply_author, reply_body, answers in replies:
            moment += timedelta(minutes=47)
            first = _post(course_key, block_key, community, reply_author, reply_body, moment, parent=head)
            created.append(first)
            for answer_author, answer_body in answers:
                moment += timedelta(minutes=31)
                created.append(_post(course_key, block_key, community, answer_author, answer_body, moment,
                                     parent=first))
        Post.objects.filter(id=head.id).update(last_activity_at=moment)
        for user_id in useful_by:
            Reaction.objects.create(post=head, user_id=user_id)
        created.insert(0, head)
    return created


def load(course_key, block_key, communities):
    """Write the demo discussion of the block ``block_key``."""
    start = timezone.now() - timedelta(days=6)
    baobabs = communities["Les Baobabs"]
    posts = _threads(course_key, block_key, baobabs, BAOBABS, start)
    _threads(course_key, block_key, communities["Les Palétuviers"], PALETUVIERS, start)
    welcome = Post.objects.get(block_key=block_key, community=baobabs, title__startswith="Bienvenue")
    welcome.pinned = True
    welcome.save(update_fields=["pinned"])
    ModerationAction.objects.create(course_key=course_key, community=baobabs, moderator_id="facilitator1",
                                    action="pin", post=welcome, target_user_id=welcome.author_id,
                                    excerpt=welcome.title)
    # One hidden post, with its report already handled.
    hidden = Post.objects.get(block_key=block_key, community=baobabs, body__startswith="Message déplacé")
    hidden.hidden = True
    hidden.moderation_reason = "On ne parle pas des personnes absentes : merci de reformuler la situation."
    hidden.save(update_fields=["hidden", "moderation_reason"])
    Report.objects.create(post=hidden, community=baobabs, reporter_id="learner7",
                          reason="Ce message vise une personne nommément.", outcome=Report.HIDDEN,
                          resolved_at=timezone.now(), resolved_by="facilitator1")
    ModerationAction.objects.create(course_key=course_key, community=baobabs, moderator_id="facilitator1",
                                    action="hide", post=hidden, target_user_id=hidden.author_id,
                                    excerpt=markup.excerpt(hidden.body, 200), reason=hidden.moderation_reason)
    # One report waiting in the queue.
    workshop = Post.objects.get(block_key=block_key, community=baobabs, title__startswith="Un atelier raté")
    Report.objects.create(post=workshop.thread_posts.first(), community=baobabs, reporter_id="learner6",
                          reason="Le ton me semble un peu sec envers l'auteur·e, pouvez-vous regarder ?")
    # learner1 last opened their own thread after its first reply: what came later is new to them.
    elus = Post.objects.get(block_key=block_key, community=baobabs, title__startswith="Les élus")
    first_reply = elus.thread_posts.order_by("created_at").first()
    ThreadRead.objects.create(thread=elus, user_id="learner1", read_at=first_reply.created_at)
    ThreadRead.objects.create(thread=welcome, user_id="learner1", read_at=timezone.now())
    return posts
