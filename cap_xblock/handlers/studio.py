"""Saving the block's Studio settings, with the same error contract as every other handler.

``xblock.utils``' Studio editor posts ``{"values": {...}, "defaults": [...]}``
to ``submit_studio_edits``. This version checks who may edit, validates each
value against its field's type before anything is set, and answers every refusal
as ``{"error": {"code", "message", "messages"}}`` (``messages`` is what the
Studio editor, ``xblock/utils/public/studio_edit.js``, shows; without it the
editor would show "[object Object]"). Who may save is the platform's answer
(``platform.can_edit_settings``).
"""

from xblock.fields import Boolean, Float, Integer, List, String
from xblock.validation import Validation

from .. import platform
from ..errors import InvalidInput, NotAllowed
from ..i18n import gettext as _
from .base import json_handler
from .host import BlockHost

MAX_TEXT = 20000
MAX_ITEMS = 50


def _clean_value(field, name, value):
    """``value`` converted for ``field``, or InvalidInput."""
    # Translators: {field} is the name of a setting of the block.
    wrong = InvalidInput(_("The value of {field} is not valid.").format(field=name), code="invalid_settings")
    if isinstance(field, Boolean):
        if not isinstance(value, bool):
            raise wrong
        return value
    if isinstance(field, Integer):
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise wrong
        try:
            return int(value)
        except ValueError:
            raise wrong from None
    if isinstance(field, Float):
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise wrong
        try:
            return float(value)
        except ValueError:
            raise wrong from None
    if isinstance(field, List):
        if not isinstance(value, list) or len(value) > MAX_ITEMS:
            raise wrong
        if not all(isinstance(item, str) and len(item) <= MAX_TEXT for item in value):
            raise wrong
        return [item.replace("\x00", "") for item in value]
    if isinstance(field, String):
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise wrong
        return value.replace("\x00", "")
    raise wrong


class StudioHandlers(BlockHost):
    """Mixin of the block: the Studio editor's save handler."""

    @json_handler("POST", editor_messages=True)
    def submit_studio_edits(self, actor, payload):
        """Validate and save the Studio settings, for those the platform lets write the course (its authors).

        Every refusal also carries ``messages``, the list Studio's editor shows.
        """
        if not platform.can_edit_settings(self, actor):
            raise NotAllowed(_("Only the course team can change the settings of this activity."), code="staff_only")
        values, defaults = payload.get("values", {}), payload.get("defaults", [])
        if not isinstance(values, dict) or not isinstance(defaults, list):
            raise InvalidInput(code="invalid_settings")
        cleaned, to_reset = {}, []
        for name in self.editable_fields:
            field = self.fields[name]
            if name in values:
                cleaned[name] = _clean_value(field, name, values[name])
            elif name in defaults and field.is_set_on(self):
                to_reset.append(name)
        validation = Validation(self.scope_ids.usage_id)
        self.validate_field_data(validation, _Preview(self, cleaned, to_reset))
        if not validation:
            messages = [message.text for message in validation.messages]
            error = InvalidInput(" ".join(messages), code="invalid_settings")
            error.extra["messages"] = [{"type": "error", "text": text} for text in messages]
            raise error
        for name, value in cleaned.items():
            setattr(self, name, value)
        for name in to_reset:
            self.fields[name].delete_from(self)
        platform.publish_event(self, "cap.settings.saved", {"fields": sorted(cleaned)})
        return {"result": "success"}


class _Preview:
    """The block as it would be after the save, for ``validate_field_data``."""

    def __init__(self, block, values, reset):
        self._block, self._values, self._reset = block, values, reset

    def __getattr__(self, name):
        if name in self._values:
            return self._values[name]
        if name in self._reset:
            return self._block.fields[name].default
        return getattr(self._block, name)
