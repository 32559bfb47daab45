"""What a capability declares, and the registry the block reads.

A capability (the charter, the journal, cases, ...) is declared once, as a
``Capability``, in its own module of ``cap_xblock/capabilities/``, which calls
``register``. The block, its sections, retirement, the workbench demo and the
benchmarks read the declarations: none of them is edited by hand to add one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from xblock.fields import Integer, Scope

from ..api.progress import CompletionPart, register_part

ROLES = ("learner", "facilitator", "staff")
SCOPES = ("block", "course")


@dataclass(frozen=True)
class Bench:
    """One list handler measured by ``make bench`` (``bench/lists.py`` reads these).

    ``seed`` names the function that grows the list: ``"seed_cases"`` for one of
    ``bench/lists.py``, or ``"module:function"`` elsewhere (outside the package:
    the benchmark imports it, the block never does).
    """

    handler: str
    student: str
    seed: str
    note: str = ""


@dataclass(frozen=True)
class Capability:  # pylint: disable=too-many-instance-attributes
    """The declaration of one capability.

    key: the section's key (``sections`` field, ``CapSections[key]`` in the scripts, ``section_view``).
    title: its title, lazily translated (``gettext_lazy``).
    order: its place in the learner view (and Studio's list of sections), smallest first.
    roles: who sees its section, among ``ROLES``.
    scope: ``"block"`` (its data belongs to one activity and one community) or ``"course"``
        (shared by every activity of the course, e.g. the charter).
    handlers: the handler mixins the block is made of (``@json_handler`` methods, helpers).
    renderer: what renders its section for ``(block, actor, community_view)``: a function
        (e.g. ``CaseHandlers.render_cases_section``) returning a ``handlers.base.Section``, the
        section's HTML as a string, or None (nothing to show this person); None when the block's
        own template shows it (« Ma communauté »).
    scripts: the files of ``static/js`` its section loads (when the renderer returns HTML only).
    strings: a function returning the translated texts its script needs (keys prefixed with ``key``).
    always_shown: shown whatever Studio's ``sections`` field says (the charter: members accept it first).
    mobile: listed among the activity's sections for the mobile apps (False for tools around the activity:
        the dashboard, the course overview, notification preferences).
    opens: ``opens(actor, community_view) -> bool``: True when the section must be open in the first
        render, whatever the person left open (a charter they have to accept before writing).
    fields: its Studio settings, ``{name: xblock.fields.Field}``: fields of the block, editable in Studio,
        exported to OLX. The handlers read them as ``self.<name>``.
    completion: its part of the completion rule and the participation grade (``CompletionPart``): what
        it counts, and the setting among its ``fields`` that says how many are asked (decision 0031).
    validate: ``validate(validation, data)``: adds a ``ValidationMessage`` for each wrong value of its
        settings before Studio saves them (``data`` is the block as it would be).
    retire: ``retire(user_id) -> rows touched``: removes or anonymises a retired person's data.
    retire_order: when its ``retire`` runs, smallest first (defaults to ``order``): before « Ma communauté »
        (10), which deletes the display-name snapshot, when it needs the person's name (to take it out of a text).
    demo: the module of the workbench demo (``workbench/cap_demo/<demo>.py``) whose
        ``load(course_key, block_key, communities)`` adds its demo content.
    demo_order: when its demo runs, smallest first (defaults to ``order``): after what it refers to.
    bench: the list handlers ``make bench`` measures (``Bench``).
    scale: lists and dashboards ``make bench`` also measures at a course's size (``bench.lists.ScaleBench``).
    not_lists: its GET handlers that are not lists (one object, a download): the benchmark knows them.
    events: the tracking events it publishes (``docs/events.md`` describes each).
    """

    key: str
    title: object
    order: int
    roles: tuple = ROLES
    scope: str = "block"
    handlers: tuple = ()
    renderer: object = None
    scripts: tuple = ()
    strings: Callable[[], dict] | None = None
    always_shown: bool = False
    mobile: bool = True
    opens: object = None
    fields: dict = field(default_factory=dict, hash=False)
    completion: CompletionPart | None = None
    validate: object = None
    retire: object = None
    retire_order: int | None = None
    demo: str = ""
    demo_order: int | None = None
    bench: tuple = ()
    scale: tuple = ()
    not_lists: tuple = ()
    events: tuple = ()

    def __post_init__(self):
        if self.scope not in SCOPES:
            raise ValueError(f"capability {self.key!r}: scope must be one of {SCOPES}")
        if not set(self.roles) <= set(ROLES):
            raise ValueError(f"capability {self.key!r}: roles must be among {ROLES}")
        if self.completion is not None and self.completion.setting not in self.fields:
            raise ValueError(f"capability {self.key!r}: its completion setting must be one of its fields")

    def visible_to(self, role):
        """Whether a person of ``role`` (learner, facilitator, staff) sees this capability's section."""
        return role in self.roles

    def extra_strings(self):
        """The translated texts the section's script needs (none when it declares no ``strings``)."""
        return dict(self.strings()) if self.strings else {}


