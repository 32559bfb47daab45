"""Translations of cap_xblock.

Two sources, the platform's first (decision 0025):

1. The runtime's ``i18n`` service. In Open edX it is ``XBlockI18nService``,
   whose translator is the catalog of this package that ``openedx-atlas``
   pulled for the language of the request (OEP-58, domain ``django``), when
   the platform has one; a message that catalog translates is shown as it says.
2. The package's own catalogs, ``cap_xblock/conf/locale/<lang>/LC_MESSAGES/django.mo``
   (English and French), for every message the platform's catalog lacks.

The language is the one the platform activated for the request (Django's
``get_language()``: the learner's preference in the LMS, ``Accept-Language``
in the workbench), French when none is active. A language neither source has
a catalog for is shown in English, the source language; French variants
(``fr-ca``) get the French catalog.

The block names the runtime whose service applies (``speaking_for(block)``)
around its views and handlers; code that runs outside them (signals,
management commands) uses the package's own catalogs.
"""

import contextlib
import contextvars
import gettext as gettext_module
import os
from functools import lru_cache

from django.utils import translation

LOCALE_DIR = os.path.join(os.path.dirname(__file__), "conf", "locale")
DOMAIN = "django"
DEFAULT_LANGUAGE = "fr"
# The languages of the block's own content (its French and English fields, date formats).
LANGUAGES = ("en", "fr")

# The catalog of the platform's ``i18n`` service for the block being served, or None.
_platform_catalog = contextvars.ContextVar("cap_platform_catalog", default=None)


def active_language():
    """The language of the request, as Django names it (``fr``, ``fr-ca``, ``es-419``)."""
    return (translation.get_language() or DEFAULT_LANGUAGE).lower()


def current_language():
    """The language of the block's own content: ``fr`` for French and its variants, else ``en``."""
    language = active_language().split("-")[0]
    return language if language in LANGUAGES else "en"


@lru_cache(maxsize=None)
def translator(language):
    """The package's own catalog of ``language`` (``fr-ca`` falls back to ``fr``), or NullTranslations."""
    return gettext_module.translation(DOMAIN, LOCALE_DIR, [translation.to_locale(language)], fallback=True)


class Catalog:
    """The messages of one request: the platform's catalog first, the package's own for the rest."""

    def __init__(self, primary, own):
        self.primary = primary
        self.own = own

    def gettext(self, message):
        """``message`` in the request's language."""
        if self.primary is not None:
            text = self.primary.gettext(message)
            if text != message:
                return text
        return self.own.gettext(message)

    def ngettext(self, singular, plural, number):
        """The singular or plural form for ``number``, in the request's language."""
        if self.primary is not None:
            text = self.primary.ngettext(singular, plural, number)
            if text not in (singular, plural):
                return text
        return self.own.ngettext(singular, plural, number)

    def pgettext(self, context, message):
        """``message`` in ``context``, in the request's language."""
        if self.primary is not None:
            text = self.primary.pgettext(context, message)
            if text != message:
                return text
        return self.own.pgettext(context, message)

    def npgettext(self, context, singular, plural, number):
        """The singular or plural form for ``number`` in ``context``, in the request's language."""
        if self.primary is not None:
            text = self.primary.npgettext(context, singular, plural, number)
            if text not in (singular, plural):
                return text
        return self.own.npgettext(context, singular, plural, number)

    # The names some template engines and older callers use.
    ugettext = gettext
    ungettext = ngettext


@contextlib.contextmanager
def speaking_for(block):
    """Within the block, messages come first from its runtime's ``i18n`` service catalog."""
    from . import platform  # pylint: disable=import-outside-toplevel

    token = _platform_catalog.set(platform.i18n_catalog(block))
    try:
        yield
    finally:
        _platform_catalog.reset(token)


def catalog():
    """Translations of the current request (a ``Catalog``)."""
    return Catalog(_platform_catalog.get(), translator(active_language()))


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
