"""Reads of certificate requests for the resident's and the staff's pages (no writes here)."""
from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from .models import CertificateRequest, WizardDraft
from .states import Status


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
