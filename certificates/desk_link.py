"""A certificate request shown in the contact desk: its case follows the request's status.

certificates sits above desk, so this module calls desk's public functions (open_linked_case,
update_linked_case); desk never imports certificates. Both calls run inside the transaction of
``services.submit_request`` / ``services.transition``: the request and its case change together.
The resident hears about the request from certificates itself (mailbox); the case sends nothing.
"""
from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from desk.cases import services as desk
from desk.states import State

from . import staff_labels
from .models import CertificateRequest
from .states import Status

MAX_NOTE = 4000

# Where a request's status puts its case in the desk.
STATE_FOR_STATUS: dict[str, str] = {
    Status.RECEIVED: State.RECEIVED,
    Status.AWAITING_APPROVAL: State.IN_PROGRESS,
    Status.APPROVED: State.IN_PROGRESS,
    Status.ISSUING: State.IN_PROGRESS,
    Status.INFO_REQUESTED: State.WAITING_RESIDENT,
    Status.READY: State.RESOLVED,
    Status.REFUSED: State.CLOSED_UNRESOLVED,
    Status.FAILED: State.IN_PROGRESS,  # staff retry it; the label says what happened
}


def linked_ref(request: CertificateRequest) -> str:
    return f"certificate-request:{request.public_id}"


def _language(request: CertificateRequest) -> str:
    return (request.requester.preferred_language or settings.LANGUAGE_CODE or "nl")[:2]


def _detail_url(request: CertificateRequest) -> str:
    try:
        return reverse("certificates:detail", args=[request.public_id])
    except NoReverseMatch:  # a URLconf without the resident pages (some tests)
        return f"/mijn/aanvragen/{request.public_id}/"


def open_case_for(request: CertificateRequest):
    """Open the desk case of a new request (once; a second call returns the same case)."""
    with translation.override(_language(request)):
        title = request.certificate_type.name
        label = str(request.get_status_display())
    # The case takes the request's reference: one reference per request, wherever it is shown.
    return desk.open_linked_case(linked_ref=linked_ref(request), resident=request.requester, title=title,
                                 url=_detail_url(request), status_label=label, reference=request.reference)


def follow_status(request: CertificateRequest, status: str, *, public_note: str = ""):
    """Move the request's case along with its new ``status`` (a refusal's reason is the public note)."""
    with translation.override(_language(request)):
        label = str(Status(status).label)
    with translation.override(settings.LANGUAGE_CODE):  # the desk's history is read by staff
        staff_label = staff_labels.status_label(status)
    note = public_note.strip()
    if len(note) > MAX_NOTE:  # the desk keeps at most 4000 characters; the request keeps the whole text
        note = note[:MAX_NOTE - 2].rstrip() + " …"
    return desk.update_linked_case(linked_ref=linked_ref(request), state=STATE_FOR_STATUS[status],
                                   status_label=label, public_note=note, staff_label=staff_label)
