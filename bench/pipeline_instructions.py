#!/usr/bin/env python3
"""Instructions per certificate through the issuing task against a naive render of the same HTML, counted by
valgrind's callgrind: the same count on a busy machine as on a quiet one, where wall-clock and even CPU-time
ratios of bench/pipeline.py drift by 10 % between runs on a shared virtual machine.

    .venv/bin/python bench/pipeline_instructions.py [--certificates 6] [--cache-sim] [--json FILE]

Against a throw-away SQLite database with the demo data and a development seal (the broker is Kombu's in-memory
transport: nothing is queued anywhere), it submits --certificates + 1 household-composition requests, keeps the
naive HTML of each (print.css linked, as bench/naive_render.py renders it), then counts four processes, two at a
time, each on its own copy of the database:
- ``task0``: start-up, what a worker's pool process does before its first task (portal.celery's
  ``prepare_pool_process``), one warm certificate; ``task``: the same, then --certificates more;
- ``render0``: start-up, one naive render, the freeze a server process makes; ``render``: the same, then
  --certificates naive renders.
Per certificate = (task − task0) / N, per naive render = (render − render0) / N. A run takes 8–10 minutes on
2 cores (callgrind runs code about 50× slower). ``--cache-sim`` also simulates the caches (about twice as slow)
and prints misses per certificate and per naive render, with cachegrind's rough estimate of cycles (+10 per
first-level miss, +100 per last-level miss): fewer instructions are not fewer cycles when they miss more.
Short runs seldom reach a full collection of the garbage collector, so this count leaves out most of what
freezing saves (bench/pipeline.py measures that). The JSON file defaults to bench/results/pipeline_instructions.json.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
sys.path.insert(0, str(ROOT))

GOAL_RATIO = 1.0  # issue 16: the whole pipeline as cheap as a naive render of the same HTML
CYCLES = "estimated cycles"


def prepare(folder: Path, count: int) -> None:
    """In this process (the environment set): submit count + 1 requests and keep their naive HTML."""
    import django

    django.setup()
    from django.conf import settings

    # Lazy: our apps load only after django.setup(), in this process with the bench's environment.
    from bench.naive_render import html_of
    from bench.residents import EID, signed_in_demo_residents
    from certificates import services
    from certificates.models import CertificateRequest
    from portal.management.commands.init_dev_seal import generate_dev_seal

    generate_dev_seal(Path(settings.SEAL_PKCS12_FILE).parent, city=settings.CITY_NAME)
    residents = signed_in_demo_residents()[: count + 1]
    ids = [services.submit_request(requester=r, type_code="household_composition", for_whom="self",
                                   subject_number=r.national_number, subject_name=str(r), acr=EID).pk
           for r in residents]
    requests = {request.pk: request for request in CertificateRequest.objects.filter(pk__in=ids)}
    for number, html in enumerate(html_of([requests[pk] for pk in ids])):
        (folder / f"{number}.html").write_text(html)
    (folder / "ids").write_text(" ".join(map(str, ids)))


def run(mode: str, folder: Path, count: int) -> None:
    """In this process, under callgrind: one of task0, task, render0, render."""
    import django

    django.setup()
    # Lazy: our apps load only after django.setup(), in this process with the bench's environment.
    if mode.startswith("render"):
        from bench.naive_render import warm_up
        from certificates import documents

        htmls = [(folder / f"{number}.html").read_text() for number in range(count + 1)]
        warm_up(htmls[0])
        if mode == "render":
            for html in htmls[1:]:
                documents.render_html_to_pdf(html, title="bench")
        return
    # Lazy, as above.
    from certificates import tasks
    from certificates.models import CertificateRequest
    from certificates.states import Status
    from portal.celery import prepare_pool_process

    ids = [int(pk) for pk in (folder / "ids").read_text().split()]
    prepare_pool_process()
    tasks.issue_certificate.run(ids[0])
    if mode == "task":
        for pk in ids[1:]:
            tasks.issue_certificate.run(pk)
    done = CertificateRequest.objects.filter(pk__in=ids, status=Status.READY).count()
    if done != (len(ids) if mode == "task" else 1):
        raise SystemExit(f"{mode}: {done} certificates ready")


def count_events(mode: str, folder: Path, var: Path, env: dict, count: int, *, cache_sim: bool) -> dict[str, int]:
    """callgrind's totals for one mode: Ir (instructions) and, with ``cache_sim``, its simulated cache misses."""
    own = folder / f"var-{mode}"
    shutil.copytree(var, own)
    out = folder / f"callgrind.{mode}"
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                    *(["--cache-sim=yes"] if cache_sim else []), PY, __file__, "--run", mode,
                    "--folder", str(folder), "--certificates", str(count)],
                   cwd=ROOT, env={**env, "THUISLOKET_VAR_DIR": str(own)}, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    text = out.read_text()
    names = re.search(r"^events: (.+)$", text, re.MULTILINE).group(1).split()
    totals = re.search(r"^summary: (.+)$", text, re.MULTILINE).group(1).split()
    return dict(zip(names, map(int, totals), strict=True))


