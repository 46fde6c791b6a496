"""Routing: which department gets a new case, and by when it must answer (the response matrix's terms)."""
from __future__ import annotations

from datetime import datetime

from desk.routing import terms
from desk.routing.models import Department, RoutingRule


def pick_department(*, category_id, kind: str, channel: str, district: str, priority: str,
                    start: datetime) -> tuple[Department | None, terms.Terms]:
    """The routing rules first (lowest rank that matches), else the response matrix, else the default desk."""
    department = None
    for rule in RoutingRule.objects.filter(is_active=True).select_related("department"):
        if rule.matches(category_id=category_id, kind=kind, channel=channel, district=district):
            department = rule.department
            break
    found = terms.terms_for(category_id=category_id, kind=kind, channel=channel, priority=priority, start=start)
    return department or found.department or terms.default_department(), found
