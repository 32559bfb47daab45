"""The fakes say what the platform says (so that the other platform tests prove something)."""

import pytest
from xblock.exceptions import NoSuchServiceError

from tests.platform import runtimes


def _attrs(runtime_class, student):
    runtime = runtime_class(student)
    block = runtime.get_block(_usage_id())
    return runtime, block, runtime.service(block, "user").get_current_user().opt_attrs


def _usage_id():
    from workbench.scenarios import get_scenarios, init_scenarios  # pylint: disable=import-outside-toplevel

    init_scenarios()
    return get_scenarios()["cap.0"].usage_id


pytestmark = pytest.mark.django_db


def test_lms_reports_role_and_course_staff():
    _runtime, block, attrs = _attrs(runtimes.LmsRuntime, "staff")
    assert (attrs["edx-platform.user_role"], attrs["edx-platform.user_is_staff"]) == ("staff", True)
    assert str(block.scope_ids.usage_id.context_key) == "course-v1:CAP+Demo+2026"
    _runtime, block, attrs = _attrs(runtimes.LmsRuntime, "learner1")
    assert (attrs["edx-platform.user_role"], attrs["edx-platform.user_is_staff"]) == ("student", False)
    assert block.runtime.service(block, "studio_user_permissions") is None


def test_studio_handler_reports_no_role_even_for_authors():
    runtime, block, attrs = _attrs(runtimes.StudioHandlerRuntime, "staff")
    assert (attrs["edx-platform.user_role"], attrs["edx-platform.user_is_staff"]) == ("student", False)
    assert runtime.service(block, "studio_user_permissions").can_write(block.scope_ids.usage_id.context_key)


def test_preview_is_author_mode_with_the_course_role():
    runtime, _block, attrs = _attrs(runtimes.StudioPreviewRuntime, "author1")
    assert runtime.is_author_mode and attrs["edx-platform.user_role"] == "staff"


def test_learning_core_anonymous_visitor_is_bound_as_anon_without_user_attributes():
    _runtime, block, attrs = _attrs(runtimes.LearningCoreRuntime, "")
    assert block.scope_ids.user_id.startswith("anon")
    assert attrs == {"edx-platform.is_authenticated": False, "edx-platform.request_country_code": None}
    assert str(block.scope_ids.usage_id.context_key) == "lib:CAP:communautes"
    assert not block.scope_ids.usage_id.context_key.is_course


def test_the_block_declares_the_studio_permission_service_it_asks_for():
    runtime, block, _attrs_ = _attrs(runtimes.LmsRuntime, "learner1")
    assert type(block).service_declaration("studio_user_permissions") == "want"
    # Every runtime refuses a service the block did not declare.
    with pytest.raises(NoSuchServiceError):
        runtime.service(block, "bookmarks")


def test_lms_handler_view_refuses_anonymous_posts_before_the_block(on):
    client = on("lms")
    response = client.client.post(client.url("community_state", ""), "{}", content_type="application/json")
    assert (response.status_code, response.content) == (403, b"Unauthenticated")


def test_lms_handler_view_checks_csrf_for_signed_in_people(on):
    client = on("lms")
    status, _body = client.post("charter_accept", "learner1", {}, csrf=False)
    assert status == 403


def test_studio_handler_requires_a_login(on):
    client = on("studio")
    response = client.client.get(client.handler_path("ping"), {"student": ""})
    assert response.status_code == 302
