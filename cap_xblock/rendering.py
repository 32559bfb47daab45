"""The block's one template engine: ``templates/cap_xblock/`` compiled once per process, rendered per request.

``xblock.utils``' ``render_django_template`` builds a new Django ``Engine``
(scanning every installed application for template tags) and compiles the
template's source again on every call: about 5 ms of a request's CPU per
template drawn, three or four templates per write. Here the engine is built
once and each template compiled once (Django's cached loader, which shares
compiled templates between threads: a compiled template holds no request state).

Translations: ``{% load i18n %}`` is Django's own tag library. While a
template renders, the request's ``i18n.Catalog`` (the runtime's ``i18n``
service first, then the package's catalogs) answers Django's gettext calls in
this thread, and Django's catalog of the language answers what neither has
(``_CatalogFirst``). Nothing is merged into Django's shared translations, so
one request's catalog never reaches another's (``xblock.utils``' tags merge the
service's catalog into the process's translation of the language, and keep
what they merged on the compiled template's nodes).
"""

import functools
from pathlib import Path

from django.conf import settings
from django.template import Context, Engine
from django.template.backends.django import get_installed_libraries
from django.utils.translation import trans_real

TEMPLATES_DIR = Path(__file__).resolve().with_name("templates") / "cap_xblock"


@functools.lru_cache(maxsize=1)
def engine():
    """The engine of the block's templates (cached loader: each template compiled once per process)."""
    return Engine(dirs=[str(TEMPLATES_DIR)], libraries=get_installed_libraries(), loaders=[
        ("django.template.loaders.cached.Loader", ["django.template.loaders.filesystem.Loader"])])


def template(name):
    """The compiled template ``name`` of ``templates/cap_xblock/``."""
    return engine().get_template(name)


class _CatalogFirst:
    """What Django's gettext asks of the active translation, answered by the request's catalog first."""

    def __init__(self, catalog, django_translation):
        self.catalog = catalog
        self.django = django_translation

    def gettext(self, message):
        text = self.catalog.gettext(message)
        if text == message:
            return self.django.gettext(message)
        return text

    def ngettext(self, singular, plural, number):
        text = self.catalog.ngettext(singular, plural, number)
        if text in (singular, plural):
            return self.django.ngettext(singular, plural, number)
        return text

    def to_language(self):
        return self.django.to_language()

    def __getattr__(self, name):
        # Anything else Django may ask of a translation (its language, plural rules): Django's own.
        return getattr(self.django, name)


def render(name, context, catalog):
    """``name`` rendered with ``context`` (autoescaped), its ``{% trans %}`` read from ``catalog`` (an
    ``i18n.Catalog``: ``gettext``, ``ngettext``)."""
    active = getattr(trans_real._active, "value", None)  # pylint: disable=protected-access
    # No language active: Django's gettext answers in the site's language (LANGUAGE_CODE); so does this.
    django_translation = active if active is not None else trans_real.translation(settings.LANGUAGE_CODE)
    trans_real._active.value = _CatalogFirst(catalog, django_translation)  # pylint: disable=protected-access
    try:
        return template(name).render(Context(context))
    finally:
        if active is None:
            del trans_real._active.value  # pylint: disable=protected-access
        else:
            trans_real._active.value = active  # pylint: disable=protected-access
