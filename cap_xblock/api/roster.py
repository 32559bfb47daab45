"""CSV import and export of community assignments: ``username,community,role``.

An import is all or nothing: every row is checked first, and a file with any
bad row changes nothing and comes back with a report of the problems, row by row.
"""

import csv
import io

from django.db import transaction
from django.db.models import Count

from .. import permissions, platform
from ..errors import InvalidInput
from ..i18n import gettext as _
from ..models import Community, CourseConfig, FacilitatorRole, Membership, Participant
from ..models.community import NAME_LENGTH
from . import cohorts, people
from .communities import _config_row

MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000
HEADER = ["username", "community", "role"]
LEARNER, FACILITATOR = "learner", "facilitator"
# Accepted spellings of the role column (the export writes the English codes).
ROLE_WORDS = {
    "learner": LEARNER, "member": LEARNER, "apprenant": LEARNER, "apprenante": LEARNER,
    "apprenant·e": LEARNER, "membre": LEARNER,
    "facilitator": FACILITATOR, "facilitateur": FACILITATOR, "facilitatrice": FACILITATOR,
    "facilitateur·trice": FACILITATOR,
}


def export_csv(actor):
    """The course's assignments as CSV text (header ``username,community,role``). Staff only."""
    permissions.require_manage_communities(actor)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    names = dict(Community.objects.filter(course_key=actor.course_key).values_list("id", "name"))
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
        writer.writerow([_safe_cell(usernames.get(user_id) or user_id), _safe_cell(community), role])
    return out.getvalue()


def _safe_cell(value):
    """Keep spreadsheet programs from reading a cell as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _unquote(value):
    """Undo ``_safe_cell`` so that an exported file imports as it was."""
    return value[1:] if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@") else value


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


def import_csv(actor, content, dry_run=False):
    """Apply a CSV of assignments. Staff only.

    Returns a report ``{"applied": bool, "learners": n, "facilitators": n,
    "new_communities": [...], "problems": []}``. Raises InvalidInput with the
    report in ``details`` when any row is wrong; then nothing changed.
    Communities named in the file that do not exist yet are opened.
    """
    permissions.require_manage_communities(actor)
    rows = _read_rows(_decode(content))
    problems = []
    parsed = []
    for line, row in rows:
        cells = [_unquote(cell.strip()) for cell in row] + ["", "", ""]
        username, community, role_word = cells[0], cells[1], cells[2].lower()
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

    existing = {
        name.casefold(): (community_id, archived)
        for community_id, name, archived in Community.objects.filter(course_key=actor.course_key).values_list(
            "id", "name", "archived"
        )
    }
    target = _config_row(actor.course_key).target_size
    sizes = _planned_sizes(actor.course_key, parsed, users, existing)
    for key, size in sizes.items():
        if size > target:
            line = next(line for line, _u, community, role in parsed if community.casefold() == key and role == LEARNER)
            problems.append({
                "line": line,
                # Translators: {name} is a community; {size} and {target} are numbers of members.
                "message": _("« {name} » would have {size} members, over the target size of {target}.").format(
                    name=next(c for _l, _u, c, _r in parsed if c.casefold() == key), size=size, target=target
                ),
            })
    for line, _username, community, _role in parsed:
        if existing.get(community.casefold(), (None, False))[1]:
            # Translators: {name} is a community.
            problems.append({"line": line, "message": _("« {name} » is archived.").format(name=community)})

    new_communities = sorted({c for _l, _u, c, _r in parsed if c.casefold() not in existing}, key=str.casefold)
    report = {
        "applied": False,
        "learners": sum(1 for row in parsed if row[3] == LEARNER),
        "facilitators": sum(1 for row in parsed if row[3] == FACILITATOR),
        "new_communities": new_communities,
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
    with transaction.atomic():
        CourseConfig.objects.select_for_update().get(course_key=actor.course_key)
        ids = {key: value[0] for key, value in existing.items()}
        for name in new_communities:
            ids[name.casefold()] = Community.objects.create(course_key=actor.course_key, name=name).id
        for line, username, community, role in parsed:
            user = users[username]
            people.remember(actor.course_key, user)
            community_id = ids[community.casefold()]
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


def _planned_sizes(course_key, parsed, users, existing):
    """The size each community named in the file would have after the import (learners only)."""
    moving = {users[u].user_id: c.casefold() for _l, u, c, role in parsed if role == LEARNER and u in users}
    sizes = {}
    ids = {value[0]: key for key, value in existing.items()}
    for row in Community.objects.filter(course_key=course_key).annotate(size=Count("memberships")).values("id", "size"):
        sizes[ids[row["id"]]] = row["size"]
    for user_id, community_id in Membership.objects.filter(course_key=course_key, user_id__in=moving).values_list(
        "user_id", "community_id"
    ):
        sizes[ids[community_id]] -= 1
    for key in moving.values():
        sizes[key] = sizes.get(key, 0) + 1
    touched = set(moving.values())
    return {key: size for key, size in sizes.items() if key in touched}
