"""The workbench's URLs with a landing page where visitors pick who they are."""

from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from workbench import views as workbench_views
from workbench.urls import urlpatterns as workbench_urlpatterns

from . import views

urlpatterns = [
    re_path(r"^$", views.landing, name="cap_demo_landing"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Handlers without a login (an e-mail's unsubscribe link) are CSRF-exempt, as Open edX's
    # ``handle_xblock_callback_noauth`` is: the token they carry is the proof.
    re_path(r"^unauth_handler/(?P<usage_id>[^/]+)/(?P<handler_slug>[^/]*)(?:/(?P<suffix>.*))?$",
            csrf_exempt(workbench_views.handler), {"authenticated": False}, name="cap_demo_unauth_handler"),
] + workbench_urlpatterns
