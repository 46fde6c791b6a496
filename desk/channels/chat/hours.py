"""When someone answers the live chat, and what we tell a visitor when nobody does.

The chat's hours (``CHAT_OPENING_HOURS``, same format as the desk's) sit on the desk's business calendar:
Belgian public holidays and the city's own closing days (``desk.ClosingDay``). The special value
``always`` keeps the chat open day and night, holidays included (a staffed 24/7 service, or tests).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from city.calendar import BusinessCalendar, OpeningHoursError, parse_opening_hours
from desk.routing.models import ClosingDay

ALWAYS = ("always", "altijd")


def always_open() -> bool:
    return str(getattr(settings, "CHAT_OPENING_HOURS", "")).strip().lower() in ALWAYS


def weekly_hours() -> dict:
    """``{weekday: ((open, close), ...)}`` of the chat, from CHAT_OPENING_HOURS (the desk's hours if unset)."""
    value = getattr(settings, "CHAT_OPENING_HOURS", None) or settings.DESK_OPENING_HOURS
    try:
        return parse_opening_hours(value)
    except OpeningHoursError as exc:
        raise ImproperlyConfigured(f"CHAT_OPENING_HOURS: {exc}".replace("DESK_OPENING_HOURS: ", "")) from None


def chat_calendar(language: str | None = None) -> BusinessCalendar:
    """The chat's calendar: its weekly hours, Belgian public holidays and the city's closing days."""
    closing = dict(ClosingDay.objects.values_list("date", "name"))
    return BusinessCalendar(weekly_hours=weekly_hours(), tz=settings.TIME_ZONE, closing_day_names=closing,
                            language=language)


def is_open(at: datetime | None = None) -> bool:
    """Whether someone answers the chat at ``at`` (now by default)."""
    if always_open():
        return True
    return chat_calendar().is_open(at or timezone.now())


@dataclass(frozen=True)
class Closed:
    """Why the chat is closed at a moment, and when it opens again."""

    opens_at: datetime
    holiday: str = ""  # the public holiday's name (in the active language), if today is one
    closing_day: str = ""  # the city's closing day's name, if today is one


def closed_now(at: datetime | None = None, language: str | None = None) -> Closed | None:
    """None while the chat is open; else when it opens again and which holiday or closing day it is."""
    at = at or timezone.now()
    if always_open():
        return None
    calendar = chat_calendar(language)
    if calendar.is_open(at):
        return None
    today = timezone.localtime(at).date()
    name = calendar.holiday_name(today) or ""
    closing = calendar.closing_day_names.get(today, "")
    is_closing_day = bool(closing) and name == closing
    return Closed(opens_at=calendar.next_opening(at), holiday="" if is_closing_day else name,
                  closing_day=closing if is_closing_day else "")


def _time(moment: datetime) -> str:
    return _("%(hour)s.%(minute)s uur") % {"hour": moment.hour, "minute": f"{moment.minute:02d}"}


def when_we_answer(at: datetime, opens_at: datetime) -> str:
    """"We antwoorden vanaf dinsdag 2 december om 8.30 uur." in the active language."""
    opens = timezone.localtime(opens_at)
    today = timezone.localtime(at).date()
    values = {"time": _time(opens), "day": formats.date_format(opens, "l j F")}
    if opens.date() == today:
        return _("We antwoorden vanaf vandaag om %(time)s.") % values
    if opens.date() == today + timedelta(days=1):
        return _("We antwoorden vanaf morgen, %(day)s, om %(time)s.") % values
    return _("We antwoorden vanaf %(day)s om %(time)s.") % values


def closed_text(closed: Closed, at: datetime) -> str:
    """Why the chat is closed now and when we answer, in the active language (two short sentences)."""
    if closed.holiday:
        why = _("Vandaag is een feestdag (%(name)s): de chat is gesloten.") % {"name": closed.holiday}
    elif closed.closing_day:
        why = _("Vandaag is de stad gesloten (%(name)s): de chat is gesloten.") % {"name": closed.closing_day}
    else:
        why = _("De chat is nu gesloten.")
    return f"{why} {when_we_answer(at, closed.opens_at)}"


def automatic_reply(at: datetime, language: str) -> str:
    """The one automatic reply to a message that arrives while the chat is closed."""
    with translation.override(language or settings.LANGUAGE_CODE):
        closed = closed_now(at, language)
        if closed is None:  # opened in the meantime: nothing to excuse
            return ""
        return f"{_('Bedankt voor je bericht.')} {closed_text(closed, at)}"


def opening_hours_rows() -> list[dict]:
    """The weekly hours as rows for a page: ``{"day": "maandag", "hours": "8.30–12.00 en 13.00–17.00"}``."""
    if always_open():
        return []
    hours = weekly_hours()
    names = [_("maandag"), _("dinsdag"), _("woensdag"), _("donderdag"), _("vrijdag"), _("zaterdag"), _("zondag")]
    rows = []
    for weekday, name in enumerate(names):
        intervals = hours.get(weekday, ())
        if intervals:
            text = ", ".join(f"{opens.hour}.{opens.minute:02d}–{closes.hour}.{closes.minute:02d}"
                             for opens, closes in intervals)
        else:
            text = _("gesloten")
        rows.append({"day": name, "hours": text})
    return rows
