"""The built-in course default of the community charter, in French and in English.

Studio shows these texts in the block's "Charter (French)" and "Charter
(English)" fields; the course team adapts them there. They are texts, not
interface strings: each language has its own, so they are not in the catalogs.
"""

DEFAULT_CHARTER_FR = """\
Notre communauté d'apprentissage et de pratiques est un espace de confiance. Nous y parlons de nos réussites comme de nos difficultés, pour apprendre ensemble de nos pratiques.

1. Confidentialité. Ce qui est partagé ici reste ici. Les cas que nous présentons touchent des personnes et des organisations réelles : nous ne les citons pas à l'extérieur, et nous rendons anonymes les personnes et les structures dont nous parlons.

2. Bienveillance et respect. Nous accueillons chaque contribution avec respect. Nous discutons les idées, jamais les personnes. Nous écrivons comme nous parlerions en face à face.

3. Droit à l'erreur. Raconter une erreur ou un échec est une occasion d'apprendre, pour soi et pour les autres. Personne n'est jugé·e pour ce qu'il ou elle ose partager.

4. Écoute et participation. Nous lisons et cherchons à comprendre avant de répondre. Chacun·e contribue à sa mesure, et laisse de la place aux autres.

5. Le rôle du facilitateur·trice. Il ou elle est garant·e du cadre et de la confiance : il ou elle rappelle cette charte quand il le faut et peut masquer une contribution qui ne la respecte pas, en expliquant pourquoi.

En acceptant cette charte, je m'engage à la respecter et à la faire vivre avec les autres membres."""

DEFAULT_CHARTER_EN = """\
Our community of learning and practice is a space of trust. We talk about what went well and what went wrong, so that we learn together from our practice.

1. Confidentiality. What is shared here stays here. The cases we present involve real people and organisations: we do not quote them outside, and we make the people and organisations we talk about anonymous.

2. Kindness and respect. We welcome every contribution with respect. We discuss ideas, never people. We write as we would speak face to face.

3. The right to make mistakes. Telling of a mistake or a failure is a chance to learn, for oneself and for others. Nobody is judged for what they dare to share.

4. Listening and taking part. We read and try to understand before we answer. Everyone contributes in their own way and leaves room for others.

5. The facilitator's role. The facilitator looks after the frame and the trust: they recall this charter when needed and may hide a contribution that does not respect it, saying why.

By accepting this charter, I commit to respecting it and to keeping it alive with the other members."""

DEFAULTS = {"fr": DEFAULT_CHARTER_FR, "en": DEFAULT_CHARTER_EN}
