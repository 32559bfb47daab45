"""A fake of Open edX's cohorts, with the names and signatures of the platform's own module.

Mirrors ``openedx/core/djangoapps/course_groups/cohorts.py`` (and the
``CourseCohort.MANUAL`` constant of ``.../course_groups/models.py``) of
openedx-platform: the functions ``is_course_cohorted(course_key)``,
``set_course_cohorted(course_key, cohorted)``, ``get_course_cohorts(course=None,
course_id=None, assignment_type=None, ordering="asc")``,
``get_cohort_by_id(course_key, cohort_id)``, ``add_cohort(course_key, name,
assignment_type)``, ``add_user_to_cohort(cohort, username_or_email_or_user)``,
``remove_user_from_cohort(cohort, username_or_email)`` and ``get_cohort(user,
course_key, assign=True, use_cached=False)``, with the platform's behaviour:
a user is in at most one cohort per course (adding moves them), a second
cohort of the same name is a ``ValueError``, users are looked up in Django's
user table (``User.DoesNotExist`` otherwise), course keys are ``CourseKey``
objects. ``install(monkeypatch)`` puts it in ``sys.modules`` under the
platform's module names, so ``cap_xblock.platform`` imports it as it would
import the real one.
"""

import itertools
import sys
import types

from django.contrib.auth import get_user_model

COHORTS = "openedx.core.djangoapps.course_groups.cohorts"
MODELS = "openedx.core.djangoapps.course_groups.models"


class DoesNotExist(Exception):
    pass


class _Users:
    def __init__(self, group):
        self._group = group

    def all(self):
        names = [name for name, gid in self._group.platform.members.get(self._group.course_id, {}).items()
                 if gid == self._group.id]
        return list(get_user_model().objects.filter(username__in=names).order_by("username"))


class CourseUserGroup:
    """A cohort (``CourseUserGroup`` with ``group_type`` cohort)."""

    DoesNotExist = DoesNotExist

    def __init__(self, platform, course_id, name, assignment_type):
        self.platform = platform
        self.id = next(platform.ids)
        self.course_id = course_id
        self.name = name
        self.assignment_type = assignment_type
        self.users = _Users(self)
        self._saved_name = name

    def save(self):
        self.platform.record("save", self.course_id, self.id, self.name)
        self._saved_name = self.name


class FakeCohortPlatform:
    """The state of the platform's cohorts, per course, and the calls made to it."""

    def __init__(self):
        self.ids = itertools.count(101)
        self.groups = {}  # course -> {id: CourseUserGroup}
        self.cohorted = {}  # course -> bool
        self.members = {}  # course -> {username: group id}
        self.calls = []
        self.broken = False  # every change fails
        self.unreachable = False  # every call fails, reads included

    def record(self, name, *args):
        self.calls.append((name,) + tuple(str(arg) for arg in args))
        if self.broken:
            raise RuntimeError("the cohort service is down")

    # --- helpers for the tests (not part of the platform's module) ---

    def cohort(self, course, name):
        return next((g for g in self.groups.get(str(course), {}).values() if g._saved_name == name), None)

    def names(self, course):
        return sorted(g._saved_name for g in self.groups.get(str(course), {}).values())

    def people_of(self, course, name):
        group = self.cohort(course, name)
        return sorted(u for u, gid in self.members.get(str(course), {}).items() if group and gid == group.id)

    def seed(self, course, name, usernames=()):
        group = CourseUserGroup(self, str(course), name, "manual")
        self.groups.setdefault(str(course), {})[group.id] = group
        for username in usernames:
            self.members.setdefault(str(course), {})[username] = group.id
        return group

    # --- the platform's module ---

    def module(self):
        platform = self

        def _user(value):
            if hasattr(value, "username"):
                return value
            return get_user_model().objects.get(username=value)

        def is_course_cohorted(course_key):
            return platform.cohorted.get(str(course_key), False)

        def set_course_cohorted(course_key, cohorted):
            if not isinstance(cohorted, bool):
                raise ValueError("Cohorted must be a boolean")
            platform.record("set_course_cohorted", course_key, cohorted)
            platform.cohorted[str(course_key)] = cohorted

        def get_course_cohorts(course=None, course_id=None, assignment_type=None, ordering="asc"):
            assert bool(course) ^ bool(course_id), "course or course_id required"
            key = str(course_id or course.id)
            groups = [g for g in platform.groups.get(key, {}).values()
                      if assignment_type is None or g.assignment_type == assignment_type]
            return sorted(groups, key=lambda g: g._saved_name, reverse=ordering == "desc")

        def get_cohort_by_id(course_key, cohort_id):
            try:
                return platform.groups[str(course_key)][int(cohort_id)]
            except KeyError:
                raise DoesNotExist() from None

        def add_cohort(course_key, name, assignment_type):
            platform.record("add_cohort", course_key, name)
            if platform.cohort(course_key, name) is not None:
                raise ValueError("You cannot create two cohorts with the same name")
            group = CourseUserGroup(platform, str(course_key), name, assignment_type)
            platform.groups.setdefault(str(course_key), {})[group.id] = group
            return group

        def add_user_to_cohort(cohort, username_or_email_or_user):
            user = _user(username_or_email_or_user)
            platform.record("add_user_to_cohort", cohort.id, user.username)
            course = platform.members.setdefault(cohort.course_id, {})
            previous = course.get(user.username)
            if previous == cohort.id:
                raise ValueError("User already present in cohort")
            course[user.username] = cohort.id
            previous_name = platform.groups[cohort.course_id][previous].name if previous else None
            return user, previous_name, False

        def remove_user_from_cohort(cohort, username_or_email):
            user = _user(username_or_email)
            platform.record("remove_user_from_cohort", cohort.id, user.username)
            course = platform.members.setdefault(cohort.course_id, {})
            if course.get(user.username) != cohort.id:
                raise ValueError(f"User {username_or_email} was not present in cohort {cohort}")
            del course[user.username]

        def get_cohort(user, course_key, assign=True, use_cached=False):  # pylint: disable=unused-argument
            if user is None or not is_course_cohorted(course_key):
                return None
            gid = platform.members.get(str(course_key), {}).get(user.username)
            return platform.groups[str(course_key)][gid] if gid else None

        def reachable(func):
            def call(*args, **kwargs):
                if platform.unreachable:
                    raise RuntimeError("the cohort service is unreachable")
                return func(*args, **kwargs)
            call.__name__ = func.__name__
            return call

        module = types.ModuleType(COHORTS)
        for func in (is_course_cohorted, set_course_cohorted, get_course_cohorts, get_cohort_by_id, add_cohort,
                     add_user_to_cohort, remove_user_from_cohort, get_cohort):
            setattr(module, func.__name__, reachable(func))
        return module

    def install(self, monkeypatch):
        """Make the platform's cohort modules importable, backed by this fake."""
        for name in ("openedx", "openedx.core", "openedx.core.djangoapps", "openedx.core.djangoapps.course_groups"):
            if name not in sys.modules:
                package = types.ModuleType(name)
                package.__path__ = []
                monkeypatch.setitem(sys.modules, name, package)
        models = types.ModuleType(MODELS)
        models.CourseCohort = types.SimpleNamespace(MANUAL="manual", RANDOM="random")
        models.CourseUserGroup = CourseUserGroup
        monkeypatch.setitem(sys.modules, COHORTS, self.module())
        monkeypatch.setitem(sys.modules, MODELS, models)
        return self
