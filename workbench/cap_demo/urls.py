"""The workbench's URLs with a landing page where visitors pick who they are."""

from django.urls import include, path, re_path
from workbench.urls import urlpatterns as workbench_urlpatterns

from . import views

urlpatterns = [
    re_path(r"^$", views.landing, name="cap_demo_landing"),
    path("i18n/", include("django.conf.urls.i18n")),
] + workbench_urlpatterns
