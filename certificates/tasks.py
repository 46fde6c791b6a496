"""Celery entry points: thin wrappers around the pipeline and services."""
import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from . import pipeline, services, uploads
from .gather import NothingToCertify
from .models import CertificateRequest
from .states import Status

logger = logging.getLogger(__name__)
MAX_RETRIES = 5


@shared_task(bind=True, name="certificates.tasks.issue_certificate", acks_late=True, max_retries=MAX_RETRIES,
             ignore_result=True)
def issue_certificate(self, request_id: int) -> None:
    request = CertificateRequest.objects.select_related("requester").filter(pk=request_id).first()
    if request is None or request.status != Status.ISSUING:
        return  # already issued, or not ours to move: the database says so
    try:
        pipeline.issue(request)
    except NothingToCertify as refusal:
        # The register says this certificate cannot be issued: retrying will not change that. Staff see the
        # reason at once on the failed list (and refuse the request with it), not after five attempts.
        services.record_failure(request_id, f"{services.INELIGIBLE_PREFIX}{refusal.message}", final=True)
        logger.warning("request %s cannot be issued (register rule); not retried", request_id)
    except Exception as exc:
        final = self.request.retries >= self.max_retries
        services.record_failure(request_id, f"{exc.__class__.__name__}: {exc}", final=final)
        logger.warning("issuing request %s failed (attempt %s): %s", request_id, self.request.retries + 1,
                       exc.__class__.__name__)
        if not final:
            raise self.retry(exc=exc, countdown=min(300, 5 * 2 ** self.request.retries)) from exc


@shared_task(name="certificates.tasks.sweep_stuck_requests", ignore_result=True)
def sweep_stuck_requests(older_than_seconds: int = 120) -> int:
    """Re-enqueue requests that sit in ISSUING too long (a lost message, a broker outage)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    stuck = list(CertificateRequest.objects.filter(status=Status.ISSUING, updated_at__lt=cutoff)
                 .values_list("pk", flat=True)[:500])
    for pk in stuck:
        issue_certificate.delay(pk)
        CertificateRequest.objects.filter(pk=pk).update(updated_at=timezone.now())
    return len(stuck)


@shared_task(name="certificates.tasks.purge_abandoned_drafts", ignore_result=True)
def purge_abandoned_drafts() -> int:
    """Delete wizard drafts untouched for WIZARD_DRAFT_RETENTION_DAYS, with their files (daily, in beat)."""
    return uploads.purge_abandoned()
