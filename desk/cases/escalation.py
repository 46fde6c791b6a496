"""Near-due and overdue cases: written as events once, and told to the responsible department."""
from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from desk.cases.models import Case, CaseEvent
from desk.cases.services.history import record_event
from desk.routing import terms
from desk.states import OPEN_STATES, EventKind

logger = logging.getLogger(__name__)


def _due_terms(case: Case) -> list[tuple[str, datetime]]:
    due = []
    if case.first_response_at is None and case.first_response_due is not None:
        due.append(("first_response", case.first_response_due))
    if case.resolution_due is not None:
        due.append(("resolution", case.resolution_due))
    return due


def escalate_terms(now: datetime | None = None) -> int:
    """Write NEAR_DUE / OVERDUE events (once per case, term and level) and e-mail the department.

    Near due = less than DESK_NEAR_DUE_HOURS working hours left. Returns the number of new events.
    """
    now = now or timezone.now()
    business = terms.calendar()
    horizon = business.add_working_hours(now, settings.DESK_NEAR_DUE_HOURS)
    candidates = (Case.objects.filter(state__in=OPEN_STATES)
                  .filter(Q(resolution_due__lte=horizon)
                          | Q(first_response_at__isnull=True, first_response_due__lte=horizon))
                  .select_related("department"))
    written = 0
    for case in candidates.iterator():
        done = {(event.kind, event.data.get("term")) for event in
                CaseEvent.objects.filter(case=case, kind__in=[EventKind.NEAR_DUE, EventKind.OVERDUE])}
        for term, due in _due_terms(case):
            level = EventKind.OVERDUE if due <= now else EventKind.NEAR_DUE if due <= horizon else None
            if level is None or (level, term) in done:
                continue
            with transaction.atomic():
                record_event(case, level, at=now, actor_label=_("systeem"), data={"term": term, "due": due.isoformat()})
                if level == EventKind.OVERDUE:
                    Case.objects.filter(pk=case.pk).update(escalated_at=now)
            written += 1
            _tell_department(case, level, term, due)
    return written


def _tell_department(case: Case, level: str, term: str, due: datetime) -> None:
    if not case.department_id or not case.department.email:
        return
    with translation.override("nl"):
        what = _("eerste antwoord") if term == "first_response" else _("afhandeling")
        if level == EventKind.OVERDUE:
            subject = _("Termijn verstreken: %(reference)s") % {"reference": case.reference}
        else:
            subject = _("Termijn bijna verstreken: %(reference)s") % {"reference": case.reference}
        body = _("Dossier %(reference)s (%(title)s): termijn voor %(what)s tot %(due)s.") % {
            "reference": case.reference, "title": case.display_title(), "what": what,
            "due": timezone.localtime(due).strftime("%d/%m/%Y %H:%M")}
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [case.department.email])
    except Exception:  # the event is written; the inbox highlights the case even if the mail fails
        logger.exception("could not e-mail department %s about case %s", case.department.code, case.pk)
