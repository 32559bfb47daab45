"""Two minimal views in front of openedx-forum's Python API, as the platform's discussion views call it,
and ``round_trip``, the cost of one SQL query that does nothing (the floor of the write benchmark).

The LMS calls ``forum.api`` in process (its own HTTP API is off by default and
meant for staff service accounts). These views do what a thin platform view
does around it: read the person (here ``?student=``, as the workbench does),
parse the JSON body, call the api, answer JSON. No permission checks, no
serializer of the platform's REST layer: the forum's side is, if anything,
measured lighter than it runs in the LMS.
"""

import json
import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_POST

COURSE_ID = "course-v1:CAP+Forum+2026"


def _author_id(request):
    return str(get_user_model().objects.only("id").get(username=request.GET["student"]).id)


@require_POST
def create_thread(request):
    """A new thread: ``{"title", "body"}`` -> ``{"id"}``."""
    from forum import api  # pylint: disable=import-outside-toplevel,import-error

    data = json.loads(request.body)
    thread = api.create_thread(title=data["title"], body=data["body"], course_id=COURSE_ID,
                               user_id=_author_id(request), commentable_id=data.get("commentable_id", "course"))
    return JsonResponse({"id": thread["id"]})


@require_POST
def create_comment(request, thread_id):
    """A reply to thread ``thread_id``: ``{"body"}`` -> ``{"id"}``."""
    from forum import api  # pylint: disable=import-outside-toplevel,import-error

    data = json.loads(request.body)
    comment = api.create_parent_comment(thread_id=thread_id, body=data["body"], user_id=_author_id(request),
                                        course_id=COURSE_ID, anonymous=False, anonymous_to_peers=False)
    return JsonResponse({"id": comment["id"]})


def round_trip(request):
    """The benchmark's floor: ``?n=`` times ``SELECT 1`` on this process's connection to the database, one
    after the other; ``{"median_ms", "min_ms"}`` of one round trip (the cost of one SQL query that does
    nothing, measured where the handlers run)."""
    count = max(1, min(int(request.GET.get("n", "50")), 1000))
    durations = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchall()
        for _number in range(count):
            started = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchall()
            durations.append(time.perf_counter() - started)
    return JsonResponse({"median_ms": statistics.median(durations) * 1000, "min_ms": min(durations) * 1000})
