"""Figures of the live channels (chat, WhatsApp) per channel and week, for /balie/desk/gesprekken/cijfers/.

Per week in which conversations started: how many, how many got an answer, the share answered within the
first-response term, the median time to that answer in working time (the desk's calendar, on which the
terms count), the share that started while the chat was closed, and how many became a case. Department
staff see their departments' conversations only (the same visibility as the inbox).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from desk.cases.models import Case
from desk.cases.selectors.conversations import LIVE_CHANNELS, visible_conversations
from desk.channels.chat import hours
from desk.routing import terms
from desk.states import Channel


@dataclass
class Row:
    channel: str
    channel_label: str
    week: str  # "2026-W48"
    week_label: str
    started: int = 0
    answered: int = 0
    with_term: int = 0
    within_term: int = 0
    outside_hours: int = 0
    cases: int = 0
    working_seconds: list[float] = field(default_factory=list)

    @property
    def within_pct(self) -> str:
        return _percent(self.within_term, self.with_term)

    @property
    def outside_pct(self) -> str:
        return _percent(self.outside_hours, self.started)

    @property
    def median_first_response(self) -> str:
        return duration_text(median(self.working_seconds)) if self.working_seconds else "—"


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "—"


def duration_text(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 60:
        return _("%(minutes)s min") % {"minutes": minutes}
    return _("%(hours)s u %(minutes)02d min") % {"hours": minutes // 60, "minutes": minutes % 60}


def _week_start(moment: datetime) -> datetime:
    local = timezone.localtime(moment)
    monday = local.date() - timedelta(days=local.weekday())
    return timezone.make_aware(datetime.combine(monday, datetime.min.time()))


def weekly(user, *, weeks: int = 8, now: datetime | None = None) -> tuple[list[Row], list[Row]]:
    """Rows per channel and week (newest week first) and one total row per channel."""
    now = now or timezone.now()
    start = _week_start(now) - timedelta(weeks=weeks - 1)
    conversations = (visible_conversations(user).filter(created_at__gte=start)
                     .annotate(has_case=Exists(Case.objects.filter(conversation=OuterRef("pk"))))
                     .values_list("channel", "created_at", "first_response_at", "first_response_due", "has_case"))
    business = terms.calendar()
    chat_hours = None if hours.always_open() else hours.chat_calendar()
    labels = dict(Channel.choices)
    rows: dict[tuple[str, str], Row] = {}
    totals: dict[str, Row] = {}
    for channel in LIVE_CHANNELS:
        totals[channel] = Row(channel, str(labels[channel]), "", _("Alle weken"))
    for channel, created_at, first_at, due, has_case in conversations.iterator():
        week_start = _week_start(created_at)
        year, number, _day = week_start.isocalendar()
        key = (channel, f"{year}-W{number:02d}")
        if key not in rows:
            end = week_start + timedelta(days=6)
            rows[key] = Row(channel, str(labels.get(channel, channel)), key[1],
                            _("week %(number)s (%(start)s – %(end)s)") % {
                                "number": number, "start": week_start.strftime("%d/%m"),
                                "end": end.strftime("%d/%m/%Y")})
        for row in (rows[key], totals.setdefault(channel, Row(channel, str(labels.get(channel, channel)), "",
                                                                _("Alle weken")))):
            row.started += 1
            row.cases += int(has_case)
            if chat_hours is not None and not chat_hours.is_open(created_at):
                row.outside_hours += 1
            if first_at is not None:
                row.answered += 1
                row.working_seconds.append(business.working_seconds_between(created_at, first_at))
            if due is not None and (first_at is not None or due < now):
                row.with_term += 1
                row.within_term += int(first_at is not None and first_at <= due)
    def order(row: Row) -> tuple[int, int]:  # newest week first, then chat before WhatsApp
        place = LIVE_CHANNELS.index(row.channel) if row.channel in LIVE_CHANNELS else len(LIVE_CHANNELS)
        return -int(row.week.replace("-W", "")), place

    ordered = sorted(rows.values(), key=order)
    return ordered, [totals[channel] for channel in LIVE_CHANNELS if channel in totals]
