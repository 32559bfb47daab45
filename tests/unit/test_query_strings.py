"""A query string that is not UTF-8 is refused with the error contract, never a 500.

The LMS hands the request's raw query string to webob, which decodes it on first
read: ``%FF`` (or a raw byte) in a URL raised ``UnicodeDecodeError`` there.
"""

import pytest
from webob import Request

from cap_xblock.errors import InvalidInput
from cap_xblock.handlers.base import query_payload


@pytest.mark.parametrize("raw", ["page=%FF%FE", "token=%ED%A0%80", "page=\xff"])
def test_a_query_string_that_is_not_utf8_is_a_400(raw):
    request = Request.blank("/")
    request.environ["QUERY_STRING"] = raw
    with pytest.raises(InvalidInput) as refused:
        query_payload(request)
    assert refused.value.status == 400 and refused.value.code == "invalid_query"


def test_a_utf8_query_string_is_read():
    request = Request.blank("/?page=2&q=%C3%A9t%C3%A9")
    assert query_payload(request) == {"page": "2", "q": "été"}
