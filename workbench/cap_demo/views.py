"""The demo's landing page: choose a person (course staff, facilitator, learner) and a language."""

from django.shortcuts import render
from django.utils import translation

from cap_xblock import i18n

from .people import FACILITATORS, LEARNER_NAMES, PEOPLE

SCENARIO = "cap.0"


def landing(request):
    """Who are you? Links to the CAP activity as each demo person."""
    _ = i18n.gettext
    context = {
        "language": translation.get_language(),
        "title": _("CAP demo: involving stakeholders better"),
        "intro": _("A demo course for development professionals. Choose who you are to see the activity as them."),
        "staff_label": _("Course staff"),
        "facilitators_label": _("Facilitators"),
        "learners_label": _("Learners"),
        "studio_label": _("Block settings (Studio view)"),
        "language_label": _("Language"),
        "change_label": _("Change"),
        "staff": [("staff", PEOPLE["staff"])],
        "facilitators": list(FACILITATORS.items()),
        "learners": [(f"learner{i}", name) for i, name in enumerate(LEARNER_NAMES, start=1)],
        "scenario": SCENARIO,
    }
    return render(request, "cap_demo/landing.html", context)
