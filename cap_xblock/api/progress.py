"""What completes a CAP activity for a learner, and the participation grade that follows from it.

The rule is made of *parts*, each declared by its capability
(``Capability.completion``, a ``CompletionPart``; decision 0031): the
community charter accepted, taking part in N cases of the activity, writing
N journal entries in it, being recorded present at N sessions of the course,
and whatever a capability declares next. The course team chooses, in Studio,
how many of each are asked (each part's setting, one of its capability's
Studio fields); a part whose section the block does not show is not asked.
Everything is counted from rows, by the part's ``counter``; a journal entry is
counted, never read.

The fraction of the rule met is the mean, over the parts the rule asks for,
of ``min(1, done / asked)`` (a yes/no part such as the charter is 0 or 1). It
is the participation grade (out of 1) when the course team turns the grade
on, and the activity is complete when it reaches 1.

This module names no capability: the declarations register their parts here
(``capabilities/registry.py`` calls ``register_part``), as panels of the
dashboard are registered with ``api.dashboard``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from .access import roles_of


@dataclass(frozen=True)
class CompletionPart:
    """One part of the completion rule, declared by its capability.

    key: its name in the rule and in ``Progress`` (``CompletionRule(cases=2)``, ``rule.cases``), and in the
        mobile apps' data.
    setting: the name of the Studio field (one of its capability's ``fields``) saying how many are asked.
    counter: ``counter(actor, *, community_id) -> done``: how many the learner did (a yes/no part: True or
        False); ``community_id`` is the learner's community in the course (None when they have none).
    most: the largest number Studio accepts (a yes/no part: 1); the registry takes it from the setting's
        field (``values={"min": 0, "max": 20}``).
    yes_no: asked or not (a ``Boolean`` setting), done or not (the charter accepted).
    done_name: its name in ``Progress`` and the mobile apps' progress when not ``key`` (``charter_accepted``).
    label: what it counts, lazily translated, in Studio's message about the rule (« cases taken part in »).
    default: how many are asked when nothing is set; the registry takes it from the setting's field.
    section: the section whose hiding takes the part out of the rule; set by the registry (the capability's
        key; None for a section shown whatever the block says, as the charter is).
    order: its place among the parts (its capability's ``order``); set by the registry.
    """

    key: str
    setting: str
    counter: Callable
    most: int = 1
    yes_no: bool = False
    done_name: str = ""
    label: object = ""
    default: object = 0
    section: str | None = None
    order: int = 0

    @property
    def name_in_progress(self):
        """Its name in ``Progress`` (``done_name``, or ``key``)."""
        return self.done_name or self.key

    def nothing_done(self):
        """What ``Progress`` says of it before anything is counted."""
        return False if self.yes_no else 0


_PARTS = {}


def register_part(part):
    """Add ``part`` to the rule (called by the capabilities' registry); returns it. A key is registered once."""
    if part.key in _PARTS:
        raise ValueError(f"completion part {part.key!r} is already registered")
    _PARTS[part.key] = part
    return part


def parts():
    """The declared parts of the rule, in the order of their capabilities.

    None declared means the declarations were not imported (``cap_xblock.capabilities``, imported by the
    app's ``ready`` and by the block): a rule would then ask nothing and complete everyone, so this raises.
    """
    if not _PARTS:
        raise RuntimeError("no part of the completion rule is declared: import cap_xblock.capabilities first")
    return sorted(_PARTS.values(), key=lambda part: (part.order, part.key))


def _part(key):
    try:
        return _PARTS[key]
    except KeyError:
        raise AttributeError(f"no completion part is declared as {key!r}") from None


class CompletionRule:
    """What a learner must have done for the activity to be complete: how many of each part are asked.

    ``CompletionRule(charter=True, cases=2)``; a part not named asks its declared default. ``rule.cases``
    is what is asked of the part ``cases`` (True/False for a yes/no part, 0: not asked). Values are kept as
    given: ``rule_is_valid`` says whether they are within the limits.
    """

    def __init__(self, **asked):
        self._asked = dict(asked)

    def asked(self, key):
        """What the rule asks of the part ``key`` (AttributeError for a part nobody declared)."""
        part = _part(key)
        return self._asked.get(key, part.default)

    def __getattr__(self, key):
        if key.startswith("_"):
            raise AttributeError(key)
        return self.asked(key)

    def _values(self):
        for key in self._asked:
            _part(key)  # a part nobody declared: AttributeError, never silently ignored
        return tuple((part.key, self.asked(part.key)) for part in parts())

    @property
    def is_empty(self):
        """Whether the rule asks for nothing."""
        return not any(value for _key, value in self._values())

    def __eq__(self, other):
        return isinstance(other, CompletionRule) and self._values() == other._values()

    def __hash__(self):
        return hash(self._values())

    def __repr__(self):
        return "CompletionRule({})".format(", ".join(f"{key}={value!r}" for key, value in self._values()))


@dataclass(frozen=True)
class Progress:
    """How far one learner is along the rule of one activity. Counts only, never text.

    ``done`` maps each declared part's ``name_in_progress`` to what the learner did (0 or False for a part
    that is not asked); ``progress.cases`` or ``progress.charter_accepted`` reads it.
    """

    done: dict = field(hash=False)
    fraction: float  # 0.0 .. 1.0
    member: bool  # in a community of the course (only members are given completion and grade)

    def __getattr__(self, name):
        if name.startswith("_") or name == "done":
            raise AttributeError(name)
        try:
            return self.done[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def met(self):
        """Complete: a member who did everything the rule asks."""
        return self.member and self.fraction >= 1.0

    def as_json(self):
        """What the mobile apps receive: each part's count by its name, ``fraction`` and ``member``."""
        return dict(self.done, fraction=self.fraction, member=self.member)


def _is_count(value):
    return isinstance(value, int) and not isinstance(value, bool)


def rule_is_valid(rule):
    """Whether ``rule`` asks for something, within the limits (Studio's validation)."""
    for part in parts():
        value = rule.asked(part.key)
        if not part.yes_no and not (isinstance(value, int) and 0 <= value <= part.most):
            return False
    return not rule.is_empty


def effective_rule(settings):
    """The rule of ``settings`` (the block, or Studio's preview of it), without the parts of hidden sections.

    ``settings`` has each part's setting as an attribute, and ``sections`` (the sections chosen in Studio).
    """
    chosen = set(settings.sections or [])
    asked = {}
    for part in parts():
        value = getattr(settings, part.setting, part.default)
        shown = part.section is None or part.section in chosen
        if part.yes_no:
            asked[part.key] = bool(value) and shown
        else:
            asked[part.key] = max(0, value) if _is_count(value) and shown else 0
    return CompletionRule(**asked)


def rule_as_asked(settings):
    """The rule of ``settings`` as Studio is asked to save it, before any check (``rule_is_valid``)."""
    asked = {}
    for part in parts():
        value = getattr(settings, part.setting, part.default)
        asked[part.key] = bool(value) if part.yes_no else value
    return CompletionRule(**asked)


def fraction_of(rule, done):
    """The fraction of ``rule`` met by ``done`` ({part key: count}; 1.0 for a rule that asks nothing)."""
    shares = []
    for part in parts():
        asked = rule.asked(part.key)
        if not asked:
            continue
        count = done.get(part.key, part.nothing_done())
        shares.append((1.0 if count else 0.0) if part.yes_no else min(1.0, count / asked))
    if not shares:
        return 1.0
    return round(sum(shares) / len(shares), 4)


def progress_of(actor, *, rule):
    """``Progress`` of ``actor`` on ``rule`` in their activity: their roles (when the request has not read
    them), then one query per part asked (none for the anonymous)."""
    nothing = {part.name_in_progress: part.nothing_done() for part in parts()}
    if actor.is_anonymous:
        return Progress(done=nothing, fraction=0.0, member=False)
    community_id = roles_of(actor).member_of  # read once per request (the write gate read them already)
    done = {}
    for part in parts():
        if rule.asked(part.key):
            count = part.counter(actor, community_id=community_id)
            done[part.key] = bool(count) if part.yes_no else count
    return Progress(done=dict(nothing, **{_PARTS[key].name_in_progress: count for key, count in done.items()}),
                    fraction=fraction_of(rule, done), member=community_id is not None)


def unchanged_by_one_more(actor, *, rule, part):
    """Whether a write that adds at most one to the learner's count of ``part`` (a journal entry, a case taken
    part in) leaves their progress as it was: the rule does not ask for the part, or they had done more than
    it asks before the write (their fraction of it stayed 1). Asks the part's counter alone (one query);
    a yes/no part (the charter) is never known unchanged."""
    declared = _PARTS.get(part)
    if declared is None:
        return False  # a part nobody declared: count everything, as without the hint
    asked = rule.asked(part)
    if not asked:
        return True
    if declared.yes_no:
        return False
    return declared.counter(actor, community_id=roles_of(actor).member_of) > asked
