"""Health answers for load balancers, Kubernetes probes and operators.

* ``/gezondheid/live/``: the process answers (no database, cache or broker): a liveness probe restarts a
  web process that stopped answering, never one whose database is away (restarting would not help).
* ``/gezondheid/ready/``: the database, the cache and the broker answer; 503 otherwise, so a load balancer
  sends no resident to a process that can only fail.
* ``/gezondheid/``: the same as ready, plus whether a worker reported in the last five minutes: the page an
  operator (or an outside monitor) reads; 503 while no worker reports, since certificates then wait.

The bodies are short JSON: the name of each dependency and "ok" or "unavailable", never an address, a
password or an exception text (the exception goes to the log). ``portal.middleware.ProbeMiddleware``
answers the two probe paths before the SSL redirect and the ``ALLOWED_HOSTS`` check, which a probe
(plain HTTP to the pod's own address) would fail.
"""
from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone

from .celery import app as celery_app
from .models import WorkerHeartbeat

logger = logging.getLogger("thuisloket.health")
BROKER_TIMEOUT_SECONDS = 2
WORKER_RECENT = timedelta(minutes=5)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    """The cache answers. A forgiving cache (common.cache) hides an unreachable Redis from pages: ask it directly."""
    ping = getattr(cache, "ping", None)
    if ping is not None:
        ping()
        return
    key, value = f"thuisloket:health:{uuid.uuid4().hex}", "ok"
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise ConnectionError("the cache did not keep a value")
    cache.delete(key)


def check_broker() -> None:
    with celery_app.connection_for_write(connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
        conn.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def run_checks() -> dict[str, str]:
    """Each dependency's state, "ok" or "unavailable" (the reason is logged, not shown)."""
    states = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # any failure means "not ready"; the probe must answer, not raise
            logger.warning("health: %s unavailable", name, exc_info=True)
            states[name] = "unavailable"
        else:
            states[name] = "ok"
    return states


def _answer(body: dict, healthy: bool) -> JsonResponse:
    response = JsonResponse({"status": "ok" if healthy else "unavailable", **body}, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    if not healthy:
        response["Retry-After"] = "10"
        # Django would log every 503 as an ERROR of django.request (and Sentry report it), once per probe
        # every few seconds; the failing dependency is already logged above as a warning, once per check.
        response._has_been_logged = True
    return response


def live(request) -> JsonResponse:
    """The process answers requests (liveness): nothing else is asked."""
    return _answer({}, True)


def ready(request) -> JsonResponse:
    """Database, cache and broker answer (readiness); 503 with each one's state otherwise."""
    states = run_checks()
    return _answer(states, all(state == "ok" for state in states.values()))


def overview(request) -> JsonResponse:
    """Readiness plus the workers' last report (``/gezondheid/``): 503 while no worker reported recently."""
    states = run_checks()
    beat = None
    if states["database"] == "ok":
        beat = WorkerHeartbeat.objects.order_by("-seen_at").first()
    recent = bool(beat and timezone.now() - beat.seen_at < WORKER_RECENT)
    body = {**states, "worker_seen_at": beat.seen_at.isoformat() if beat else None, "worker_recent": recent}
    return _answer(body, recent and all(state == "ok" for state in states.values()))


PROBES = {"/gezondheid/live/": live, "/gezondheid/ready/": ready}
