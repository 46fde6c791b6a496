"""Weekly opening hours: reading them from settings (``DESK_OPENING_HOURS``) and checking them.

Opening intervals are half-open: a desk open 08:30-12:00 is open at 08:30 and closed at 12:00.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import time
from types import MappingProxyType
from typing import Any

from django.core.exceptions import ImproperlyConfigured

Interval = tuple[time, time]
WeeklyHours = Mapping[int, tuple[Interval, ...]]

#: Used when ``settings.DESK_OPENING_HOURS`` is not set.
DEFAULT_OPENING_HOURS = "mon-fri 08:30-12:00,13:00-17:00"


class OpeningHoursError(ImproperlyConfigured, ValueError):
    """Opening hours that cannot be used.

    An ``ImproperlyConfigured`` because it usually comes from settings, and a ``ValueError`` so that code
    validating user input (an admin form, say) can catch it like any other bad value.
    """


_DAY_NAMES = {
    # English and Dutch abbreviations and names; they do not collide, so both are accepted.
    **{name: number for number, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    **{name: number for number, name in enumerate(("ma", "di", "wo", "do", "vr", "za", "zo"))},
    **{
        name: number
        for number, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
    },
    **{
        name: number
        for number, name in enumerate(("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"))
    },
}
_CLOSED = {"closed", "gesloten"}
_TIME = re.compile(r"(\d{1,2})[:.hu](\d{2})")
_INTERVAL = re.compile(r"\s*(?P<start>\S+?)\s*-\s*(?P<end>\S+?)\s*")
# The day selection is everything before the first time (or the word closed), so "mon, wed - fri" reads.
_GROUP = re.compile(r"\s*(?P<days>[^\d]+?)\s+(?P<hours>(?:\d|closed\b|gesloten\b).*?)\s*", re.IGNORECASE)


def parse_opening_hours(value: str | Mapping[Any, Any]) -> dict[int, tuple[Interval, ...]]:
    """Parse weekly opening hours into ``{weekday: ((open, close), ...)}`` with 0 = Monday.

    **String format** — groups separated by ``;`` or new lines, each a day selection and its intervals::

        "mon-fri 08:30-12:00,13:00-17:00; sat 09:00-12:00"
        "ma-do 08:30-12:00,13:00-17:00\\nvr 08:30-12:00"

    * days: English or Dutch names or abbreviations (``mon``/``ma``, ``monday``/``maandag``), ranges
      (``mon-fri``, also wrapping like ``sat-sun``) and lists (``mon,wed,fri``), case-insensitive;
    * intervals: ``HH:MM-HH:MM`` separated by commas (``8:30``, ``08.30`` and ``8h30`` are accepted too);
      the word ``closed``/``gesloten`` marks a day without opening;
    * days not mentioned are closed; a day mentioned twice is an error rather than a silent override.

    **Mapping format** — keys are weekday numbers (0-6) or day selections as above, values are an
    interval string as above or a sequence of ``(open, close)`` pairs of ``datetime.time`` or ``"HH:MM"``::

        {"mon-fri": "08:30-12:00,13:00-17:00", "sat": [("09:00", "12:00")]}

    Raises :class:`OpeningHoursError` (an ``ImproperlyConfigured``) on anything it cannot read, on an
    interval that ends before it starts, on overlapping intervals, and when the desk is never open.
    """
    result: dict[int, tuple[Interval, ...]] = {}

    def assign(days: list[int], intervals: tuple[Interval, ...], where: str) -> None:
        for number in days:
            if number in result:
                raise OpeningHoursError(f"DESK_OPENING_HOURS: {_weekday_label(number)} is given twice ({where}).")
            result[number] = intervals

    if isinstance(value, str):
        groups = [group for group in re.split(r"[;\n]", value) if group.strip()]
        if not groups:
            raise OpeningHoursError("DESK_OPENING_HOURS is empty.")
        for group in groups:
            match = _GROUP.fullmatch(group)
            if match is None:
                raise OpeningHoursError(
                    f"DESK_OPENING_HOURS: cannot read {group.strip()!r}; "
                    "expected e.g. 'mon-fri 08:30-12:00,13:00-17:00'."
                )
            assign(_parse_days(match["days"]), _parse_intervals(match["hours"]), group.strip())
    elif isinstance(value, Mapping):
        if not value:
            raise OpeningHoursError("DESK_OPENING_HOURS is empty.")
        for key, intervals in value.items():
            if isinstance(key, int) and not isinstance(key, bool):
                if not 0 <= key <= 6:
                    raise OpeningHoursError(f"DESK_OPENING_HOURS: weekday {key} is not between 0 (Monday) and 6.")
                days = [key]
            elif isinstance(key, str):
                days = _parse_days(key)
            else:
                raise OpeningHoursError(f"DESK_OPENING_HOURS: {key!r} is not a weekday.")
            assign(days, _parse_intervals(intervals), repr(key))
    else:
        raise OpeningHoursError(f"DESK_OPENING_HOURS must be a string or a dict, not {type(value).__name__}.")
    try:
        return dict(normalise_weekly_hours(result))
    except OpeningHoursError as exc:
        raise OpeningHoursError(f"DESK_OPENING_HOURS: {exc}") from None


def _parse_days(text: str) -> list[int]:
    days: list[int] = []
    for part in re.sub(r"\s*([,-])\s*", r"\1", text.strip().lower()).split(","):
        first, sep, last = part.strip().partition("-")
        if first not in _DAY_NAMES or (sep and last not in _DAY_NAMES):
            raise OpeningHoursError(f"DESK_OPENING_HOURS: {part.strip()!r} is not a day or range of days.")
        start = _DAY_NAMES[first]
        stop = _DAY_NAMES[last] if sep else start
        # A range like "sat-sun" or "fri-mon" wraps around the end of the week.
        days.extend((start + offset) % 7 for offset in range((stop - start) % 7 + 1))
    return days


def _parse_intervals(value: Any) -> tuple[Interval, ...]:
    if isinstance(value, str):
        if value.strip().lower() in _CLOSED:
            return ()
        pairs: list[tuple[Any, Any]] = []
        for part in value.split(","):
            match = _INTERVAL.fullmatch(part)
            if match is None:
                raise OpeningHoursError(f"DESK_OPENING_HOURS: {part.strip()!r} is not an interval like 08:30-12:00.")
            pairs.append((match["start"], match["end"]))
    elif isinstance(value, Sequence):
        pairs = []
        for pair in value:
            if isinstance(pair, str) or not isinstance(pair, Sequence) or len(pair) != 2:
                raise OpeningHoursError(f"DESK_OPENING_HOURS: {pair!r} is not an (open, close) pair.")
            pairs.append((pair[0], pair[1]))
    else:
        raise OpeningHoursError(f"DESK_OPENING_HOURS: {value!r} is not a list of opening intervals.")
    return tuple((_parse_time(opens), _parse_time(closes)) for opens, closes in pairs)


def _parse_time(value: Any) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        match = _TIME.fullmatch(value.strip().lower())
        if match is not None:
            hour, minute = int(match[1]), int(match[2])
            if hour < 24 and minute < 60:
                return time(hour, minute)
    raise OpeningHoursError(f"DESK_OPENING_HOURS: {value!r} is not a time of day like 08:30 (00:00-23:59).")


def normalise_weekly_hours(weekly_hours: WeeklyHours) -> Mapping[int, tuple[Interval, ...]]:
    """Validate and sort opening intervals; read-only result so a frozen calendar stays unchanged."""
    normalised: dict[int, tuple[Interval, ...]] = {}
    for weekday, intervals in dict(weekly_hours).items():
        if not isinstance(weekday, int) or isinstance(weekday, bool) or not 0 <= weekday <= 6:
            raise OpeningHoursError(f"weekday {weekday!r} is not between 0 (Monday) and 6 (Sunday).")
        ordered = tuple(sorted((opens, closes) for opens, closes in intervals))
        for opens, closes in ordered:
            if not isinstance(opens, time) or not isinstance(closes, time):
                raise OpeningHoursError(f"{_weekday_label(weekday)}: opening times must be datetime.time values.")
            if opens.tzinfo is not None or closes.tzinfo is not None:
                raise OpeningHoursError(f"{_weekday_label(weekday)}: opening times are wall times, without tzinfo.")
            if closes <= opens:
                raise OpeningHoursError(
                    f"{_weekday_label(weekday)}: {opens:%H:%M}-{closes:%H:%M} does not end after it starts."
                )
        for earlier, later in zip(ordered, ordered[1:], strict=False):
            if later[0] < earlier[1]:
                raise OpeningHoursError(f"{_weekday_label(weekday)}: opening intervals overlap.")
        if ordered:
            normalised[weekday] = ordered
    if not normalised:
        raise OpeningHoursError("the desk is never open: no weekday has opening hours.")
    return MappingProxyType(normalised)


def _weekday_label(weekday: int) -> str:
    return ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[weekday]

