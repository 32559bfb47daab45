"""The one seam between cap_xblock and the platform (Open edX or the xblock-sdk workbench).

Everything that depends on where the block runs is here, behind functions
with lazy imports, so the package imports anywhere and tests patch one place.
"""

import gettext
import logging
import re
import zoneinfo
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


ATTR_USER_PREFERENCES = "edx-platform.user_preferences"


def time_zone(block):
    """The time zone the person chose in their Open edX account (the ``time_zone``
    preference the user service passes on), or None: then the site's zone.

    An unknown zone name is ignored rather than trusted.
    """
    _user, attrs = _user_attrs(block)
    name = (attrs.get(ATTR_USER_PREFERENCES) or {}).get("time_zone")
    if not name or not isinstance(name, str):
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


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
    # Open edX's module exists only inside the platform: imported when asked, as every import of it here.
    # pylint: disable=import-outside-toplevel
    try:
        from common.djangoapps.student.auth import has_studio_write_access
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


def i18n_catalog(block):
    """The catalog of this package the runtime's ``i18n`` service holds for the request's language, or None.

    Open edX's ``XBlockI18nService`` (``xmodule/modulestore/django.py``) keeps in ``translator``
    the catalog ``openedx-atlas`` pulled for the block's package (OEP-58, domain ``django``) when
    there is one; otherwise Django's translation module, whose catalogs are the platform's own,
    not this package's: then None, and the package's own catalogs serve. The workbench's service
    has no catalog of its own either.
    """
    i18n_service = service(block, "i18n")
    translator = getattr(i18n_service, "translator", None) if i18n_service is not None else None
    return translator if isinstance(translator, gettext.GNUTranslations) else None


def retirement_signal():
    """The platform's user-retirement signal, or None outside the LMS."""
    # Open edX's module exists only inside the platform: imported when asked, as every import of it here.
    # pylint: disable=import-outside-toplevel
    try:
        from openedx.core.djangoapps.user_api.accounts.signals import USER_RETIRE_LMS_MISC
    except ImportError:
        return None
    return USER_RETIRE_LMS_MISC


# --- completion and grade (the ``completion`` package and the LMS grades app) ---------------


def publish_completion(block, completion=1.0):
    """Tell the platform the current learner completed ``block`` (custom completion).

    ``runtime.publish(block, "completion", {"completion": 1.0})`` is what the
    ``completion`` package's XBlock handler records. Returns True when the
    runtime took it; a failure is logged and never reaches the learner.
    """
    try:
        block.runtime.publish(block, "completion", {"completion": float(completion)})
    except Exception:  # pylint: disable=broad-except
        log.exception("Could not publish the completion of %s", getattr(block.scope_ids, "usage_id", block))
        return False
    return True


def publish_grade(block, value, max_value=1.0):
    """Publish the current learner's raw score on ``block`` (the LMS weights it by the block's ``weight``).

    Returns True when the runtime took it; a failure is logged, never raised.
    """
    try:
        block.runtime.publish(block, "grade", {"value": float(value), "max_value": float(max_value)})
    except Exception:  # pylint: disable=broad-except
        log.exception("Could not publish the grade of %s", getattr(block.scope_ids, "usage_id", block))
        return False
    return True


# --- Open edX cohorts (openedx/core/djangoapps/course_groups/cohorts.py) ----------------------
#
# Only the LMS has them. Every function below raises ``CohortsUnavailable``
# where the platform has none, and lets the platform's own errors through
# (``api.cohorts`` logs them and keeps the community change).

COHORTS_MODULE = "openedx.core.djangoapps.course_groups.cohorts"
COHORT_MODELS_MODULE = "openedx.core.djangoapps.course_groups.models"


class CohortsUnavailable(Exception):
    """The platform has no cohorts (the workbench, Studio without the LMS app, a library)."""


def _cohort_modules():
    """(cohorts, models) of the platform's ``course_groups`` app, or raise CohortsUnavailable."""
    import importlib  # pylint: disable=import-outside-toplevel

    try:
        return importlib.import_module(COHORTS_MODULE), importlib.import_module(COHORT_MODELS_MODULE)
    except ImportError:
        raise CohortsUnavailable() from None


