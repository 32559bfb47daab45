"""Fakes of the runtimes Open edX gives a block, each written from the platform's source.

The xblock-sdk workbench is kinder than Open edX. Each fake below reproduces,
on top of the workbench (its field storage, its scenario ids), what one
platform runtime tells a block: its ``user`` service, the services it offers,
its learning context key, the id under which it binds the block to a person,
whether it is Studio's preview. The views that call handlers are in
``tests/platform/views.py``. Sources are named per class (paths in the
``openedx/openedx-platform`` repository, formerly ``openedx/edx-platform``);
docs/decisions/0010-platform-contract.md lists what each one reproduces.

People are named as in the workbench (``?student=learner1``); their platform
user id is that name (the block stores ids as opaque strings). Course staff
are the demo's ``staff…`` ids; the course's Studio authors are the course
staff plus ``author1`` (a course author who is not on the LMS course team).
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from opaque_keys.edx.locator import CourseLocator, LibraryLocatorV2
from workbench.runtime import WorkbenchRuntime
from xblock.reference.user_service import UserService, XBlockUser

COURSE_KEY = CourseLocator("CAP", "Demo", "2026")  # the demo course: course-v1:CAP+Demo+2026
LIBRARY_KEY = LibraryLocatorV2("CAP", "communautes")  # a v2 content library: lib:CAP:communautes
STUDIO_AUTHORS = {"author1"}  # Studio authors besides course staff

# opt_attrs keys, common/djangoapps/xblock_django/constants.py
ATTR_KEY_ANONYMOUS_USER_ID = "edx-platform.anonymous_user_id"
ATTR_KEY_DEPRECATED_ANONYMOUS_USER_ID = "edx-platform.deprecated_anonymous_user_id"
ATTR_KEY_IS_AUTHENTICATED = "edx-platform.is_authenticated"
ATTR_KEY_REQUEST_COUNTRY_CODE = "edx-platform.request_country_code"
ATTR_KEY_USER_ID = "edx-platform.user_id"
ATTR_KEY_USERNAME = "edx-platform.username"
ATTR_KEY_USER_IS_BETA_TESTER = "edx-platform.user_is_beta_tester"
ATTR_KEY_USER_IS_GLOBAL_STAFF = "edx-platform.user_is_global_staff"
ATTR_KEY_USER_IS_STAFF = "edx-platform.user_is_staff"
ATTR_KEY_USER_ROLE = "edx-platform.user_role"
ATTR_KEY_USER_PREFERENCES = "edx-platform.user_preferences"


@dataclass
class Profile:
    name: str


@dataclass
class FakeUser:
    """What the platform's views hand to runtimes: Django's ``request.user`` (a User or an AnonymousUser)."""

    id: object  # None for an AnonymousUser
    username: str = ""
    is_staff: bool = False  # Django's global staff flag
    profile: Profile = field(default_factory=lambda: Profile(""))

    @property
    def is_authenticated(self):
        return self.id is not None

    @property
    def is_anonymous(self):
        return self.id is None

    @property
    def email(self):
        return f"{self.username}@example.org"


ANONYMOUS_STUDENTS = ("", "none", "None", "anonymous")  # the workbench's names for nobody
# The account preferences people chose (openedx/core/djangoapps/user_api/preferences), by username;
# tests set them. The user service passes on only USER_PREFERENCES_WHITE_LIST.
USER_PREFERENCES = {}
USER_PREFERENCES_WHITE_LIST = ["pref-lang", "time_zone"]


def user_for(student):
    """The Django user behind ``?student=`` (empty or ``anonymous``: an AnonymousUser)."""
    if not student or student in ANONYMOUS_STUDENTS:
        return FakeUser(id=None)
    from cap_demo.people import display_name  # pylint: disable=import-outside-toplevel

    return FakeUser(id=student, username=student, profile=Profile(display_name(student)))


def is_course_staff(user):
    """``has_access(user, 'staff', course_key)`` in the demo course: the ``staff…`` people."""
    return bool(user.is_authenticated and str(user.username).startswith("staff"))


def is_studio_author(user):
    """``has_studio_write_access(user, key)`` (common/djangoapps/student/auth.py) in the demo course."""
    return bool(user.is_authenticated and (is_course_staff(user) or user.username in STUDIO_AUTHORS))


class FakeDjangoXBlockUserService(UserService):
    """common/djangoapps/xblock_django/user_service.py, ``DjangoXBlockUserService``.

    Role ``"student"`` and staff False unless the caller passes them; an
    anonymous user gets only ``is_authenticated`` (False) and the country code.
    """

    def __init__(self, django_user, **kwargs):
        super().__init__()
        self._django_user = django_user
        self._user_is_beta_tester = kwargs.get("user_is_beta_tester", False)
        self._user_is_global_staff = kwargs.get("user_is_global_staff", False)
        self._user_is_staff = kwargs.get("user_is_staff", False)
        self._user_role = kwargs.get("user_role", "student")
        self._anonymous_user_id = kwargs.get("anonymous_user_id", None)
        self._deprecated_anonymous_user_id = kwargs.get("deprecated_anonymous_user_id", None)
        self._request_country_code = kwargs.get("request_country_code", None)

    def get_current_user(self):
        django_user = self._django_user
        xblock_user = XBlockUser(is_current_user=True)
        if django_user is not None and django_user.is_authenticated:
            xblock_user.full_name = django_user.profile.name if hasattr(django_user, "profile") else None
            xblock_user.emails = [django_user.email]
            xblock_user.opt_attrs[ATTR_KEY_ANONYMOUS_USER_ID] = self._anonymous_user_id
            xblock_user.opt_attrs[ATTR_KEY_DEPRECATED_ANONYMOUS_USER_ID] = self._deprecated_anonymous_user_id
            xblock_user.opt_attrs[ATTR_KEY_IS_AUTHENTICATED] = True
            xblock_user.opt_attrs[ATTR_KEY_REQUEST_COUNTRY_CODE] = self._request_country_code
            xblock_user.opt_attrs[ATTR_KEY_USER_ID] = django_user.id
            xblock_user.opt_attrs[ATTR_KEY_USERNAME] = django_user.username
            xblock_user.opt_attrs[ATTR_KEY_USER_IS_BETA_TESTER] = self._user_is_beta_tester
            xblock_user.opt_attrs[ATTR_KEY_USER_IS_GLOBAL_STAFF] = self._user_is_global_staff
            xblock_user.opt_attrs[ATTR_KEY_USER_IS_STAFF] = self._user_is_staff
            xblock_user.opt_attrs[ATTR_KEY_USER_ROLE] = self._user_role
            chosen = USER_PREFERENCES.get(django_user.username, {})
            xblock_user.opt_attrs[ATTR_KEY_USER_PREFERENCES] = {
                key: value for key, value in chosen.items() if key in USER_PREFERENCES_WHITE_LIST}
        else:
            xblock_user.opt_attrs[ATTR_KEY_IS_AUTHENTICATED] = False
            xblock_user.opt_attrs[ATTR_KEY_REQUEST_COUNTRY_CODE] = self._request_country_code
        return xblock_user


class FakeStudioPermissionsService:
    """cms/djangoapps/contentstore/utils.py (and openedx/core/djangoapps/content/services.py),
    ``StudioPermissionsService``: ``can_read``/``can_write`` on a course or library key
    are Studio's ``has_studio_read_access``/``has_studio_write_access``."""

    def __init__(self, user):
        self._user = user
        self.asked = []

    def can_read(self, course_key):
        self.asked.append(("read", course_key))
        return is_studio_author(self._user)

    def can_write(self, course_key):
        self.asked.append(("write", course_key))
        return is_studio_author(self._user)


