"""The benchmark's pieces import and work on SQLite, so that ``make bench`` does not break unseen.

``make bench`` itself runs on MariaDB, gunicorn and Chromium and is no part of
the tests; these checks run its in-process functions at the smallest sizes
and its report on made-up figures (every part, every target).
"""

import gzip
import json
import time

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from bench import forum, lists, queries, report, scale, slowlink, writes
from bench.server import middleware, views
from cap_xblock.api.data import Actor
from cap_xblock.block import CapXBlock
from tests.utils import COURSE, Workbench


def _get_handlers():
    return {name for name in dir(CapXBlock) if getattr(getattr(CapXBlock, name), "cap_method", "") == "GET"}


def test_the_course_scale_lines_name_get_handlers_or_the_page():
    for item in lists.scale_benches():
        assert item.handler == "student_view" or item.handler in _get_handlers(), item
    assert lists.all_lists()[:len(lists.LISTS)] == lists.LISTS


def test_the_block_writes_a_thread_and_a_reply_in_process_with_few_queries(demo):  # pylint: disable=unused-argument
    from cap_demo import demo_data  # pylint: disable=import-outside-toplevel

    actor = Actor(user_id="learner1", username="learner1", display_name="Awa", course_key=COURSE,
                  block_key=demo_data.DEMO_BLOCK_KEY)
    measured = forum.compare_in_process({"cap": forum.cap_writer(actor)}, pairs=2)["cap"]
    from cap_xblock.models import Post  # pylint: disable=import-outside-toplevel

    assert Post.objects.filter(author_id="learner1", title__startswith="Fil n°").count() == 3
    assert Post.objects.filter(author_id="learner1", depth=1, body__startswith="Réponse n°").count() == 3
    assert 0 < measured["thread_queries"] < 40 and 0 < measured["reply_queries"] < 40
    assert measured["pair"] > 0


# pylint: disable-next=unused-argument
def test_the_first_render_and_each_section_are_counted_apart(demo, scenario_usage_id):
    client = Workbench(scenario_usage_id)
    count, status, sections = queries.first_render_and_sections(client, "learner1")
    assert status == 200 and count > 0
    assert {"charter", "journal", "cases", "discussion"} <= set(sections)
    assert all(section_status == 200 and section_queries > 0
               for section_queries, section_status, _opened in sections.values()), sections


def test_section_keys_tell_which_sections_the_first_render_opened():
    html = ('<section class="cap-section" id="x-charter" data-section="charter" aria-label="Charte">'
            '<section class="cap-section" id="x-cases" data-section="cases" aria-label="Cas" data-lazy>')
    assert queries.section_keys(html) == {"charter": True, "cases": False}


def test_the_query_count_header_counts_the_requests_queries(db):  # pylint: disable=unused-argument
    def view(request):
        with connection.cursor() as cursor:
            for _index in range(3):
                cursor.execute("SELECT 1")
        return HttpResponse("ok")

    response = middleware.QueryCount(view)(RequestFactory().get("/"))
    assert response[middleware.QUERIES_HEADER] == "3"
    assert float(response[middleware.SQL_HEADER]) > 0 and float(response[middleware.CPU_HEADER]) >= 0


def test_the_round_trip_view_times_one_query_that_does_nothing(db):  # pylint: disable=unused-argument
    answer = json.loads(views.round_trip(RequestFactory().get("/bench/round-trip", {"n": "5"})).content)
    assert 0 < answer["min_ms"] <= answer["median_ms"]


def test_each_write_says_where_its_median_goes_and_the_cpu_it_may_take():
    results = {"clients": 16, "per_client": 4, "round_trip": 0.0005, "cores": 2,
               "ping": dict(_figures(0.01, 600), queries=0, ratio=1.0, machine_cpu=0.002),
               "writes": {"journal_save": dict(_figures(0.05, 100), queries=8, floor=0.014, sql=0.02, cpu=0.01,
                                               machine_cpu=0.016, lock_waits=40, lock_ms=0.003)}}
    table = report.render({"load": (1.0, 1.0, 1.0), "writes": results})
    assert "| `journal_save` | 50.0 ms = 10.0 ms + 8 × 0.500 ms + 36.0 ms | 1.4× | 20.0 ms / 10.0 ms | 40 (3.0 ms) " \
           "| 200 | 16.0 ms | 160.0 ms |" in table
    assert "≥ 300 writes per second on 2 cores leaves 6.7 ms of CPU per write" in table
    assert ("the whole machine (server, database, clients) spent 16.0 ms of CPU per write (`ping`: 2.0 ms), so 2 "
            "cores allow at most 125 writes/s, the request's Python alone takes 10.0 ms, 40 waits for a row lock, 3.0 ms "
            "per write; 300/s on 2 cores leaves "
            "6.7 ms") in table


