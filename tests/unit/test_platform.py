"""The platform seam: Open edX's user service shape, course keys, migrations in step."""

from types import SimpleNamespace

import pytest
from django.core.management import call_command
from xblock.reference.user_service import XBlockUser

from cap_xblock import platform


class FakeRuntime:
    def __init__(self, user, services=None, is_author_mode=False):
        self.user = user
        self.services = {"user": SimpleNamespace(get_current_user=lambda: self.user), **(services or {})}
        self.is_author_mode = is_author_mode

    def service(self, block, name):  # pylint: disable=unused-argument
        return self.services.get(name)


def block_with(user, usage_id="block-v1:Org+Course+Run+type@cap+block@abc", user_id=None, **runtime):
    return SimpleNamespace(runtime=FakeRuntime(user, **runtime),
                           scope_ids=SimpleNamespace(usage_id=usage_id, user_id=user_id))


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


def test_an_anonymous_visitor_keeps_no_id_the_runtime_binds():
    """Open edX's user service says only ``is_authenticated`` False; Learning Core binds ``anon…``."""
    anonymous = XBlockUser(is_current_user=True)
    anonymous.opt_attrs.update({"edx-platform.is_authenticated": False, "edx-platform.request_country_code": None})
    user = platform.current_user(block_with(anonymous, user_id="anon4c1d2e3f"))
    assert (user.user_id, user.username, user.display_name, user.is_staff) == ("", "", "", False)


def test_no_user_id_means_anonymous_even_if_authenticated_is_claimed():
    user = open_edx_user(role="staff")
    del user.opt_attrs["edx-platform.user_id"]
    assert platform.current_user(block_with(user, user_id="anon1")).is_anonymous


class _Key(str):
    def __new__(cls, text, is_course):
        key = super().__new__(cls, text)
        key.is_course = is_course
        return key


COURSE = SimpleNamespace(context_key=_Key("course-v1:Org+Course+Run", True))
LIBRARY = SimpleNamespace(context_key=_Key("lib:Org:slug", False))


@pytest.mark.parametrize("usage, services, author_mode, expected", [
    (COURSE, {}, False, True),  # LMS courseware
    ("scenario-slug.cap.d0.u0", {}, False, True),  # the workbench's demo course
    (COURSE, {"studio_user_permissions": object()}, False, False),  # Studio's handler
    (COURSE, {"studio_user_permissions": object()}, True, False),  # Studio's preview
    (LIBRARY, {"studio_user_permissions": object()}, False, False),  # Learning Core
    (SimpleNamespace(context_key="lib:Org:slug"), {}, False, False),  # a library key without is_course
])
def test_in_course(usage, services, author_mode, expected):
    block = block_with(open_edx_user(), usage_id=usage, services=services, is_author_mode=author_mode)
    assert platform.in_course(block) is expected


class _Permissions:
    def __init__(self, answer):
        self.answer, self.asked = answer, []

    def can_write(self, key):
        self.asked.append(key)
        return self.answer


@pytest.mark.parametrize("answer", [True, False])
def test_studio_write_access_is_the_permission_services_answer(answer):
    # Studio's handler: role "student" and staff False for everyone, authors included.
    permissions = _Permissions(answer)
    block = block_with(open_edx_user(role="student"), usage_id=COURSE,
                       services={"studio_user_permissions": permissions})
    actor = platform.current_user(block)
    assert platform.can_edit_settings(block, actor) is answer
    assert permissions.asked == [COURSE.context_key]


def test_a_course_role_does_not_open_studio_settings_the_platform_refuses():
    block = block_with(open_edx_user(role="instructor"), usage_id=COURSE,
                       services={"studio_user_permissions": _Permissions(False)})
    assert not platform.can_edit_settings(block, platform.current_user(block))


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


@pytest.mark.django_db
def test_user_contacts_read_the_platform_users_and_their_language(settings):
    """Outside the workbench, e-mail addresses come from Django's users; the language from ``pref-lang``
    when the platform has it, else the site's language. People without an address are left out."""
    from django.contrib.auth import get_user_model  # pylint: disable=import-outside-toplevel

    settings.CAP_USER_CONTACTS = None
    users = get_user_model().objects
    awa = users.create(username="awa", email="awa@example.org")
    nomail = users.create(username="nomail", email="")
    found = platform.user_contacts([str(awa.pk), str(nomail.pk), "not-a-number", ""])
    assert list(found) == [str(awa.pk)]
    assert found[str(awa.pk)].email == "awa@example.org" and found[str(awa.pk)].language == settings.LANGUAGE_CODE


def test_without_edx_ace_send_message_says_so(monkeypatch):
    import sys  # pylint: disable=import-outside-toplevel

    monkeypatch.setitem(sys.modules, "edx_ace", None)
    with pytest.raises(platform.MessagingUnavailable):
        platform.send_message("digest", platform.Contact(user_id="1", email="a@example.org", language="fr"), {})
