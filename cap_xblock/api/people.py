"""People seen in a course: the display-name snapshot every other capability shows."""

import uuid

from django.db import transaction

from ..models import DirectoryEntry, Participant
from .data import Person


def register_visit(actor):
    """Keep the snapshot of ``actor``'s display name current. One query when nothing changed."""
    if actor.is_anonymous:
        return
    current = (
        Participant.objects.filter(course_key=actor.course_key, user_id=actor.user_id)
        .values_list("display_name", "username", "is_staff")
        .first()
    )
    wanted = (actor.display_name, actor.username, actor.is_staff)
    if current == wanted:
        return
    with transaction.atomic():
        Participant.objects.update_or_create(
            course_key=actor.course_key,
            user_id=actor.user_id,
            defaults={"display_name": actor.display_name, "username": actor.username, "is_staff": actor.is_staff},
        )
        if current is not None and current[0] != actor.display_name:
            # The network's directory keeps a copy of the name for its order (``network.list_directory``).
            DirectoryEntry.objects.filter(course_key=actor.course_key, user_id=actor.user_id).update(
                name=actor.display_name)


def remember(course_key, user):
    """Record a person the platform told us about (for instance from a CSV import)."""
    Participant.objects.get_or_create(
        course_key=course_key,
        user_id=user.user_id,
        defaults={"display_name": user.display_name, "username": user.username, "is_staff": user.is_staff},
    )


def names(course_key, user_ids):
    """Map user ids to ``Person`` in one query. Unknown ids get a neutral name."""
    user_ids = set(user_ids)
    found = {
        user_id: Person(user_id=user_id, display_name=display_name, username=username)
        for user_id, display_name, username in Participant.objects.filter(
            course_key=course_key, user_id__in=user_ids
        ).values_list("user_id", "display_name", "username")
    }
    for user_id in user_ids - set(found):
        found[user_id] = Person(user_id=user_id, display_name=user_id, username="")
    return found


def sort_people(people):
    """People in the order a list shows them: by display name, case- and accent-insensitive."""
    import unicodedata  # pylint: disable=import-outside-toplevel

    def key(person):
        folded = unicodedata.normalize("NFKD", person.display_name).encode("ascii", "ignore").decode()
        return (folded.casefold(), person.user_id)

    return sorted(people, key=key)


def retired_token():
    """A token that stands for a retired person where their rows keep counting (votes, marks): it names nobody."""
    return "retired-" + uuid.uuid4().hex
