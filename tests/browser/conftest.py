"""Chromium (from the OS packages) driving the workbench served by pytest-django's live server."""

import os
import shutil
import tempfile

import pytest

CHROMIUM = os.environ.get("CAP_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CAP_CHROMEDRIVER", shutil.which("chromedriver") or "/usr/bin/chromedriver")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_binaries():
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        message = "Chromium and chromedriver are needed (Debian: apt-get install chromium chromium-driver)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM, CHROMEDRIVER


def _new_driver(binaries, language):
    from selenium import webdriver  # pylint: disable=import-outside-toplevel
    from selenium.webdriver.chrome.service import Service  # pylint: disable=import-outside-toplevel

    chromium, chromedriver = binaries
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    profile = tempfile.mkdtemp(prefix="cap-chromium-")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-extensions", f"--user-data-dir={profile}",
                 "--window-size=1280,1600", f"--lang={language}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": language})
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.implicitly_wait(0)
    driver.cap_profile = profile
    return driver


@pytest.fixture
def browser(browser_binaries):
    """A French-speaking headless Chromium, closed after the test."""
    driver = _new_driver(browser_binaries, "fr-FR")
    yield driver
    driver.quit()
    shutil.rmtree(driver.cap_profile, ignore_errors=True)


@pytest.fixture
def browser_factory(browser_binaries):
    """Open more browsers (one per person in a multi-user scenario)."""
    drivers = []

    def open_browser(language="fr-FR"):
        driver = _new_driver(browser_binaries, language)
        drivers.append(driver)
        return driver

    yield open_browser
    for driver in drivers:
        driver.quit()
        shutil.rmtree(driver.cap_profile, ignore_errors=True)


@pytest.fixture
def site(live_server, transactional_db):  # pylint: disable=unused-argument
    """The demo loaded and the workbench scenarios ready; returns the server's base URL."""
    from cap_demo import demo_data  # pylint: disable=import-outside-toplevel
    from workbench.scenarios import init_scenarios  # pylint: disable=import-outside-toplevel

    init_scenarios()
    demo_data.load()
    return live_server.url


@pytest.fixture(scope="session", autouse=True)
def one_request_at_a_time():
    """The live server answers one request at a time.

    The tests' in-memory SQLite database is one connection, shared with the
    server's threads: two requests at once (a view that loads several lists)
    would use it together and fail. Persistent connections are then closed
    after each answer, so the browser never waits on a held connection.
    """
    from django.core.servers.basehttp import WSGIServer  # pylint: disable=import-outside-toplevel
    from django.test.testcases import LiveServerThread  # pylint: disable=import-outside-toplevel

    class OneAtATime(WSGIServer):
        """Requests are served in the server's thread, which already uses the tests' connection."""

        def __init__(self, *args, connections_override=None, **kwargs):  # pylint: disable=unused-argument
            super().__init__(*args, **kwargs)

    threaded, LiveServerThread.server_class = LiveServerThread.server_class, OneAtATime
    yield
    LiveServerThread.server_class = threaded
