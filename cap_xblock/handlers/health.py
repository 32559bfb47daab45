"""A handler that does nothing but answer: the baseline of the latency benchmarks and a health probe."""

from .base import json_handler


class HealthHandlers:
    """Mixin of the block: ``ping``."""

    @json_handler("GET")
    def ping(self, actor, payload):  # pylint: disable=unused-argument
        """``{"ok": true}``, reading no CAP data: the cost of the handler machinery alone."""
        return {"ok": True}
