"""Test helpers that read like the domain: actors, communities, handler calls."""

import json
import re
from contextlib import contextmanager

from django.test import Client

from cap_xblock.api.data import Actor
from cap_xblock.models import Participant

COURSE = "course-v1:CAP+Demo+2026"
OTHER_COURSE = "course-v1:CAP+Other+2026"


def make_actor(user_id, staff=False, course=COURSE, name=None, block="block-1"):
    """An Actor as the block builds it, and the display-name snapshot a visit leaves."""
    actor = Actor(user_id=user_id, username=user_id, display_name=name or f"Person {user_id}", course_key=course,
                  is_staff=staff, block_key=block)
    Participant.objects.update_or_create(
        course_key=course, user_id=user_id,
        defaults={"display_name": actor.display_name, "username": user_id, "is_staff": staff},
    )
    return actor


def staff_actor(course=COURSE):
    return make_actor("staff", staff=True, course=course, name="Claire Dubois")


def two_communities(members, extra=()):
    """« Les Baobabs » with ``members`` (``[(user_id, name)]``) and its facilitator f1 (Aminata Diallo), « Les
    Palétuviers » with « other » (Nafissatou Cissé) and f2; ``extra`` people are in no community. Returns the actors
    by id, with ``staff``, ``community`` (Les Baobabs' id) and ``other_community``."""
    from cap_xblock.api import communities  # pylint: disable=import-outside-toplevel

    staff = staff_actor()
    baobabs = communities.create_community(staff, name="Les Baobabs")
    paletuviers = communities.create_community(staff, name="Les Palétuviers")
    people = {name: make_actor(name, name=label) for name, label in [
        *members, ("other", "Nafissatou Cissé"), ("f1", "Aminata Diallo"), ("f2", "Jean-François Tremblay"),
        *extra]}
    for name, _label in members:
        communities.place_learner(staff, user_id=name, community_id=baobabs.id)
    communities.place_learner(staff, user_id="other", community_id=paletuviers.id)
    communities.add_facilitator(staff, community_id=baobabs.id, user_id="f1")
    communities.add_facilitator(staff, community_id=paletuviers.id, user_id="f2")
    people["staff"] = staff
    people["community"] = baobabs.id
    people["other_community"] = paletuviers.id
    return people


class Workbench:
    """Calls the block's handlers through the workbench URLs, with CSRF enforced like a browser."""

    def __init__(self, usage_id, language="fr"):
        self.usage_id = usage_id
        self.client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=language)
        self._csrf = None

    def view(self, student, view="student_view", language=None, open_sections=True):
        """GET the scenario page as ``student``; returns the response (and keeps the CSRF cookie).

        Like a person who opens every section, the sections that the first
        render leaves closed are fetched (``section_view``) and their HTML is
        appended to the response's content; ``open_sections=False`` keeps the
        first render alone.
        """
        headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
        response = self.client.get(self.page_path(view), {"student": student}, **headers)
        if "csrftoken" in self.client.cookies:
            self._csrf = self.client.cookies["csrftoken"].value
        if open_sections and view == "student_view" and response.status_code == 200:
            html = response.content.decode("utf-8")
            for key in re.findall(r'data-open-section="([a-z_]+)"', html):
                section = self.client.get(self.handler_path("section_view"), {"student": student, "key": key},
                                          **headers)
                if section.status_code == 200:
                    response.content = response.content + json.loads(section.content)["html"].encode("utf-8")
        return response

    def csrf(self):
        if self._csrf is None:
            self.client.get("/scenario/cap.0/", {"student": "csrf-probe"})
            self._csrf = self.client.cookies["csrftoken"].value
        return self._csrf

    def page_path(self, view):
        """The page that shows ``view`` of the block."""
        return f"/scenario/cap.0/{view}/" if view != "student_view" else "/scenario/cap.0/"

    def handler_path(self, handler):
        """The URL of ``handler``, without its query string."""
        return f"/handler/{self.usage_id}/{handler}/"

    def url(self, handler, student):
        return f"{self.handler_path(handler)}?student={student}"

    def post(self, handler, student, data=None, raw=None, csrf=True):
        """POST JSON to ``handler`` as ``student``; returns (status, parsed JSON or None)."""
        headers = {"HTTP_X_CSRFTOKEN": self.csrf()} if csrf else {}
        body = raw if raw is not None else json.dumps(data or {})
        response = self.client.post(self.url(handler, student), body, content_type="application/json", **headers)
        return response.status_code, _json(response)

    def get(self, handler, student, params=None):
        """GET ``handler`` as ``student`` with query parameters; returns (status, JSON or None)."""
        response = self.raw_get(handler, student, params)
        return response.status_code, _json(response)

    def raw_get(self, handler, student, params=None):
        # The client replaces the URL's query string with ``params``: the student goes in them.
        return self.client.get(self.handler_path(handler), {"student": student, **(params or {})})


