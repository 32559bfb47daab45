"""The platform seam: Open edX's user service shape, course keys, migrations in step."""

from types import SimpleNamespace

import pytest
from django.core.management import call_command
from xblock.reference.user_service import XBlockUser

from cap_xblock import platform


class FakeRuntime:
    def __init__(self, user):
        self.user = user

    def service(self, block, name):  # pylint: disable=unused-argument
        return SimpleNamespace(get_current_user=lambda: self.user)


def block_with(user, usage_id="block-v1:Org+Course+Run+type@cap+block@abc"):
    return SimpleNamespace(runtime=FakeRuntime(user), scope_ids=SimpleNamespace(usage_id=usage_id, user_id=None))


def open_edx_user(role="student", user_id=7, name="Awa Ndiaye"):
    user = XBlockUser(is_current_user=True, emails=["awa@example.org"], full_name=name)
    user.opt_attrs.update({"edx-platform.user_id": user_id, "edx-platform.username": "awa",
                           "edx-platform.user_role": role, "edx-platform.user_is_staff": False,
                           "edx-platform.is_authenticated": True})
    return user


def test_open_edx_learner():
    user = platform.current_user(block_with(open_edx_user()))
    assert (user.user_id, user.username, user.display_name, user.is_staff) == ("7", "awa", "Awa Ndiaye", False)


@pytest.mark.parametrize("role", ["staff", "instructor"])
def test_open_edx_course_staff(role):
    assert platform.current_user(block_with(open_edx_user(role=role))).is_staff


def test_open_edx_anonymous():
    user = open_edx_user(user_id=None)
    user.opt_attrs["edx-platform.is_authenticated"] = False
    assert platform.current_user(block_with(user)).is_anonymous


def test_display_name_falls_back_to_username():
    assert platform.current_user(block_with(open_edx_user(name=""))).display_name == "awa"


def test_course_key_from_usage_key():
    usage = SimpleNamespace(context_key="course-v1:Org+Course+Run")
    assert platform.course_key(block_with(open_edx_user(), usage_id=usage)) == "course-v1:Org+Course+Run"


def test_workbench_block_key_is_stable_across_reloads():
    first = block_with(open_edx_user(), usage_id="scenario-slug.cap.d0.u0")
    later = block_with(open_edx_user(), usage_id="scenario-slug.cap.d7.u0")
    assert platform.block_key(first) == platform.block_key(later) == "scenario-slug.cap"


def test_retirement_signal_is_absent_outside_the_lms():
    assert platform.retirement_signal() is None


@pytest.mark.django_db
def test_models_and_migrations_are_in_step():
    call_command("makemigrations", "cap_xblock", "--check", "--dry-run", verbosity=0)
