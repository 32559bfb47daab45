"""The learner view on a slow link, measured in Chromium (DevTools network emulation).

The demo is served by gunicorn (``bench.server``, gzip like a production
Open edX behind its web server) and opened by learner1 in headless Chromium
with the connection of a rural mobile network: 400 kbit/s down, 150 kbit/s
up, 400 ms round trip. With an empty cache, it measures:

- the time until the learner view is usable: from the start of the
  navigation to the end of the page's ``load`` event (every script of the
  page run, the block's buttons wired);
- for each section of the view the person opens: from the click on
  « Ouvrir » until the section is in place, its scripts run and nothing in it
  is still loading (no ``aria-busy``);
- the bytes that crossed the link, compressed and not (the same page loaded
  twice, the second time with the cookie ``bench_gzip=0``), for the whole
  workbench page and for the block's own part.

Targets: the learner view usable within 2.5 s, a section within 1.5 s.
"""

import os
import shutil
import tempfile
import time

DOWN_KBPS = 400
UP_KBPS = 150
RTT_MS = 400
VIEW_TARGET = 2.5
SECTION_TARGET = 1.5
STUDENT = "learner1"

CHROMIUM = os.environ.get("CAP_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CAP_CHROMEDRIVER", shutil.which("chromedriver") or "/usr/bin/chromedriver")

# The page's resources: the document, what the block loads (its handlers and resources), the rest.
_SIZES_JS = """
const entries = [performance.getEntriesByType("navigation")[0]].concat(performance.getEntriesByType("resource"));
const since = arguments[0] || 0;
return entries.filter(e => e && e.startTime >= since).map(e => ({
  url: e.name, transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize,
  start: e.startTime, end: e.responseEnd}));
"""

# Click « Ouvrir » of a section and note (page time) when the block says it is open: ``cap:section-opened``,
# dispatched on the block's root once the section's HTML is in place and its script started.
_OPEN_JS = """
const key = arguments[0];
const section = document.querySelector('[data-section="' + key + '"]');
const button = section && section.querySelector("[data-open-section]");
if (!button) { return {error: "no button to open " + key}; }
window.capBenchOpened = window.capBenchOpened || {};
for (let node = section.parentElement; node; node = node.parentElement) {
  node.addEventListener("cap:section-opened", function (event) {
    if (event.detail && event.detail.key === key && !window.capBenchOpened[key]) {
      window.capBenchOpened[key] = performance.now();
    }
  });
}
const started = performance.now();
button.click();
return {started: started};
"""

_OPENED_JS = "return (window.capBenchOpened || {})[arguments[0]] || null;"

# Requests that do not make a section usable: remembering it open is a background save.
_BACKGROUND = ("section_state",)


def available():
    """True when Chromium and chromedriver are installed (Debian: chromium, chromium-driver)."""
    return os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)


def new_driver():
    """Headless Chromium (French, a phone's width) driven by chromedriver."""
    from selenium import webdriver  # pylint: disable=import-outside-toplevel
    from selenium.webdriver.chrome.service import Service  # pylint: disable=import-outside-toplevel

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="cap-bench-chromium-")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-extensions", f"--user-data-dir={profile}", "--window-size=412,900",
                 "--lang=fr"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "fr-FR,fr"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(120)
    driver.set_script_timeout(30)
    driver.bench_profile = profile
    return driver


def emulate(driver, slow=True):
    """The slow link (or none) for every request of the page, from now on."""
    driver.execute_cdp_cmd("Network.enable", {})
    if slow:
        conditions = {"offline": False, "latency": RTT_MS, "downloadThroughput": DOWN_KBPS * 1000 / 8,
                      "uploadThroughput": UP_KBPS * 1000 / 8}
    else:
        conditions = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", conditions)


def is_block(url):
    """Requests of the block itself: its handlers and its resources."""
    return "/handler/" in url or "/resource/" in url or "cap_xblock" in url


def is_static(url):
    """The workbench page's own scripts and styles (in the LMS, the courseware's)."""
    return "/static/" in url


def summarize(entries):
    """Bytes of ``entries`` (resource timing): over the wire, body as sent, body decoded; all, the block's
    requests, and the page's static files. The page's HTML carries the block's first render (its CSS and JS
    inline), so the page's bytes less its static files are the block's first render and the page around it."""
    def total(items, key):
        return sum(int(item.get(key) or 0) for item in items)

    block = [item for item in entries if is_block(item["url"])]
    static = [item for item in entries if is_static(item["url"])]
    return {
        "requests": len(entries), "transfer": total(entries, "transfer"), "encoded": total(entries, "encoded"),
        "decoded": total(entries, "decoded"), "block_transfer": total(block, "transfer"),
        "block_decoded": total(block, "decoded"), "static_transfer": total(static, "transfer"),
    }


