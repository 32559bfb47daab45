"""The demo's URLs, its static files, the floor of one SQL round trip (``/bench/round-trip``), and
openedx-forum's two writes when it is installed (``/forum-bench/``).

The benchmark serves with ``DEBUG`` off, like production; the workbench's
static files (its page's scripts, which start the block) are served here as a
production web server would serve them, compressed by the same middleware.
"""

from cap_demo.urls import urlpatterns as demo_urlpatterns
from django.conf import settings
from django.contrib.staticfiles.views import serve
from django.urls import path, re_path

from . import views

urlpatterns = [
    re_path(r"^static/(?P<path>.*)$", serve, {"insecure": True}),
    path("bench/round-trip", views.round_trip),
] + list(demo_urlpatterns)

if settings.FORUM_INSTALLED:
    urlpatterns = [
        path("forum-bench/threads", views.create_thread),
        path("forum-bench/threads/<str:thread_id>/comments", views.create_comment),
    ] + urlpatterns
