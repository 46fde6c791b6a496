"""Prometheus metrics for operators, at ``/metrics`` for a scraper that knows ``METRICS_TOKEN``.

Two kinds:

* per request, per web process: latency and counts per view (django-prometheus's middleware,
  ``django_http_requests_latency_seconds_by_view_method`` and friends). Several processes behind one port
  (uvicorn ``--workers``, gunicorn) need prometheus_client's multiprocess mode: ``PROMETHEUS_MULTIPROC_DIR``
  (docs/OPERATIONS.md, "Metrics");
* the portal's own state, read when scraped from the database and the broker, so they are the same whichever
  process answers and whatever worker did the work: certificates issued and failed per type, requests per
  status, cases open and overdue, Web Push deliveries, messages waiting per queue. Every web pod gives the
  same values: aggregate them with ``max``, not ``sum``. They are kept ``METRICS_CACHE_SECONDS`` per process,
  so scrapers add no database load beyond a few counts per interval.

The endpoint answers 404 while ``METRICS_TOKEN`` is unset and 401 without the token; like the probes it
skips the HTTPS redirect and the ``ALLOWED_HOSTS`` check (portal.middleware.ProbeMiddleware), since a
scraper asks the pod's address over plain HTTP. Keep ``/metrics`` off the public proxy all the same.
"""
from __future__ import annotations

import hmac
import logging
import os
import threading
import time

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.utils import timezone
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily

from certificates.models import CertificateRequest, IssuedCertificate
from certificates.states import Status
from desk.models import Case
from desk.states import OPEN_STATES
from news.push.models import PushBatch

from .celery import app as celery_app

logger = logging.getLogger("thuisloket.metrics")


def queue_names() -> list[str]:
    """The queues workers consume: Celery's default plus the push queue when it has its own."""
    names = [celery_app.conf.task_default_queue or "celery"]
    push = getattr(settings, "WEBPUSH_QUEUE", "")
    if push and push not in names:
        names.append(push)
    return names


def queue_depths() -> dict[str, int]:
    """Messages waiting per queue, asked of the broker (a passive declare: creates nothing)."""
    depths = {}
    with celery_app.connection_for_read(connect_timeout=2) as conn:
        channel = conn.default_channel
        for name in queue_names():
            try:
                depths[name] = channel.queue_declare(queue=name, passive=True).message_count
            except Exception:  # a queue nobody declared yet (amqp answers 404): nothing waits in it
                logger.info("metrics: queue %s not declared yet", name)
                depths[name] = 0
    return depths


def _gauge(name: str, documentation: str, labels: list[str], rows) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation, labels=labels)
    for label_values, value in rows:
        family.add_metric(list(label_values), value)
    return family


def read_state() -> list[GaugeMetricFamily]:
    """The portal's state as metric families (a few indexed counts)."""
    issued = IssuedCertificate.objects.values_list("type_code").annotate(n=Count("id"))
    failed = (CertificateRequest.objects.filter(status=Status.FAILED).values_list("type_code")
              .annotate(n=Count("id")))
    by_status = CertificateRequest.objects.values_list("status").annotate(n=Count("id"))
    now = timezone.now()
    cases = Case.objects.filter(state__in=OPEN_STATES).aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(resolution_due__lt=now)))
    push = PushBatch.objects.aggregate(delivered=Sum("delivered"), gone=Sum("gone"), failed=Sum("failed"))
    families = [
        _gauge("thuisloket_certificates", "Certificates by type and outcome (issued: sealed and kept; failed: "
               "requests that gave up, waiting for staff).", ["type", "outcome"],
               [((code, "issued"), n) for code, n in issued] + [((code, "failed"), n) for code, n in failed]),
        _gauge("thuisloket_certificate_requests", "Certificate requests by status.", ["status"],
               [((status,), n) for status, n in by_status]),
        _gauge("thuisloket_desk_cases", "Contact-desk cases still open, and those past their resolution term.",
               ["state"], [(("open",), cases["open"]), (("overdue",), cases["overdue"])]),
        _gauge("thuisloket_push_deliveries", "Web Push deliveries by outcome (all broadcasts kept).", ["outcome"],
               [((outcome,), push[outcome] or 0) for outcome in ("delivered", "gone", "failed")]),
    ]
    try:
        depths = queue_depths()
    except Exception:  # the broker is away: the metric is missing, the scrape still answers
        logger.warning("metrics: broker unavailable for queue depths", exc_info=True)
    else:
        families.append(_gauge("thuisloket_queue_depth", "Celery messages waiting per queue.", ["queue"],
                               [((name,), n) for name, n in depths.items()]))
    return families


class PortalCollector:
    """A prometheus_client collector of :func:`read_state`, kept ``METRICS_CACHE_SECONDS`` per process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._read_at = float("-inf")
        self._families: list[GaugeMetricFamily] = []

    def collect(self):
        with self._lock:
            if time.monotonic() - self._read_at >= settings.METRICS_CACHE_SECONDS:
                self._families = read_state()
                self._read_at = time.monotonic()
            return list(self._families)


COLLECTOR = PortalCollector()


def registry() -> CollectorRegistry:
    """The registry to expose: every process's files in multiprocess mode, else this process's registry."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess  # needed only in multiprocess mode

        combined = CollectorRegistry()
        multiprocess.MultiProcessCollector(combined)
    else:
        combined = CollectorRegistry()
        combined.register(_Delegate(REGISTRY))
    combined.register(COLLECTOR)
    return combined


class _Delegate:
    """This process's default registry (request metrics, process and Python metrics) inside another one."""

    def __init__(self, source: CollectorRegistry) -> None:
        self.source = source

    def collect(self):
        return self.source.collect()


def allowed(request) -> bool:
    expected = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    return bool(expected) and hmac.compare_digest(given.encode(), f"Bearer {expected}".encode())


def export(request) -> HttpResponse:
    """``/metrics``: 404 while metrics are off, 401 without the bearer token, the text format otherwise."""
    if not settings.METRICS_TOKEN:
        return HttpResponse(status=404)
    if not allowed(request):
        response = HttpResponse(status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    response = HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response
