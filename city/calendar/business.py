"""The business-time calendar: opening hours, Belgian public holidays and local closing days in one time zone.

All arithmetic is done on real instants (UTC) while the opening intervals are laid out per day in local
wall time. That way "08:30" is always 08:30 Brussels time, also on the Sundays on which daylight saving
time starts or ends, and a working hour is always 3,600 real seconds. Results are aware datetimes in the
calendar's time zone; inputs may be aware datetimes in any time zone (naive datetimes are refused, because
guessing their zone is exactly the kind of bug a deadline must not have).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.translation import gettext_lazy as _

from city.calendar.opening_hours import OpeningHoursError, WeeklyHours, normalise_weekly_hours
from city.calendar.public_holidays import DEFAULT_HOLIDAY_LANGUAGE, holiday_language, public_holidays

# A calendar whose every day is closed would make the searches below loop forever; ten years without a
# single working day can only be a configuration error (e.g. closing days generated for every date).
_MAX_SCAN_DAYS = 366 * 10


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
        object.__setattr__(self, "weekly_hours", normalise_weekly_hours(self.weekly_hours))
        names = {as_date(day): str(name) for day, name in dict(self.closing_day_names).items()}
        object.__setattr__(self, "closing_day_names", MappingProxyType(names))
        closing_days = frozenset(as_date(day) for day in self.closing_days).union(names)
        object.__setattr__(self, "closing_days", closing_days)
        try:
            zone = ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise OpeningHoursError(f"Unknown time zone {self.tz!r} for the desk calendar.") from exc
        object.__setattr__(self, "_zone", zone)

    # ---- days -------------------------------------------------------------------------------------------

    def is_holiday(self, day: date) -> bool:
        """Whether ``day`` is a Belgian public holiday or one of the local closing days."""
        day = as_date(day)
        # The dates do not depend on the language: one fixed language keeps a single table per year.
        return day in self.closing_days or day in public_holidays(
            day.year, self.subdivision, DEFAULT_HOLIDAY_LANGUAGE
        )

    def holiday_name(self, day: date) -> str | None:
        """The name of the public holiday or closing day on ``day``, or None on an ordinary day."""
        day = as_date(day)
        name = public_holidays(day.year, self.subdivision, self._language()).get(day)
        if name is not None:
            return name
        if day in self.closing_days:
            return self.closing_day_names.get(day) or str(_("Sluitingsdag"))
        return None

    def is_working_day(self, day: date) -> bool:
        """Whether the desk opens at all on ``day``: it has opening hours and is no holiday or closing day."""
        day = as_date(day)
        return bool(self.weekly_hours.get(day.weekday())) and not self.is_holiday(day)

    # ---- instants ---------------------------------------------------------------------------------------

    def is_open(self, moment: datetime) -> bool:
        """Whether the desk is open at ``moment`` (an aware datetime)."""
        instant = to_utc(moment)
        day = instant.astimezone(self._zone).date()
        return any(opens <= instant < closes for opens, closes in self._intervals(day))

    def next_opening(self, moment: datetime) -> datetime:
        """The first instant at or after ``moment`` at which the desk is open.

        A moment inside opening time is returned as it is (in the calendar's time zone).
        """
        instant = to_utc(moment)
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
        instant = to_utc(start)
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
        instant = to_utc(start)
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
        begin, finish = to_utc(start), to_utc(end)
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
        return holiday_language(self.language)

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



def as_date(day: date) -> date:
    """The date of ``day``, also when it is a datetime."""
    # A datetime is a date subclass; hashing it would never match the date keys of the holiday tables.
    return day.date() if isinstance(day, datetime) else day


def to_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; ``ValueError`` for a naive datetime, whose time zone would be a guess."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("the desk calendar needs timezone-aware datetimes")
    return moment.astimezone(UTC)
