"""Cases for requests handled by other apps (certificate requests): desk knows only a reference,
a title, a link and a status label, and never imports the app that owns the request."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from desk.cases.models import Case
from desk.cases.services.handling import assign, change_state
from desk.cases.services.history import record_event
from desk.cases.services.intake import new_reference
from desk.routing.routing import pick_department
from desk.states import CLOSED_STATES, TRANSITIONS, Channel, EventKind, Kind, Priority, State


@transaction.atomic
def open_linked_case(*, linked_ref: str, resident, title: str, url: str, status_label: str,
                     description: str = "", channel: str = Channel.PORTAL, at=None, reference: str = "") -> Case:
    """Open (once per ``linked_ref``) the case that shows a request of another app in the desk.

    ``reference`` is the request's own reference when it has one: the case carries it too, so the resident
    and staff see one reference per request (not the request's and a desk one)."""
    existing = Case.objects.filter(linked_ref=linked_ref).first()
    if existing is not None:
        return existing
    at = at or timezone.now()
    department, found = pick_department(category_id=None, kind=Kind.REQUEST, channel=channel, district="",
                                        priority=Priority.NORMAL, start=at)
    case = Case.objects.create(
        department=department, reference=reference or new_reference(at), kind=Kind.REQUEST, title=title[:200],
        description=description[:4000],
        channel=channel, resident=resident, language=(getattr(resident, "preferred_language", "") or "nl")[:5],
        linked_ref=linked_ref, linked_url=url[:300], linked_status=status_label[:200], created_at=at, updated_at=at)
    record_event(case, EventKind.CREATED, at=at, to_state=State.RECEIVED, is_public=True, text=status_label)
    if department is not None:
        assign(case, department=department, reason=gettext("automatisch gerouteerd"), at=at, terms=found,
               force_event=True)
    return case


@transaction.atomic
def update_linked_case(*, linked_ref: str, state: str, status_label: str, public_note: str = "",
                       staff_label: str = "", at=None) -> Case | None:
    """Let the case follow its request: the state (when the table allows the move) and the label.

    ``status_label`` is the resident's wording (their case page shows it); ``staff_label`` is how the history
    staff read names the update (the third person), when the owning app gives one.
    The owning app notifies the resident itself, so these changes send nothing.
    """
    case = Case.objects.select_for_update().filter(linked_ref=linked_ref).first()
    if case is None:
        return None
    at = at or timezone.now()
    if state != case.state and TRANSITIONS.can_move(case.state, state):
        note = public_note or (status_label if state in CLOSED_STATES else "")
        change_state(case, state, public_note=note, at=at, actor_label=staff_label or status_label, notify=False)
    case.linked_status, case.updated_at = status_label[:200], at  # change_state copied its changes onto ``case``
    Case.objects.filter(pk=case.pk).update(linked_status=case.linked_status, updated_at=at)
    record_event(case, EventKind.LINKED_UPDATE, at=at, is_public=False, text=staff_label or status_label)
    return case
