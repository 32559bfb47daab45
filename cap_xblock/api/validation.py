"""Checks of client input shared by the api modules. Each raises InvalidInput."""

from ..errors import InvalidInput
from ..i18n import gettext as _

MAX_PAGE = 100000
# The largest whole number a database column stores (BIGINT); beyond it no id or count exists.
MAX_STORED_INT = 2 ** 63 - 1


def as_int(value, name, minimum=None, maximum=None):
    """``value`` as an int within bounds, or InvalidInput."""
    if isinstance(value, bool):
        value = None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        number = None
    if number is None or abs(number) > MAX_STORED_INT:
        # Translators: {field} is the technical name of a form field.
        raise InvalidInput(_("The value of {field} must be a whole number.").format(field=name)) from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise InvalidInput(
            # Translators: {field} is a form field; {minimum} and {maximum} are numbers.
            _("The value of {field} must be between {minimum} and {maximum}.").format(
                field=name, minimum=minimum, maximum=maximum
            )
        )
    return number


def as_text(value, name, max_length, required=True):
    """``value`` as stripped text of at most ``max_length`` characters, or InvalidInput."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        # Translators: {field} is the technical name of a form field.
        raise InvalidInput(_("The value of {field} must be text.").format(field=name))
    text = value.replace("\x00", "").strip()
    if required and not text:
        # Translators: {field} is the technical name of a form field.
        raise InvalidInput(_("Please fill in {field}.").format(field=name), code="required")
    if len(text) > max_length:
        raise InvalidInput(
            # Translators: {field} is a form field; {max} is a number of characters.
            _("{field} is too long: {max} characters at most.").format(field=name, max=max_length),
            code="too_long",
        )
    return text


def as_bool(value, name):
    """``value`` as a boolean (JSON true/false), or InvalidInput."""
    if isinstance(value, bool):
        return value
    if value in ("true", "1", 1):
        return True
    if value in ("false", "0", 0):
        return False
    # Translators: {field} is the technical name of a form field.
    raise InvalidInput(_("The value of {field} must be true or false.").format(field=name))


def as_choice(value, name, choices):
    """``value`` if it is one of ``choices``, or InvalidInput."""
    if value not in choices:
        raise InvalidInput(
            # Translators: {field} is a form field; {choices} lists the accepted values.
            _("The value of {field} must be one of: {choices}.").format(field=name, choices=", ".join(choices))
        )
    return value


# The largest id a client may send: any bigger number is refused as input, never sent to the database.
MAX_ID = MAX_STORED_INT


def as_id(value, name):
    """A database id (a positive whole number that fits a BIGINT), or InvalidInput."""
    return as_int(value, name, 1, MAX_ID)


def as_page(value):
    """A page number (1 when missing)."""
    if value in (None, ""):
        return 1
    return as_int(value, "page", 1, MAX_PAGE)
