"""One exception family and one JSON error contract.

Every refusal is a ``CapError``; a handler turns it into
``{"error": {"code": ..., "message": ...}}`` with the matching HTTP status.
``code`` is stable (the browser may switch on it); ``message`` is translated.
"""

from .i18n import gettext as _


class CapError(Exception):
    """Base of every error cap_xblock reports to a client."""

    status = 400
    default_code = "bad_request"

    def __init__(self, message=None, code=None, details=None):
        self.code = code or self.default_code
        self.message = str(message) if message is not None else self.default_message()
        self.details = details
        self.extra = {}
        super().__init__(self.message)

    def default_message(self):
        """The translated message used when none is given."""
        return _("The request could not be understood.")

    def as_json(self):
        """The JSON body of the error contract."""
        body = {"code": self.code, "message": self.message}
        if self.details is not None:
            body["details"] = self.details
        body.update(self.extra)
        return {"error": body}


class InvalidInput(CapError):
    """400: the client sent something malformed or out of range."""

    status = 400
    default_code = "invalid_input"


class NotAllowed(CapError):
    """403: the actor may not do this."""

    status = 403
    default_code = "forbidden"

    def default_message(self):
        return _("You are not allowed to do this.")


class NotFound(CapError):
    """404: the thing does not exist, or the actor may not know it exists."""

    status = 404
    default_code = "not_found"

    def default_message(self):
        return _("This item does not exist or is no longer available.")


class Conflict(CapError):
    """409: the request clashes with the current state (full community, duplicate name...)."""

    status = 409
    default_code = "conflict"

    def default_message(self):
        return _("This action clashes with the current state. Reload and try again.")


class MethodNotAllowed(CapError):
    """405: wrong HTTP method for this handler."""

    status = 405
    default_code = "method_not_allowed"

    def default_message(self):
        return _("This action does not accept this kind of request.")


class TooManyRequests(CapError):
    """429: the actor is going faster than the configured rate."""

    status = 429
    default_code = "rate_limited"

    def default_message(self):
        return _("You are going too fast. Wait a moment, then try again.")
