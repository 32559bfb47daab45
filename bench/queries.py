"""In one process on MariaDB: SQL queries of the views and list handlers at growing sizes, render time, bytes.

Needs Django configured for the benchmark's own database (``bench.__main__``
does it). Every list of ``bench.lists.all_lists()`` is grown to each size, then
each call is made once to warm caches and once measured.

The learner view is counted honestly, in parts: the first render alone (the
page with the sections it opens, nothing fetched after), then each section as
the person opens it (its ``section_view`` call), reported apart.
"""

import re
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from . import lists

# Render times are the best of RENDER_RUNS: the run least disturbed by other processes on the machine.
RENDER_RUNS = 7


def prepare():
    """The demo loaded into the benchmark's database: ``(workbench client, usage id, Place)``."""
    return _workbench()


def _workbench():
    from cap_demo import demo_data  # pylint: disable=import-outside-toplevel

    from cap_xblock.models import Community  # pylint: disable=import-outside-toplevel
    from tests.utils import COURSE, Workbench  # pylint: disable=import-outside-toplevel
    from workbench.scenarios import get_scenarios, init_scenarios  # pylint: disable=import-outside-toplevel

    init_scenarios()
    demo_data.load()
    usage_id = get_scenarios()["cap.0"].usage_id
    place = lists.Place(course_key=COURSE, block_key=demo_data.DEMO_BLOCK_KEY,
                        community=Community.objects.get(course_key=COURSE, name="Les Baobabs"))
    return Workbench(usage_id), usage_id, place


def _measured(call):
    """(queries, status) of ``call()`` after a warm-up call."""
    call()
    with CaptureQueriesContext(connection) as captured:
        status = call()
    return len(captured), status


def _render_seconds(workbench, student):
    durations = []
    for _run in range(RENDER_RUNS):
        started = time.perf_counter()
        workbench.view(student)
        durations.append(time.perf_counter() - started)
    return min(durations)


def first_render_bytes(usage_id, student="learner1"):
    """Bytes of the learner view's first render: the fragment's HTML and the CSS and JS it loads."""
    from workbench.runtime import WorkbenchRuntime  # pylint: disable=import-outside-toplevel

    with translation.override("fr"):
        runtime = WorkbenchRuntime(student)
        block = runtime.get_block(usage_id)
        fragment = block.render("student_view", {})
    parts = {"html": len(fragment.content.encode("utf-8")), "css": 0, "js": 0}
    for resource in fragment.resources:
        kind = "css" if resource.mimetype == "text/css" else "js"
        parts[kind] += len(resource.data.encode("utf-8"))
    parts["total"] = sum(parts.values())
    return parts


def section_seconds(usage_id, student="learner1"):
    """Per section of the learner view (``render_<key>_section``): ``(best-of-runs seconds, bytes)``, the
    bytes being its HTML and the scripts it loads."""
    from xblock.utils.resources import ResourceLoader  # pylint: disable=import-outside-toplevel

    from cap_xblock.api import communities  # pylint: disable=import-outside-toplevel
    from cap_xblock.handlers.base import actor_of  # pylint: disable=import-outside-toplevel
    from workbench.runtime import WorkbenchRuntime  # pylint: disable=import-outside-toplevel

    timings = {}
    with translation.override("fr"):
        block = WorkbenchRuntime(student).get_block(usage_id)
        actor = actor_of(block)
        view = communities.view_for(actor)
        renderers = {key: getattr(block, f"render_{key}_section", None) for key in block.shown_sections()}
        renderers = {key: renderer for key, renderer in renderers.items() if renderer is not None}
        weights = {}
        for key, renderer in renderers.items():
            section = renderer(actor, view)  # templates compiled, caches warm
            weights[key] = 0 if section is None else len(section.html.encode("utf-8")) + sum(
                len(ResourceLoader("cap_xblock").load_unicode(f"static/js/{name}").encode("utf-8"))
                for name in section.js_files)
        for key, renderer in renderers.items():
            durations = []
            for _run in range(RENDER_RUNS):
                started = time.perf_counter()
                renderer(actor, view)
                durations.append(time.perf_counter() - started)
            timings[key] = (min(durations), weights[key])
    return timings


def unlisted_get_handlers():
    """GET handlers of the block that ``bench.lists`` neither measures nor calls not-a-list."""
    from cap_xblock.block import CapXBlock  # pylint: disable=import-outside-toplevel

    block_handlers = {name for name in dir(CapXBlock) if getattr(getattr(CapXBlock, name), "cap_method", "") == "GET"}
    known = {item.handler for item in lists.all_lists()} | lists.NOT_LISTS
    return sorted(block_handlers - known)


def section_keys(html):
    """``{key: opened in the first render}`` of the sections of a learner view's HTML."""
    keys = {}
    for match in re.finditer(r'<section[^>]*data-section="([a-z_]+)"([^>]*)>', html):
        keys[match.group(1)] = "data-lazy" not in match.group(2)
    return keys


def first_render_and_sections(workbench, student):
    """``(first render's queries, status, {section key: (queries, status, opened in the first render)})``."""
    count, status = _measured(lambda: workbench.view(student, open_sections=False).status_code)
    html = workbench.view(student, open_sections=False).content.decode("utf-8")
    sections = {}
    for key, opened in section_keys(html).items():
        queries, section_status = _measured(
            lambda key=key: workbench.get("section_view", student, {"key": key})[0])
        sections[key] = (queries, section_status, opened)
    return count, status, sections


def run(sizes, progress=print, prepared=None):
    """Measure every view and list at each of ``sizes``; returns a dict of results."""
    workbench, usage_id, place = prepared or _workbench()
    workbench.csrf()
    from cap_xblock.block import CapXBlock  # pylint: disable=import-outside-toplevel

    every_list = lists.all_lists()
    available = [item for item in every_list if getattr(getattr(CapXBlock, item.handler, None), "cap_method", None)]
    views = {student: {} for student in lists.VIEW_STUDENTS}
    section_counts = {}
    opened_first = {}
    handlers = {item.handler: {} for item in available}
    statuses = {}
    render = {}
    sizes_bytes = {}
    sections = {}
    for size in sizes:
        progress(f"  growing every list to {size} items")
        params = {item.handler: item.seed(place, size) for item in available}
        for student in lists.VIEW_STUDENTS:
            count, status, sections_of = first_render_and_sections(workbench, student)
            views[student][size] = count
            statuses[f"student_view {student}"] = status
            for key, (queries, section_status, opened) in sections_of.items():
                section_counts.setdefault((key, student), {})[size] = queries
                statuses[f"section_view {key} {student}"] = section_status
                opened_first[(key, student)] = opened
        for item in available:
            count, status = _measured(
                lambda item=item: workbench.get(item.handler, item.student, params[item.handler])[0])
            handlers[item.handler][size] = count
            statuses[item.handler] = status
        render[size] = _render_seconds(workbench, "learner1")
        sizes_bytes[size] = first_render_bytes(usage_id)
        sections[size] = section_seconds(usage_id)
    return {
        "sizes": list(sizes),
        "views": views,
        "handlers": handlers,
        "notes": {item.handler: f"{item.note} ({item.student})" for item in available},
        "missing": [item.handler for item in every_list if item not in available],
        "section_queries": section_counts,
        "opened_first": opened_first,
        "unlisted": unlisted_get_handlers(),
        "statuses": statuses,
        "render": render,
        "bytes": sizes_bytes,
        "sections": sections,
    }
