"""Co-development run live during a session: the six steps with a countdown each, on every member's screen.

The facilitator (or staff) opens a presented case in live mode: the run
follows the case's own step (moving the run moves the case), each step has
planned minutes (defaults below, changed by the facilitator), and notes taken
by the facilitator or the session's note-taker become contributions of the
case (kind ``note``) at the current step. Members' screens ask for the run's
``version`` every few seconds (``live_version``: a few bytes, three queries)
and fetch the rendered state only when it changed; the countdown runs in the
browser from ``step_ends_at``.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import permissions
from ..errors import Conflict, InvalidInput, NotAllowed, NotFound
from ..i18n import gettext as _
from ..models import Case, CaseContribution, FacilitatorRole, LiveRun, Membership, Session
from . import access, case_steps, gate, people
from .session_data import LiveState, LiveStep
from .validation import as_choice, as_id, as_int, as_text

DEFAULT_MINUTES = (10, 20, 5, 25, 10, 10)
MAX_STEP_MINUTES = 180
NOTE_LENGTH = 5000
NOTES_SHOWN = 5
DIRECTIONS = ("next", "back")


def _facilitator_expectation(step):
    texts = {
        1: _("Give the floor to the case owner and keep the time."),
        2: _("Make sure every question is a clarifying question; the owner answers."),
        3: _("Help the case owner state the help they ask for."),
        4: _("Give the floor to each consultant; the case owner listens."),
        5: _("Invite the case owner to sum up and say what they will do."),
        6: _("Go round the table: everyone says what they learned."),
    }
    return texts[step]


def _durations(value):
    return [int(part) for part in value.split(",")]


def as_durations(value):
    """Six whole numbers of minutes (1 to 180), or InvalidInput ``invalid_durations``."""
    if value in (None, ""):
        return list(DEFAULT_MINUTES)
    if not isinstance(value, list) or len(value) != case_steps.LAST_STEP:
        raise InvalidInput(_("Give the minutes of each of the six steps."), code="invalid_durations")
    return [as_int(minutes, "minutes", 1, MAX_STEP_MINUTES) for minutes in value]


def _not_found():
    return NotFound(_("This live session does not exist or is not shared with you."), code="live_not_found")


def _visible_run(actor, run_id, lock=False):
    permissions.require_authenticated(actor)
    run_id = as_id(run_id, "run_id")
    roles = access.roles_of(actor)
    query = LiveRun.objects.select_for_update() if lock else LiveRun.objects
    run = query.filter(id=run_id, course_key=actor.course_key, block_key=actor.block_key).first()
    if run is None or not permissions.can_see_community(roles, run.community_id):
        raise _not_found()
    return run, roles


def _driving(actor, roles, run):
    """Raise unless the actor drives the run (the community's facilitators, staff) and it is still on."""
    if not permissions.can_facilitate(roles, run.community_id):
        raise NotAllowed(_("Only the facilitator leads the live co-development."), code="facilitator_only")
    gate.require_can_write(actor, community_id=run.community_id, roles=roles)
    if run.ended_at is not None:
        raise Conflict(_("This live session has ended."), code="live_ended")


def start_live(actor, *, case_id, session_id=None, durations=None):
    """Open a presented case of the block in live mode, at the case's current step. Returns ``LiveState``.

    ``session_id`` (optional) is the session it is run in (of the case's community, or a plenary).
    Raises NotFound, InvalidInput, NotAllowed ``facilitator_only``, Conflict ``already_live`` / ``cancelled``.
    """
    permissions.require_authenticated(actor)
    minutes = as_durations(durations)
    case_id = as_id(case_id, "case_id")
    roles = access.roles_of(actor)
    case = Case.objects.filter(id=case_id, course_key=actor.course_key, block_key=actor.block_key,
                               presented_at__isnull=False).first()
    if case is None or not permissions.can_see_community(roles, case.community_id):
        raise NotFound(_("This case does not exist or is not shared with you."), code="case_not_found")
    if not permissions.can_facilitate(roles, case.community_id):
        raise NotAllowed(_("Only the facilitator leads the live co-development."), code="facilitator_only")
    gate.require_can_write(actor, community_id=case.community_id, roles=roles)
    session = None
    if session_id not in (None, ""):
        session = Session.objects.filter(id=as_id(session_id, "session_id"), course_key=actor.course_key).first()
        if session is None or session.community_id not in (None, case.community_id):
            raise NotFound(_("This session does not exist or is not shared with you."), code="session_not_found")
        if session.cancelled_at is not None:
            raise Conflict(_("This session is cancelled."), code="cancelled")
    try:
        with transaction.atomic():
            run = LiveRun.objects.create(
                course_key=actor.course_key, block_key=actor.block_key, session=session, case=case,
                running_case=case, community_id=case.community_id, step=case.step,
                step_started_at=timezone.now(), durations=",".join(map(str, minutes)), started_by=actor.user_id)
    except IntegrityError:
        raise Conflict(_("This case is already being run live."), code="already_live") from None
    return live_state(actor, run_id=run.id)


def _require_in_community(actor, community_id):
    """NotFound unless the actor is a member or a facilitator of ``community_id`` (staff: any). One or two queries."""
    if actor.is_staff:
        return
    if Membership.objects.filter(course_key=actor.course_key, user_id=actor.user_id,
                                 community_id=community_id).exists():
        return
    if not FacilitatorRole.objects.filter(community_id=community_id, user_id=actor.user_id).exists():
        raise _not_found()


def live_version(actor, *, run_id):
    """``(version, ended)`` of a run the actor sees: what members' screens poll. Two queries for a member."""
    permissions.require_authenticated(actor)
    run_id = as_id(run_id, "run_id")
    found = LiveRun.objects.filter(id=run_id, course_key=actor.course_key, block_key=actor.block_key).values_list(
        "community_id", "version", "ended_at").first()
    if found is None:
        raise _not_found()
    community_id, version, ended_at = found
    _require_in_community(actor, community_id)
    return version, ended_at is not None


def running_in(actor, *, community_id):
    """``(run id, version)`` of the live run going on in the block for ``community_id``, or ``(0, 0)``.

    What the screens of a community poll while a session is about to start or going on, until the
    facilitator opens a case live. Two queries for a member. Raises NotFound, InvalidInput.
    """
    permissions.require_authenticated(actor)
    community_id = as_id(community_id, "community_id")
    _require_in_community(actor, community_id)
    found = LiveRun.objects.filter(course_key=actor.course_key, block_key=actor.block_key, community_id=community_id,
                                   ended_at__isnull=True).order_by("-id").values_list("id", "version").first()
    return found or (0, 0)


def live_state(actor, *, run_id):
    """``LiveState`` of a run: the steps, the current one and its end, what the actor is expected to do."""
    run, roles = _visible_run(actor, run_id)
    return _state(actor, roles, run)


def current_run(actor, *, community_id, roles=None):
    """``LiveState`` of the run going on in the block for ``community_id``, or None."""
    roles = roles or access.roles_of(actor)
    run = LiveRun.objects.filter(course_key=actor.course_key, block_key=actor.block_key, community_id=community_id,
                                 ended_at__isnull=True).order_by("-id").first()
    return _state(actor, roles, run) if run is not None else None


def _state(actor, roles, run):
    case = run.case
    minutes = _durations(run.durations)
    ends = run.step_started_at + datetime.timedelta(minutes=minutes[run.step - 1])
    notes = list(CaseContribution.objects.filter(case=case, step=run.step, kind=CaseContribution.NOTE,
                                                 hidden=False).order_by("-id").values_list(
        "author_id", "body")[:NOTES_SHOWN])
    named = people.names(actor.course_key, {case.owner_id} | {author for author, _b in notes} - {""})
    drives = permissions.can_facilitate(roles, run.community_id)
    is_owner = case.owner_id == actor.user_id
    if drives and not is_owner:
        role, expected = "facilitator", _facilitator_expectation(run.step)
    else:
        role = "owner" if is_owner else "consultant"
        expected = case_steps.expectation(False, run.step, is_owner, False)
    session_note_taker = run.session.note_taker_id if run.session_id else ""
    ended = run.ended_at is not None
    return LiveState(
        id=run.id, case_id=case.id, case_title=case.title,
        owner=named[case.owner_id] if case.owner_id else None, community_id=run.community_id,
        session_id=run.session_id, step=run.step, step_name=case_steps.step_name(run.step),
        steps=[LiveStep(number=n, name=case_steps.step_name(n), minutes=minutes[n - 1],
                        state="done" if n < run.step else "current" if n == run.step else "next")
               for n in range(case_steps.FIRST_STEP, case_steps.LAST_STEP + 1)],
        step_ends_at=ends.isoformat(), seconds_left=int((ends - timezone.now()).total_seconds()),
        expected=expected, role=role, can_drive=drives and not ended,
        can_note=not ended and (drives or (bool(session_note_taker) and session_note_taker == actor.user_id)),
        notes=[(named[author].display_name if author else _("Former member"), body) for author, body in notes],
        version=run.version, ended=ended,
    )


def move_live(actor, *, run_id, from_step, direction):
    """Move the run (and its case) one step ``next`` or ``back`` from ``from_step``; the step's clock restarts.

    Returns ``LiveState``. Raises NotFound, InvalidInput, NotAllowed ``facilitator_only``,
    Conflict ``wrong_step`` (someone moved it meanwhile) / ``live_ended``.
    """
    direction = as_choice(direction, "direction", DIRECTIONS)
    from_step = as_int(from_step, "from_step", case_steps.FIRST_STEP, case_steps.LAST_STEP)
    with transaction.atomic():
        run, roles = _visible_run(actor, run_id, lock=True)
        _driving(actor, roles, run)
        case = Case.objects.select_for_update().get(id=run.case_id)
        if run.step != from_step:
            raise Conflict(
                # Translators: {step} is the name of a co-development step.
                _("The case is now at the step « {step} ». Reload the case to see it.").format(
                    step=case_steps.step_name(run.step)), code="wrong_step")
        target = from_step + 1 if direction == "next" else from_step - 1
        if not case_steps.FIRST_STEP <= target <= case_steps.LAST_STEP:
            raise Conflict(_("There is no step in this direction."), code="wrong_step")
        run.step = case.step = target
        run.step_started_at = timezone.now()
        run.version += 1
        run.save(update_fields=["step", "step_started_at", "version"])
        case.save(update_fields=["step", "updated_at"])
    return _state(actor, roles, run)


def set_durations(actor, *, run_id, durations):
    """Change the planned minutes of the six steps. Returns ``LiveState``. Raises as ``move_live``."""
    minutes = as_durations(durations)
    with transaction.atomic():
        run, roles = _visible_run(actor, run_id, lock=True)
        _driving(actor, roles, run)
        run.durations = ",".join(map(str, minutes))
        run.version += 1
        run.save(update_fields=["durations", "version"])
    return _state(actor, roles, run)


def add_note(actor, *, run_id, body):
    """A note of what was said in the current step, kept as a contribution of the case (kind ``note``).

    The facilitator or the session's note-taker. Returns ``(contribution id, LiveState)``.
    Raises NotFound, InvalidInput, NotAllowed ``note_taker_only``, Conflict ``live_ended``.
    """
    body = as_text(body, "body", NOTE_LENGTH)
    with transaction.atomic():
        run, roles = _visible_run(actor, run_id, lock=True)
        note_taker = run.session.note_taker_id if run.session_id else ""
        if not (permissions.can_facilitate(roles, run.community_id) or (note_taker and note_taker == actor.user_id)):
            raise NotAllowed(_("The facilitator and the note-taker take the notes."), code="note_taker_only")
        gate.require_can_write(actor, community_id=run.community_id, roles=roles)
        if run.ended_at is not None:
            raise Conflict(_("This live session has ended."), code="live_ended")
        row = CaseContribution.objects.create(case_id=run.case_id, step=run.step, kind=CaseContribution.NOTE,
                                              author_id=actor.user_id, body=body)
        run.version += 1
        run.save(update_fields=["version"])
    return row.id, _state(actor, roles, run)


def end_live(actor, *, run_id):
    """End the live run (the case stays at its step). Returns ``LiveState``. Raises as ``move_live``."""
    with transaction.atomic():
        run, roles = _visible_run(actor, run_id, lock=True)
        _driving(actor, roles, run)
        run.ended_at = timezone.now()
        run.running_case = None
        run.version += 1
        run.save(update_fields=["ended_at", "running_case", "version"])
    return _state(actor, roles, run)


def live_cases(actor, *, community_id):
    """[(id, title)] of the presented cases of the block's community a facilitator may run live (50 newest)."""
    return list(Case.objects.filter(course_key=actor.course_key, block_key=actor.block_key,
                                    community_id=community_id, presented_at__isnull=False)
                .order_by("-id").values_list("id", "title")[:50])
