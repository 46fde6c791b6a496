"""Reads of certificate requests for the resident's and the staff's pages (no writes here)."""
from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from desk.routing import terms
from mailbox import selectors as mailbox

from .models import CertificateRequest, IssuedCertificate, WizardDraft
from .states import Status

# Statuses in which burgerzaken owe the resident a decision (the expected date is shown on the request page).
WITH_STAFF = frozenset({Status.RECEIVED, Status.AWAITING_APPROVAL, Status.APPROVED})


def requests_of(resident) -> QuerySet[CertificateRequest]:
    """The resident's own requests, newest first."""
    return CertificateRequest.objects.filter(requester=resident).order_by("-created_at", "-pk")


def request_of(resident, public_id) -> CertificateRequest | None:
    """One of the resident's own requests, or None (also when it exists but is someone else's)."""
    return requests_of(resident).filter(public_id=public_id).first()


def drafts_of(resident) -> QuerySet[WizardDraft]:
    return WizardDraft.objects.filter(requester=resident).order_by("-updated_at")


def draft_of(resident, type_code: str) -> WizardDraft | None:
    return WizardDraft.objects.filter(requester=resident, type_code=type_code).first()


QUEUE_TABS = {"wachtend": Status.AWAITING_APPROVAL, "info": Status.INFO_REQUESTED}


def approval_queue(*, status: str = Status.AWAITING_APPROVAL, type_code: str = "", for_whom: str = "",
                   older_than_days: int | None = None) -> QuerySet[CertificateRequest]:
    """Requests waiting for staff, oldest first, optionally filtered."""
    queryset = CertificateRequest.objects.filter(status=status).select_related("requester")
    if type_code:
        queryset = queryset.filter(type_code=type_code)
    if for_whom:
        queryset = queryset.filter(for_whom=for_whom)
    if older_than_days:
        queryset = queryset.filter(created_at__lte=timezone.now() - timedelta(days=older_than_days))
    return queryset.order_by("created_at", "pk")


def failed_requests() -> QuerySet[CertificateRequest]:
    return CertificateRequest.objects.filter(status=Status.FAILED).select_related("requester") \
        .order_by("updated_at", "pk")


def history_of(request: CertificateRequest):
    return request.history.select_related("actor").order_by("at", "pk")


def delivered_document(request: CertificateRequest):
    """The document in the requester's mailbox for a ready request, or None (not issued, or no longer kept)."""
    issued = IssuedCertificate.objects.filter(request=request).only("verification_code").first()
    if issued is None:
        return None
    return mailbox.document_delivered_as(request.requester, f"certificate:{issued.verification_code}")


def expected_decision(request: CertificateRequest):
    """When burgerzaken should have decided: the type's term in the city's working days, counted from when the
    request last came to them (after an answer the term starts again). None when it is not with staff."""
    if request.status not in WITH_STAFF:
        return None
    came_in = (request.history.filter(to_status=Status.AWAITING_APPROVAL).order_by("-at", "-pk")
               .values_list("at", flat=True).first()) or request.created_at
    return terms.calendar().add_working_days(came_in, request.certificate_type.handling_days)
