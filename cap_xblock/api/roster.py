"""CSV import and export of community assignments: ``username,community,role``.

An import is all or nothing: every row is checked first, and a file with any
bad row changes nothing and comes back with a report of the problems, row by row.
"""

import csv
import io
import re

from django.db import IntegrityError, transaction
from django.db.models import Count

from .. import permissions, platform
from ..errors import Conflict, InvalidInput
from ..i18n import gettext as _
from ..models import Community, CourseConfig, FacilitatorRole, Membership, Participant
from ..models.community import NAME_LENGTH, name_key
from . import cohorts, people
from .access import config_row, forget

MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000
HEADER = ["username", "community", "role"]
# The export's fourth column says which communities are archived, so that the file imports back.
ARCHIVED_COLUMN = "archived"
ARCHIVED_WORDS = {"yes", "oui", "archived", "archivée", "archivee", "true", "1"}
LEARNER, FACILITATOR = "learner", "facilitator"
# Accepted spellings of the role column (the export writes the English codes).
ROLE_WORDS = {
    "learner": LEARNER, "member": LEARNER, "apprenant": LEARNER, "apprenante": LEARNER,
    "apprenant·e": LEARNER, "membre": LEARNER,
    "facilitator": FACILITATOR, "facilitateur": FACILITATOR, "facilitatrice": FACILITATOR,
    "facilitateur·trice": FACILITATOR,
}


def export_csv(actor):
    """The course's assignments as CSV text (header ``username,community,role,archived``). Staff only.

    ``archived`` is ``yes`` on the rows of an archived community, empty otherwise.
    """
    permissions.require_manage_communities(actor)
    out = io.StringIO()
    # RFC 4180 line ends: the writer then quotes a cell holding \r as well as \n, so it stays one cell.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER + [ARCHIVED_COLUMN])
    names = dict(Community.objects.filter(course_key=actor.course_key).values_list("id", "name"))
    archived = {name for name, is_archived in Community.objects.filter(
        course_key=actor.course_key).values_list("name", "archived") if is_archived}
    rows = [
        (user_id, names[community_id], LEARNER)
        for user_id, community_id in Membership.objects.filter(course_key=actor.course_key).values_list(
            "user_id", "community_id"
        )
    ] + [
        (user_id, names[community_id], FACILITATOR)
        for user_id, community_id in FacilitatorRole.objects.filter(
            community__course_key=actor.course_key
        ).values_list("user_id", "community_id")
    ]
    usernames = dict(
        Participant.objects.filter(course_key=actor.course_key).values_list("user_id", "username")
    )
    for user_id, community, role in sorted(rows, key=lambda row: (row[1].casefold(), row[2], row[0])):
        writer.writerow([_safe_cell(usernames.get(user_id) or user_id), _safe_cell(community), role,
                         "yes" if community in archived else ""])
    return out.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A formula character at the start of a line inside a cell (after \r or \n).
_FORMULA_AFTER_BREAK = re.compile(r"([\r\n])(?=[=+\-@\t\r])")


def _safe_cell(value):
    """Keep spreadsheet programs from reading a cell, or a line of it, as a formula (CSV injection)."""
    value = _FORMULA_AFTER_BREAK.sub(r"\1'", value)
    return "'" + value if value[:1] in FORMULA_STARTS else value


_QUOTE_AFTER_BREAK = re.compile(r"([\r\n])'(?=[=+\-@\t\r])")


def _unquote(value):
    """Undo ``_safe_cell`` so that an exported file imports as it was."""
    value = _QUOTE_AFTER_BREAK.sub(r"\1", value)
    return value[1:] if value[:1] == "'" and value[1:2] in FORMULA_STARTS else value


def _decode(content):
    if isinstance(content, bytes):
        if len(content) > MAX_BYTES:
            raise InvalidInput(_("The file is too large: 1 MB at most."), code="file_too_large")
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return content.decode(encoding)
            except UnicodeDecodeError:
                continue
    if not isinstance(content, str):
        raise InvalidInput(_("Send the CSV file's content as text."), code="invalid_file")
    if len(content) > MAX_BYTES:
        raise InvalidInput(_("The file is too large: 1 MB at most."), code="file_too_large")
    return content


