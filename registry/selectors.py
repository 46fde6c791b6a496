"""Reads of the registry's own bookkeeping (not of registry data: that goes through services)."""

from django.db.models import QuerySet

from registry.keys import subject_key
from registry.models import AccessRecord


def access_records_about(national_number: str) -> QuerySet[AccessRecord]:
    """Who consulted this person's registry data, newest first ("Wie raadpleegde mijn gegevens")."""
    return AccessRecord.objects.filter(subject_key=subject_key(national_number)).order_by("-at", "-pk")
