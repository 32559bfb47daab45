"""The network (« réseau »): an opt-in directory of the people of a course's communities.

Nobody is listed unless they opted in (``listed``), and only their display
name and the fields they chose to fill in are shown: organisation, country,
role, themes of expertise, languages. Nothing else about them (not their
community, not their activity). Only the people of the course's communities
(members, facilitators) and course staff read it. Pages in a constant number
of queries.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from .. import permissions
from ..errors import NotAllowed
from ..i18n import gettext as _
from ..models import DirectoryEntry, FacilitatorRole, Membership
from ..models.knowledge import DIRECTORY_FIELD_LENGTH
from . import access, knowledge_search, paging, people
from .knowledge_data import DirectoryCard, DirectoryEntryView
from .validation import as_bool, as_page, as_text

PAGE_SIZE = 20
FIELDS = ("organisation", "country", "role", "expertise", "languages")


def _require_in_network(actor):
    """The directory is for the people of the course's communities and course staff. Returns Roles."""
    permissions.require_authenticated(actor)
    roles = access.roles_of(actor)
    if not (roles.is_staff or roles.member_of or roles.leads):
        raise NotAllowed(_("The network is open to the members of the course's communities."),
                         code="network_members_only")
    return roles


def _view(row):
    if row is None:
        return DirectoryEntryView(listed=False, **{name: "" for name in FIELDS})
    return DirectoryEntryView(listed=row.listed, **{name: getattr(row, name) for name in FIELDS})


def my_entry(actor):
    """The actor's own ``DirectoryEntryView`` (not listed until they opt in). Raises NotAllowed."""
    _require_in_network(actor)
    return _view(DirectoryEntry.objects.filter(course_key=actor.course_key, user_id=actor.user_id).first())


def save_my_entry(actor, *, listed, **values):
    """Opt in (``listed`` true) or out of the directory, and choose what it shows: each of ``FIELDS`` that is
    filled in is shown, an empty one is not. Returns ``DirectoryEntryView``. Raises NotAllowed, InvalidInput."""
    _require_in_network(actor)
    listed = as_bool(listed, "listed")
    fields = {name: as_text(values.get(name), name, DIRECTORY_FIELD_LENGTH, required=False) for name in FIELDS}
    with transaction.atomic():
        row, _created = DirectoryEntry.objects.update_or_create(
            course_key=actor.course_key, user_id=actor.user_id,
            defaults={"listed": listed, "name": actor.display_name, **fields})
    return _view(row)


def list_directory(actor, *, query="", page=1):
    """A page of ``DirectoryCard``s of the people who opted in and are still in one of the course's
    communities (as members or facilitators), by name; ``query`` looks in what they show and their name.
    A page reads its own rows of the directory's index by name; the total is counted up to
    ``paging.COUNT_LIMIT``. Raises NotAllowed, InvalidInput."""
    _require_in_network(actor)
    query = as_text(query, "query", 100, required=False)
    page = as_page(page)
    in_course = (Exists(Membership.objects.filter(course_key=actor.course_key, user_id=OuterRef("user_id")))
                 | Exists(FacilitatorRole.objects.filter(community__course_key=actor.course_key,
                                                         user_id=OuterRef("user_id"))))
    entries = DirectoryEntry.objects.filter(course_key=actor.course_key, listed=True).filter(in_course)
    for word in knowledge_search.words_of(query):
        condition = Q(name__icontains=word)
        for name in FIELDS:
            condition |= Q(**{f"{name}__icontains": word})
        entries = entries.filter(condition)
    # Each entry is checked for a place in the course as it is read (not every place of the course first).
    with paging.row_by_row():
        counted = paging.count_up_to(entries)
        # By the copy of the name kept with the entry (the index's order), so that pages follow one another.
        rows, following = paging.page_rows(entries.order_by("name", "user_id"), page, PAGE_SIZE)
    named = people.names(actor.course_key, {row.user_id for row in rows})
    cards = [DirectoryCard(display_name=named[row.user_id].display_name,
                           **{name: getattr(row, name) for name in FIELDS}) for row in rows]
    return paging.bounded_page(cards, page=page, page_size=PAGE_SIZE, counted=counted, following=following)


def retire_user(user_id):
    """Delete the person's directory entries in every course. Returns the number of rows deleted."""
    return DirectoryEntry.objects.filter(user_id=user_id).delete()[0]
