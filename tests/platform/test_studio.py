"""Studio: its authors save every setting through Studio's own handler; refusals reach Studio's editor."""

import sys
import types

import pytest

from cap_xblock import platform
from tests.platform import runtimes
from tests.platform.helpers import rows, studio_editor_message

pytestmark = pytest.mark.django_db

EVERY_SETTING = {
    "display_name": "Communauté des agents de santé",
    "display_name_en": "Community of health workers",
    "guiding_question": "Comment mieux impliquer les parties prenantes ?",
    "guiding_question_en": "How can we better involve stakeholders?",
    "sections": ["community", "journal", "cases"],
    "charter_fr": "Nous nous écoutons.",
    "charter_en": "We listen to each other.",
    "journal_prompts": ["Qu'avez-vous appris ?"],
    "vote_budget": 5,
    "owner_can_advance": True,
    "allow_anonymous_posts": True,
    "premoderation": True,
    "post_rate_limit": 3,
    "completion_charter": False,
    "completion_cases": 2,
    "completion_journal_entries": 3,
    "completion_sessions": 2,
    "graded": True,
    "weight": 2.5,
}


def _saved_settings(scenario_usage_id):
    block = runtimes.LmsRuntime("learner1").get_block(scenario_usage_id)
    return {name: getattr(block, name) for name in EVERY_SETTING}


def test_the_test_covers_every_setting():
    from cap_xblock.block import CapXBlock  # pylint: disable=import-outside-toplevel

    assert set(EVERY_SETTING) == set(CapXBlock.editable_fields)


@pytest.mark.parametrize("author", ["staff", "author1"])
def test_a_course_author_saves_every_setting_in_studio(on, scenario_usage_id, author):
    # Studio's handler reports role "student" and staff False for everyone: the permission service decides.
    status, body = on("studio").post("submit_studio_edits", author, {"values": EVERY_SETTING, "defaults": []})
    assert (status, body) == (200, {"result": "success"})
    assert _saved_settings(scenario_usage_id) == EVERY_SETTING


def test_someone_who_is_not_an_author_is_refused_with_a_message_studio_shows(on, scenario_usage_id):
    before = _saved_settings(scenario_usage_id)
    client = on("studio")
    response = client.client.post(client.url("submit_studio_edits", "learner1"),
                                  '{"values": {"vote_budget": 7}, "defaults": []}', content_type="application/json",
                                  HTTP_X_CSRFTOKEN=client.csrf())
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "staff_only"
    shown = studio_editor_message(response.content.decode("utf-8"))
    assert shown == "Seule l'équipe pédagogique peut modifier les réglages de cette activité."
    assert _saved_settings(scenario_usage_id) == before


def test_an_invalid_setting_is_explained_in_studios_editor(on):
    client = on("studio")
    response = client.client.post(client.url("submit_studio_edits", "staff"),
                                  '{"values": {"vote_budget": 99}, "defaults": []}', content_type="application/json",
                                  HTTP_X_CSRFTOKEN=client.csrf())
    assert response.status_code == 400
    assert studio_editor_message(response.content.decode("utf-8")) == (
        "Le nombre de votes par membre doit être compris entre 1 et 20.")


def test_a_malformed_save_is_explained_in_studios_editor_too(on):
    client = on("studio")
    response = client.client.post(client.url("submit_studio_edits", "staff"), "[1, 2",
                                  content_type="application/json", HTTP_X_CSRFTOKEN=client.csrf())
    assert response.status_code == 400
    assert studio_editor_message(response.content.decode("utf-8")) == "La requête n'est pas du JSON valide."


def test_studio_asks_the_permission_service_about_the_blocks_course(scenario_usage_id):
    runtime = runtimes.StudioHandlerRuntime("author1")
    block = runtime.get_block(scenario_usage_id)
    from tests.utils import make_actor  # pylint: disable=import-outside-toplevel

    assert platform.can_edit_settings(block, make_actor("author1"))
    assert runtime.permissions.asked == [("write", runtimes.COURSE_KEY)]


def test_without_the_service_studios_own_author_check_decides(scenario_usage_id, monkeypatch, django_user_model):
    """Where no ``studio_user_permissions`` is offered, ``has_studio_write_access`` is imported from the platform."""
    author = django_user_model.objects.create(username="author1")
    learner = django_user_model.objects.create(username="learner1")
    asked = []

    def has_studio_write_access(user, course_key):
        asked.append((user.username, str(course_key)))
        return user.username == "author1"

    for name in ("common", "common.djangoapps", "common.djangoapps.student"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    auth = types.ModuleType("common.djangoapps.student.auth")
    auth.has_studio_write_access = has_studio_write_access
    monkeypatch.setitem(sys.modules, "common.djangoapps.student.auth", auth)
    block = runtimes.LmsRuntime("learner1").get_block(scenario_usage_id)  # no permission service here
    from tests.utils import make_actor  # pylint: disable=import-outside-toplevel

    assert platform.can_edit_settings(block, make_actor(str(author.pk)))
    assert not platform.can_edit_settings(block, make_actor(str(learner.pk), staff=True))
    assert asked == [("author1", "course-v1:CAP+Demo+2026"), ("learner1", "course-v1:CAP+Demo+2026")]


def test_the_studio_view_renders_in_studio(on):
    response = on("studio").view("author1", view="studio_view")
    assert response.status_code == 200
    assert "Votes par membre" in response.content.decode("utf-8")


def test_saving_in_studio_writes_no_community_data(on):
    client = on("studio")
    client.csrf()
    before = rows()
    client.post("submit_studio_edits", "staff", {"values": {"vote_budget": 4}, "defaults": []})
    assert rows() == before