def test_the_machines_cpu_time_grows_with_work():
    before = writes.machine_busy()
    deadline = time.process_time() + 0.2
    while time.process_time() < deadline:
        pass
    assert writes.machine_busy() - before >= 0.15


def test_answers_are_compressed_unless_the_cookie_says_not():
    body = "Communauté d'apprentissage " * 200
    compress = middleware.OptionalGZip(lambda request: HttpResponse(body))
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    compressed = compress(request)
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content).decode("utf-8") == body
    request.COOKIES["bench_gzip"] = "0"
    assert not compress(request).has_header("Content-Encoding")


def test_the_slow_link_sums_the_bytes_of_the_page_and_of_the_block():
    entries = [
        {"url": "http://127.0.0.1/scenario/cap.0/", "transfer": 5000, "encoded": 4700, "decoded": 20000},
        {"url": "http://127.0.0.1/static/workbench/js/jquery.js", "transfer": 30000, "encoded": 29700,
         "decoded": 90000},
        {"url": "http://127.0.0.1/handler/cap.0/section_view/?key=cases", "transfer": 2000, "encoded": 1700,
         "decoded": 6000},
    ]
    assert slowlink.summarize(entries) == {"requests": 3, "transfer": 37000, "encoded": 36100, "decoded": 116000,
                                           "block_transfer": 2000, "block_decoded": 6000, "static_transfer": 30000}


def _figures(median, per_second, lost=0):
    return {"median": median, "p99": median * 2, "queries": 12, "failures": 0, "sent": 400, "stored": 400 - lost,
            "lost": lost, "per_second": per_second, "ratio": median / 0.005, "note": "a write"}


def _made_up_results():
    pair = {"thread": 0.02, "reply": 0.03, "pairs_per_second": 100.0, "failures": 0}
    forum_pair = {"thread": 0.05, "reply": 0.06, "pairs_per_second": 40.0, "failures": 0}
    counts = {10: 30, 200: 30}
    return {
        "load": (9.5, 8.0, 7.0),
        "forum": {
            "in_process": {"pairs": 5, "version": "0.6.0", "results": {
                "cap": {"thread": 0.01, "reply": 0.012, "thread_queries": 10, "reply_queries": 13, "pair": 0.02},
                "forum": {"thread": 0.03, "reply": 0.05, "thread_queries": 46, "reply_queries": 79, "pair": 0.08}}},
            "http": {"results": {1: {"cap": pair, "forum": forum_pair}, 16: {"cap": pair, "forum": forum_pair}}},
        },
        "writes": {"clients": 16, "per_client": 25, "ping": dict(_figures(0.005, 900), ratio=1.0),
                   "writes": {"case_contribute": _figures(0.04, 250), "discussion_reply": _figures(0.01, 500)}},
        "queries": {
            "sizes": [10, 200], "views": {"learner1": counts}, "section_queries": {("cases", "learner1"): counts},
            "opened_first": {("cases", "learner1"): False}, "handlers": {"cases_list": counts},
            "notes": {"cases_list": "cases (learner1)"}, "statuses": {}, "missing": [], "unlisted": [],
            "render": {10: 0.05, 200: 0.06}, "bytes": {10: {"html": 5000, "css": 7000, "js": 6000, "total": 18000}},
            "sections": {10: {"cases": (0.01, 9000)}, 200: {"cases": (0.012, 9000)}},
        },
        "slow": {"link": {"down_kbps": 400, "up_kbps": 150, "rtt_ms": 400}, **{
            mode: {"usable": usable, "dom_ready": usable - 0.2, "first_byte": 0.9, "wall": usable,
                   "page": {"requests": 4, "transfer": size, "encoded": size, "decoded": 60000,
                            "block_transfer": 3000, "block_decoded": 9000},
                   "sections": {"cases": {"seconds": 1.9, "requests": 2, "transfer": 4000, "encoded": 3800,
                                          "decoded": 9000, "block_transfer": 4000, "block_decoded": 9000}}}
            for mode, usable, size in (("gzip", 2.2, 30000), ("plain", 3.9, 80000))}},
        "scale": {"learners": 300, "clients": 16, "target_size": 10, "joins_per_second": 80.0, "median": 0.1,
                  "p99": 0.5, "ping_median": 0.005, "join_queries": 30, "failures": 0, "placed": 300,
                  "communities": 30, "largest": 10, "expected_communities": 30, "lock_waits": 120,
                  "lock_wait_ms": 900, "lock_share": 0.08, "small_size": 20,
                  "small": {"manage_people (staff)": (200, 8)}, "large": {"manage_people (staff)": (200, 8)},
                  "notes": {"manage_people (staff)": "people"}},
        "poll": {"sent": 51, "accepted": 51, "counted": 27, "lost": 24},
    }


