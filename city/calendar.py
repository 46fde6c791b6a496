"""Business-time calendar for the contact desk's response terms.

Response terms are phrased as "first response within N working hours" and "resolved within N working
days". Both are counted on a calendar made of:

* the city's weekly opening hours (``settings.DESK_OPENING_HOURS``, see :func:`parse_opening_hours`),
* Belgian public holidays (the ``holidays`` library, country ``BE``),
* local closing days (the city's own closure on 2 January, a staff day, ...) that come from the database
  and are handed in by the caller, so this module never touches the database.

All arithmetic is done on real instants (UTC) while the opening intervals are laid out per day in local
wall time. That way "08:30" is always 08:30 Brussels time, also on the Sundays on which daylight saving
time starts or ends, and a working hour is always 3,600 real seconds. Results are aware datetimes in the
calendar's time zone; inputs may be aware datetimes in any time zone (naive datetimes are refused, because
guessing their zone is exactly the kind of bug a deadline must not have).

Opening intervals are half-open: a desk open 08:30-12:00 is open at 08:30 and closed at 12:00.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.translation import gettext_lazy as _

__all__ = [
    "DEFAULT_OPENING_HOURS",
    "BusinessCalendar",
    "OpeningHoursError",
    "WeeklyHours",
    "calendar_days_deadline",
    "default_calendar",
    "parse_opening_hours",
]

Interval = tuple[time, time]
WeeklyHours = Mapping[int, tuple[Interval, ...]]

#: Used when ``settings.DESK_OPENING_HOURS`` is not set.
DEFAULT_OPENING_HOURS = "mon-fri 08:30-12:00,13:00-17:00"

# A calendar whose every day is closed would make the searches below loop forever; ten years without a
# single working day can only be a configuration error (e.g. closing days generated for every date).
_MAX_SCAN_DAYS = 366 * 10

# Language codes of the portal (settings.LANGUAGES) mapped to the ones the holidays library knows.
_HOLIDAY_LANGUAGES = {"nl": "nl", "fr": "fr", "de": "de", "en": "en_US", "uk": "uk"}
_DEFAULT_HOLIDAY_LANGUAGE = "nl"


class OpeningHoursError(ImproperlyConfigured, ValueError):
    """Opening hours that cannot be used.

    An ``ImproperlyConfigured`` because it usually comes from settings, and a ``ValueError`` so that code
    validating user input (an admin form, say) can catch it like any other bad value.
    """


# --------------------------------------------------------------------------------------------------------
# Public holidays
# --------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=128)
def _public_holidays(year: int, subdivision: str | None, language: str) -> Mapping[date, str]:
    """Belgian public holidays of one year, loaded once per (year, subdivision, language).

    Only the PUBLIC category: the library's BANK category adds Good Friday, the Friday after Ascension and
    26 December, which are bank holidays, not days on which a city's desk is legally closed.
    """
    loaded = holidays.country_holidays("BE", subdiv=subdivision, years=year, language=language)
    return MappingProxyType(dict(loaded.items()))


def _holiday_language(language: str | None) -> str:
    """The holidays-library language for ``language``, or Django's active language when it is None."""
    code = language or translation.get_language() or _DEFAULT_HOLIDAY_LANGUAGE
    if code in _HOLIDAY_LANGUAGES.values():
        return code
    return _HOLIDAY_LANGUAGES.get(code.split("-")[0].split("_")[0].lower(), _DEFAULT_HOLIDAY_LANGUAGE)


