"""The capability declarations (cap_xblock/capabilities/) and what the block, retirement, the demo and the
benchmarks read from them (decision 0022)."""

from pathlib import Path

import pytest

from cap_xblock import capabilities
from cap_xblock.block import SECTION_ROLES, SECTIONS, CapXBlock
from cap_xblock.capabilities import registry

ROOT = Path(__file__).resolve().parents[2]


def test_the_sections_are_the_declarations_in_their_order():
    assert list(SECTIONS) == ["community", "dashboard", "overview", "charter", "journal", "cases", "brainstorm",
                             "discussion", "knowledge", "sessions", "moderation", "notifications"]
    assert SECTION_ROLES == {"dashboard": ("facilitator",), "overview": ("staff",),
                             "moderation": ("facilitator", "staff")}
    assert CapXBlock.sections.default == list(SECTIONS)


def test_the_block_is_made_of_every_declared_handler_mixin():
    for capability in capabilities.all_capabilities():
        for mixin in capability.handlers:
            assert mixin in CapXBlock.__mro__, (capability.key, mixin)


def test_every_declared_script_exists_and_every_event_is_documented():
    events_doc = (ROOT / "docs" / "events.md").read_text(encoding="utf-8")
    for capability in capabilities.all_capabilities():
        for name in capability.scripts:
            assert (ROOT / "cap_xblock" / "static" / "js" / name).is_file(), (capability.key, name)
        for event in capability.events:
            assert f"`{event}`" in events_doc, (capability.key, event)


def test_a_renderer_is_callable_with_the_block_the_actor_and_the_view():
    for capability in capabilities.all_capabilities():
        assert capability.renderer is None or callable(capability.renderer), capability.key


def test_the_demo_loads_the_charter_first_and_the_journal_after_the_cases():
    demos = capabilities.demos()
    assert demos[0] == "demo_charter"
    assert demos.index("demo_journal") > demos.index("demo_cases")
    for name in demos:
        assert (ROOT / "workbench" / "cap_demo" / f"{name}.py").is_file(), name


def test_every_capability_that_holds_personal_data_has_a_retirement_hook():
    hooks = dict(capabilities.retirement_hooks())
    assert set(hooks) == {"community", "dashboard", "charter", "journal", "cases", "brainstorm", "discussion",
                          "knowledge", "sessions", "moderation"}


def test_a_key_is_registered_once_and_a_declaration_is_checked():
    with pytest.raises(ValueError):
        registry.register(capabilities.get("cases"))
    with pytest.raises(ValueError):
        registry.Capability(key="x", title="X", order=1, scope="galaxy")
    with pytest.raises(ValueError):
        registry.Capability(key="x", title="X", order=1, roles=("visitor",))
    with pytest.raises(KeyError):
        capabilities.get("no-such-capability")


def test_every_event_a_handler_names_is_declared_by_a_capability():
    import re  # pylint: disable=import-outside-toplevel

    declared = set(capabilities.events()) | {"cap.settings.saved"}  # Studio's save belongs to no capability
    named = set()
    for path in (ROOT / "cap_xblock").rglob("*.py"):
        named |= set(re.findall(r'"(cap\.[a-z_]+\.[a-z_]+)"', path.read_text(encoding="utf-8")))
    assert sorted(named - declared) == []


def test_every_capability_has_its_own_order():
    orders = [capability.order for capability in registry.all_capabilities()]
    assert len(orders) == len(set(orders))


def test_a_retirement_hook_that_needs_the_persons_name_runs_before_the_community_forgets_it():
    order = [key for key, _retire in capabilities.retirement_hooks()]
    assert order.index("sessions") < order.index("community") < order.index("charter")


def test_each_part_of_the_completion_rule_is_declared_with_its_studio_setting():
    from cap_xblock.api import progress  # pylint: disable=import-outside-toplevel

    parts = {part.key: part for part in capabilities.completion_parts()}
    assert set(parts) == {"charter", "cases", "journal_entries", "sessions"}
    assert [part.key for part in progress.parts()] == list(parts)
    for capability in capabilities.all_capabilities():
        if capability.completion is not None:
            assert capability.completion.setting in capability.fields, capability.key
            assert capability.completion.setting in CapXBlock.editable_fields, capability.key
    # Asked by default as its field says; not asked while its section is hidden, unless always shown.
    assert progress.CompletionRule() == progress.CompletionRule(charter=True, cases=1, journal_entries=0, sessions=0)
    assert [part.section for part in progress.parts()] == [None, "journal", "cases", "sessions"]
    # The most Studio accepts is its field's (Studio's number input shows the same limits).
    assert {part.setting: (CapXBlock.fields[part.setting].values["max"], part.most)
            for part in progress.parts() if not part.yes_no} == {
        "completion_journal_entries": (50, 50), "completion_cases": (20, 20), "completion_sessions": (50, 50)}
