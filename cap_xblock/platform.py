"""The one seam between cap_xblock and the platform (Open edX or the xblock-sdk workbench).

Everything that depends on where the block runs is here, behind functions
with lazy imports, so the package imports anywhere and tests patch one place.
"""

import logging
import re
from dataclasses import dataclass

from django.conf import settings

log = logging.getLogger(__name__)

# The workbench has no courses: every block of the demo belongs to this one.
WORKBENCH_COURSE_KEY = "course-v1:CAP+Demo+2026"
ANONYMOUS_IDS = {"", "none", "None", "anonymous"}

# ``opt_attrs`` of the platform's user service (common/djangoapps/xblock_django/constants.py).
ATTR_IS_AUTHENTICATED = "edx-platform.is_authenticated"
ATTR_USER_ID = "edx-platform.user_id"
ATTR_USERNAME = "edx-platform.username"
ATTR_USER_ROLE = "edx-platform.user_role"
ATTR_USER_IS_STAFF = "edx-platform.user_is_staff"
WORKBENCH_USER_ID = "xblock-workbench.user_id"
# Context keys that are not courses, when a key does not say it itself (``is_course``).
NOT_COURSE_PREFIXES = ("lib:", "library-v1:", "lct:")


@dataclass(frozen=True)
class PlatformUser:
    """Who is looking at the block, as the platform tells it."""

    user_id: str
    username: str
    display_name: str
    is_staff: bool

    @property
    def is_anonymous(self):
        return not self.user_id


def service(block, name):
    """The runtime's ``name`` service for ``block``, or None where the runtime has none."""
    try:
        return block.runtime.service(block, name)
    except Exception:  # pylint: disable=broad-except
        # NoSuchServiceError, or a runtime that cannot build it (no user bound): no service.
        return None


def _user_attrs(block):
    user_service = service(block, "user")
    user = user_service.get_current_user() if user_service else None
    return user, getattr(user, "opt_attrs", {}) or {}


def current_user(block):
    """The current user of ``block``'s runtime, from the XBlock ``user`` service.

    Open edX (``DjangoXBlockUserService``: LMS, Studio, Learning Core) always
    says ``edx-platform.is_authenticated``; an anonymous visitor has no
    ``edx-platform.user_id``, whatever id the runtime keeps for them
    (Learning Core's ``anon…`` ids in ``scope_ids.user_id``): they stay
    anonymous. Only the xblock-sdk workbench names people through
    ``?student=`` (``xblock-workbench.user_id``).
    """
    user, attrs = _user_attrs(block)
    if ATTR_IS_AUTHENTICATED in attrs or ATTR_USER_ID in attrs:
        # Open edX (LMS, Studio, Learning Core).
        user_id = attrs.get(ATTR_USER_ID)
        authenticated = attrs.get(ATTR_IS_AUTHENTICATED, True) is True
        user_id = str(user_id) if authenticated and user_id not in (None, "") else ""
        username = (attrs.get(ATTR_USERNAME) or "") if user_id else ""
        role = attrs.get(ATTR_USER_ROLE)
        is_staff = bool(user_id) and (bool(attrs.get(ATTR_USER_IS_STAFF)) or role in ("staff", "instructor"))
    elif WORKBENCH_USER_ID in attrs:
        # The xblock-sdk workbench: the user id comes from ``?student=``.
        user_id = str(attrs.get(WORKBENCH_USER_ID) or getattr(block.scope_ids, "user_id", "") or "")
        if user_id in ANONYMOUS_IDS:
            user_id = ""
        username = user_id
        is_staff = user_id.startswith("staff")
    else:
        # A runtime whose user service says nothing of the person: nobody we can name.
        user_id, username, is_staff = "", "", False
    full_name = (getattr(user, "full_name", "") or "").strip() if user_id else ""
    display_name = full_name or username or user_id
    return PlatformUser(user_id=user_id, username=username, display_name=display_name[:150], is_staff=is_staff)


def context_key(block):
    """The platform's key of the block's learning context (a course or a library), or None (workbench)."""
    usage_id = block.scope_ids.usage_id
    return getattr(usage_id, "context_key", None) or getattr(usage_id, "course_key", None)


def _is_course(key):
    is_course = getattr(key, "is_course", None)
    if is_course is not None:
        return bool(is_course)
    return not str(key).startswith(NOT_COURSE_PREFIXES)