# The catalogs ``openedx-atlas`` pulled for the package (``conf/plugins-locale/xblock.v1/cap_xblock``),
# by locale (``es``, ``fr_CA``): tests put a gettext catalog here.
PULLED_CATALOGS = {}


class FakeXBlockI18nService:
    """xmodule/modulestore/django.py ``XBlockI18nService``: ``translator`` is the pulled catalog of the
    request's language (``to_locale(get_language())``, its language's catalog for a variant), else
    Django's translation module (``django.utils.translation``). Every other name goes to ``translator``."""

    def __init__(self):
        locale = translation.to_locale(translation.get_language() or settings.LANGUAGE_CODE)
        self.translator = PULLED_CATALOGS.get(locale) or PULLED_CATALOGS.get(locale.split("_")[0]) or translation

    def __getattr__(self, name):
        return getattr(self.translator, "gettext" if name == "ugettext" else name)


class FakeUsageKey(str):
    """The workbench's usage id (its field data is stored under it), carrying the platform's ``context_key``."""

    context_key = None

    def __new__(cls, usage_id, context_key):
        key = super().__new__(cls, usage_id)
        key.context_key = context_key
        return key


class FakePlatformRuntime(WorkbenchRuntime):
    """A platform runtime over the workbench's storage: its services, context key and bound user id."""

    name = ""
    mirrors = ""
    context_key = COURSE_KEY
    is_author_mode = False

    def __init__(self, student):
        self.django_user = user_for(student)
        self.student = student or ""
        super().__init__(user_id=self.bound_user_id())
        self._services.update(self.platform_services())

    def bound_user_id(self):
        """The id the platform binds the block to (``scope_ids.user_id``)."""
        return self.django_user.id

    def platform_services(self):
        raise NotImplementedError

    def get_block(self, usage_id, for_parent=None):
        return super().get_block(FakeUsageKey(str(usage_id), self.context_key), for_parent=for_parent)

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
        url = f"/platform/{self.name}/handler/{str(block.scope_ids.usage_id)}/{handler_name}/"
        if suffix:
            url += suffix
        url += f"?student={self.student}"
        if query:
            url += "&" + query
        return url


