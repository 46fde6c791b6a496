"""Liveness of the Celery worker and beat for container health checks: a heartbeat file each keeps fresh.

A worker touches ``HEARTBEAT_DIR/worker.alive`` from its own timer (the event loop that also consumes
tasks) every ``WORKER_BEAT_SECONDS``; beat touches ``HEARTBEAT_DIR/beat.alive`` at start and after every
scheduler tick (at most ``CELERY_BEAT_MAX_LOOP_INTERVAL`` apart). A hung process stops touching its file;
``manage.py celery_alive worker|beat`` (the container's health check) fails once the file is older than the
allowed age. One worker or beat per container (or per ``HEARTBEAT_DIR``): the file has no process name.
A file, not ``celery inspect ping``: a ping goes through the broker, so a broker outage would make every
worker "dead" and the orchestrator would restart workers that could not have helped.
"""
from __future__ import annotations

import contextlib
import time
from pathlib import Path

from celery import bootsteps, signals
from celery.beat import PersistentScheduler
from django.conf import settings

WORKER = "worker"
BEAT = "beat"
KINDS = (WORKER, BEAT)
WORKER_BEAT_SECONDS = 30.0
# The defaults of ``celery_alive``: three missed touches of the worker; beat ticks at most a minute apart.
MAX_AGE_SECONDS = {WORKER: 3 * WORKER_BEAT_SECONDS, BEAT: 180.0}


def heartbeat_file(kind: str) -> Path:
    return Path(settings.HEARTBEAT_DIR) / f"{kind}.alive"


def touch(kind: str) -> None:
    """Mark ``kind`` (worker or beat) alive now."""
    path = heartbeat_file(kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()


def forget(kind: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        heartbeat_file(kind).unlink()


def age(kind: str) -> float | None:
    """Seconds since ``kind`` last marked itself alive; None when it never did (or stopped cleanly)."""
    try:
        return max(0.0, time.time() - heartbeat_file(kind).stat().st_mtime)
    except FileNotFoundError:
        return None


class WorkerLivenessProbe(bootsteps.StartStopStep):
    """A worker bootstep (portal/celery.py adds it): touch the worker's file on the worker's own timer."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, parent, **kwargs):
        super().__init__(parent, **kwargs)
        self.tref = None

    def start(self, parent):
        touch(WORKER)
        self.tref = parent.timer.call_repeatedly(WORKER_BEAT_SECONDS, touch, (WORKER,), priority=10)

    def stop(self, parent):
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None
        forget(WORKER)


class HeartbeatScheduler(PersistentScheduler):
    """Celery's default scheduler (the schedule file of ``--schedule``) that touches beat's file every tick."""

    def tick(self, *args, **kwargs):
        interval = super().tick(*args, **kwargs)
        touch(BEAT)
        return interval


@signals.beat_init.connect
def _beat_started(sender=None, **kwargs):
    touch(BEAT)
