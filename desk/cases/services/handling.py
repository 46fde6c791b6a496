"""Working a case: routing and assignment, its state, notes, the first response, which photos are public."""
from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from desk.cases.models import Attachment, Case, CaseEvent
from desk.cases.services.history import notify_after_commit, record_event
from desk.cases.services.validation import CaseError, TransitionNotAllowed, clean_text
from desk.routing import terms
from desk.routing.models import Department
from desk.routing.routing import pick_department
from desk.states import CLOSED_STATES, NEEDS_PUBLIC_NOTE, TRANSITIONS, EventKind, State

logger = logging.getLogger(__name__)

# Run in the transaction of every state change the resident is told about, with (case, event). Parts above
# the cases that act on it name their function here; it is imported when first called, since they sit above.
PUBLISHED_STATE_CHANGE_HOOKS = (
    "desk.feedback.services.offer_feedback",  # a closing asks for satisfaction feedback (its link goes along)
)


def route(case: Case, *, at: datetime | None = None, actor=None) -> Department | None:
    """Send the case to the department that pick_department() names and copy the terms onto it."""
    department, found = pick_department(category_id=case.category_id, kind=case.kind, channel=case.channel,
                                        district=case.district, priority=case.priority, start=case.created_at)
    if department is not None:
        assign(case, department=department, actor=actor, reason=_("automatisch gerouteerd"), at=at or timezone.now(),
               terms=found, force_event=True)
    return department


@transaction.atomic
def assign(case: Case, *, department: Department | None = None, assignee=None, actor=None, reason: str = "",
           at: datetime | None = None, terms: terms.Terms | None = None, force_event: bool = False) -> Case:
    """Give the case to a department and/or a person. The first assignment copies the terms onto it."""
    at = at or timezone.now()
    locked = Case.objects.select_for_update().get(pk=case.pk)
    changed = []
    if department is not None and locked.department_id != department.pk:
        locked.department = department
        changed.append("department")
    if assignee is not None and locked.assignee_id != assignee.pk:
        locked.assignee = assignee
        changed.append("assignee")
    if locked.resolution_due is None and locked.first_response_due is None:
        found = terms or _terms_for(locked)
        if found.matrix_version is not None:
            locked.matrix_version = found.matrix_version
            locked.first_response_due = found.first_response_due
            locked.resolution_due = found.resolution_due
            changed += ["matrix_version", "first_response_due", "resolution_due"]
    if not changed and not force_event:
        return locked
    locked.updated_at = at
    locked.save(update_fields=[*changed, "updated_at"])
    record_event(locked, EventKind.ASSIGNED, at=at, actor=actor, text=reason,
           data={"department": locked.department.code if locked.department_id else "",
                 "assignee": locked.assignee.get_username() if locked.assignee_id else ""})
    copy_case_state(locked, case)
    return locked


def _terms_for(case: Case) -> terms.Terms:
    return terms.terms_for(category_id=case.category_id, kind=case.kind, channel=case.channel,
                           priority=case.priority, start=case.created_at)


def copy_case_state(source: Case, target: Case) -> None:
    """Bring the caller's copy of a case up to date with the locked row a service changed.

    Setting a foreign key's ``*_id`` drops a cached related object that no longer matches (Django does that).
    """
    for field in ("state", "department_id", "assignee_id", "public_note", "first_response_due", "resolution_due",
                  "first_response_at", "closed_at", "matrix_version", "duplicate_of_id", "reopened_count",
                  "updated_at", "linked_status"):
        setattr(target, field, getattr(source, field))


def _durations(case: Case, at: datetime) -> tuple[float, float]:
    wall = (at - case.created_at).total_seconds()
    working = terms.calendar().working_seconds_between(case.created_at, at)
    return wall, working


def record_first_response(case: Case, at: datetime, actor=None) -> None:
    """The first answer to the resident: timed against the response term (working time), once."""
    if case.first_response_at is not None:
        return
    wall, working = _durations(case, at)
    within = None if case.first_response_due is None else at <= case.first_response_due
    case.first_response_at = at
    case.save(update_fields=["first_response_at"])
    record_event(case, EventKind.FIRST_RESPONSE, at=at, actor=actor, duration_s=wall, working_s=working,
           within_term=within)


@transaction.atomic
def change_state(case: Case, to_state: str, *, actor=None, public_note: str = "", internal_note: str = "",
                 at: datetime | None = None, actor_label: str = "", notify: bool = True,
                 duplicate_of: Case | None = None) -> Case:
    """Move a case to ``to_state`` if the transition table allows it; closing needs a public reason."""
    at = at or timezone.now()
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if not TRANSITIONS.can_move(locked.state, to_state):
        raise TransitionNotAllowed(_("Deze statuswijziging kan niet: van '%(from)s' naar '%(to)s'.")
                                   % {"from": State(locked.state).label, "to": State(to_state).label})
    public_note = clean_text(public_note, field="public_note", required=False)
    if to_state in NEEDS_PUBLIC_NOTE and not public_note:
        raise CaseError(_("Schrijf voor de inwoner waarom de status verandert."), field="public_note")
    from_state = locked.state
    locked.state = to_state
    locked.public_note = public_note or locked.public_note
    locked.updated_at = at
    fields = ["state", "public_note", "updated_at"]
    if duplicate_of is not None:
        locked.duplicate_of = duplicate_of
        fields.append("duplicate_of")
    if to_state in CLOSED_STATES:
        locked.closed_at = at
        fields.append("closed_at")
    elif from_state in CLOSED_STATES:
        locked.closed_at = None
        locked.reopened_count += 1
        fields += ["closed_at", "reopened_count"]
    locked.save(update_fields=fields)
    event = record_event(locked, EventKind.STATE_CHANGED, at=at, actor=actor, actor_label=actor_label,
                   from_state=from_state, to_state=to_state, is_public=True, text=public_note)
    if internal_note:
        record_event(locked, EventKind.NOTE, at=at, actor=actor, text=clean_text(internal_note, required=False))
    if actor is not None and public_note:
        record_first_response(locked, at, actor)
    if to_state in CLOSED_STATES and from_state not in CLOSED_STATES:
        wall, working = _durations(locked, at)
        within = None if locked.resolution_due is None else at <= locked.resolution_due
        record_event(locked, EventKind.RESOLVED, at=at, actor=actor, to_state=to_state, duration_s=wall,
               working_s=working, within_term=within)
    if to_state == State.REOPENED:
        record_event(locked, EventKind.REOPENED, at=at, actor=actor, actor_label=actor_label)
    if notify:
        for hook in PUBLISHED_STATE_CHANGE_HOOKS:
            import_string(hook)(locked, event)
        notify_after_commit(event)
    copy_case_state(locked, case)
    return locked


@transaction.atomic
def add_note(case: Case, *, actor, text: str) -> CaseEvent:
    """An internal note: staff only, never shown to the resident."""
    return record_event(case, EventKind.NOTE, actor=actor, text=clean_text(text, field="text"))


@transaction.atomic
def publish_photo(attachment: Attachment, *, actor, public: bool = True) -> Attachment:
    """Staff decide which photos the public map shows (never automatic)."""
    Attachment.objects.filter(pk=attachment.pk).update(is_public=public)
    attachment.is_public = public
    record_event(attachment.case, EventKind.PHOTO_PUBLISHED, actor=actor, data={"attachment": attachment.pk,
                                                                          "public": public})
    return attachment
