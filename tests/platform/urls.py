"""The demo's URLs plus the fake platforms' handler and view URLs (``/platform/<runtime>/...``)."""

from django.urls import re_path

from cap_demo.urls import urlpatterns as demo_urlpatterns

from . import views

urlpatterns = [
    re_path(r"^platform/(?P<platform>[a-z]+)/handler/(?P<usage_id>[^/]+)/(?P<handler_name>[^/]*)/(?P<suffix>.*)$",
            views.handler),
    re_path(r"^platform/lms/handler_noauth/(?P<usage_id>[^/]+)/(?P<handler>[^/]*)/(?P<suffix>.*)$",
            views.lms_handler_noauth),
    re_path(r"^platform/(?P<platform>[a-z]+)/view/(?P<usage_id>[^/]+)/(?P<view_name>[a-z_]+)/$", views.view),
] + demo_urlpatterns
