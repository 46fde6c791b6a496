#!/usr/bin/env python3
"""Profile the issuing pipeline in one process, without a worker: where a certificate's time goes.

    .venv/bin/python bench/pipeline_profile.py [--requests 30] [--top 25] [--out bench/results/pipeline.prof]

Against a throw-away SQLite database with the demo data and a development seal (as bench/pipeline.py), it
submits 2 x ``--requests`` household-composition requests (the broker is Kombu's in-memory transport:
nothing is queued anywhere) and runs the real task function ``certificates.tasks.issue_certificate`` on
each, in this process, after one warm-up: the first half without a profiler, timing each step's CPU time
(gather + template + QR, render, seal, store + deliver + notify + DB: CPU time, so other work on the machine
barely moves it), the second half under cProfile. It prints the steps and the functions with the most
cumulative and own time. The raw profile goes to ``--out`` (open it with pstats or snakeviz).
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
sys.path.insert(0, str(ROOT))
from bench.residents import EID, signed_in_demo_residents  # noqa: E402 (after the path it needs)

# The pipeline's steps, as the functions that carry them (cumulative time of each, per certificate).
STEPS = (
    ("gather + template + QR", "documents.py", "document_context"),
    ("template (Django)", "loader.py", "render_to_string"),
    ("QR code (PNG)", "documents.py", "qr_png"),
    ("render (WeasyPrint)", "documents.py", "render_html_to_pdf"),
    ("seal (pyHanko)", "sealing.py", "_seal"),
    ("store + deliver + notify + DB", "pipeline.py", "_deliver"),
)


def step_table(stats: pstats.Stats, count: int) -> list[tuple[str, float]]:
    """(step, ms per certificate) from the profile's cumulative times."""
    rows = []
    for label, filename, function in STEPS:
        total = sum(entry[3] for (path, _line, name), entry in stats.stats.items()
                    if name == function and path.endswith(filename))
        rows.append((label, 1000 * total / count))
    return rows


def timed_steps(modules: dict, totals: dict):
    """Wrap each step's function so that its CPU time adds up in ``totals`` (label → seconds)."""
    def wrap(label, function):
        def timed(*args, **kwargs):
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                totals[label] = totals.get(label, 0.0) + time.process_time() - started
        return timed

    for label, (module, name) in modules.items():
        setattr(module, name, wrap(label, getattr(module, name)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "pipeline.prof"))
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="thuisloket-bench-profile-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}}
    env.update({"THUISLOKET_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "bench.settings",
                "CELERY_BROKER_URL": "memory://", "PYTHONPATH": str(ROOT)})
    os.environ.update(env)
    try:
        subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PY, "manage.py", "load_demo_data", "-v", "0"], cwd=ROOT, env=env, check=True)
        import django

        django.setup()
        from django.conf import settings

        from certificates import services, tasks
        from certificates.models import CertificateRequest
        from certificates.states import Status
        from portal.management.commands.init_dev_seal import generate_dev_seal

        generate_dev_seal(Path(settings.SEAL_PKCS12_FILE).parent, city=settings.CITY_NAME)
        residents = signed_in_demo_residents()
        pool = (residents * (3 + 2 * args.requests // max(1, len(residents))))[: 2 * args.requests + 1]
        ids = [services.submit_request(requester=r, type_code="household_composition", for_whom="self",
                                       subject_number=r.national_number, subject_name=str(r), acr=EID).pk
               for r in pool]

        tasks.issue_certificate.run(ids[0])  # warm-up: imports, the seal's key, fonts
        from common.garbage_collection import freeze_long_lived_objects

        freeze_long_lived_objects()  # as a worker's pool process has frozen what it prepared (portal/celery.py)
        from certificates import documents, pipeline, sealing

        unprofiled, profiled = ids[1: args.requests + 1], ids[args.requests + 1:]
        totals: dict[str, float] = {}
        timed_steps({"gather + template + QR": (documents, "document_context"),
                     "render (WeasyPrint)": (documents, "render_html_to_pdf"),
                     "seal (pyHanko)": (sealing, "seal_pdf"),
                     "deliver (mailbox)": (pipeline, "_deliver")}, totals)
        load_start = os.getloadavg()[0]
        cpu_started = time.process_time()
        for pk in unprofiled:
            tasks.issue_certificate.run(pk)
        cpu_total = time.process_time() - cpu_started
        totals = dict(totals)  # the profiled pass below adds to the wrappers' dict, not to this copy
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for pk in profiled:
            tasks.issue_certificate.run(pk)
        profiler.disable()
        elapsed = time.perf_counter() - started
        ready = CertificateRequest.objects.filter(pk__in=ids, status=Status.READY).count()
        if ready != len(ids):
            raise SystemExit(f"only {ready} of {len(ids)} requests READY")

        count = len(profiled)
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(args.out)
        stats = pstats.Stats(profiler)
        print(f"load average at start: {load_start:.2f}; {len(unprofiled)} certificates in one process without "
              f"a profiler: {1000 * cpu_total / len(unprofiled):.1f} ms CPU each, of which")
        for label, seconds in totals.items():
            print(f"  {label:32s} {1000 * seconds / len(unprofiled):8.1f} ms CPU")
        rest = cpu_total - sum(totals.values())
        print(f"  {'the rest (task, DB, transitions)':32s} {1000 * rest / len(unprofiled):8.1f} ms CPU")
        print(f"then {count} under cProfile: {1000 * elapsed / count:.1f} ms each (wall); "
              "per step (cumulative ms per certificate, profiled):")
        for label, ms in step_table(stats, count):
            print(f"  {label:32s} {ms:8.1f}")
        for order in ("cumulative", "tottime"):
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats(order).print_stats(args.top)
            print(f"\n== top {args.top} by {order} (seconds over {count} certificates) ==")
            print(text.getvalue().split("\n", 6)[-1].strip("\n"))
        return 0
    finally:
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
