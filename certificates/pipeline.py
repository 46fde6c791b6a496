"""Issuing one certificate: gather → render → seal → store → deliver → notify → ready.

Every step checks what is already done, so a retried, duplicated or re-delivered task never produces a
second document or a second mailbox message. The IssuedCertificate row (one per request) is the anchor.
"""
from __future__ import annotations

import hashlib
import secrets

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from mailbox import services as mailbox
from registry import services as registry

from . import documents, sealing, services
from .models import CertificateRequest, IssuedCertificate
from .notifications import message_for
from .states import Status

# Unambiguous characters for a code people type from paper (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_verification_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[0:4]}-{raw[4:8]}-{raw[8:12]}"


def issue(request: CertificateRequest) -> IssuedCertificate | None:
    """Run the remaining steps for a request in ISSUING; return its issued certificate."""
    if request.status != Status.ISSUING:
        return IssuedCertificate.objects.filter(request=request).first()
    issued, sealed = IssuedCertificate.objects.filter(request=request).first(), None
    if issued is None:
        issued, sealed = _produce(request)
    if issued.delivered_at is None:
        _deliver(request, issued, sealed)
    if issued.notified_at is None:
        _notify(request, issued)
    try:
        services.transition(request, Status.READY)  # locks the request and checks its status itself
    except services.TransitionNotAllowed:
        pass  # a duplicate task made it ready first (or staff moved it): nothing more to do
    return issued


def _produce(request: CertificateRequest) -> tuple[IssuedCertificate, bytes | None]:
    """Render, seal and store the document; return it with its bytes (None when a duplicate task stored its own)."""
    code = new_verification_code()
    issued_at = timezone.now()
    certificate_type = request.certificate_type
    valid_until = (issued_at + timezone.timedelta(days=certificate_type.validity_days)).date() \
        if certificate_type.validity_days else None
    rendered = documents.render_certificate(request, verification_code=code, issued_at=issued_at,
                                            valid_until=valid_until)
    sealed = sealing.seal_pdf(rendered.pdf)
    digest = hashlib.sha256(sealed).hexdigest()
    holder = rendered.subject or _holder(request)
    issued = IssuedCertificate(request=request, verification_code=code, type_code=request.type_code,
                               issued_at=issued_at, valid_until=valid_until, sha256=digest,
                               holder_name=holder.full_name if holder else request.subject_name,
                               holder_birth_year=holder.birth_year if holder else None)
    issued.pdf.save(f"{request.reference}.pdf", ContentFile(sealed), save=False)
    try:
        with transaction.atomic():
            issued.save()
    except IntegrityError:
        # A duplicate task got there first: keep its document, drop ours.
        issued.pdf.delete(save=False)
        return IssuedCertificate.objects.get(request=request), None
    return issued, sealed


def _holder(request: CertificateRequest):
    """The subject as the register names them (as printed), read with the same purpose as the document: for a
    certificate whose gather keeps no subject record (the render's own read names the holder otherwise)."""
    return registry.get_person(request.subject_number, access=registry.Access.system(f"attest {request.reference}"))


def _deliver(request: CertificateRequest, issued: IssuedCertificate, sealed: bytes | None) -> None:
    """``sealed``: the document's bytes when this task just stored them (no second read from S3), else None."""
    subject, body = message_for(request, "ready")
    if sealed is None:  # a retry, or a duplicate task's document: the stored file is the one to deliver
        with issued.pdf.open("rb") as handle:
            sealed = handle.read()
    content = sealed
    mailbox.deliver_document(
        resident=request.requester, subject=subject, body=body, filename=f"{request.reference}.pdf",
        content=content, source_ref=f"certificate:{issued.verification_code}",
    )
    IssuedCertificate.objects.filter(pk=issued.pk, delivered_at__isnull=True).update(delivered_at=timezone.now())
    issued.delivered_at = timezone.now()


def _notify(request: CertificateRequest, issued: IssuedCertificate) -> None:
    mailbox.notify_by_email(resident=request.requester, source_ref=f"certificate:{issued.verification_code}")
    IssuedCertificate.objects.filter(pk=issued.pk, notified_at__isnull=True).update(notified_at=timezone.now())
    issued.notified_at = timezone.now()
