"""Forwarding a case: to another department, or a question to an external party through an expiring link."""
from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common import jobs
from common.tokens import hash_token
from desk.cases.models import Case
from desk.cases.models import Forward as ForwardModel
from desk.cases.services.handling import assign, change_state
from desk.cases.services.history import record_event
from desk.cases.services.validation import CaseError, clean_text
from desk.routing.models import Department
from desk.states import EventKind, State

logger = logging.getLogger(__name__)


@transaction.atomic
def forward(case: Case, *, actor, question: str, to_department: Department | None = None, to_email: str = "",
            at: datetime | None = None) -> ForwardModel:
    """Hand the case to another department, or ask an external party through an expiring link.

    For an external party the plain token is on ``forward.token`` (only its hash is stored) and is
    e-mailed after the commit.
    """
    at = at or timezone.now()
    question = clean_text(question, field="question")
    if (to_department is None) == (not to_email):
        raise CaseError(_("Kies een dienst of geef een e-mailadres van een externe partner."), field="to")
    token = secrets.token_urlsafe(24) if to_email else ""
    forwarded = ForwardModel.objects.create(
        case=case, to_department=to_department, to_email=to_email, question=question, created_by=actor,
        token_hash=hash_token(token) if token else "",
        expires_at=at + timedelta(days=settings.DESK_FORWARD_LINK_DAYS) if token else None)
    forwarded.token = token
    if to_department is not None:
        assign(case, department=to_department, actor=actor, reason=question, at=at)
        Case.objects.filter(pk=case.pk).update(assignee=None)
        case.assignee = None
        record_event(case, EventKind.FORWARDED, at=at, actor=actor, text=question,
               data={"department": to_department.code})
    else:
        record_event(case, EventKind.FORWARDED, at=at, actor=actor, text=question, data={"email": to_email})
        if case.state != State.FORWARDED:
            change_state(case, State.FORWARDED, actor=actor, at=at, notify=True)
        jobs.enqueue_after_commit("desk.notifications.tasks.send_forward_link", forwarded.pk, token,
                                  run_here_if_broker_down=True)
    return forwarded


def forward_for_token(token: str, at: datetime | None = None) -> ForwardModel | None:
    """The open forward a link points to, or None when unknown, answered or expired."""
    at = at or timezone.now()
    if not token:
        return None
    found = ForwardModel.objects.select_related("case").filter(token_hash=hash_token(token)).first()
    if found is None or found.answered_at is not None or (found.expires_at and found.expires_at < at):
        return None
    return found


@transaction.atomic
def answer_forward(token: str, *, answer: str, at: datetime | None = None) -> ForwardModel:
    """An external party answers a forwarded question through its link (once, before it expires)."""
    at = at or timezone.now()
    found = forward_for_token(token, at)
    if found is None:
        raise CaseError(_("Deze link is verlopen of al gebruikt."))
    answer = clean_text(answer, field="answer")
    ForwardModel.objects.filter(pk=found.pk).update(answer=answer, answered_at=at)
    case = found.case
    record_event(case, EventKind.FORWARD_ANSWERED, at=at, actor_label=found.to_email, text=answer,
           data={"forward": found.pk})
    if case.state == State.FORWARDED:
        change_state(case, State.IN_PROGRESS, at=at, actor_label=found.to_email, notify=False)
    found.refresh_from_db()
    return found