def _course_key_object(course_id):
    """The platform's ``CourseKey`` for a course key string."""
    from opaque_keys.edx.keys import CourseKey  # pylint: disable=import-outside-toplevel

    return CourseKey.from_string(str(course_id))


def cohorts_available():
    """Whether this platform has Open edX cohorts at all."""
    try:
        _cohort_modules()
    except CohortsUnavailable:
        return False
    return True


def course_cohorts(course_id):
    """The course's cohorts as ``[(cohort_id, name)]``, by name (``get_course_cohorts(course_id=...)``)."""
    cohorts, _models = _cohort_modules()
    return [(group.id, group.name) for group in cohorts.get_course_cohorts(course_id=_course_key_object(course_id))]


def make_course_cohorted(course_id):
    """Turn cohorts on for the course (``set_course_cohorted``) unless they already are."""
    cohorts, _models = _cohort_modules()
    key = _course_key_object(course_id)
    if not cohorts.is_course_cohorted(key):
        cohorts.set_course_cohorted(key, True)


def create_cohort(course_id, name):
    """A new manual cohort named ``name``; returns its id (``add_cohort``; ValueError if the name is taken)."""
    cohorts, models = _cohort_modules()
    return cohorts.add_cohort(_course_key_object(course_id), name, models.CourseCohort.MANUAL).id


def rename_cohort(course_id, cohort_id, name):
    """Give the cohort ``cohort_id`` of the course a new name, as the LMS's cohort view does."""
    cohorts, _models = _cohort_modules()
    group = cohorts.get_cohort_by_id(_course_key_object(course_id), cohort_id)
    if group.name != name:
        group.name = name
        group.save()


def _change_membership(course_id, cohort_id, username, change):
    """Call the cohorts module's ``change`` (add or remove a user) on the cohort; the platform's
    ValueError means the person already is (or is not) there, which is what was asked."""
    cohorts, _models = _cohort_modules()
    group = cohorts.get_cohort_by_id(_course_key_object(course_id), cohort_id)
    try:
        getattr(cohorts, change)(group, username)
    except ValueError:
        pass


def add_to_cohort(course_id, cohort_id, username):
    """Put ``username`` in the cohort; the platform moves them out of their previous cohort."""
    _change_membership(course_id, cohort_id, username, "add_user_to_cohort")


def remove_from_cohort(course_id, cohort_id, username):
    """Take ``username`` out of the cohort when they are in it."""
    _change_membership(course_id, cohort_id, username, "remove_user_from_cohort")


def cohort_members(course_id, cohort_id):
    """The people of a cohort as ``PlatformUser`` (the cohort's ``users``, with their profile name)."""
    cohorts, _models = _cohort_modules()
    group = cohorts.get_cohort_by_id(_course_key_object(course_id), cohort_id)
    found = []
    for user in group.users.all():
        profile = getattr(user, "profile", None)
        name = (getattr(profile, "name", "") or user.get_full_name() or user.username).strip()
        found.append(PlatformUser(user_id=str(user.pk), username=user.username, display_name=name[:150],
                                  is_staff=False))
    return found


def cohort_of(course_id, username):
    """The id of the cohort ``username`` is in for the course, or None (``get_cohort(..., assign=False)``)."""
    cohorts, _models = _cohort_modules()
    from django.contrib.auth import get_user_model  # pylint: disable=import-outside-toplevel

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return None
    group = cohorts.get_cohort(user, _course_key_object(course_id), assign=False)
    return None if group is None else group.id


# --- addresses fetched without a session (calendar feeds) -------------------------------------


def thirdparty_handler_url(block, handler_name, suffix=""):
    """The address of ``handler_name`` that works without the person's cookies, or "" where there is none.

    The LMS routes ``thirdparty=True`` to its ``xblock_handler_noauth`` view and
    returns a full address (``https://<site>/courses/<course>/xblock/<usage>/handler_noauth/<name>/<suffix>``);
    the workbench to ``/unauth_handler/``; Studio has none (``NotImplementedError``).
    The handler called there sees an anonymous user: it must authenticate by what the address carries.
    """
    try:
        return block.runtime.handler_url(block, handler_name, suffix=suffix, thirdparty=True)
    except Exception:  # pylint: disable=broad-except
        # Studio and previews have no third-party handler URLs: no feed address there.
        return ""


