"""The block's one template engine: ``templates/cap_xblock/`` compiled once per process, rendered per request.

``xblock.utils``' ``render_django_template`` builds a new Django ``Engine``
(scanning every installed application for template tags) and compiles the
template's source again on every call: about 5 ms of a request's CPU per
template drawn, three or four templates per write. Here the engine is built
once and each template compiled once; a compiled template holds no request
state (Django's own cached loader shares them between threads the same way).

Translations are unchanged: ``{% load i18n %}`` is ``xblock.utils``' tag
library, which reads the runtime's ``i18n`` service from the context
(``_i18n_service``) when it renders, as ``render_django_template`` passes it.
"""

import functools
from pathlib import Path

from django.template import Context, Engine
from django.template.backends.django import get_installed_libraries

TEMPLATES_DIR = Path(__file__).resolve().with_name("templates") / "cap_xblock"


@functools.lru_cache(maxsize=1)
def engine():
    """The engine of the block's templates (cached loader: each template compiled once per process)."""
    libraries = dict(get_installed_libraries(), i18n="xblock.utils.templatetags.i18n")
    return Engine(dirs=[str(TEMPLATES_DIR)], libraries=libraries, loaders=[
        ("django.template.loaders.cached.Loader", ["django.template.loaders.filesystem.Loader"])])


def template(name):
    """The compiled template ``name`` of ``templates/cap_xblock/``."""
    return engine().get_template(name)


def render(name, context, i18n_service=None):
    """``name`` rendered with ``context`` (autoescaped), its ``{% trans %}`` read from ``i18n_service``."""
    return template(name).render(Context(dict(context, _i18n_service=i18n_service)))
