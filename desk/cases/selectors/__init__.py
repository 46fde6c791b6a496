"""Reads of the desk. The public projection is explicit: only what public_cases() yields may reach the
map or Open311, and only the fields their views whitelist."""
from datetime import timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from desk.cases.models import Case
from desk.states import CLOSED_STATES, OPEN_STATES, State


def public_cases() -> QuerySet[Case]:
    """Reports in public categories that have a location (duplicates never show: their original does)."""
    return (Case.objects.filter(is_public=True, category__is_public=True)
            .exclude(state=State.DUPLICATE).select_related("category"))


def map_cases(*, now=None) -> QuerySet[Case]:
    """Open reports, and reports closed in the last DESK_MAP_RECENT_DAYS days."""
    now = now or timezone.now()
    recent = now - timedelta(days=settings.DESK_MAP_RECENT_DAYS)
    return public_cases().filter(Q(state__in=OPEN_STATES) | Q(state__in=CLOSED_STATES, closed_at__gte=recent))


def cases_of_resident(resident) -> QuerySet[Case]:
    """Every case a resident opened or follows (certificate requests included)."""
    return (Case.objects.filter(Q(resident=resident) | Q(followers__resident=resident))
            .distinct().select_related("category", "department").order_by("-created_at"))


def case_visible_to_resident(resident, reference: str) -> Case | None:
    return cases_of_resident(resident).filter(reference=reference).first()
