"""The one way a handler reads a request and answers: the JSON error contract.

``@json_handler("POST")`` wraps an XBlock handler: it checks the method,
parses the JSON body (or the query string for GET), builds the ``Actor`` and
turns every ``CapError`` into ``{"error": {"code", "message"}}`` with its status.
"""

import functools
import json
import logging
from dataclasses import dataclass, field

from django.utils import timezone
from webob import Response
from xblock.core import XBlock

from .. import platform
from ..api.access import Access
from ..errors import CapError, InvalidInput, MethodNotAllowed
from ..i18n import gettext as _

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 2 * 1024 * 1024


@dataclass
class Section:
    """One rendered section of the learner view (cases, journal, discussion...).

    ``html`` comes from the capability's own (autoescaped) template;
    ``js_files`` are loaded from ``static/js``; ``strings`` are translated
    texts the script needs (keys prefixed with the section's key).
    """

    key: str
    title: str
    html: str
    js_files: list = field(default_factory=list)
    strings: dict = field(default_factory=dict)


def actor_of(block):
    """The ``Access`` (an ``Actor`` that reads its roles once) for the current user of ``block``, for one request."""
    user = platform.current_user(block)
    return Access(
        user_id=user.user_id,
        username=user.username,
        display_name=user.display_name,
        course_key=platform.course_key(block),
        is_staff=user.is_staff,
        block_key=platform.block_key(block),
        in_course=platform.in_course(block),
    )


def json_response(data, status=200):
    """A JSON response; ``data`` must already be JSON-ready."""
    return Response(
        body=json.dumps(data, ensure_ascii=False).encode("utf-8"),
        status=status,
        content_type="application/json",
        charset="utf-8",
    )


def error_response(error):
    """The error contract for ``error`` (a CapError)."""
    return json_response(error.as_json(), status=error.status)


def query_payload(request):
    """The query string's fields; 400 ``invalid_query`` when it is not UTF-8 (webob decodes it on first read:
    the LMS hands the raw query string of the request to webob, whatever bytes a client put in it)."""
    try:
        return {key: request.GET.get(key) for key in request.GET.keys()}
    except (UnicodeError, ValueError):
        raise InvalidInput(_("The request could not be understood."), code="invalid_query") from None


def _payload(request, method):
    if method == "GET":
        return query_payload(request)
    if request.content_length and request.content_length > MAX_BODY_BYTES:
        raise InvalidInput(_("The request is too large."), code="too_large")
    body = request.body
    if len(body) > MAX_BODY_BYTES:
        raise InvalidInput(_("The request is too large."), code="too_large")
    if not body.strip():
        return {}
    try:
        data = json.loads(body.decode("utf-8"))
        # JSON may escape lone surrogates ("\ud800"): text no database can store. Refused here.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except (UnicodeError, ValueError, RecursionError):
        raise InvalidInput(_("The request is not valid JSON."), code="invalid_json") from None
    if not isinstance(data, dict):
        raise InvalidInput(_("The request must be a JSON object."), code="invalid_json")
    return data


def json_handler(method="POST", editor_messages=False):
    """Make ``func(self, actor, payload)`` an XBlock handler that speaks the error contract.

    ``editor_messages``: every refusal also carries ``messages`` (``[{"type", "text"}]``),
    the list Studio's settings editor shows (``xblock/utils/public/studio_edit.js``).
    """

    def decorate(func):
        @XBlock.handler
        @functools.wraps(func)
        def handler(self, request, suffix=""):  # pylint: disable=unused-argument
            try:
                if request.method != method:
                    raise MethodNotAllowed()
                payload = _payload(request, method)
                with timezone.override(platform.time_zone(self)):
                    result = func(self, actor_of(self), payload)
            except CapError as error:
                if editor_messages:
                    error.extra.setdefault("messages", [{"type": "error", "text": error.message}])
                return error_response(error)
            if isinstance(result, Response):
                return result
            return json_response(result)

        handler.cap_method = method
        return handler

    return decorate