# --- lifecycle: openedx-events of Studio and of enrolments (decision 0025) ----------------------

BLOCK_TYPE = "cap"


def emit_tracking(name, data):
    """A tracking event that no block's runtime carries (a signal's receiver): the platform's
    ``eventtracking`` tracker, or a log line outside Open edX."""
    try:
        from eventtracking import tracker  # pylint: disable=import-outside-toplevel
    except ImportError:
        log.info("Event %s %s", name, data)
        return
    try:
        tracker.emit(name, data)
    except Exception:  # pylint: disable=broad-except
        log.exception("Could not emit event %s", name)


def lifecycle_signals():
    """The ``openedx-events`` signals the app listens to, by name; empty without the package."""
    try:
        from openedx_events.content_authoring import signals as authoring  # pylint: disable=import-outside-toplevel
        from openedx_events.learning import signals as learning  # pylint: disable=import-outside-toplevel
    except ImportError:
        return {}
    return {
        "xblock_deleted": authoring.XBLOCK_DELETED,
        "xblock_duplicated": authoring.XBLOCK_DUPLICATED,
        "unenrolled": learning.COURSE_UNENROLLMENT_COMPLETED,
        "enrolled": learning.COURSE_ENROLLMENT_CREATED,
        "enrolment_changed": learning.COURSE_ENROLLMENT_CHANGED,
    }


# --- messaging (edx-ace) and the links e-mails carry ------------------------------------------


@dataclass(frozen=True)
class Contact:
    """Where and in which language a person reads their e-mail."""

    user_id: str
    email: str
    language: str


def site_url():
    """The site's root URL, to make a relative URL absolute (LMS_ROOT_URL in Open edX)."""
    return (getattr(settings, "LMS_ROOT_URL", "") or getattr(settings, "CAP_SITE_URL", "")
            or "http://127.0.0.1:8000").rstrip("/")


def _absolute(url):
    url = str(url or "")
    return url if url.startswith(("http://", "https://")) else site_url() + "/" + url.lstrip("/")


def unsubscribe_url(block, handler="unsubscribe"):
    """The absolute URL of ``block``'s handler that works without a login (``thirdparty=True``).

    Open edX routes it to ``handle_xblock_callback_noauth``; the workbench to its ``unauth_handler``.
    """
    return _absolute(block.runtime.handler_url(block, handler, thirdparty=True))


def block_page_url(block):
    """The absolute URL of the page that shows ``block`` to a learner.

    The LMS's ``jump_to`` view finds the unit of a usage key; the workbench shows its one scenario.
    """
    usage_id = block.scope_ids.usage_id
    key = context_key(block)
    if key is not None and not isinstance(usage_id, str):
        return _absolute(f"/courses/{key}/jump_to/{usage_id}")
    return _absolute(getattr(settings, "CAP_WORKBENCH_PAGE", "/scenario/cap.0/"))


def user_contacts(user_ids):
    """``{user_id: Contact}`` for the people the platform can write to (no e-mail address: left out).

    Open edX: Django's user e-mail and the ``pref-lang`` preference (``openedx.core.djangoapps.user_api``).
    The workbench: the demo directory the settings name (``CAP_USER_CONTACTS``).
    """
    user_ids = [str(user_id) for user_id in user_ids if user_id]
    directory = getattr(settings, "CAP_USER_CONTACTS", None)
    if directory:
        from django.utils.module_loading import import_string  # pylint: disable=import-outside-toplevel

        return import_string(directory)(user_ids)
    from django.contrib.auth import get_user_model  # pylint: disable=import-outside-toplevel

    numeric = [user_id for user_id in user_ids if user_id.isdigit()]
    found = {}
    rows = get_user_model().objects.filter(pk__in=numeric, is_active=True).values_list("pk", "email")
    languages = _language_preferences(numeric)
    for pk, email in rows:
        if email:
            found[str(pk)] = Contact(user_id=str(pk), email=email,
                                     language=languages.get(str(pk)) or settings.LANGUAGE_CODE)
    return found


