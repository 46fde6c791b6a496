"""Run the seal check of an uploaded PDF in a child process that can be stopped, within limits.

A hostile file may make a PDF parser walk for minutes or fill memory. A Python thread cannot be stopped,
so the check runs in its own process (``certificates.seal_check``) with resource limits: CPU time
(RLIMIT_CPU, the kernel stops it) and address space (RLIMIT_AS), set by the child before it reads
anything, and a wall-clock limit after which it is killed. Few checks run at once (overall and per client
address, counted in the cache so that every web process shares the count); a check that cannot start, or
does not end within its limits, gives no verdict: the page asks to try again later.

A fresh process costs about half a second (starting Python and loading pyHanko) on top of the check
itself; the page is rate-limited and rarely used, so that buys isolation cheaply.
"""
from __future__ import annotations

import logging
import subprocess
import sys
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache

from common import throttle

logger = logging.getLogger(__name__)

CHECK_COMMAND = ("-m", "certificates.seal_check")  # what the child runs, after the Python interpreter


class TryLater(Exception):
    """No verdict now: too many checks in flight, or this one ran out of time or memory."""

    retry_after = 30  # seconds, for the Retry-After header


def _in_flight_key(address: str | None) -> str:
    return throttle.private_key("verify-in-flight", address) if address else throttle.private_key("verify-in-flight")


def checks_in_flight(address: str | None = None) -> int:
    """How many checks run now: overall, or for one client address."""
    return cache.get(_in_flight_key(address)) or 0


@contextmanager
def _slot(address: str):
    """Count one check in flight, overall and for the address; TryLater when either is full."""
    keys = [(_in_flight_key(None), settings.VERIFY_SANDBOX_MAX_CHECKS),
            (_in_flight_key(address), settings.VERIFY_SANDBOX_MAX_CHECKS_PER_ADDRESS)]
    # The count expires by itself should a process die in the middle (it never outlives a check by much).
    lifetime = settings.VERIFY_SANDBOX_WALL_SECONDS * 3
    taken = []
    try:
        for key, limit in keys:
            cache.add(key, 0, lifetime)
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.set(key, 1, lifetime)
                count = 1
            taken.append(key)
            if count > limit:
                raise TryLater("too many checks in flight")
        yield
    finally:
        for key in taken:
            try:
                cache.decr(key)
            except ValueError:  # expired meanwhile
                pass


def _run_child(command: tuple[str, ...], data: bytes, *, cpu_seconds: int, wall_seconds: int, address: str,
               what: str, verdicts: set[str]) -> tuple[str, bytes]:
    """Run ``python COMMAND CPU MEMORY`` on ``data`` within its limits: (the verdict on its first line, the rest).

    TryLater when no check can start now, or the child ran out of time or was stopped by its limits.
    """
    with _slot(address):
        try:
            # The child sets its own limits before it reads anything (preexec_fn is unsafe in a threaded server).
            finished = subprocess.run(  # noqa: S603 - our own module, with our own interpreter
                [sys.executable, *command, str(cpu_seconds), str(settings.VERIFY_SANDBOX_MEMORY_MB)], input=data,
                capture_output=True, timeout=wall_seconds, check=False)
        except subprocess.TimeoutExpired as exc:
            logger.warning("The check of an uploaded %s ran out of time; no verdict", what)
            raise TryLater("out of time") from exc
    verdict, _newline, rest = finished.stdout.partition(b"\n")
    verdict = verdict.decode(errors="replace").strip()
    if finished.returncode != 0 or verdict not in verdicts:
        # Stopped by its CPU or memory limit (or it crashed): the file cost too much to judge.
        logger.warning("The check of an uploaded %s stopped (exit %s); no verdict", what, finished.returncode)
        raise TryLater("stopped by its limits")
    return verdict, rest


def check_seal(data: bytes, root_der: bytes, *, address: str) -> str:
    """'ok', 'broken', 'untrusted' or 'unreadable' (see certificates.seal_check); TryLater without a verdict."""
    framed = b"%08d" % len(root_der) + root_der + data
    verdict, _rest = _run_child(CHECK_COMMAND, framed, cpu_seconds=settings.VERIFY_SANDBOX_CPU_SECONDS,
                                wall_seconds=settings.VERIFY_SANDBOX_WALL_SECONDS, address=address,
                                what="PDF's seal", verdicts={"ok", "broken", "untrusted", "unreadable"})
    return verdict


MANDATE_COMMAND = ("-m", "certificates.mandate_pdf")


def clean_mandate_pdf(data: bytes, *, address: str) -> tuple[str, bytes]:
    """Check an uploaded mandate PDF and rasterise it in a limited child (``certificates.mandate_pdf``).

    Returns ``(verdict, clean_pdf)``: ``("ok", bytes)``, or ``("active" | "too_big" | "unreadable", b"")``;
    TryLater when no check can start now or the child ran out of its limits."""
    verdict, clean = _run_child(MANDATE_COMMAND, data, cpu_seconds=settings.MANDATE_SANDBOX_CPU_SECONDS,
                                wall_seconds=settings.MANDATE_SANDBOX_WALL_SECONDS, address=address,
                                what="mandate PDF", verdicts={"ok", "active", "too_big", "unreadable"})
    return verdict, clean if verdict == "ok" else b""