class PlatformClient(Workbench):
    """The same calls through a fake Open edX runtime of ``tests/platform`` (``lms``, ``studio``,
    ``preview``, ``library``): the platform's handler view and user service, the demo's block and data.

    Needs ``settings.ROOT_URLCONF = "tests.platform.urls"`` (the ``platform_client`` fixtures set it).
    """

    def __init__(self, usage_id, platform, language="fr"):
        super().__init__(usage_id, language)
        self.platform = platform

    def page_path(self, view):
        return f"/platform/{self.platform}/view/{self.usage_id}/{view}/"

    def handler_path(self, handler):
        return f"/platform/{self.platform}/handler/{self.usage_id}/{handler}/"


def _json(response):
    if response.get("Content-Type", "").startswith("application/json"):
        return json.loads(response.content.decode("utf-8"))
    return None


def accept_charter(actor, community_id=None):
    """``actor`` accepts the current charter of their community, as « J'accepte la charte » does. Returns the state."""
    from cap_xblock.api import charter  # pylint: disable=import-outside-toplevel

    state = charter.get_charter(actor, community_id=community_id)
    return charter.accept_charter(actor, community_id=state.community_id, version=state.version)[0]


def _accept_on_membership(sender, instance, **kwargs):  # pylint: disable=unused-argument
    from cap_xblock.models import CharterAcceptance, CharterVersion  # pylint: disable=import-outside-toplevel

    current = CharterVersion.objects.filter(community_id=instance.community_id).order_by("-number").values_list(
        "number", flat=True).first() or 0
    CharterAcceptance.objects.get_or_create(community_id=instance.community_id, user_id=instance.user_id,
                                            version=current)


def _accept_on_new_version(sender, instance, created, **kwargs):  # pylint: disable=unused-argument
    from cap_xblock.models import CharterAcceptance, Membership  # pylint: disable=import-outside-toplevel

    if created:
        for user_id in Membership.objects.filter(community_id=instance.community_id).values_list("user_id", flat=True):
            CharterAcceptance.objects.get_or_create(community_id=instance.community_id, user_id=user_id,
                                                    version=instance.number)


@contextmanager
def members_accept_the_charter():
    """While active, every member placed in a community has accepted its current charter, new versions included.

    Tests of capabilities other than the charter write as members who agreed to
    their community's charter; the charter's own tests (marked ``charter_gate``)
    see the real state.
    """
    from django.db.models.signals import post_save  # pylint: disable=import-outside-toplevel

    from cap_xblock.models import CharterVersion, Membership  # pylint: disable=import-outside-toplevel

    post_save.connect(_accept_on_membership, sender=Membership, dispatch_uid="tests-charter-membership")
    post_save.connect(_accept_on_new_version, sender=CharterVersion, dispatch_uid="tests-charter-version")
    try:
        yield
    finally:
        post_save.disconnect(sender=Membership, dispatch_uid="tests-charter-membership")
        post_save.disconnect(sender=CharterVersion, dispatch_uid="tests-charter-version")
