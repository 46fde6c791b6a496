"""Business-time calendar for the contact desk's response terms.

Response terms are phrased as "first response within N working hours" and "resolved within N working
days". Both are counted on a calendar made of:

* the city's weekly opening hours (``settings.DESK_OPENING_HOURS``, see :func:`parse_opening_hours`),
* Belgian public holidays (the ``holidays`` library, country ``BE``),
* local closing days (the city's own closure on 2 January, a staff day, ...) that come from the database
  and are handed in by the caller, so this package never touches the database.

The package is split by job: ``opening_hours`` (reading and checking weekly opening hours),
``public_holidays``, ``business`` (the calendar and its arithmetic) and ``from_settings`` (the desk's
calendar from settings, and calendar-day deadlines). Callers use ``city.calendar``.
"""

from city.calendar.business import BusinessCalendar
from city.calendar.from_settings import calendar_days_deadline, default_calendar
from city.calendar.opening_hours import DEFAULT_OPENING_HOURS, OpeningHoursError, WeeklyHours, parse_opening_hours

__all__ = [
    "DEFAULT_OPENING_HOURS",
    "BusinessCalendar",
    "OpeningHoursError",
    "WeeklyHours",
    "calendar_days_deadline",
    "default_calendar",
    "parse_opening_hours",
]
