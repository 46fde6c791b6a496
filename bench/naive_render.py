"""The naive render bench/pipeline.py compares the pipeline with, and the side-by-side measurement.

A naive render is the way a developer would write it: ``documents.render_html_to_pdf`` without the print kit (a
new font configuration and print.css parsed from the HTML's link for every document), in a process that froze
its start-up objects after a first render, as a server's would.
"""
from __future__ import annotations

import os
import socket
import statistics
import time

from bench.procstat import children, process_cpu


def load() -> float:
    return round(os.getloadavg()[0], 2)


def raw_render(requests) -> tuple[float, float, float]:
    """Naive renders of these certificate requests' HTML in this process: (PDF/s, CPU ms per PDF, load at start)."""
    # Lazy: our apps load only after django.setup(), which main() runs with the bench's environment.
    from certificates import documents

    htmls = html_of(requests)
    # The baseline stays naive: no print kit (shared=False, the default), the HTML links print.css itself.
    warm_up(htmls[0])
    at_start = load()
    started, cpu_started = time.perf_counter(), time.process_time()
    for html in htmls:
        documents.render_html_to_pdf(html, title="bench")
    return (len(htmls) / (time.perf_counter() - started),
            1000 * (time.process_time() - cpu_started) / len(htmls), at_start)


def warm_up(html: str) -> None:
    """One naive render, then freeze what this process holds, as a worker process does before its first task
    (WeasyPrint imported, its user-agent stylesheets parsed): the baseline is as strong as a server's.

    The naive side gets its QR codes ready-made (``documents.qr_png`` remembers what it drew): the pipeline draws
    each document's code, the naive render of the same HTML only places it, as when the HTML carried the code
    inline. Without this the naive side would pay for the QR code too and look slower than it is."""
    import functools

    # Lazy: our apps load only after django.setup(), which main() runs with the bench's environment.
    from certificates import documents
    from common.garbage_collection import freeze_long_lived_objects

    if not hasattr(documents.qr_png, "cache_info"):  # side_by_side warms up again in the same process
        documents.qr_png = functools.cache(documents.qr_png)  # the fetcher looks it up in the module each time
    documents.render_html_to_pdf(html, title="warm-up")
    freeze_long_lived_objects()


def html_of(requests) -> list[str]:
    """The certificates' HTML as a naive render gets it: print.css linked, in Dutch."""
    from django.template.loader import render_to_string
    from django.utils import timezone, translation

    # Lazy: our apps load only after django.setup(), which main() runs with the bench's environment.
    from certificates import documents

    htmls = []
    for item in requests:
        with translation.override("nl"):
            context = documents.document_context(item, verification_code="ABCD-EFGH-JKMN",
                                                 issued_at=timezone.now(), valid_until=None)
            htmls.append(render_to_string(item.certificate_type.template, context))
    return htmls


def side_by_side(ids: list[int], htmls: list[str], *, worker_pid: int, consume) -> dict:
    """The worker drains the queued ``ids`` while this process renders ``htmls`` naively, round and round,
    over the same seconds. Returns both rates and CPU times per document."""
    from django.utils import timezone

    # Lazy: our apps load only after django.setup(), which main() runs with the bench's environment.
    from certificates import documents
    from certificates.models import CertificateRequest, StatusChange
    from certificates.states import Status

    warm_up(htmls[0])
    at_start = load()
    renders, render_seconds, render_cpu = 0, 0.0, 0.0
    worker_cpu_started = process_cpu(worker_pid)
    consume(True)
    started_at = timezone.now()  # the worker's READY stamps come from the same clock
    while True:
        wall, cpu = time.perf_counter(), time.process_time()
        documents.render_html_to_pdf(htmls[renders % len(htmls)], title="bench")
        render_seconds += time.perf_counter() - wall
        render_cpu += time.process_time() - cpu
        renders += 1
        states = CertificateRequest.objects.filter(pk__in=ids).values_list("status", flat=True)
        if Status.FAILED in states:
            raise SystemExit("a request failed; see the worker's log")
        if all(state == Status.READY for state in states):
            break
    worker_cpu_ms = 1000 * (process_cpu(worker_pid) - worker_cpu_started) / len(ids)
    last_ready = max(StatusChange.objects.filter(request_id__in=ids, to_status=Status.READY)
                     .values_list("at", flat=True))
    pipeline_rate = len(ids) / (last_ready - started_at).total_seconds()
    raw_rate = renders / render_seconds
    raw_cpu_ms = 1000 * render_cpu / renders
    return {"load_average_at_start": at_start, "certificates": len(ids), "raw_renders": renders,
            "pipeline_per_s": round(pipeline_rate, 2), "raw_render_per_s": round(raw_rate, 2),
            "ratio_wall": round(pipeline_rate / raw_rate, 3),
            "pipeline_worker_cpu_ms": round(worker_cpu_ms, 1), "raw_render_cpu_ms": round(raw_cpu_ms, 1),
            "ratio_cpu": round(raw_cpu_ms / worker_cpu_ms, 3)}


def queue_then_side_by_side(queue, count: int, *, raw_renders: int, worker_pid: int) -> dict:
    """Two halves of ``count`` certificates, each queued (``queue(n)``) with the worker paused (Celery's remote
    control), then drained side by side with this process pinned to one core and the worker's pool to the
    other, swapped for the second half. Returns both halves and their geometric means."""
    # Lazy: our apps load only after django.setup(), which main() runs with the bench's environment.
    from certificates.models import CertificateRequest
    from portal.celery import app

    node = f"bench@{socket.gethostname()}"

    def consume(on: bool) -> None:
        call = app.control.add_consumer if on else app.control.cancel_consumer
        if not call("celery", destination=[node], reply=True, timeout=10):
            raise SystemExit(f"the worker {node} did not answer the remote control")

    cores = sorted(os.sched_getaffinity(0))[:2]
    halves = []
    for mine, theirs in ((cores[0], cores[-1]), (cores[-1], cores[0])):
        consume(False)
        queued = queue(count // 2)
        step = max(1, len(queued) // raw_renders)
        htmls = html_of(list(CertificateRequest.objects.filter(pk__in=queued[::step][:raw_renders])))
        os.sched_setaffinity(0, {mine})
        for pid in children(worker_pid):
            os.sched_setaffinity(pid, {theirs})
        halves.append(side_by_side(queued, htmls, worker_pid=worker_pid, consume=consume))
    os.sched_setaffinity(0, cores)
    for pid in children(worker_pid):
        os.sched_setaffinity(pid, cores)
    both = {key: round(statistics.geometric_mean(half[key] for half in halves), 3)
            for key in ("ratio_wall", "ratio_cpu", "pipeline_per_s", "raw_render_per_s", "pipeline_worker_cpu_ms",
                        "raw_render_cpu_ms")}
    return {**both, "halves": halves, "certificates": sum(h["certificates"] for h in halves),
            "raw_renders": sum(h["raw_renders"] for h in halves),
            "load_average_at_start": halves[0]["load_average_at_start"]}
