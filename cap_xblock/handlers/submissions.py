"""``@once_per_submission(kind)``: a create handler answers a repeated form submission with its first answer."""

import functools

from ..api import submissions


def once_per_submission(kind):
    """Wrap ``func(self, actor, payload)`` (under ``@json_handler``) so that its payload's ``submission_id``
    creates at most once; a repeat gets the first answer (200, same ids) and publishes no event again."""

    def decorate(func):
        @functools.wraps(func)
        def run(self, actor, payload):
            answer, _repeated = submissions.once(actor, kind=kind, key=payload.get("submission_id"),
                                                 create=lambda: func(self, actor, payload))
            return answer

        return run

    return decorate
