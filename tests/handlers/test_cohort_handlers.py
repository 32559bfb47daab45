"""« Gérer les communautés »: the Open edX cohorts option through the handlers, in French."""

import pytest
from django.contrib.auth import get_user_model

from cap_xblock.models import Community, Participant
from tests.fakes.openedx_cohorts import FakeCohortPlatform

pytestmark = pytest.mark.django_db
COURSE = "course-v1:CAP+Demo+2026"


def test_the_workbench_says_it_has_no_cohorts_and_refuses_the_option(workbench, demo):
    status, body = workbench.get("manage_communities", "staff")
    assert status == 200 and body["cohorts"] == {"available": False, "mirror": False}
    status, body = workbench.post("manage_cohort_mirror", "staff", {"mirror": True})
    assert status == 409 and body["error"]["code"] == "cohorts_unavailable"
    assert body["error"]["message"] == ("Cette plateforme n'a pas de cohortes Open edX : les communautés "
                                        "ne peuvent pas les refléter ici.")
    status, body = workbench.get("manage_cohorts", "staff")
    assert status == 200 and body == {"cohorts": [], "settings": {"available": False, "mirror": False}}
    status, body = workbench.post("manage_from_cohorts", "staff", {})
    assert status == 200 and body == {"created": [], "linked": [], "placed": 0, "skipped": []}


@pytest.mark.parametrize("handler, method, payload", [
    ("manage_cohort_mirror", "post", {"mirror": True}), ("manage_cohorts", "get", {}),
    ("manage_from_cohorts", "post", {}),
])
def test_only_staff(workbench, demo, handler, method, payload):
    status, body = getattr(workbench, method)(handler, "learner1", payload)
    assert status == 403 and body["error"]["code"] == "staff_only"


@pytest.mark.parametrize("payload", [{"mirror": "oui"}, {"mirror": None}, {"mirror": [1]}])
def test_bad_values(workbench, demo, payload):
    status, body = workbench.post("manage_cohort_mirror", "staff", payload)
    assert status == 400 and body["error"]["code"] == "invalid_input"


def test_with_the_lms_cohorts_the_demo_communities_become_cohorts(workbench, demo, monkeypatch,
                                                                    django_capture_on_commit_callbacks):
    lms = FakeCohortPlatform().install(monkeypatch)
    for username in Participant.objects.filter(course_key=COURSE).values_list("username", flat=True):
        get_user_model().objects.get_or_create(username=username)
    with django_capture_on_commit_callbacks(execute=True):
        status, body = workbench.post("manage_cohort_mirror", "staff", {"mirror": True})
    assert status == 200 and body == {"available": True, "mirror": True}
    assert lms.names(COURSE) == sorted(Community.objects.filter(course_key=COURSE).values_list("name", flat=True))
    assert lms.people_of(COURSE, "Les Baobabs") == sorted(f"learner{i}" for i in range(1, 9))
    status, body = workbench.get("manage_cohorts", "staff")
    assert status == 200 and all(c["community_id"] for c in body["cohorts"])
    status, body = workbench.get("manage_communities", "staff")
    assert body["cohorts"] == {"available": True, "mirror": True}