_REGISTRY = {}


def register(capability):
    """Add ``capability`` to the registry; returns it. A key can be registered once (ValueError)."""
    if capability.key in _REGISTRY:
        raise ValueError(f"capability {capability.key!r} is already registered")
    _REGISTRY[capability.key] = capability
    if capability.completion is not None:
        # Its part of the rule: not asked while its section is hidden (unless always shown); asked by
        # default, and at most, as its setting's field says.
        setting = capability.fields[capability.completion.setting]
        limits = setting.values if isinstance(setting.values, dict) else {}
        register_part(replace(capability.completion, section=None if capability.always_shown else capability.key,
                              default=setting.default, most=limits.get("max", capability.completion.most),
                              order=capability.order))
    return capability


def all_capabilities():
    """Every registered capability, in the learner view's order."""
    return sorted(_REGISTRY.values(), key=lambda capability: (capability.order, capability.key))


def get(key):
    """The capability of ``key``; KeyError when there is none."""
    return _REGISTRY[key]


def keys():
    """The keys of the registered capabilities, in the learner view's order."""
    return [capability.key for capability in all_capabilities()]


def handler_mixins():
    """The bases ``CapXBlock`` is made of, in order, each once: per capability, a class holding its Studio
    fields (when it declares some), then its handler mixins."""
    mixins = []
    for capability in all_capabilities():
        if capability.fields:
            name = "".join(part.title() for part in capability.key.split("_")) + "StudioFields"
            mixins.append(type(name, (), dict(capability.fields, __module__=__name__,
                                              __doc__=f"The Studio settings of « {capability.key} ».")))
        mixins += [mixin for mixin in capability.handlers if mixin not in mixins]
    return tuple(mixins)


def studio_fields():
    """The names of the capabilities' Studio fields, in order, but their completion settings (the block adds them
    to ``editable_fields``, then ``completion_settings()``)."""
    return tuple(name for capability in all_capabilities() for name in capability.fields
                 if capability.completion is None or name != capability.completion.setting)


def completion_parts():
    """The declared parts of the completion rule (``CompletionPart``), in the capabilities' order."""
    return [capability.completion for capability in all_capabilities() if capability.completion is not None]


def completion_settings():
    """The names of the Studio fields of the completion rule's parts, in the capabilities' order."""
    return tuple(part.setting for part in completion_parts())


def validate_settings(validation, data):
    """Each capability's ``validate`` hook, in order, on the settings Studio is about to save."""
    for capability in all_capabilities():
        if capability.validate:
            capability.validate(validation, data)


def demos():
    """The workbench demo modules of the capabilities, in the order they load."""
    ordered = sorted((capability for capability in all_capabilities() if capability.demo),
                     key=lambda capability: (capability.order if capability.demo_order is None
                                             else capability.demo_order, capability.order))
    return [capability.demo for capability in ordered]


def retirement_hooks():
    """``(key, retire)`` of every capability that holds a person's data, in the order they run (``retire_order``)."""
    ordered = sorted((capability for capability in all_capabilities() if capability.retire),
                     key=lambda capability: (capability.order if capability.retire_order is None
                                             else capability.retire_order, capability.order))
    return [(capability.key, capability.retire) for capability in ordered]


# Events of the block itself, sent by the platform's lifecycle (``receivers.py``), not by a capability.
BLOCK_EVENTS = ("cap.block.deleted", "cap.block.duplicated")


def events():
    """Every tracking event the capabilities declare, and the block's own lifecycle events, sorted."""
    return sorted({event for capability in all_capabilities() for event in capability.events} | set(BLOCK_EVENTS))


def completion_count_field(display_name, help_text, *, default, most):
    """The Studio setting of a counted completion part: how many the rule asks (0: not asked).

    ``most`` is both the limit of Studio's number input and the most the completion rule may ask.
    """
    return Integer(display_name=display_name, help=help_text, scope=Scope.settings, default=default,
                   values={"min": 0, "max": most})
