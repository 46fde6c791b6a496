#!/usr/bin/env python3
"""Fault proofs for the certificate pipeline: kill the worker, stop the broker; nothing lost, nothing doubled.

    .venv/bin/python bench/faults.py [--short] [--scenario kill|broker|database|cache|all] [--kills 100 --requests 300]
                                     [--outage-seconds 60] [--database-url postgres://…/thuisloket_faults]
                                     [--scenario broker --broker rabbitmq --rabbit-port 5680]

Uses the real code paths: residents of the demo registry submit through certificates.services.submit_request,
a real `celery -A portal worker` subprocess issues (prefork, 1 process, in its own process group so a kill -9
takes the pool's children too), on a redis-server this run starts on --redis-port (never the machine's one).
The database is recreated (PostgreSQL by default; --database-url sqlite:///… works too).
1. kill: --requests submitted at once; --kills times the worker's process group gets SIGKILL at a random
   moment after it has made progress since its last start, and is started again. Then the sweep
   (certificates.tasks.sweep_stuck_requests, called here: no beat runs) re-queues what the kills lost.
   Goal: every request READY exactly once: 0 lost, 0 duplicate IssuedCertificate rows, 0 duplicate mailbox
   messages, 0 duplicate READY history rows.
2. broker: that redis-server is shut down for --outage-seconds while residents keep submitting, then started
   again EMPTY (no persistence: the worst case, queued messages are gone). Goal: every submission saved at
   once (the row exists right after submit), all issued after recovery, none lost or doubled. With
   --broker rabbitmq the same on a RabbitMQ node this run starts (bench/faults_rabbit.py), stopped and started.
3. database, 4. cache (bench/faults_outages.py): the web under gunicorn while this run's own PostgreSQL is
   stopped under traffic (goal: 503 never 500, 200 again by itself, nothing half-written), and while the Redis
   it uses as Django's cache is stopped (goal: no 500). See docs/BENCHMARKS.md.
Figures are printed with a goal line per scenario and written to bench/results/faults.json.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
EID = "urn:be:fedict:iam:fas:Level500"
sys.path.insert(0, str(ROOT))

from bench.faults_outages import Cluster, scenario_cache, scenario_database  # noqa: E402
from bench.faults_processes import Worker, queue_empty, redis_answers, redis_server, redis_stop  # noqa: E402
from bench.faults_rabbit import Broker  # noqa: E402


def recreate_database(url: str) -> None:
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = url.replace(parsed.path, "/postgres", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup(args, var: Path, broker: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}}
    env.update({"THUISLOKET_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "bench.settings",
                "CELERY_BROKER_URL": broker, "PYTHONPATH": str(ROOT), "DATABASE_URL": args.database_url})
    os.environ.update(env)
    recreate_database(args.database_url)
    for command in (["migrate", "--noinput"], ["load_demo_data"]):
        done = subprocess.run([PY, "manage.py", *command, "-v", "0"], cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"manage.py {command[0]} failed:\n{done.stdout}{done.stderr}")
    import django

    django.setup()
    from django.conf import settings

    from portal.management.commands.init_dev_seal import generate_dev_seal

    generate_dev_seal(Path(settings.SEAL_PKCS12_FILE).parent, city=settings.CITY_NAME)
    # An unreachable broker is expected here (scenario 2); the service logs it with a traceback per request.
    logging.getLogger("certificates.services").setLevel(logging.CRITICAL)
    return env


def residents():
    from django.db import transaction

    from identity.services import sign_in_resident
    from registry.models import Person

    found = []
    for person in Person.objects.filter(death_date__isnull=True).order_by("national_number"):
        with transaction.atomic():
            user = sign_in_resident(national_number=person.national_number, given_name=person.given_names,
                                    family_name=person.family_name, acr=EID)
        found.append(user.resident)
    return found


def submit(resident):
    from certificates import services

    return services.submit_request(requester=resident, type_code="household_composition", for_whom="self",
                                   subject_number=resident.national_number, subject_name=str(resident), acr=EID)


def ready_count(ids) -> int:
    from certificates.models import CertificateRequest
    from certificates.states import Status

    return CertificateRequest.objects.filter(pk__in=ids, status=Status.READY).count()


def wait_ready(ids: list[int], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready_count(ids) == len(ids):
            return True
        time.sleep(0.1)
    return False


def settle(ids: list[int], timeout: float, broker: str, *, idle: float = 4.0) -> dict:
    """Let the worker drain the queue; once it is empty and progress stops, sweep (as the beat would) until all
    are READY. Only requests a fault lost are left then, so the sweep doubles no work that was still queued."""
    from certificates.tasks import sweep_stuck_requests

    deadline = time.monotonic() + timeout
    sweeps = requeued = 0
    last, last_change = ready_count(ids), time.monotonic()
    while time.monotonic() < deadline:
        done = ready_count(ids)
        if done == len(ids):
            break
        if done != last:
            last, last_change = done, time.monotonic()
        elif time.monotonic() - last_change > idle and queue_empty(broker):
            # The beat runs this every minute with older_than_seconds=120; here at once, for stuck ones only.
            requeued += sweep_stuck_requests(older_than_seconds=int(idle))
            sweeps += 1
            last_change = time.monotonic()
        time.sleep(0.2)
    return {"sweeps": sweeps, "requeued_by_sweep": requeued}


def integrity(ids: list[int]) -> dict:
    """What the goal is about: lost, doubled (certificates, mailbox messages, READY history), failed."""
    from django.db.models import Count

    from certificates.models import CertificateRequest, IssuedCertificate, StatusChange
    from certificates.states import Status
    from mailbox.models import Message

    requests = CertificateRequest.objects.filter(pk__in=ids)
    issued = IssuedCertificate.objects.filter(request_id__in=ids)
    codes = set(issued.values_list("verification_code", flat=True))
    refs = [f"certificate:{code}" for code in codes]
    per_request = (Message.objects.filter(source_ref__startswith="certificate:")
                   .values("source_ref").annotate(n=Count("id")).filter(n__gt=1).count())
    all_refs = [f"certificate:{code}" for code in IssuedCertificate.objects.values_list("verification_code", flat=True)]
    stray = Message.objects.filter(source_ref__startswith="certificate:").exclude(source_ref__in=all_refs).count()
    return {
        "requests": len(ids),
        "ready": requests.filter(status=Status.READY).count(),
        "lost": requests.exclude(status=Status.READY).count(),
        "failed": requests.filter(status=Status.FAILED).count(),
        "duplicate_certificates": issued.count() - issued.values("request_id").distinct().count(),
        "duplicate_messages": (Message.objects.filter(source_ref__in=refs).count() - len(refs)) + per_request,
        "messages_without_certificate": stray,
        "missing_messages": len(refs) - Message.objects.filter(source_ref__in=refs).values("source_ref")
        .distinct().count(),
        "duplicate_ready_history": StatusChange.objects.filter(request_id__in=ids, to_status=Status.READY).count()
        - StatusChange.objects.filter(request_id__in=ids, to_status=Status.READY)
        .values("request_id").distinct().count(),
    }


def goal_met(figures: dict) -> bool:
    return all(figures[k] == 0 for k in ("lost", "failed", "duplicate_certificates", "duplicate_messages",
                                         "messages_without_certificate", "missing_messages",
                                         "duplicate_ready_history"))


def print_integrity(name: str, figures: dict) -> None:
    print(f"{name}: ready {figures['ready']}/{figures['requests']}  lost {figures['lost']}  "
          f"failed {figures['failed']}  duplicate certificates {figures['duplicate_certificates']}  "
          f"duplicate mailbox messages {figures['duplicate_messages']}  "
          f"(stray {figures['messages_without_certificate']}, missing {figures['missing_messages']})  "
          f"duplicate READY history {figures['duplicate_ready_history']}")
    print(f"{name}: goal every request READY exactly once (all of the above 0): "
          f"{'MET' if goal_met(figures) else 'NOT MET'}")


def scenario_kill(args, people, worker: Worker, broker: str) -> dict:
    import redis

    from certificates.models import CertificateRequest, IssuedCertificate
    from certificates.states import Status
    from certificates.tasks import sweep_stuck_requests

    redis.Redis.from_url(broker).flushdb()  # our own database number: old messages would skew the run
    rng = random.Random(args.seed)
    worker.start()
    warm = submit(people[0]).pk
    if not wait_ready([warm], 180):
        raise SystemExit("kill: the worker did not issue the warm-up request; see its log")
    t0 = time.monotonic()
    ids = [submit(people[(i + 1) % len(people)]).pk for i in range(args.requests)]
    half_issued: set[int] = set()
    kills = early_sweeps = early_requeued = 0
    for _ in range(args.kills):
        # Wait for progress since the last start (so the kill lands in the pipeline, not in the start-up),
        # then a random moment within about one certificate's time.
        before, since = ready_count(ids), time.monotonic()
        while ready_count(ids) == before and before < len(ids):
            if time.monotonic() - since > args.idle and queue_empty(broker):  # only what kills lost is left
                early_requeued += sweep_stuck_requests(older_than_seconds=int(args.idle))
                early_sweeps += 1
                since = time.monotonic()
            time.sleep(0.05)
        if ready_count(ids) == len(ids):
            break
        time.sleep(rng.uniform(0, args.kill_window))
        worker.kill9()
        kills += 1
        half_issued |= set(CertificateRequest.objects.filter(pk__in=ids, status=Status.ISSUING)
                           .filter(pk__in=IssuedCertificate.objects.values("request_id")).values_list("pk", flat=True))
        worker.start()
    recovery = settle(ids, args.timeout, broker, idle=args.idle)
    recovery["sweeps"] += early_sweeps
    recovery["requeued_by_sweep"] += early_requeued
    seconds = time.monotonic() - t0
    worker.stop()
    figures = integrity(ids)
    figures.update(recovery, kills=kills, worker_starts=worker.starts, seconds=round(seconds, 1),
                   requests_left_half_issued=len(half_issued))
    print(f"kill  : {args.requests} requests, {kills} kill -9 of the worker's process group (restarted each time),"
          f" {len(half_issued)} requests left sealed but not READY by a kill; {recovery['sweeps']} sweeps "
          f"re-queued {recovery['requeued_by_sweep']}; {seconds:.1f} s")
    print_integrity("kill  ", figures)
    return figures


def scenario_broker(args, people, var: Path, env: dict, broker: Broker) -> dict:
    from certificates.models import CertificateRequest
    from certificates.states import Status

    worker = Worker(env, var)
    try:
        worker.start()
        before = [submit(people[i % len(people)]).pk for i in range(args.before)]
        if not wait_ready(before, 180):
            raise SystemExit("broker: the worker did not issue the first requests; see its log")
        broker.stop()
        t_down = time.monotonic()
        during, submit_s, saved_at_once = [], [], 0
        i = 0
        while time.monotonic() - t_down < args.outage_seconds:
            started = time.monotonic()
            request = submit(people[i % len(people)])
            submit_s.append(time.monotonic() - started)
            row = CertificateRequest.objects.filter(pk=request.pk).values_list("status", flat=True).first()
            saved_at_once += row == Status.ISSUING
            during.append(request.pk)
            i += 1
            time.sleep(max(0.0, args.submit_interval - (time.monotonic() - started)))
        outage = time.monotonic() - t_down
        broker.start()  # Redis empty: whatever was queued before the outage is gone too
        t_up = time.monotonic()
        recovery = settle(before + during, args.timeout, broker.url, idle=args.idle)
        recovered_in = time.monotonic() - t_up
        figures = integrity(before + during)
        figures.update(recovery, broker=broker.kind, outage_seconds=round(outage, 1),
                       submitted_during_outage=len(during),
                       saved_at_once=saved_at_once, submit_p50_s=round(statistics.median(submit_s), 3),
                       submit_max_s=round(max(submit_s), 3), all_ready_after_recovery_s=round(recovered_in, 1))
        print(f"broker: {broker.label} stopped {outage:.1f} s; {len(during)} submissions during the "
              f"outage, {saved_at_once} saved at once (row in ISSUING right after submit); submit p50 "
              f"{figures['submit_p50_s']:.3f} s, max {figures['submit_max_s']:.3f} s; all READY "
              f"{recovered_in:.1f} s after the broker came back ({recovery['sweeps']} sweeps re-queued "
              f"{recovery['requeued_by_sweep']})")
        print_integrity("broker", figures)
        figures["goal_met"] = goal_met(figures) and saved_at_once == len(during)
        print(f"broker: goal every submission saved at once and issued after recovery: "
              f"{'MET' if figures['goal_met'] else 'NOT MET'}")
        return figures
    finally:
        worker.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--short", action="store_true", help="a quick version: 5 kills over 60, a 5 s outage")
    parser.add_argument("--scenario", choices=["kill", "broker", "database", "cache", "all"], default="all")
    parser.add_argument("--requests", type=int, default=None, help="kill: requests (300; short 60)")
    parser.add_argument("--kills", type=int, default=None, help="kill: kill -9s of the worker (100; short 5)")
    parser.add_argument("--kill-window", type=float, default=0.6, help="kill: random delay after progress, s")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--outage-seconds", type=float, default=None, help="broker: outage (60; short 5)")
    parser.add_argument("--redis-port", type=int, default=6390, help="port of the redis-server this run starts")
    parser.add_argument("--broker", choices=["redis", "rabbitmq"], default="redis", help="broker: which one to stop")
    parser.add_argument("--rabbit-port", type=int, default=5680, help="port of the RabbitMQ node this run starts")
    parser.add_argument("--before", type=int, default=3, help="broker: requests issued before the outage")
    parser.add_argument("--submit-interval", type=float, default=0.5, help="broker: s between submissions")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/thuisloket_faults")
    parser.add_argument("--idle", type=float, default=4.0,
                        help="s without progress before the sweep runs (the beat's is 60 s + 120 s age)")
    parser.add_argument("--timeout", type=float, default=600, help="s to wait for recovery")
    parser.add_argument("--pg-port", type=int, default=5441, help="database: port of the PostgreSQL we start")
    parser.add_argument("--db-outage-seconds", type=float, default=None, help="database: outage (30; short 5)")
    parser.add_argument("--warmup", type=float, default=3, help="database: s of traffic before the outage")
    parser.add_argument("--after", type=float, default=None, help="database: s of traffic after it (20; short 8)")
    parser.add_argument("--recover-within", type=float, default=5, help="database: goal, s until 200 again")
    parser.add_argument("--cache-port", type=int, default=6391, help="cache: port of the Redis used as CACHES")
    parser.add_argument("--cache-rounds", type=int, default=None, help="cache: probe rounds while down (10; short 3)")
    parser.add_argument("--json", default=str(ROOT / "bench" / "results" / "faults.json"))
    args = parser.parse_args()
    # Short: 60, so that all 5 kills land before the work runs out (a warm worker issues up to ~8 certificates
    # between two kills; with 20 the fifth kill sometimes found nothing left).
    args.requests = args.requests if args.requests is not None else (60 if args.short else 300)
    args.kills = args.kills if args.kills is not None else (5 if args.short else 100)
    args.outage_seconds = args.outage_seconds if args.outage_seconds is not None else (5 if args.short else 60)
    args.db_outage_seconds = args.db_outage_seconds if args.db_outage_seconds is not None else (5 if args.short else 30)
    args.after = args.after if args.after is not None else (8 if args.short else 20)
    args.cache_rounds = args.cache_rounds if args.cache_rounds is not None else (3 if args.short else 10)
    args.seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    if shutil.which("redis-server") is None:
        raise SystemExit("needs redis-server on the PATH: the run starts its own broker (never the machine's)")
    if redis_answers(f"redis://127.0.0.1:{args.redis_port}/0"):
        raise SystemExit(f"something already answers on port {args.redis_port}; choose another --redis-port")

    if args.broker == "rabbitmq" and args.scenario != "broker":
        raise SystemExit("--broker rabbitmq is for --scenario broker only")
    var = Path(tempfile.mkdtemp(prefix="thuisloket-bench-faults-"))
    outage_broker = Broker(args.broker, args, var)
    outage_broker.check_free()
    broker = outage_broker.url
    cluster = None
    if args.scenario in ("database", "cache", "all"):  # our own PostgreSQL: stopped and started under traffic
        cluster = Cluster(args.pg_port)
        cluster.create()
        args.database_url = cluster.url
    if outage_broker.node:  # first: if it does not start, nothing else runs yet
        try:
            outage_broker.start()
        except BaseException:
            outage_broker.stop()
            raise
    redis_server(args.redis_port, var)
    env = setup(args, var, broker)
    results = {"seed": args.seed, "short": args.short,
               "database": args.database_url.split("@")[-1].split("://")[0] if "@" in args.database_url
               else args.database_url.split("://")[0]}
    print(f"machine : nproc={os.cpu_count()}  python {sys.version.split()[0]}  seed {args.seed}")
    ok = True
    worker = Worker(env, var)
    try:
        people = residents()
        if args.scenario in ("kill", "all"):
            results["kill"] = scenario_kill(args, people, worker, broker)
            ok &= goal_met(results["kill"])
        if args.scenario in ("broker", "all"):
            results["broker"] = scenario_broker(args, people, var, env, outage_broker)
            ok &= results["broker"]["goal_met"]
        if args.scenario in ("cache", "all"):
            results["cache"] = scenario_cache(args, var, env)
            ok &= results["cache"]["goal_met"]
        if args.scenario in ("database", "all"):
            results["database"] = scenario_database(args, people, var, env, cluster, submit)
            ok &= results["database"]["goal_met"]
    finally:
        worker.stop()
        if cluster is not None:
            from django.db import connections

            connections.close_all()
            cluster.destroy()
        redis_stop(args.redis_port, var)
        if outage_broker.node:
            outage_broker.stop()
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=2))
        if os.environ.get("THUISLOKET_FAULTS_KEEP"):
            print(f"kept {var}")
        else:
            shutil.rmtree(var, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