def _language_preferences(user_ids):
    """``{user_id: language}`` from the platform's ``UserPreference`` rows (``pref-lang``), when it has them."""
    try:
        from openedx.core.djangoapps.user_api.models import UserPreference  # pylint: disable=import-outside-toplevel
    except ImportError:
        return {}
    return {str(user_id): value for user_id, value in UserPreference.objects.filter(
        user_id__in=user_ids, key="pref-lang").values_list("user_id", "value")}


class MessagingUnavailable(Exception):
    """The platform's messaging framework (edx-ace) is not installed."""


def send_message(name, contact, context):
    """Hand one message to edx-ace: its message type (``cap_xblock.message_types``, templates
    ``cap_xblock/edx_ace/<name>/email/*``), in the contact's language, on the channels the site configured
    (``ACE_ENABLED_CHANNELS``; the workbench: Django's e-mail backend writing files).

    Raises MessagingUnavailable without edx-ace; the platform's own errors go through.
    """
    try:
        from edx_ace import ace  # pylint: disable=import-outside-toplevel
        from edx_ace.recipient import Recipient  # pylint: disable=import-outside-toplevel

        from . import message_types  # pylint: disable=import-outside-toplevel
    except ImportError:
        raise MessagingUnavailable() from None
    lms_user_id = int(contact.user_id) if str(contact.user_id).isdigit() else contact.user_id
    message = message_types.BY_NAME[name]().personalize(
        recipient=Recipient(lms_user_id=lms_user_id, email_address=contact.email),
        language=contact.language, user_context=context)
    ace.send(message)


def defer(task, *args):
    """Run ``task(*args)`` once the current transaction has committed, out of the request where the site has
    a worker (decision 0030). Never raises: a failure to queue or to run is logged, the write stands.

    - a site that names its own queue in the ``CAP_TASK_QUEUE`` setting (a dotted path to
      ``submit(task, args)``; the benchmark's server hands tasks to a worker thread) gets them there;
    - with Celery (Open edX: ``task`` is a shared task, ``shared_task`` below), ``task.delay(*args)`` once the
      transaction commits: the LMS's workers send;
    - elsewhere (the workbench, the tests), ``task(*args)`` at once after the commit, in the request;
    - when the queue cannot be reached (a Celery broker down, a queue that fails), ``task(*args)`` at once
      too: the e-mail leaves later in the request rather than never.

    Outside a transaction "after the commit" is now. Nothing is queued when the transaction rolls back.
    ``args`` travel to a worker: keys and ids only, never objects.
    """
    queue = getattr(settings, "CAP_TASK_QUEUE", "")
    if queue:
        def hand_on():
            from django.utils.module_loading import import_string  # pylint: disable=import-outside-toplevel

            import_string(queue)(task, args)
    elif callable(getattr(task, "delay", None)):
        def hand_on():
            task.delay(*args)
    else:
        hand_on = None
    name = getattr(task, "__name__", task)

    def guarded():
        if hand_on is not None:
            try:
                hand_on()
                return
            except Exception:  # pylint: disable=broad-except
                # The worker's queue cannot be reached (a broker down): the work is done here rather than lost.
                log.exception("Could not run or queue the task %s on a worker: it runs in the request", name)
        try:
            task(*args)
        except Exception:  # pylint: disable=broad-except
            log.exception("Could not run or queue the task %s", name)

    try:
        after_commit(guarded)
    except Exception:  # pylint: disable=broad-except
        # The write has committed or will: it stands, whatever happens to the work handed on.
        log.exception("Could not hand on the task %s", name)


def after_commit(call):
    """``call()`` when the transaction the code opened commits (at once outside one); never after a rollback.

    The test frameworks' own transactions (Django's ``TestCase`` wraps each test in one that is never
    committed) count as none: the code's writes are as committed as a test ever sees them.
    """
    from django.db import transaction  # pylint: disable=import-outside-toplevel

    connection = transaction.get_connection()
    blocks = getattr(connection, "atomic_blocks", None)
    only_tests = bool(blocks) and all(getattr(block, "_from_testcase", False) for block in blocks)
    if connection.in_atomic_block and not only_tests:
        transaction.on_commit(call)
    else:
        call()


def shared_task(func):
    """``func`` as a Celery shared task where Celery is installed (Open edX), the function itself elsewhere."""
    try:
        from celery import shared_task as celery_task  # pylint: disable=import-outside-toplevel
    except ImportError:
        return func
    return celery_task(func)
