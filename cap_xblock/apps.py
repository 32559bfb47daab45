"""Django app of cap_xblock, installed in the LMS and Studio by the plugin framework."""

from django.apps import AppConfig


class CapXBlockConfig(AppConfig):
    """The Django app that holds the CAP shared data (communities, memberships, ...)."""

    name = "cap_xblock"
    verbose_name = "CAP XBlock"
    default_auto_field = "django.db.models.BigAutoField"

    # Open edX plugin framework: registering the app in the LMS and Studio is
    # enough; the app has no URLs and no settings of its own. Its receivers are
    # connected in ``ready`` (the same in the LMS, Studio, the workbench and tests).
    plugin_app = {}

    def ready(self):
        # Connect to the platform's user-retirement signal when it exists
        # (LMS); in the workbench and in tests there is nothing to connect to.
        from . import capabilities, platform, receivers, retirement  # pylint: disable=import-outside-toplevel

        # The capabilities' declarations registered themselves on import (their sections, their parts of the
        # completion rule): done here, before any request, task or command reads them.
        del capabilities

        signal = platform.retirement_signal()
        if signal is not None:
            signal.connect(retirement.on_user_retired, dispatch_uid="cap_xblock_retire_user")
        # Lifecycle (openedx-events): a block deleted or duplicated in Studio, a learner who unenrols or
        # enrols again (``api.lifecycle``, decision 0025).
        for lifecycle_signal, receiver, uid in receivers.lifecycle_receivers():
            lifecycle_signal.connect(receiver, dispatch_uid=uid)
