"""« Tableau de bord » (facilitators), the course team's view (staff) and « Préférences de notification »
(everyone), with « Quoi de neuf » on opening the block and the e-mails of notifications (decision 0028).

Three sections, one handler mixin: the dashboard, the course overview and the notification preferences are
tools around the activity (shown whatever Studio's « Sections shown » says, left out of the mobile apps'
list of the activity's sections).
"""

from ..api import notifications
from ..handlers.dashboard import DashboardHandlers
from ..i18n import gettext_lazy
from .registry import Bench, Capability, register

EVENTS = ("cap.dashboard.viewed", "cap.course_view.exported", "cap.notifications.preferences_saved",
          "cap.notifications.unsubscribed")

DASHBOARD = register(Capability(
    key="dashboard",
    title=gettext_lazy("Dashboard"),
    order=12,
    roles=("facilitator",),
    scope="course",
    handlers=(DashboardHandlers,),
    renderer=DashboardHandlers.render_dashboard_section,
    scripts=("dashboard.js",),
    always_shown=True,
    mobile=False,
    retire=notifications.retire_user,
    demo="demo_cockpit",
    demo_order=90,  # last: it refers to the cases, the journal and the discussion of the demo
    bench=(Bench("dashboard_view", "facilitator1", "seed_reports",
                 "the dashboard, with open reports (counts, first items)"),),
    events=EVENTS,
))

OVERVIEW = register(Capability(
    key="overview",
    title=gettext_lazy("Course overview"),
    order=14,
    roles=("staff",),
    scope="course",
    renderer=DashboardHandlers.render_overview_section,
    scripts=("dashboard.js",),
    always_shown=True,
    mobile=False,
    bench=(Bench("course_overview", "staff", "seed_communities",
                 "communities side by side, the facilitators' load"),),
    not_lists=("participation_export",),
))

NOTIFICATIONS = register(Capability(
    key="notifications",
    title=gettext_lazy("Notification preferences"),
    order=90,
    scope="course",
    renderer=DashboardHandlers.render_notifications_section,
    scripts=("dashboard.js",),
    always_shown=True,
    mobile=False,
    not_lists=("notification_preferences",),
))
