"""Measuring aids of the benchmark's server (never installed by the block or the demo)."""

from django.db import connections
from django.middleware.gzip import GZipMiddleware

QUERIES_HEADER = "X-Bench-Queries"


class QueryCount:
    """Count the SQL queries of each request (every database) into the ``X-Bench-Queries`` answer header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counted(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with _wrapped(counted):
            response = self.get_response(request)
        response[QUERIES_HEADER] = str(count[0])
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
