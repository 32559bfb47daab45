"""Measuring aids of the benchmark's server (never installed by the block or the demo)."""

import time

from django.db import connections
from django.middleware.gzip import GZipMiddleware

QUERIES_HEADER = "X-Bench-Queries"
SQL_HEADER = "X-Bench-SQL-ms"
CPU_HEADER = "X-Bench-CPU-ms"


class QueryCount:
    """Count the SQL queries of each request (every database) into the ``X-Bench-Queries`` answer header;
    ``X-Bench-SQL-ms``: the time spent waiting for them (wall clock, from sending each query to its
    answer); ``X-Bench-CPU-ms``: the CPU time of the request's thread in this process (Python's work,
    not the database server's)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count, waited = [0], [0.0]

        def counted(execute, sql, params, many, context):
            count[0] += 1
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                waited[0] += time.perf_counter() - started

        cpu = time.thread_time()
        with _wrapped(counted):
            response = self.get_response(request)
        response[QUERIES_HEADER] = str(count[0])
        response[SQL_HEADER] = f"{waited[0] * 1000:.3f}"
        response[CPU_HEADER] = f"{(time.thread_time() - cpu) * 1000:.3f}"
        return response


class _wrapped:
    """``execute_wrapper`` on every connection of this thread at once."""

    def __init__(self, wrapper):
        self.contexts = [connection.execute_wrapper(wrapper) for connection in connections.all()]

    def __enter__(self):
        for context in self.contexts:
            context.__enter__()

    def __exit__(self, *exc_info):
        for context in reversed(self.contexts):
            context.__exit__(*exc_info)


class OptionalGZip(GZipMiddleware):
    """Django's gzip compression, skipped for requests that carry the cookie ``bench_gzip=0``."""

    def process_response(self, request, response):
        if request.COOKIES.get("bench_gzip") == "0":
            return response
        return super().process_response(request, response)
