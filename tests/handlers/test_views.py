"""The block's views by role and language, its Studio settings and OLX round trip."""

import pytest
from lxml import etree

pytestmark = pytest.mark.django_db


def test_learner_view_is_french_by_default(workbench, demo):
    html = workbench.view("learner1", language="").content.decode()
    assert "Ma communauté" in html and "Les Baobabs" in html and "Awa Ndiaye" in html
    assert "Gérer les communautés" not in html


def test_learner_view_in_english_when_the_browser_asks(workbench, demo):
    html = workbench.view("learner1", language="en-US,en;q=0.8").content.decode()
    assert "My community" in html and "Ma communauté" not in html


def test_staff_view_has_the_management_area(workbench, demo):
    html = workbench.view("staff").content.decode()
    assert "Gérer les communautés" in html
    assert "manage.js" not in html  # scripts are inlined in the fragment, not fetched
    assert "CapManage" in html


def test_facilitator_view_lists_led_communities(workbench, demo):
    html = workbench.view("facilitator2").content.decode()
    assert "Les communautés que vous facilitez" in html
    assert "Les Palétuviers" in html and "Les Érables" in html
    assert "Gérer les communautés" not in html


def test_names_are_escaped(workbench, demo):
    workbench.post("manage_create", "staff", {"name": "<script>alert(1)</script>"})
    from cap_xblock.models import Community, Membership  # pylint: disable=import-outside-toplevel

    community = Community.objects.get(name__startswith="<script>")
    Membership.objects.filter(user_id="learner1").update(community=community)
    html = workbench.view("learner1").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_studio_view_renders_the_settings(workbench):
    html = workbench.view("staff", view="studio_view").content.decode()
    assert "guiding_question" in html and "sections" in html


def test_author_view(workbench):
    html = workbench.view("staff", view="author_view").content.decode()
    assert "Comment mieux impliquer les parties prenantes ?" in html


def _changed_value(block, name):
    """A value of the Studio field ``name`` that is not its default, built from the field's type."""
    from xblock.fields import Boolean, Float, Integer, List, String  # pylint: disable=import-outside-toplevel

    field = block.fields[name]
    if isinstance(field, Boolean):
        return not field.default
    if isinstance(field, Integer):
        return field.default + 1
    if isinstance(field, Float):
        return field.default + 1.5
    if isinstance(field, List):
        provider = field.runtime_options.get("list_values_provider")
        if provider:
            return [choice["value"] for choice in provider(block)][:2]
        return [f"Question « {name} » 1 ?", "Deuxième <question> & suite ?"]
    if isinstance(field, String):
        return f"Texte « {name} » <b>gras</b> & 'guillemets'\nsur deux lignes"
    raise AssertionError(f"Studio field {name} of an unexpected type {type(field).__name__}: add it here")


def test_olx_round_trip_keeps_every_setting(scenario_usage_id):
    """Every Studio field (``editable_fields``, so new ones are included) survives export and import."""
    from workbench.runtime import WorkbenchRuntime  # pylint: disable=import-outside-toplevel

    runtime = WorkbenchRuntime("staff")
    block = runtime.get_block(scenario_usage_id)
    values = {name: _changed_value(block, name) for name in block.editable_fields}
    assert len(values) == len(block.editable_fields) >= 11
    for name, value in values.items():
        assert value != block.fields[name].default, name
        setattr(block, name, value)
    block.save()
    node = etree.Element("cap")
    block.add_xml_to_node(node)
    xml = etree.tostring(node, encoding="unicode")
    new_id = runtime.parse_xml_string(xml)
    copy = runtime.get_block(new_id)
    assert {name: getattr(copy, name) for name in values} == values


def test_staff_save_studio_settings(workbench):
    status, body = workbench.post("submit_studio_edits", "staff", {
        "values": {"display_name": "Notre CAP", "guiding_question": "Comment diffuser une pratique ?",
                   "sections": ["community"]}, "defaults": []})
    assert status == 200 and body == {"result": "success"}
    assert "Notre CAP" in workbench.view("learner1").content.decode()


@pytest.mark.parametrize("values", [
    {"display_name": 42}, {"sections": "community"}, {"sections": ["nope"]}, {"display_name": "x" * 201},
    {"guiding_question": ["a"]},
])
def test_invalid_studio_settings_are_refused(workbench, values):
    status, body = workbench.post("submit_studio_edits", "staff", {"values": values, "defaults": []})
    assert status == 400 and body["error"]["code"] == "invalid_settings"
    assert body["error"]["message"]


@pytest.mark.parametrize("payload,expected", [({"values": "x"}, 400), ({"defaults": 3}, 400), ({}, 200)])
def test_malformed_studio_payloads(workbench, payload, expected):
    status, _body = workbench.post("submit_studio_edits", "staff", payload)
    assert status == expected


def test_learners_cannot_change_settings(workbench):
    status, body = workbench.post("submit_studio_edits", "learner1", {"values": {"display_name": "Piraté"}})
    assert status == 403 and body["error"]["code"] == "staff_only"
