"""Property-based fuzzing of every handler: malformed and oversized requests never cause a 500.

Each handler gets its valid request (from ``handler_matrix``) with values replaced by
wrong types, huge or tricky strings, deep nesting, negative and huge numbers, and
with keys missing or added, as a person allowed to use it. The answer is always a
success or the error contract ``{"error": {"code", "message"}}`` with a 4xx status.
"""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.handler_matrix import MATRIX, ROLES, make_context, undone
from tests.security.test_authorization_matrix import HANDLERS

# Members accept their charter here as people do (see handler_matrix.make_context).
pytestmark = [pytest.mark.django_db, pytest.mark.charter_gate]

EXAMPLES = 40
# Keys most handlers read, tried on every handler besides the keys of its valid request.
COMMON_KEYS = ("community_id", "page", "user_id", "name", "text", "id", "q")


def _deep(depth, leaf="x"):
    value = leaf
    for _ in range(depth):
        value = {"a": [value]}
    return value


TRICKY_TEXT = st.sampled_from([
    "", " ", "\x00", "\u200b", "\ufeff", "\u202e", "\ud800", "a\udfffb", "😀" * 3, "é" * 300, "x" * 100_000,
    "-1", "0", "1e400", "9" * 40, "NaN", "null", "true", "[]", "{}", "<script>alert(1)</script>",
    "' OR 1=1 --", "%00", "../../etc/passwd", "\r\n", "Les Baobabs",
])
SCALARS = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
    st.sampled_from([0, -1, 1, 2 ** 31, 2 ** 63, -(2 ** 63), 10 ** 30]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    TRICKY_TEXT,
)
VALUES = st.one_of(
    st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                 | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=8),
    st.sampled_from([_deep(400), [[[[[[]]]]]] * 200, list(range(20_000))]),
)


def _is_utf8(text):
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# A URL carries UTF-8 only: a browser cannot send a lone surrogate in a query string.
QUERY_VALUES = st.one_of(st.text(max_size=60), TRICKY_TEXT,
                         st.integers(min_value=-(2 ** 70), max_value=2 ** 70).map(str)).filter(_is_utf8)
RAW_QUERIES = ["page=%ED%A0%80", "page=%FF%FE", "community_id=1&community_id=2", "page=" + "9" * 5000,
               "q=%00", "%zz=1", "page"]
# Each key of the valid request also gets each of these, one at a time.
KEY_PROBES = [None, True, False, -1, 0, 2 ** 64, -(2 ** 63) - 1, 1.5, float("inf"), "", " ", "\ud800", "a\udfffb",
              "x" * 100_000, [], {}, [1, 2], {"id": 1}, _deep(60)]
QUERY_PROBES = ["", "-1", "0", "9" * 40, "x" * 5000, "1.5", "abc", "\x00", "[]", "true"]
RAW_BODIES = [b"{", b"[]", b"null", b"\"text\"", b"\xff\xfe", b"[" * 100_000, b"{\"a\":" * 50_000,
              b"{\"name\": " + b"\"" + b"a" * (3 * 1024 * 1024) + b"\"}", b"{\"a\": 1e999999}", b"\x00"]


def _payloads(base, get):
    keys = sorted(set(base) | set(COMMON_KEYS))
    values = QUERY_VALUES if get else VALUES
    changed = st.dictionaries(st.sampled_from(keys), values, max_size=len(keys))
    dropped = st.sets(st.sampled_from(sorted(base))) if base else st.just(set())
    extra = st.dictionaries(st.text(max_size=12), values, max_size=2)

    def build(parts):
        change, drop, more = parts
        payload = {key: value for key, value in base.items() if key not in drop}
        if get:
            payload = {key: str(value) for key, value in payload.items()}
        payload.update(more)
        payload.update(change)
        return payload

    return st.tuples(changed, dropped, extra).map(build)


def _fuzz_student(handler):
    """Someone the matrix lets use ``handler`` (staff first: they reach every branch)."""
    for role in ("staff", "facilitator", "learner"):
        if 200 <= MATRIX[handler].expected[role] < 300:
            return ROLES[role]
    return ROLES["learner"]


def _check(handler, response, sent):
    status = response.status_code
    assert status < 500, f"{handler}: {status} for {sent!r:.300}"
    if status >= 400:
        error = json.loads(response.content.decode("utf-8"))["error"]
        assert isinstance(error["code"], str) and error["code"], sent
        assert isinstance(error["message"], str) and error["message"], sent


@pytest.fixture
def fuzz_context(workbench, communities):
    return lambda student: make_context(workbench, communities, student)


@pytest.mark.parametrize("handler", sorted(HANDLERS))
def test_malformed_and_oversized_requests_get_the_error_contract(workbench, fuzz_context, handler):
    if handler not in MATRIX:
        pytest.fail(f"{handler} has no entry in tests/security/handler_matrix.py")
    student = _fuzz_student(handler)
    base = MATRIX[handler].payload(fuzz_context(student))
    get = HANDLERS[handler] == "GET"
    token = workbench.csrf()
    url = workbench.url(handler, student)

    def send(payload):
        if get:
            return workbench.raw_get(handler, student, payload)
        return workbench.client.post(url, json.dumps(payload), content_type="application/json",
                                     HTTP_X_CSRFTOKEN=token)

    if get:
        for raw in RAW_QUERIES:
            response = workbench.client.get(f"{url}&{raw}")
            _check(handler, response, raw[:40])
    else:
        for raw in RAW_BODIES:
            response = undone(lambda raw=raw: workbench.client.post(
                url, raw, content_type="application/json", HTTP_X_CSRFTOKEN=token))
            _check(handler, response, raw[:40])

    for key in sorted(set(base) | {"community_id", "page"}):
        for probe in (QUERY_PROBES if get else KEY_PROBES):
            payload = dict(base, **{key: probe})
            _check(handler, undone(lambda payload=payload: send(payload)), payload)

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(_payloads(base, get))
    def fuzz(payload):
        _check(handler, undone(lambda: send(payload)), payload)

    fuzz()
