"""A case's history: one append-only row per change, and the resident hears of the public ones."""
from __future__ import annotations

import logging
from datetime import datetime

from django.utils import timezone

from common import jobs
from desk.cases.models import Case, CaseEvent

logger = logging.getLogger(__name__)


def record_event(case: Case, kind: str, *, at: datetime | None = None, actor=None, actor_label: str = "",
           from_state: str = "", to_state: str = "", is_public: bool = False, text: str = "",
           data: dict | None = None, duration_s: float | None = None, working_s: float | None = None,
           within_term: bool | None = None) -> CaseEvent:
    """Write one history row of the case, with the department, channel and category it has now."""
    return CaseEvent.objects.create(
        case=case, kind=kind, at=at or timezone.now(), actor=actor, actor_label=actor_label,
        from_state=from_state, to_state=to_state, is_public=is_public, text=text, data=data or {},
        department_id=case.department_id, channel=case.channel, category_id=case.category_id,
        case_kind=case.kind, duration_s=duration_s, working_s=working_s, within_term=within_term,
    )


def notify_after_commit(event: CaseEvent) -> None:
    """Tell the resident and the followers about a public event, after the commit."""
    if event.is_public:
        jobs.enqueue_after_commit("desk.notifications.tasks.notify_case_update", event.pk,
                                  run_here_if_broker_down=True)
