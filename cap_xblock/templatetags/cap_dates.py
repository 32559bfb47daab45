"""``{% load cap_dates %}``: ``{{ iso|cap_date }}`` and ``{{ iso|cap_datetime }}`` (see ``cap_xblock.dates``)."""

from django import template

from .. import dates

register = template.Library()


@register.filter
def cap_date(value):
    """A date (ISO text, date or datetime) in the block's language: « 21 novembre 2026 »."""
    return dates.format_date(value)


@register.filter
def cap_datetime(value):
    """A date and time in the block's language: « 21 novembre 2026 à 14:05 »."""
    return dates.format_datetime(value)