def _read_rows(text):
    sample = text[:2048]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        rows = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error:
        raise InvalidInput(_("This file is not a readable CSV file."), code="invalid_file") from None
    if not rows:
        raise InvalidInput(_("The file is empty."), code="empty_file")
    if [cell.strip().lower() for cell in rows[0][:3]] == HEADER:
        rows = [(index + 2, row) for index, row in enumerate(rows[1:])]
    else:
        rows = [(index + 1, row) for index, row in enumerate(rows)]
    if len(rows) > MAX_ROWS:
        raise InvalidInput(
            # Translators: {max} is a number of rows.
            _("The file has too many rows: {max} at most.").format(max=MAX_ROWS), code="too_many_rows"
        )
    return rows


def import_csv(actor, *, content, dry_run=False):
    """Apply a CSV of assignments. Staff only.

    Returns a report ``{"applied": bool, "learners": n, "facilitators": n,
    "new_communities": [...], "problems": []}``. Raises InvalidInput with the
    report in ``details`` when any row is wrong; then nothing changed.
    Communities named in the file that do not exist yet are opened (archived
    when the optional fourth column, ``archived``, says ``yes``); names are
    compared by ``name_key`` (« Equipe X » is « Équipe X »). A row naming an
    archived community is accepted when it changes nothing (the person is
    already there in that role, as in an exported file); an archived community
    takes nobody new. Sizes are decided under the lock of automatic placement
    (the course's settings row). Raises Conflict ``name_taken`` when a
    community of the same name appears meanwhile.
    """
    permissions.require_manage_communities(actor)
    forget(actor)  # staff may change their own roles too
    rows = _read_rows(_decode(content))
    problems = []
    parsed = []
    archived_in_file = set()
    for line, row in rows:
        cells = [_unquote(cell.strip()) for cell in row] + ["", "", ""]
        username, community, role_word = cells[0], cells[1], cells[2].lower()
        if cells[3].strip().lower() in ARCHIVED_WORDS:
            archived_in_file.add(name_key(community))
        role = ROLE_WORDS.get(role_word or "learner")
        if not username:
            problems.append({"line": line, "message": _("The username is missing.")})
        elif not community:
            problems.append({"line": line, "message": _("The community is missing.")})
        elif len(community) > NAME_LENGTH:
            problems.append({"line": line, "message": _("The community's name is too long.")})
        elif role is None:
            problems.append({
                "line": line,
                # Translators: {role} is what the file says; "learner" and "facilitator" are kept as is.
                "message": _("Unknown role « {role} »: use learner or facilitator.").format(role=cells[2]),
            })
        else:
            parsed.append((line, username, community, role))

    users = platform.lookup_users({username for _line, username, _c, _r in parsed})
    seen_learners = {}
    for line, username, community, role in parsed:
        if username not in users:
            # Translators: {username} is a username from the imported file.
            problems.append({"line": line, "message": _("Unknown user « {username} ».").format(username=username)})
        elif role == LEARNER and username in seen_learners:
            problems.append({
                "line": line,
                # Translators: {line} is a line number of the imported file.
                "message": _("This learner is already placed on line {line}: one community per learner.").format(
                    line=seen_learners[username]
                ),
            })
        elif role == LEARNER:
            seen_learners[username] = line

    keys = {community: name_key(community) for _l, _u, community, _r in parsed}
    config_row(actor.course_key)
    try:
        return _apply(actor, parsed, users, keys, problems, dry_run=dry_run, archived_in_file=archived_in_file)
    except IntegrityError:
        # A community of the same name was opened at the same moment (outside the lock): say so, never a 500.
        raise Conflict(_("A community was created or renamed at the same moment. Import the file again."),
                       code="name_taken") from None


