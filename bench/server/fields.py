"""The block's fields read as the LMS reads them: each stored row once per request.

The workbench's key-value store asks the database for every field read: a
``get_or_create`` of the row holding the field's scope, once to know whether
the field is set and once more to read it, so a handler that reads six Studio
settings costs twelve queries. The LMS reads a block's settings from the
modulestore (in memory) and the learner's state once per request
(``FieldDataCache``: one ``StudentModule`` query for the block). The
benchmark's server keeps the workbench's rows and writes, and reads each row
(one per scope, user and block) once per request: a write's figures then count
the queries and the Python the block itself asks for, not the workbench's.

``FieldsOncePerRequest`` (a middleware of ``bench.server.settings``) opens the
request's memory and installs ``RequestMemoStore`` as the workbench's store.
The tests never use it: the handler tests count the workbench as it is.
"""

import contextvars
import copy
import json

from workbench import runtime as workbench_runtime
from workbench.models import XBlockState

_rows = contextvars.ContextVar("bench_field_rows", default=None)


def _identity(key):
    return (key.scope, key.block_scope_id, key.user_id)


class RequestMemoStore(workbench_runtime.WorkbenchDjangoKeyValueStore):
    """The workbench's store, each row read and decoded once per request (outside a request: every time, as the
    workbench does)."""

    def _row(self, key):
        """``(record, its decoded state)`` of the row holding ``key``."""
        rows = _rows.get()
        identity = _identity(key)
        if rows is None or identity not in rows:
            record = XBlockState.get_for_key(key)
            found = (record, json.loads(record.state))
            if rows is None:
                return found
            rows[identity] = found
        return rows[identity]

    def get(self, key):
        value = self._row(key)[1][key.field_name]
        # A list or a dict is the block's to change: its own copy, as each read of the workbench's store gives.
        return copy.deepcopy(value) if isinstance(value, (list, dict)) else value

    def has(self, key):
        return key.field_name in self._row(key)[1]

    def set(self, key, value):
        record, state = self._row(key)
        state[key.field_name] = value
        record.state = self._to_json_str(state)
        record.save()

    def delete(self, key):
        record, state = self._row(key)
        del state[key.field_name]
        record.state = self._to_json_str(state)
        record.save()


STORE = RequestMemoStore()


def install():
    """Make ``STORE`` the store of every workbench runtime built from now on."""
    workbench_runtime.WORKBENCH_KVS = STORE


class FieldsOncePerRequest:
    """Middleware: the rows the request reads are kept for the request, then forgotten."""

    def __init__(self, get_response):
        install()
        self.get_response = get_response

    def __call__(self, request):
        token = _rows.set({})
        try:
            return self.get_response(request)
        finally:
            _rows.reset(token)
