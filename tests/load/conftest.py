"""Load tests: the workbench served by gunicorn (several processes) on a private MariaDB.

Each module gets its own freshly migrated database and server, so what one
burst leaves behind never changes another's counts.
"""

import pytest

from . import harness


def pytest_configure(config):
    config.addinivalue_line("markers", "load: many concurrent HTTP clients against gunicorn and MariaDB")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/load" in str(item.fspath):
            item.add_marker(pytest.mark.load)


@pytest.fixture(scope="session")
def mariadb_env():
    """CAP_DB_* of the private MariaDB server (the one `make test` started, or one of our own)."""
    with harness.mariadb() as env:
        yield env


@pytest.fixture(scope="module")
def site(mariadb_env, request, tmp_path_factory):
    """A fresh database named after the test module, and gunicorn serving the workbench on it."""
    name = "cap_load_" + request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    with harness.served_workbench(mariadb_env, name, tmp_path_factory.mktemp(name)) as served:
        yield served
