"""The demo's URLs, and openedx-forum's two writes when it is installed (``/forum-bench/``)."""

from django.conf import settings
from django.urls import path
from django.views.decorators.csrf import csrf_protect

from cap_demo.urls import urlpatterns as demo_urlpatterns

urlpatterns = list(demo_urlpatterns)

if settings.FORUM_INSTALLED:
    from . import views  # pylint: disable=ungrouped-imports

    urlpatterns = [
        path("forum-bench/threads", csrf_protect(views.create_thread)),
        path("forum-bench/threads/<str:thread_id>/comments", csrf_protect(views.create_comment)),
    ] + urlpatterns
