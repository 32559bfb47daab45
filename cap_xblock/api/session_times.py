"""Times of sessions people can trust: stored in UTC, planned and shown in IANA time zones (zoneinfo).

A session is planned as a local date and time in its zone (« 28 mars 2027 à
14:00, Europe/Paris »). The UTC instant is computed with the zone's rules for
that day, so daylight-saving changes are handled by the zone database, never
by a fixed offset. A local time that does not exist (the hour skipped in
spring) is refused; a local time that happens twice (the hour repeated in
autumn) is the first of the two (``fold=0``).
"""

import datetime
import functools
import zoneinfo

from django.utils import timezone

from .. import dates
from ..errors import InvalidInput
from ..i18n import gettext as _
from .validation import as_text

UTC = datetime.timezone.utc


@functools.lru_cache(maxsize=1)
def known_zones():
    """The IANA zone names this server knows (a frozenset)."""
    return frozenset(zoneinfo.available_timezones())


def as_zone(value, name="time_zone"):
    """The ``ZoneInfo`` of an IANA name, or InvalidInput ``unknown_time_zone``."""
    text = as_text(value, name, 64)
    if text not in known_zones():
        # Translators: {zone} is what the person typed as a time zone, e.g. « Europe/Paris ».
        raise InvalidInput(_("« {zone} » is not a time zone this server knows (for example Europe/Paris, "
                             "Africa/Abidjan, America/Montreal).").format(zone=text), code="unknown_time_zone")
    return zoneinfo.ZoneInfo(text)


def as_local_start(day, time, zone):
    """The UTC datetime of the local ``day`` (YYYY-MM-DD) at ``time`` (HH:MM) in ``zone`` (a ZoneInfo).

    Raises InvalidInput ``invalid_date``, ``invalid_time``, ``time_does_not_exist`` (skipped by a
    daylight-saving change in that zone).
    """
    try:
        local_day = datetime.date.fromisoformat(as_text(day, "date", 10))
    except ValueError:
        raise InvalidInput(_("The date must look like 2026-03-31."), code="invalid_date") from None
    if not 2000 <= local_day.year <= 2100:
        raise InvalidInput(_("The date must look like 2026-03-31."), code="invalid_date")
    try:
        local_time = datetime.time.fromisoformat(as_text(time, "time", 8))
    except ValueError:
        raise InvalidInput(_("The time must look like 14:30."), code="invalid_time") from None
    naive = datetime.datetime.combine(local_day, local_time.replace(tzinfo=None, microsecond=0))
    instant = naive.replace(tzinfo=zone).astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != naive:
        raise InvalidInput(
            # Translators: {time} is a local time such as 02:30, {zone} a time zone such as Europe/Paris.
            _("{time} does not exist on that day in {zone}: the clocks skip that hour for summer time. "
              "Choose another time.").format(time=naive.strftime("%H:%M"), zone=zone.key),
            code="time_does_not_exist")
    return instant


def zone_label(zone):
    """« Europe/Paris » shown as « Europe/Paris »; the site's zone when none: its name."""
    return getattr(zone, "key", None) or str(zone)


def in_zone(instant, zone):
    """« 28 mars 2027 à 14:00 (CEST) »: ``instant`` (aware) as read in ``zone``, with its abbreviation."""
    with timezone.override(zone):
        return dates.format_datetime(instant, zone=True)


def local_parts(instant, zone):
    """(YYYY-MM-DD, HH:MM) of ``instant`` in ``zone``: what the planning form shows to edit a session."""
    local = instant.astimezone(zone)
    return local.date().isoformat(), local.strftime("%H:%M")


def person_zone():
    """The zone the person reads times in: the one active for the request (their account's, else the site's)."""
    return timezone.get_current_timezone()