def _apply(actor, parsed, users, keys, problems, *, dry_run, archived_in_file):  # pylint: disable=too-many-arguments
    """Check the file against the course and apply it, under the course's lock (all or nothing)."""
    with transaction.atomic():
        # The lock of automatic placement (``communities.join_automatically``): sizes are decided
        # and written while no learner can be placed, so the target size holds.
        target = CourseConfig.objects.select_for_update().get(course_key=actor.course_key).target_size
        existing = {
            key: (community_id, archived)
            for community_id, key, archived in Community.objects.filter(course_key=actor.course_key).values_list(
                "id", "name_key", "archived"
            )
        }
        problems += _size_problems(actor.course_key, parsed, users, existing, keys, target=target)
        already = _assignments_in(existing, parsed, users, keys)
        for line, username, community, role in parsed:
            community_id, is_archived = existing.get(keys[community], (None, False))
            if is_archived and username in users and (users[username].user_id, community_id, role) not in already:
                # Translators: {name} is a community.
                problems.append({"line": line, "message": _("« {name} » is archived.").format(name=community)})
        new_communities = {}
        for _line, _username, community, _role in parsed:
            if keys[community] not in existing:
                new_communities.setdefault(keys[community], community)  # the file's first spelling
        report = {
            "applied": False,
            "learners": sum(1 for row in parsed if row[3] == LEARNER),
            "facilitators": sum(1 for row in parsed if row[3] == FACILITATOR),
            "new_communities": sorted(new_communities.values(), key=str.casefold),
            "problems": sorted(problems, key=lambda problem: problem["line"]),
        }
        if problems:
            raise InvalidInput(
                # Translators: {count} is a number of problems found in the file.
                _("Nothing was imported: the file has {count} problem(s). Fix them and import again.").format(
                    count=len(problems)
                ),
                code="csv_invalid",
                details=report,
            )
        if dry_run:
            return report
        ids = {key: value[0] for key, value in existing.items()}
        for key, name in new_communities.items():
            ids[key] = Community.objects.create(
                course_key=actor.course_key, name=name, archived=key in archived_in_file).id
            cohorts.community_changed(actor.course_key, ids[key])
        for line, username, community, role in parsed:
            user = users[username]
            people.remember(actor.course_key, user)
            community_id = ids[keys[community]]
            if role == LEARNER:
                FacilitatorRole.objects.filter(community_id=community_id, user_id=user.user_id).delete()
                Membership.objects.update_or_create(
                    course_key=actor.course_key, user_id=user.user_id, defaults={"community_id": community_id}
                )
            else:
                Membership.objects.filter(community_id=community_id, user_id=user.user_id).delete()
                FacilitatorRole.objects.get_or_create(community_id=community_id, user_id=user.user_id)
        cohorts.people_changed(actor.course_key, [users[username].user_id for _l, username, _c, _r in parsed])
    report["applied"] = True
    return report


def _assignments_in(existing, parsed, users, keys):
    """``(user_id, community_id, role)`` already true for the archived communities the file names."""
    archived_ids = {existing[keys[c]][0] for _l, _u, c, _r in parsed if existing.get(keys[c], (0, False))[1]}
    if not archived_ids:
        return set()
    user_ids = [users[u].user_id for _l, u, _c, _r in parsed if u in users]
    found = {(user_id, community_id, LEARNER) for user_id, community_id in Membership.objects.filter(
        community_id__in=archived_ids, user_id__in=user_ids).values_list("user_id", "community_id")}
    found |= {(user_id, community_id, FACILITATOR) for user_id, community_id in FacilitatorRole.objects.filter(
        community_id__in=archived_ids, user_id__in=user_ids).values_list("user_id", "community_id")}
    return found


def _size_problems(course_key, parsed, users, existing, keys, *, target):
    """A problem for each community the file would take over ``target`` learners (read under the lock)."""
    problems = []
    for key, size in _planned_sizes(course_key, parsed, users, existing, keys).items():
        if size > target:
            line, name = next((line, community) for line, _u, community, role in parsed
                              if keys[community] == key and role == LEARNER)
            problems.append({
                "line": line,
                # Translators: {name} is a community; {size} and {target} are numbers of members.
                "message": _("« {name} » would have {size} members, over the target size of {target}.").format(
                    name=name, size=size, target=target
                ),
            })
    return problems


def _planned_sizes(course_key, parsed, users, existing, keys):
    """The size each community named in the file would have after the import (learners only), by name key."""
    moving = {users[u].user_id: keys[c] for _l, u, c, role in parsed if role == LEARNER and u in users}
    key_of = {value[0]: key for key, value in existing.items()}
    sizes = {}
    for community_id, size in Community.objects.filter(course_key=course_key).annotate(
        size=Count("memberships")
    ).values_list("id", "size"):
        if community_id in key_of:
            sizes[key_of[community_id]] = size
    for _user_id, community_id in Membership.objects.filter(course_key=course_key, user_id__in=moving).values_list(
        "user_id", "community_id"
    ):
        if community_id in key_of:
            sizes[key_of[community_id]] -= 1
    for key in moving.values():
        sizes[key] = sizes.get(key, 0) + 1
    touched = set(moving.values())
    return {key: size for key, size in sizes.items() if key in touched}
