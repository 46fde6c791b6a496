"""The desk's calendar as the settings describe it, and deadlines counted in calendar days."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from city.calendar.business import BusinessCalendar, to_utc
from city.calendar.opening_hours import DEFAULT_OPENING_HOURS, parse_opening_hours


def calendar_days_deadline(start: datetime, days: int, tz: str | None = None) -> datetime:
    """End of day (23:59:59 local time) of the date ``days`` calendar days after ``start``.

    For rules that count calendar days rather than working days. ``tz`` defaults to ``settings.TIME_ZONE``.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    zone = ZoneInfo(tz or settings.TIME_ZONE)
    day = to_utc(start).astimezone(zone).date() + timedelta(days=days)
    # 23:59:59 exists on every day, DST changes happen in the night, so combine() is exact here.
    return datetime.combine(day, time(23, 59, 59), tzinfo=zone)



def default_calendar(closing_days: Iterable[date] | Mapping[date, str] = ()) -> BusinessCalendar:
    """The desk calendar from settings: ``DESK_OPENING_HOURS`` in ``TIME_ZONE``.

    ``closing_days`` are the local closing days from the database, either as dates or as a mapping of date
    to a name (e.g. ``{date(2026, 1, 2): "Sluitingsdag stad"}``). ``DESK_OPENING_HOURS`` defaults to
    :data:`DEFAULT_OPENING_HOURS`; see :func:`parse_opening_hours` for its format. Raises
    ``ImproperlyConfigured`` (an :class:`OpeningHoursError`) when it cannot be used.
    """
    hours = parse_opening_hours(getattr(settings, "DESK_OPENING_HOURS", DEFAULT_OPENING_HOURS))
    if isinstance(closing_days, Mapping):
        return BusinessCalendar(weekly_hours=hours, tz=settings.TIME_ZONE, closing_day_names=dict(closing_days))
    return BusinessCalendar(weekly_hours=hours, closing_days=frozenset(closing_days), tz=settings.TIME_ZONE)
