"""The response matrix: which department answers, and by when, counted in the city's working time."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from city.calendar import calendar_days_deadline, default_calendar
from desk.routing.models import ClosingDay, Department, ResponseMatrix, ResponseTerm


@dataclass(frozen=True)
class Terms:
    department: Department | None
    matrix_version: int | None
    first_response_due: datetime | None
    resolution_due: datetime | None


def calendar():
    """The business calendar: opening hours from settings, Belgian holidays, the city's closing days."""
    return default_calendar(closing_days=ClosingDay.objects.values_list("date", flat=True))


def active_matrix(at: datetime | None = None) -> ResponseMatrix | None:
    at = at or timezone.now()
    return (ResponseMatrix.objects.filter(published_at__isnull=False, published_at__lte=at)
            .order_by("-version").first())


def term_for(*, category_id, kind: str, channel: str, priority: str, at: datetime | None = None) -> ResponseTerm | None:
    """The most specific row of the active matrix that matches (category, kind, channel, priority)."""
    matrix = active_matrix(at)
    if matrix is None:
        return None
    candidates = [term for term in matrix.terms.select_related("department")
                  if term.matches(category_id=category_id, kind=kind, channel=channel, priority=priority)]
    if not candidates:
        return None
    return max(candidates, key=lambda term: (term.specificity(), -term.pk))


def terms_for(*, category_id, kind: str, channel: str, priority: str, start: datetime) -> Terms:
    term = term_for(category_id=category_id, kind=kind, channel=channel, priority=priority, at=start)
    if term is None:
        return Terms(None, None, None, None)
    business = calendar()
    first = business.add_working_hours(start, float(term.first_response_hours))
    if term.calendar_days:
        resolution = calendar_days_deadline(start, term.resolution_days)
    else:
        resolution = business.add_working_days(start, term.resolution_days)
    return Terms(term.department, term.matrix.version, first, resolution)


def default_department() -> Department | None:
    return Department.objects.filter(code=settings.DESK_DEFAULT_DEPARTMENT).first()