def per_document(events: dict, name: str, start: str, end: str, count: int) -> float:
    """One event (or the estimated cycles) per document: the difference of two modes' totals over ``count``."""
    def total(mode: str) -> float:
        return estimated_cycles(events[mode]) if name == CYCLES else events[mode][name]

    return (total(end) - total(start)) / count


def estimated_cycles(events: dict[str, int]) -> float:
    """Cachegrind's rough cycle estimate: an instruction, +10 per first-level miss, +100 per last-level miss."""
    first = events.get("I1mr", 0) + events.get("D1mr", 0) + events.get("D1mw", 0)
    last = events.get("ILmr", 0) + events.get("DLmr", 0) + events.get("DLmw", 0)
    return events["Ir"] + 10 * first + 100 * last


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--certificates", type=int, default=6)
    parser.add_argument("--json", default=str(ROOT / "bench" / "results" / "pipeline_instructions.json"))
    parser.add_argument("--cache-sim", action="store_true",
                        help="also simulate the caches: misses and an estimate of cycles per certificate (slower)")
    parser.add_argument("--run", choices=["task0", "task", "render0", "render"], help=argparse.SUPPRESS)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run or args.prepare:
        (run(args.run, Path(args.folder), args.certificates) if args.run
         else prepare(Path(args.folder), args.certificates))
        return 0
    if not shutil.which("valgrind"):
        raise SystemExit("needs valgrind (apt-get install valgrind)")

    folder = Path(tempfile.mkdtemp(prefix="thuisloket-bench-instructions-"))
    var = folder / "var"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}}
    env.update({"THUISLOKET_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "bench.settings",
                "CELERY_BROKER_URL": "memory://", "PYTHONPATH": str(ROOT)})
    try:
        var.mkdir()
        for command in (["migrate", "--noinput", "-v", "0"], ["load_demo_data", "-v", "0"]):
            subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=env, check=True)
        subprocess.run([PY, __file__, "--prepare", "--folder", str(folder), "--certificates", str(args.certificates)],
                       cwd=ROOT, env=env, check=True)
        with ThreadPoolExecutor(max_workers=2) as pool:
            events = dict(zip(("task0", "task", "render0", "render"), pool.map(
                lambda mode: count_events(mode, folder, var, env, args.certificates, cache_sim=args.cache_sim),
                ("task0", "task", "render0", "render")), strict=True))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    counts = {mode: found["Ir"] for mode, found in events.items()}
    per_certificate = (counts["task"] - counts["task0"]) / args.certificates
    per_render = (counts["render"] - counts["render0"]) / args.certificates
    ratio = per_render / per_certificate
    results = {"certificates": args.certificates, "instructions": counts, "events": events,
               "per_certificate": round(per_certificate), "per_naive_render": round(per_render),
               "ratio_naive_to_pipeline": round(ratio, 4), "goal_ratio": GOAL_RATIO, "goal_met": ratio >= GOAL_RATIO}
    print(f"instructions per certificate (issuing task)  : {per_certificate / 1e6:8.1f} M")
    print(f"instructions per naive render of the same HTML: {per_render / 1e6:8.1f} M")
    if args.cache_sim:
        results["cache_sim"] = {}
        for name in [name for name in events["task"] if name != "Ir"] + [CYCLES]:
            task, render = (per_document(events, name, start, end, args.certificates)
                            for start, end in (("task0", "task"), ("render0", "render")))
            results["cache_sim"][name] = {"per_certificate": round(task), "per_naive_render": round(render)}
            print(f"  {name:16s} per certificate {task / 1e6:9.2f} M, per naive render {render / 1e6:9.2f} M"
                  + (f"  (ratio {render / task:.3f})" if task else ""))
    print(f"GOAL pipeline >= {GOAL_RATIO}x a naive WeasyPrint render of the same HTML, in instructions: "
          f"{'MET' if ratio >= GOAL_RATIO else 'NOT MET'} ({ratio:.3f}x over {args.certificates} certificates)")
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
