"""Packaging of cap_xblock: the ``cap`` XBlock and its Django app (an Open edX plugin)."""

import os
import re

from setuptools import find_packages, setup

HERE = os.path.dirname(os.path.abspath(__file__))


def version():
    with open(os.path.join(HERE, "cap_xblock", "__init__.py"), encoding="utf-8") as init:
        return re.search(r'__version__ = "([^"]+)"', init.read()).group(1)


def requirements(path):
    """The requirements an ``.in`` file names, without comments and without ``-c``/``-r`` lines.

    ``install_requires`` is read from ``requirements/base.in``, the file pip-compile pins into
    ``requirements/base.txt``: one list of run-time requirements.
    """
    found = []
    with open(os.path.join(HERE, path), encoding="utf-8") as lines:
        for line in lines:
            line = line.split("#", 1)[0].strip()
            if line and not line.startswith("-"):
                found.append(line)
    return found


def package_data(package, roots):
    """Every file under ``roots`` of ``package`` (templates, static, catalogs)."""
    found = []
    for root in roots:
        for folder, _dirs, files in os.walk(os.path.join(HERE, package, root)):
            for name in files:
                found.append(os.path.relpath(os.path.join(folder, name), os.path.join(HERE, package)))
    return found


setup(
    name="cap-xblock",
    version=version(),
    description="Communautés d'Apprentissage et de Pratiques (CAP) for Open edX: communities, "
                "co-development, reflective journal, moderated discussion.",
    long_description=open(os.path.join(HERE, "README.md"), encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    license="AGPL-3.0",
    python_requires=">=3.11",
    packages=find_packages(include=["cap_xblock", "cap_xblock.*"]),
    package_data={"cap_xblock": package_data("cap_xblock", ["templates", "static", "conf/locale"])},
    install_requires=requirements("requirements/base.in"),
    entry_points={
        "xblock.v1": ["cap = cap_xblock.block:CapXBlock"],
        "lms.djangoapp": ["cap_xblock = cap_xblock.apps:CapXBlockConfig"],
        "cms.djangoapp": ["cap_xblock = cap_xblock.apps:CapXBlockConfig"],
    },
    classifiers=[
        "Framework :: Django",
        "Framework :: Django :: 4.2",
        "Framework :: Django :: 5.2",
        "Programming Language :: Python :: 3",
        "Programming Language :: Python :: 3.12",
        "Natural Language :: French",
        "Natural Language :: English",
    ],
)
