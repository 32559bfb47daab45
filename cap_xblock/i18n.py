"""Translations of cap_xblock.

The catalogs live in ``cap_xblock/translations/<lang>/LC_MESSAGES/text.mo``,
where Open edX looks for an XBlock's own translations. The language is the one
the platform activated for the request (Django's ``get_language()``: the
learner's preference in the LMS, ``Accept-Language`` in the workbench), and
French when none is active.
"""

import gettext as gettext_module
import os
from functools import lru_cache

from django.utils import translation

TRANSLATIONS_DIR = os.path.join(os.path.dirname(__file__), "translations")
DOMAIN = "text"
DEFAULT_LANGUAGE = "fr"
LANGUAGES = ("en", "fr")


def current_language():
    """The two-letter language in use: one of LANGUAGES."""
    language = (translation.get_language() or DEFAULT_LANGUAGE).split("-")[0].lower()
    return language if language in LANGUAGES else "en"


@lru_cache(maxsize=None)
def translator(language):
    """The gettext translations object of one language (NullTranslations when missing)."""
    return gettext_module.translation(DOMAIN, TRANSLATIONS_DIR, [language], fallback=True)


def catalog():
    """Translations of the current language."""
    return translator(current_language())


def gettext(message):
    """Translate ``message`` into the current language."""
    return catalog().gettext(message)


def ngettext(singular, plural, number):
    """Translate a message with a plural form."""
    return catalog().ngettext(singular, plural, number)


def pgettext(context, message):
    """Translate ``message`` in a given context."""
    return catalog().pgettext(context, message)


class LazyText:
    """A message translated when it is shown, not when it is defined."""

    def __init__(self, message):
        self.message = message

    def __str__(self):
        # The literal was marked where gettext_lazy was called; this only translates it.
        return gettext(self.message)  # pylint: disable=translation-of-non-string


def gettext_lazy(message):
    """Mark ``message`` for translation, to be translated when turned into a string."""
    return LazyText(message)


_ = gettext