def test_the_report_prints_every_part_and_says_which_target_is_not_met_and_why():
    table = report.render(_made_up_results())
    for heading in ("Side by side with openedx-forum", "Write handlers under concurrency", "SQL queries per call",
                    "The slow link", "Scale of a course", "Shared counters compared", "Targets"):
        assert f"### {heading}" in table
    assert "first render of `student_view` as learner1" in table
    assert "section `cases` opened by learner1" in table
    # The in-process ratio is 0.02 / 0.08: met; the HTTP ratio (40 / 100 per second) too.
    assert "| write in process ÷ openedx-forum's | 0.25 | ≤ 0.5 | ok |" in table
    assert "| write over HTTP at 16 client(s) ÷ openedx-forum's (time per pair) | 0.40 | ≤ 0.5 | ok |" in table
    assert "**2 target(s) not met:**" in table
    assert "- `case_contribute` at 16 clients: median 8.0× `ping`; 250/s" in table
    assert "- section `cases` on the slow link:" in table
    assert "load average 9.5" in table


@pytest.mark.parametrize("figures, met", [(_figures(0.01, 400), True), (_figures(0.02, 400), False),
                                          (_figures(0.01, 200), False), (_figures(0.01, 400, lost=1), False)])
def test_a_write_meets_its_targets_only_when_fast_enough_and_nothing_is_lost(figures, met):
    assert writes.verdict(figures)[0] is met


def test_the_scale_and_slow_link_modules_name_their_targets():
    assert scale.TARGET_SIZE == 10 and scale.LEARNERS == 20_000
    assert (slowlink.VIEW_TARGET, slowlink.SECTION_TARGET) == (report.VIEW_TARGET, report.SECTION_TARGET)
    assert (writes.MEDIAN_TARGET, writes.PER_SECOND_TARGET) == (report.WRITE_MEDIAN_TARGET,
                                                                report.WRITE_PER_SECOND_TARGET)
    assert forum.RATIO_TARGET == report.FORUM_RATIO_TARGET


def test_scale_lines_declared_by_a_capability_are_measured_without_editing_the_table(monkeypatch):
    from cap_xblock import capabilities  # pylint: disable=import-outside-toplevel

    class Declaration:  # pylint: disable=too-few-public-methods
        scale = (lists.ScaleBench("sessions_dashboard", "staff", note="meetings of the course"), "not a benchmark line")

    declared = capabilities.all_capabilities()
    monkeypatch.setattr(capabilities, "all_capabilities", lambda: [*declared, Declaration()])
    assert [item.handler for item in lists.scale_benches()][-1] == "sessions_dashboard"
    assert len(lists.scale_benches()) == len(lists.SCALE) + 1


def test_the_server_reads_each_stored_row_of_fields_once_per_request(demo, scenario_usage_id):
    # pylint: disable=unused-argument,import-outside-toplevel
    from django.test.utils import CaptureQueriesContext
    from workbench import runtime as workbench_runtime

    from bench.server import fields

    def read_settings():
        block = workbench_runtime.WorkbenchRuntime("staff").get_block(scenario_usage_id)
        return block.display_name, block.guiding_question, block.guiding_question_en, block.graded, block.weight

    plain = workbench_runtime.WORKBENCH_KVS
    try:
        fields.install()
        with CaptureQueriesContext(connection) as outside:
            expected = read_settings()
        seen = []
        with CaptureQueriesContext(connection) as inside:
            fields.FieldsOncePerRequest(lambda request: seen.append(read_settings()) or HttpResponse())(None)
    finally:
        workbench_runtime.WORKBENCH_KVS = plain
    assert seen == [expected]  # the same values
    assert len(inside) < len(outside) and len(inside) <= 2, inside.captured_queries
