"""Anonymous figures of the digital-inclusion programme: how many assisted sessions, and what for."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from ..models_assist import AssistedSession, AssistPurpose


@dataclass
class PeriodRow:
    start: date
    total: int
    signed_in: int
    by_purpose: list[int]  # in AssistPurpose order


def _month_starts(today: date, months: int) -> list[date]:
    starts, year, month = [], today.year, today.month
    for _index in range(months):
        starts.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return starts


def _rows(trunc, starts: list[date]) -> list[PeriodRow]:
    earliest = timezone.make_aware(datetime.combine(starts[-1], time.min))
    counts = (AssistedSession.objects.filter(started_at__gte=earliest)
              .annotate(period=trunc("started_at", tzinfo=timezone.get_current_timezone()))
              .values("period", "purpose")
              .annotate(n=Count("id"), signed_in=Count("id", filter=Q(resident_signed_in=True))))
    purposes = list(AssistPurpose.values)
    rows = {start: PeriodRow(start, 0, 0, [0] * len(purposes)) for start in starts}
    for item in counts:
        period = item["period"]
        row = rows.get(period.date() if hasattr(period, "date") else period)
        if row is None:
            continue
        row.total += item["n"]
        row.signed_in += item["signed_in"]
        if item["purpose"] in purposes:
            row.by_purpose[purposes.index(item["purpose"])] += item["n"]
    return [rows[start] for start in starts]


def figures(*, weeks: int = 8, months: int = 12, today: date | None = None) -> dict:
    """Sessions per week (the last ``weeks``) and per month (the last ``months``), newest first, split
    by purpose; zero rows included so a quiet week shows as 0."""
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    week_rows = _rows(TruncWeek, [monday - timedelta(weeks=n) for n in range(weeks)])
    month_rows = _rows(TruncMonth, _month_starts(today, months))
    return {
        "purposes": [label for _value, label in AssistPurpose.choices],
        "purpose_values": list(AssistPurpose.values),
        "weeks": week_rows,
        "months": month_rows,
        "purpose_totals": [sum(row.by_purpose[i] for row in month_rows) for i in range(len(AssistPurpose.values))],
        "total": sum(row.total for row in month_rows),
    }
