"""XBlock services of the demo: demo people with names, and the block's own translations."""

from xblock.reference.user_service import UserService, XBlockUser

from cap_xblock import i18n

from .people import display_name


class DemoUserService(UserService):
    """The workbench user (``?student=ID``) with the demo person's name."""

    runtime = None

    def get_current_user(self):
        user_id = str(getattr(self.runtime, "user_id", "") or "")
        user = XBlockUser(is_current_user=True, emails=[f"{user_id}@example.org"], full_name=display_name(user_id))
        user.opt_attrs["xblock-workbench.user_id"] = user_id
        return user


class DemoI18nService:
    """Like Open edX's XBlock i18n service: the block's catalog in the active language."""

    runtime = None

    def __getattr__(self, name):
        return getattr(i18n.catalog(), name)

    def ugettext(self, message):
        return i18n.gettext(message)

    def ungettext(self, singular, plural, number):
        return i18n.ngettext(singular, plural, number)
