"""What the platform tests look at: every row the block keeps, and what Studio's editor shows."""

import json

from django.apps import apps


def rows():
    """The number of rows of each of the block's models: ``{model name: count}``."""
    return {model.__name__: model.objects.count() for model in apps.get_app_config("cap_xblock").get_models()}


def handlers():
    """Every handler of the block with its HTTP method: ``[(name, method)]``."""
    from cap_xblock.block import CapXBlock  # pylint: disable=import-outside-toplevel

    found = []
    for name in dir(CapXBlock):
        member = getattr(CapXBlock, name, None)
        if getattr(member, "_is_xblock_handler", False):
            found.append((name, getattr(member, "cap_method", "POST")))
    return sorted(found)


def studio_editor_message(response_text):
    """The message Studio's editor shows for a failed save, as ``xblock/utils/public/studio_edit.js`` builds it.

    ``message = JSON.parse(responseText).error; if (typeof message === "object" && message.messages)
    message = $.map(message.messages, m => m.text).join(", ")``, then ``runtime.notify('error', {message})``:
    an object without ``messages`` is shown as "[object Object]".
    """
    try:
        message = json.loads(response_text)["error"]
    except (ValueError, KeyError, TypeError):
        return response_text[:300]
    if isinstance(message, dict) and message.get("messages"):
        message = ", ".join(item["text"] for item in message["messages"])
    if isinstance(message, (dict, list)):
        return "[object Object]"
    return str(message)