# --------------------------------------------------------------------------------------------------------
# The calendar
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BusinessCalendar:
    """Opening hours, Belgian public holidays and local closing days in one time zone.

    ``weekly_hours`` maps a weekday (0 = Monday ... 6 = Sunday) to its opening intervals in local wall
    time, e.g. ``{0: ((time(8, 30), time(12, 0)), (time(13, 0), time(17, 0))), ...}``; weekdays that are
    missing are closed. Intervals are sorted on construction and must not overlap (touching is fine).

    ``closing_days`` are extra days on which the desk is closed; ``closing_day_names`` optionally labels
    them (shown by :meth:`holiday_name`). ``subdivision`` is passed to the holidays library (for Belgium it
    only affects school holidays, which are not used, so it normally stays None). ``language`` chooses the
    language of holiday names; None follows Django's active language.
    """

    weekly_hours: WeeklyHours
    closing_days: frozenset[date] = frozenset()
    tz: str = "Europe/Brussels"
    subdivision: str | None = None
    language: str | None = None
    closing_day_names: Mapping[date, str] = field(default_factory=dict)
    _zone: ZoneInfo = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # object.__setattr__ because the dataclass is frozen: normalising the inputs once here keeps every
        # method free of re-validation and makes the instance safe to share between threads.
        object.__setattr__(self, "weekly_hours", _normalise_weekly_hours(self.weekly_hours))
        names = {_as_date(day): str(name) for day, name in dict(self.closing_day_names).items()}
        object.__setattr__(self, "closing_day_names", MappingProxyType(names))
        closing_days = frozenset(_as_date(day) for day in self.closing_days).union(names)
        object.__setattr__(self, "closing_days", closing_days)
        try:
            zone = ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise OpeningHoursError(f"Unknown time zone {self.tz!r} for the desk calendar.") from exc
        object.__setattr__(self, "_zone", zone)

    # ---- days -------------------------------------------------------------------------------------------

    def is_holiday(self, day: date) -> bool:
        """Whether ``day`` is a Belgian public holiday or one of the local closing days."""
        day = _as_date(day)
        # The dates do not depend on the language: one fixed language keeps a single table per year.
        return day in self.closing_days or day in _public_holidays(
            day.year, self.subdivision, _DEFAULT_HOLIDAY_LANGUAGE
        )

    def holiday_name(self, day: date) -> str | None:
        """The name of the public holiday or closing day on ``day``, or None on an ordinary day."""
        day = _as_date(day)
        name = _public_holidays(day.year, self.subdivision, self._language()).get(day)
        if name is not None:
            return name
        if day in self.closing_days:
            return self.closing_day_names.get(day) or str(_("Sluitingsdag"))
        return None

    def is_working_day(self, day: date) -> bool:
        """Whether the desk opens at all on ``day``: it has opening hours and is no holiday or closing day."""
        day = _as_date(day)
        return bool(self.weekly_hours.get(day.weekday())) and not self.is_holiday(day)

    # ---- instants ---------------------------------------------------------------------------------------

    def is_open(self, moment: datetime) -> bool:
        """Whether the desk is open at ``moment`` (an aware datetime)."""
        instant = _to_utc(moment)
        day = instant.astimezone(self._zone).date()
        return any(opens <= instant < closes for opens, closes in self._intervals(day))

    def next_opening(self, moment: datetime) -> datetime:
        """The first instant at or after ``moment`` at which the desk is open.

        A moment inside opening time is returned as it is (in the calendar's time zone).
        """
        instant = _to_utc(moment)
        for opens, closes in self._intervals_from(instant):
            if closes > instant:
                return self._local(max(opens, instant))
        raise AssertionError("unreachable: _intervals_from never ends")  # pragma: no cover

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """The instant at which ``hours`` of opening time have passed since ``start``.

        Only opening time counts; a start outside opening time starts counting at the next opening. A term
        that ends exactly at a closing time ends then (Friday 15:00 + 2 h = Friday 17:00, not Monday).
        """
        if hours < 0:
            raise ValueError("hours must not be negative")
        remaining = timedelta(hours=hours)
        instant = _to_utc(start)
        for opens, closes in self._intervals_from(instant):
            if closes <= instant:
                continue
            begin = max(opens, instant)
            if remaining <= closes - begin:
                return self._local(begin + remaining)
            remaining -= closes - begin
        raise AssertionError("unreachable: _intervals_from never ends")  # pragma: no cover

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The deadline of a term of ``days`` working days starting at ``start``.

        The deadline is the end of opening time on the ``days``-th working day after the start day; the
        start day itself does not count ("binnen 5 werkdagen"), whatever the hour and whether or not it is a
        working day. ``days=0`` means "today": the end of today's opening time if today is a working day
        and the desk has not closed yet, otherwise the end of the next working day, so that a deadline is
        never earlier than its start.
        """
        if days < 0:
            raise ValueError("days must not be negative")
        instant = _to_utc(start)
        day = instant.astimezone(self._zone).date()
        if days == 0:
            today = self._intervals(day)
            if today and today[-1][1] > instant:
                return self._local(today[-1][1])
            days = 1
        for _scanned in range(_MAX_SCAN_DAYS):
            day += timedelta(days=1)
            if self.is_working_day(day):
                days -= 1
                if days == 0:
                    return self._local(self._intervals(day)[-1][1])
        raise self._never_open()

    def working_seconds_between(self, start: datetime, end: datetime) -> float:
        """Seconds of opening time between two instants; 0 when ``end`` is not after ``start``."""
        begin, finish = _to_utc(start), _to_utc(end)
        if finish <= begin:
            return 0.0
        total = timedelta()
        day = begin.astimezone(self._zone).date()
        last_day = finish.astimezone(self._zone).date()
        while day <= last_day:
            for opens, closes in self._intervals(day):
                overlap = min(closes, finish) - max(opens, begin)
                if overlap > timedelta():
                    total += overlap
            day += timedelta(days=1)
        return total.total_seconds()

    # ---- internals --------------------------------------------------------------------------------------

    def _language(self) -> str:
        return _holiday_language(self.language)

    def _intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        """The opening intervals of ``day`` as UTC instants (empty on a day without opening)."""
        if not self.is_working_day(day):
            return []
        return [
            (self._instant(day, opens), self._instant(day, closes))
            for opens, closes in self.weekly_hours[day.weekday()]
        ]

    def _intervals_from(self, instant: datetime) -> Iterable[tuple[datetime, datetime]]:
        """Opening intervals from the local day of ``instant`` on, in order, without end."""
        day = instant.astimezone(self._zone).date()
        empty_days = 0
        while True:
            intervals = self._intervals(day)
            if intervals:
                empty_days = 0
                yield from intervals
            else:
                empty_days += 1
                if empty_days > _MAX_SCAN_DAYS:
                    raise self._never_open()
            day += timedelta(days=1)

    def _instant(self, day: date, wall: time) -> datetime:
        """The real instant (UTC) of local wall time ``wall`` on ``day``.

        zoneinfo resolves an ambiguous wall time (the repeated hour in October) to its first occurrence and
        a wall time that does not exist (the skipped hour in March) with the offset from before the change;
        the round trip through UTC turns the latter into a real instant, one hour later on the wall.
        """
        return datetime.combine(day, wall, tzinfo=self._zone).astimezone(UTC)

    def _local(self, instant: datetime) -> datetime:
        return instant.astimezone(self._zone)

    def _never_open(self) -> OpeningHoursError:
        return OpeningHoursError(f"The desk calendar has no working day within {_MAX_SCAN_DAYS} days.")


# --------------------------------------------------------------------------------------------------------
# Calendar days
# --------------------------------------------------------------------------------------------------------


def calendar_days_deadline(start: datetime, days: int, tz: str | None = None) -> datetime:
    """End of day (23:59:59 local time) of the date ``days`` calendar days after ``start``.

    For rules that count calendar days rather than working days. ``tz`` defaults to ``settings.TIME_ZONE``.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    zone = ZoneInfo(tz or settings.TIME_ZONE)
    day = _to_utc(start).astimezone(zone).date() + timedelta(days=days)
    # 23:59:59 exists on every day, DST changes happen in the night, so combine() is exact here.
    return datetime.combine(day, time(23, 59, 59), tzinfo=zone)


# --------------------------------------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------------------------------------


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
        return dict(_normalise_weekly_hours(result))
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


def _normalise_weekly_hours(weekly_hours: WeeklyHours) -> Mapping[int, tuple[Interval, ...]]:
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


def _as_date(day: date) -> date:
    # A datetime is a date subclass; hashing it would never match the date keys of the holiday tables.
    return day.date() if isinstance(day, datetime) else day


def _to_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("the desk calendar needs timezone-aware datetimes")
    return moment.astimezone(UTC)