def in_course(block):
    """Does the block run where learners take part: a course in the LMS (or the workbench's demo course)?

    Not in Studio: its handler (``component_handler``) and its preview offer
    the ``studio_user_permissions`` service, which the LMS never does, and
    the preview sets ``runtime.is_author_mode``. Not in a library: the
    context key is not a course (``lib:ORG:SLUG`` in Learning Core).
    """
    if getattr(block.runtime, "is_author_mode", False):
        return False
    key = context_key(block)
    if key is not None and not _is_course(key):
        return False
    return service(block, "studio_user_permissions") is None


def _studio_write_check():
    """Studio's author check ``has_studio_write_access(user, key)``, or None outside Open edX."""
    try:
        from common.djangoapps.student.auth import (  # pylint: disable=import-outside-toplevel
            has_studio_write_access,
        )
    except ImportError:
        return None
    return has_studio_write_access


def _django_user(user_id):
    from django.contrib.auth import get_user_model  # pylint: disable=import-outside-toplevel

    try:
        return get_user_model().objects.get(pk=user_id)
    except (ValueError, TypeError, get_user_model().DoesNotExist):
        return None


def can_edit_settings(block, actor):
    """May ``actor`` change the block's Studio settings? The platform answers, never a guessed role.

    Studio's handler offers ``studio_user_permissions``: its ``can_write``
    on the block's course or library is Studio's own author check
    (``has_studio_write_access``). Without the service, that check is
    imported from the platform; outside Open edX (the workbench) course
    staff may.
    """
    if actor.is_anonymous:
        return False
    key = context_key(block)
    permissions = service(block, "studio_user_permissions")
    if permissions is not None and key is not None:
        return bool(permissions.can_write(key))
    check = _studio_write_check()
    if check is not None and key is not None:
        user = _django_user(actor.user_id)
        return user is not None and bool(check(user, key))
    return actor.is_staff


def course_key(block):
    """The course the block belongs to, as a string."""
    key = context_key(block)
    if key is not None:
        return str(key)
    return getattr(settings, "CAP_WORKBENCH_COURSE_KEY", WORKBENCH_COURSE_KEY)


def block_key(block):
    """A stable string that identifies the block (one activity) in its course.

    Open edX usage keys are stable. The workbench numbers its usages anew each
    time it loads the scenarios (``slug.cap.d3.u0``): there the numbering is
    dropped, so the demo's data stays attached to its block across restarts.
    """
    usage_id = block.scope_ids.usage_id
    if isinstance(usage_id, str):
        return re.sub(r"\.d\d+\.u\d+$", "", usage_id)
    return str(usage_id)


def lookup_users(usernames):
    """Map usernames to ``PlatformUser`` for the people the platform knows.

    Open edX: Django's user model with the profile's full name. The workbench:
    the demo directory of the ``user`` service the settings name.
    """
    usernames = [name for name in usernames if name]
    directory = getattr(settings, "CAP_USER_DIRECTORY", None)
    if directory:
        from django.utils.module_loading import import_string  # pylint: disable=import-outside-toplevel

        return import_string(directory)(usernames)
    from django.contrib.auth import get_user_model  # pylint: disable=import-outside-toplevel

    found = {}
    user_model = get_user_model()
    for user in user_model.objects.filter(username__in=usernames).select_related():
        profile = getattr(user, "profile", None)
        name = (getattr(profile, "name", "") or user.get_full_name() or user.username).strip()
        found[user.username] = PlatformUser(
            user_id=str(user.pk), username=user.username, display_name=name[:150], is_staff=False
        )
    return found


def publish_event(block, name, data):
    """Emit a tracking event through the runtime (Open edX tracking log)."""
    try:
        block.runtime.publish(block, name, data)
    except Exception:  # pylint: disable=broad-except
        # An analytics hiccup must never cost a learner their action.
        log.exception("Could not publish event %s", name)


def retirement_signal():
    """The platform's user-retirement signal, or None outside the LMS."""
    try:
        from openedx.core.djangoapps.user_api.accounts.signals import (  # pylint: disable=import-outside-toplevel
            USER_RETIRE_LMS_MISC,
        )
    except ImportError:
        return None
    return USER_RETIRE_LMS_MISC