def measure_page(driver, base_url, gzip=True, progress=print):
    """One cold visit of the learner view on the slow link, then each closed section opened in turn."""
    progress(f"  learner1's view, {'compressed' if gzip else 'not compressed'}")
    emulate(driver, slow=False)  # also enables the Network domain
    driver.execute_cdp_cmd("Network.setCookie", {"name": "bench_gzip", "value": "1" if gzip else "0",
                                                 "url": base_url + "/", "path": "/"})
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    emulate(driver, slow=True)
    started = time.perf_counter()
    driver.get(f"{base_url}/scenario/cap.0/?student={STUDENT}")
    wall = time.perf_counter() - started
    timing = driver.execute_script(
        "const n = performance.getEntriesByType('navigation')[0];"
        "return {load: n.loadEventEnd, dom: n.domContentLoadedEventEnd, first_byte: n.responseStart};")
    page = summarize(driver.execute_script(_SIZES_JS, 0))
    keys = driver.execute_script(
        "return Array.from(document.querySelectorAll('[data-section][data-lazy]'))"
        ".map(s => s.getAttribute('data-section'));")
    sections = {}
    for key in keys:
        progress(f"  opening « {key} »")
        sections[key] = open_section(driver, key)
    emulate(driver, slow=False)
    _close_all(driver, sum(1 for section in sections.values() if "seconds" in section))
    return {"usable": timing["load"] / 1000, "dom_ready": timing["dom"] / 1000,
            "first_byte": timing["first_byte"] / 1000, "wall": wall, "page": page, "sections": sections}


def open_section(driver, key, timeout=60, quiet=0.8):
    """Open section ``key`` and wait until it is usable: the block said it is open and every request started
    since the click (its ``section_view``, its script, what the script asks) has ended, none new for ``quiet``
    seconds. Returns its seconds from the click (page time) and its bytes."""
    clicked = driver.execute_script(_OPEN_JS, key)
    if "error" in clicked:
        return {"error": clicked["error"]}
    started = clicked["started"]
    deadline = time.monotonic() + timeout
    opened, seen, quiet_since = None, -1, None
    while time.monotonic() < deadline:
        time.sleep(0.1)
        opened = opened or driver.execute_script(_OPENED_JS, key)
        entries = [entry for entry in driver.execute_script(_SIZES_JS, started)
                   if not any(word in entry["url"] for word in _BACKGROUND)]
        settled = opened is not None and all(entry["end"] for entry in entries)
        if not settled or len(entries) != seen:
            seen, quiet_since = len(entries), time.monotonic()
            continue
        if time.monotonic() - quiet_since >= quiet:
            usable = max([opened] + [entry["end"] for entry in entries])
            return {"seconds": (usable - started) / 1000, **summarize(entries)}
    return {"error": f"not usable after {timeout} s" if opened else f"not open after {timeout} s"}


_SAVES_JS = """
return performance.getEntriesByType("resource").filter(e => e.name.indexOf("section_state") >= 0)
  .map(e => e.responseEnd);
"""


def _wait_saves(driver, count, timeout):
    """Wait until ``count`` saves of open sections (``section_state``) have answered."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(driver.execute_script(_SAVES_JS)) < count:
        time.sleep(0.2)


def _close_all(driver, opened, timeout=30):
    """Close the ``opened`` sections once the block saved them open, one at a time, each save awaited: the block
    remembers open sections (one list per person, written whole), and the next visit must start as this one did."""
    _wait_saves(driver, opened, timeout)
    keys = driver.execute_script(
        "return Array.from(document.querySelectorAll('[data-close-section]')).map(b => b.dataset.closeSection);")
    for key in keys:
        count = len(driver.execute_script(_SAVES_JS))
        driver.execute_script(f"document.querySelector('[data-close-section=\"{key}\"]').click();")
        _wait_saves(driver, count + 1, timeout)


def run(base_url, progress=print):
    """``{"gzip": page figures, "plain": page figures}`` of learner1's view on the slow link."""
    driver = new_driver()
    try:
        return {"gzip": measure_page(driver, base_url, True, progress),
                "plain": measure_page(driver, base_url, False, progress),
                "link": {"down_kbps": DOWN_KBPS, "up_kbps": UP_KBPS, "rtt_ms": RTT_MS}}
    finally:
        driver.quit()
        shutil.rmtree(driver.bench_profile, ignore_errors=True)


def verdicts(result):
    """``[(what, seconds, target, met)]`` of the compressed visit (what Open edX serves)."""
    gzip = result["gzip"]
    lines = [("learner view usable", gzip["usable"], VIEW_TARGET, gzip["usable"] <= VIEW_TARGET)]
    for key, section in gzip["sections"].items():
        seconds = section.get("seconds")
        lines.append((f"section `{key}` open and usable", seconds, SECTION_TARGET,
                      seconds is not None and seconds <= SECTION_TARGET))
    return lines
