"""The learner view's first render carries « Ma communauté »; other sections arrive when opened."""

import pytest

from cap_xblock.api import access, charter
from tests.utils import make_actor

pytestmark = pytest.mark.django_db

FIRST_RENDER_BUDGET = 60 * 1024


@pytest.fixture(autouse=True)
def lazy_sections(settings):
    settings.CAP_OPEN_ALL_SECTIONS = False


def accept_charter(user_id):
    actor = make_actor(user_id)
    community_id, _roles = access.resolve_community(actor)
    state = charter.get_charter(actor, community_id=community_id)
    charter.accept_charter(actor, community_id=community_id, version=state.version)


def test_first_render_has_closed_sections(workbench, demo):
    accept_charter("learner1")
    html = workbench.view("learner1", open_sections=False).content.decode()
    assert "Les Baobabs" in html
    for key in ("cases", "brainstorm", "journal", "discussion"):
        assert f'data-open-section="{key}"' in html
    assert 'data-open-section="moderation"' not in html
    assert "data-cases-list" not in html


@pytest.mark.charter_gate
def test_a_charter_to_accept_is_open_at_once(workbench, demo):
    html = workbench.view("learner23", open_sections=False).content.decode()  # placed now, never accepted
    if 'data-open-section="charter"' in html:
        pytest.fail("the charter must be open when the member has not accepted it")
    assert 'data-section="charter"' in html and "data-charter" in html


def test_open_a_section_then_it_stays_open(workbench, demo):
    accept_charter("learner1")
    status, body = workbench.get("section_view", "learner1", {"key": "cases"})
    assert status == 200 and "data-cases-list" in body["html"]
    assert body["scripts"] and all(url.endswith(".js") for url in body["scripts"])
    status, body = workbench.post("section_state", "learner1", {"key": "cases", "open": True})
    assert status == 200 and body["open"] == ["cases"]
    html = workbench.view("learner1", open_sections=False).content.decode()
    assert "data-cases-list" in html and 'data-close-section="cases"' in html
    workbench.post("section_state", "learner1", {"key": "cases", "open": False})
    assert 'data-open-section="cases"' in workbench.view("learner1", open_sections=False).content.decode()


def test_section_scripts_are_served(workbench, demo):
    status, body = workbench.get("section_view", "learner1", {"key": "journal"})
    assert status == 200
    for url in body["scripts"]:
        response = workbench.client.get(url)
        assert response.status_code == 200 and b"CapSections" in response.content


@pytest.mark.parametrize("student,key,status", [
    ("learner1", "moderation", 404), ("learner1", "nope", 404), ("learner1", None, 400),
    ("facilitator1", "moderation", 200), ("", "cases", 403),
])
def test_section_access(workbench, demo, student, key, status):
    got, body = workbench.get("section_view", student, {"key": key} if key else {})
    assert got == status, body


def test_waiting_learner_sees_only_their_community(workbench, demo):
    workbench.post("manage_settings", "staff", {"assignment_mode": "manual"})
    html = workbench.view("learner25", open_sections=False).content.decode()
    assert 'data-open-section="' not in html
    status, _body = workbench.get("section_view", "learner25", {"key": "cases"})
    assert status == 404


@pytest.mark.parametrize("student", ["learner1", "learner9", "facilitator2", "staff"])
def test_first_render_stays_under_the_budget(scenario_usage_id, demo, student):
    """HTML + CSS + scripts of the block's first render, uncompressed."""
    from workbench.runtime import WorkbenchRuntime  # pylint: disable=import-outside-toplevel

    accept_charter("learner1")
    runtime = WorkbenchRuntime(student)
    fragment = runtime.get_block(scenario_usage_id).render("student_view", {})
    size = len(fragment.content.encode("utf-8"))
    size += sum(len((resource.data or "").encode("utf-8")) for resource in fragment.resources)
    if student != "staff":
        assert size <= FIRST_RENDER_BUDGET, size
    assert size <= 2 * FIRST_RENDER_BUDGET, size
