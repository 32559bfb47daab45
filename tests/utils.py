"""Test helpers that read like the domain: actors, communities, handler calls."""

import json

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


class Workbench:
    """Calls the block's handlers through the workbench URLs, with CSRF enforced like a browser."""

    def __init__(self, usage_id, language="fr"):
        self.usage_id = usage_id
        self.client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=language)
        self._csrf = None

    def view(self, student, view="student_view", language=None):
        """GET the scenario page as ``student``; returns the response (and keeps the CSRF cookie)."""
        headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
        path = f"/scenario/cap.0/{view}/" if view != "student_view" else "/scenario/cap.0/"
        response = self.client.get(path, {"student": student}, **headers)
        self._csrf = self.client.cookies["csrftoken"].value
        return response

    def csrf(self):
        if self._csrf is None:
            self.client.get("/scenario/cap.0/", {"student": "csrf-probe"})
            self._csrf = self.client.cookies["csrftoken"].value
        return self._csrf

    def url(self, handler, student):
        return f"/handler/{self.usage_id}/{handler}/?student={student}"

    def post(self, handler, student, data=None, raw=None, csrf=True):
        """POST JSON to ``handler`` as ``student``; returns (status, parsed JSON or None)."""
        headers = {"HTTP_X_CSRFTOKEN": self.csrf()} if csrf else {}
        body = raw if raw is not None else json.dumps(data or {})
        response = self.client.post(self.url(handler, student), body, content_type="application/json", **headers)
        return response.status_code, _json(response)

    def get(self, handler, student, params=None):
        """GET ``handler`` as ``student`` with query parameters; returns (status, JSON or None)."""
        response = self.client.get(self.url(handler, student), params or {})
        return response.status_code, _json(response)

    def raw_get(self, handler, student, params=None):
        return self.client.get(self.url(handler, student), params or {})


def _json(response):
    if response.get("Content-Type", "").startswith("application/json"):
        return json.loads(response.content.decode("utf-8"))
    return None
