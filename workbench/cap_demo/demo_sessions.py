"""Demo sessions (Rencontres): in « Les Baobabs », a past session with its minutes and attendance and the next
one with its agenda; a plenary for every community of the course; and one session for « Les Palétuviers ».

Times are planned in the facilitators' zones (Dakar: Africa/Dakar; Montreal: America/Montreal) and the
plenary in Paris, so a visitor sees each session in its own zone and in theirs.
"""

import datetime
import zoneinfo

from django.utils import timezone

from cap_xblock.models import AgendaItem, Attendance, Case, MinutesVersion, Rsvp, Session

MINUTES = """**Ce dont nous avons parlé**

- Le cas d'Awa sur les comités de suivi : les élu·es ne viennent plus depuis six mois.
- Les retours de chacun·e sur la charte de la communauté.

**Décisions**

- Nous passons à une rencontre par mois, le premier mardi, en ligne.
- Le cas de Moussa sera traité en direct à la prochaine rencontre.

**Prochaines étapes (qui fait quoi)**

- Awa : proposer un ordre du jour partagé avec les élu·es avant le prochain comité.
- Aminata : envoyer le lien de la prochaine rencontre.
- Tout le monde : relire le cas de Moussa avant la rencontre."""


def _local(days_from_today, hour, zone_name):
    """The UTC instant of ``hour`` o'clock, ``days_from_today`` days from today, in ``zone_name``."""
    zone = zoneinfo.ZoneInfo(zone_name)
    day = timezone.now().astimezone(zone).date() + datetime.timedelta(days=days_from_today)
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=zone).astimezone(datetime.timezone.utc)


def load(course_key, block_key, communities):
    """Create the demo sessions of the course."""
    Session.objects.filter(course_key=course_key).delete()
    baobabs = communities["Les Baobabs"]
    past = Session.objects.create(
        course_key=course_key, community=baobabs, title="Rencontre de lancement",
        starts_at=_local(-14, 18, "Africa/Dakar"), time_zone="Africa/Dakar", duration_minutes=90,
        mode=Session.VIRTUAL, link="https://meet.example.org/baobabs", planned_by="facilitator1",
        note_taker_id="learner3")
    for position, text in enumerate(["Tour de table : qui sommes-nous ?", "Relecture de la charte",
                                     "Présentation du cas d'Awa"], start=1):
        AgendaItem.objects.create(session=past, position=position, text=text)
    for index in range(1, 9):
        Rsvp.objects.create(session=past, user_id=f"learner{index}", answer="yes" if index != 7 else "maybe")
    for index in range(1, 9):
        status = "present" if index not in (7, 8) else ("excused" if index == 7 else "absent")
        Attendance.objects.create(session=past, user_id=f"learner{index}", status=status, recorded_by="facilitator1")
    MinutesVersion.objects.create(session=past, number=1, body=MINUTES.split("**Décisions**")[0].strip(),
                                  author_id="learner3")
    MinutesVersion.objects.create(session=past, number=2, body=MINUTES, author_id="facilitator1")

    upcoming = Session.objects.create(
        course_key=course_key, community=baobabs, title="Rencontre de décembre : co-développement en direct",
        starts_at=_local(6, 18, "Africa/Dakar"), time_zone="Africa/Dakar", duration_minutes=120,
        mode=Session.HYBRID, link="https://meet.example.org/baobabs", place="Maison des associations, Thiès",
        planned_by="facilitator1")
    AgendaItem.objects.create(session=upcoming, position=1, text="Météo du groupe (10 minutes)")
    case = Case.objects.filter(course_key=course_key, block_key=block_key, owner_id="learner2",
                               presented_at__isnull=False).first()
    if case is not None:
        AgendaItem.objects.create(session=upcoming, position=2, kind=AgendaItem.CASE, text=case.title, case=case)
    AgendaItem.objects.create(session=upcoming, position=3, kind=AgendaItem.BRAINSTORM,
                              text="Remue-méninges : impliquer les parties prenantes")
    for index, answer in ((1, "yes"), (2, "yes"), (3, "maybe"), (5, "no")):
        Rsvp.objects.create(session=upcoming, user_id=f"learner{index}", answer=answer)

    plenary = Session.objects.create(
        course_key=course_key, community=None, title="Séminaire en présentiel : toutes les communautés",
        starts_at=_local(30, 9, "Europe/Paris"), time_zone="Europe/Paris", duration_minutes=7 * 60,
        mode=Session.IN_PERSON, place="Campus de Dakar, salle des conférences", planned_by="staff")
    for position, text in enumerate(["Accueil et présentation des communautés",
                                     "Ateliers de co-développement entre communautés",
                                     "Ce que nous retenons de ces mois ensemble"], start=1):
        AgendaItem.objects.create(session=plenary, position=position, text=text)

    paletuviers = communities["Les Palétuviers"]
    Session.objects.create(
        course_key=course_key, community=paletuviers, title="Rencontre des Palétuviers",
        starts_at=_local(9, 19, "America/Montreal"), time_zone="America/Montreal", duration_minutes=90,
        mode=Session.VIRTUAL, link="https://meet.example.org/paletuviers", planned_by="facilitator2")