class LmsRuntime(FakePlatformRuntime):
    """LMS courseware: lms/djangoapps/courseware/block_render.py, ``prepare_runtime_for_user``.

    ``user``: ``DjangoXBlockUserService(user, user_is_staff=has_access(user, 'staff', course),
    user_role=get_user_role(user, course), ...)``; no ``studio_user_permissions``.
    The context key is the course's (``course-v1:…``).
    """

    name = "lms"
    mirrors = "lms/djangoapps/courseware/block_render.py"

    def platform_services(self):
        user = self.django_user
        staff = is_course_staff(user)
        return {"user": FakeDjangoXBlockUserService(
            user, user_is_staff=staff, user_role="staff" if staff else "student",
            anonymous_user_id=hashlib.md5(str(user.id).encode()).hexdigest() if user.is_authenticated else None,
        ), "i18n": FakeXBlockI18nService()}


class StudioHandlerRuntime(FakePlatformRuntime):
    """Studio's handler: cms/djangoapps/contentstore/views/component.py ``component_handler``, with
    ``load_services_for_studio`` (cms/djangoapps/contentstore/utils.py).

    ``user``: ``DjangoXBlockUserService(user)``, so role ``"student"`` and staff False for
    everyone, authors included; ``studio_user_permissions``: ``StudioPermissionsService(user)``.
    """

    name = "studio"
    mirrors = "cms/djangoapps/contentstore/views/component.py"

    def platform_services(self):
        self.permissions = FakeStudioPermissionsService(self.django_user)
        return {"user": FakeDjangoXBlockUserService(self.django_user),
                "studio_user_permissions": self.permissions}


class StudioPreviewRuntime(FakePlatformRuntime):
    """Studio's preview: cms/djangoapps/contentstore/views/preview.py ``_prepare_runtime_for_preview``.

    ``user``: ``DjangoXBlockUserService(user, user_role=get_user_role(user, course))``, where
    Studio's ``get_user_role`` (cms/djangoapps/contentstore/views/access.py) answers
    ``"instructor"`` or ``"staff"``; ``anonymous_user_id`` is ``"student"``;
    ``studio_user_permissions`` is offered; ``runtime.is_author_mode`` is True.
    """

    name = "preview"
    mirrors = "cms/djangoapps/contentstore/views/preview.py"
    is_author_mode = True

    def platform_services(self):
        return {"user": FakeDjangoXBlockUserService(self.django_user, user_role="staff",
                                                    anonymous_user_id="student",
                                                    deprecated_anonymous_user_id="student"),
                "studio_user_permissions": FakeStudioPermissionsService(self.django_user)}


class LearningCoreRuntime(FakePlatformRuntime):
    """Learning Core (v2 content libraries): openedx/core/djangoapps/xblock/runtime/runtime.py ``XBlockRuntime``.

    ``user``: ``DjangoXBlockUserService(user, user_is_staff=user.is_staff)`` (Django's global
    staff flag, role ``"student"``); an anonymous visitor is bound as ``anon…``
    (``get_xblock_id_for_anonymous_user``); ``studio_user_permissions`` is offered; the
    context key is the library's (``lib:ORG:SLUG``).
    """

    name = "library"
    mirrors = "openedx/core/djangoapps/xblock/runtime/runtime.py"
    context_key = LIBRARY_KEY

    def bound_user_id(self):
        if self.django_user.is_anonymous:
            return "anon" + hashlib.sha1(b"visitor-session").hexdigest()[:20]
        return self.django_user.id

    def platform_services(self):
        return {"user": FakeDjangoXBlockUserService(self.django_user, user_is_staff=self.django_user.is_staff),
                "studio_user_permissions": FakeStudioPermissionsService(self.django_user)}


RUNTIMES = {runtime.name: runtime for runtime in (LmsRuntime, StudioHandlerRuntime, StudioPreviewRuntime,
                                                  LearningCoreRuntime)}
