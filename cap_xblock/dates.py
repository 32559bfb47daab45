"""Dates as people read them: one format per language, in the time zone Django has active.

French « 21 novembre 2026 » and « 21 novembre 2026 à 14:05 »; English
« November 21, 2026 » and « November 21, 2026 at 2:05 PM ». The scripts write
the same with ``Intl.DateTimeFormat`` in the block's language (``cap.js``:
``ctx.date``, ``ctx.dateTime``). Month names come from Django's own
translations of the active language, which is the block's language.
"""

import datetime

from django.utils import dateparse, timezone
from django.utils.formats import date_format

from . import i18n

FORMATS = {
    "fr": {"date": "j F Y", "datetime": "j F Y à H:i"},
    "en": {"date": "F j, Y", "datetime": r"F j, Y \a\t g:i A"},
}


def _moment(value):
    """A datetime or a date from a datetime, a date, or an ISO text; None when it is none of those."""
    if isinstance(value, str):
        value = dateparse.parse_datetime(value) or dateparse.parse_date(value) if value else None
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, datetime.timezone.utc)
        return timezone.localtime(value)
    return value if isinstance(value, datetime.date) else None


def format_date(value):
    """« 21 novembre 2026 » / « November 21, 2026 »; "" for no date."""
    moment = _moment(value)
    if moment is None:
        return ""
    if isinstance(moment, datetime.datetime):
        moment = moment.date()
    return date_format(moment, FORMATS[i18n.current_language()]["date"])


def format_datetime(value, zone=False):
    """« 21 novembre 2026 à 14:05 » / « November 21, 2026 at 2:05 PM », with the zone (« UTC ») if ``zone``."""
    moment = _moment(value)
    if not isinstance(moment, datetime.datetime):
        return format_date(moment)
    text = date_format(moment, FORMATS[i18n.current_language()]["datetime"])
    return f"{text} ({moment.tzname()})" if zone else text
