#!/usr/bin/env python3
"""One crisis post to 100 000 Web Push subscribers, through the real code path, into a local mock push service.

    .venv/bin/python bench/crisis.py [--subscribers 100000] [--workers 2] [--gone 0]
                                     [--database-url URL] [--broker URL]

1. starts the mock push service (bench/mockpush) in its own process on a free port;
2. creates --subscribers crisis subscriptions pointing at it, each with its own real P-256 key pair and
   auth secret (derived from a per-run seed, so the mock can decrypt any of them without being told);
3. starts a real Celery worker (prefork, --workers processes) on the broker, consuming a queue of its own
   (WEBPUSH_QUEUE=crisis-bench-<pid>: nothing else on a shared broker is touched), and warms it up with a
   small news broadcast;
4. calls news.push.services.broadcast(topic="crisis", ...) and waits until the mock has recorded every
   delivery; prints the time from the call to the **last delivery recorded by the mock**, deliveries/s,
   gone/failed counts, and checks that the payloads the mock decrypted are the ones sent.
The goal (issue 6) is < 60 s for 100 000 subscribers on a 2-core machine.

Database and broker: --database-url / --broker, else DATABASE_URL and CELERY_BROKER_URL (or REDIS_URL) from
the environment, else a throw-away SQLite file and the embedded filesystem broker. On a database you gave,
the bench's subscriptions and broadcasts are deleted again at the end. Every process it starts is stopped.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
sys.path.insert(0, str(ROOT))
from bench.procstat import process_cpu  # noqa: E402 (after the path it needs)

PAYLOADS = {
    "nl": {"title": "Gaslek in de Kerkstraat", "body": "Blijf binnen, sluit ramen en deuren en zet de ventilatie uit.",
           "url": "/nieuws/gaslek-kerkstraat/", "tag": "crisis-1"},
    "fr": {"title": "Fuite de gaz dans la Kerkstraat", "body": "Restez à l'intérieur et fermez portes et fenêtres.",
           "url": "/nieuws/gaslek-kerkstraat/?lang=fr", "tag": "crisis-1"},
    "en": {"title": "Gas leak in Kerkstraat", "body": "Stay inside, close doors and windows, turn off ventilation.",
           "url": "/nieuws/gaslek-kerkstraat/?lang=en", "tag": "crisis-1"},
}
LANGUAGE_MIX = ["nl"] * 7 + ["fr"] * 2 + ["en"]
GOAL_SUBSCRIBERS, GOAL_SECONDS = 1_000_000, 120  # issue 16: a regional crisis (Brussels 1.2 M) within two minutes


def _subscription(job: tuple[str, int, str]) -> tuple[str, str, str]:
    from bench.mockpush import derived_subscription

    seed, number, origin = job
    info = derived_subscription(seed, number, origin)
    return info["endpoint"], info["keys"]["p256dh"], info["keys"]["auth"]


def derive_all(seed: str, numbers: range, origin: str) -> list[tuple[str, str, str]]:
    with Pool(os.cpu_count() or 2) as pool:
        return pool.map(_subscription, [(seed, n, origin) for n in numbers], chunksize=2000)


def store_subscriptions(rows: list[tuple[str, str, str]], crisis: int) -> None:
    """The first ``crisis`` rows as crisis subscribers, the rest news-only. PostgreSQL: COPY (a million rows
    in seconds, where bulk_create takes minutes), then VACUUM ANALYZE, as autovacuum would have done on a
    table that has been there for a while (the fan-out's id scan is index-only only on a vacuumed table)."""
    from django.db import connection
    from django.utils import timezone

    from news.push.models import PushSubscription

    if connection.vendor != "postgresql":
        PushSubscription.objects.bulk_create(
            [PushSubscription(endpoint=endpoint, p256dh=p256dh, auth=auth, language=LANGUAGE_MIX[n % len(LANGUAGE_MIX)],
                              crisis=n < crisis, news=n >= crisis) for n, (endpoint, p256dh, auth) in enumerate(rows)],
            batch_size=2000)
        return
    table, now = PushSubscription._meta.db_table, timezone.now()
    with connection.cursor() as cursor:
        with cursor.copy(f'COPY "{table}" (endpoint, p256dh, auth, language, crisis, news, created_at, failures) '
                         "FROM STDIN") as copy:
            for n, (endpoint, p256dh, auth) in enumerate(rows):
                copy.write_row((endpoint, p256dh, auth, LANGUAGE_MIX[n % len(LANGUAGE_MIX)], n < crisis, n >= crisis,
                                now, 0))
        cursor.execute(f'VACUUM ANALYZE "{table}"')


def get_json(url: str, data: dict | None = None) -> dict:
    body = json.dumps(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - our own mock on loopback
        return json.loads(response.read())


def database_cpu(seen: dict[int, float]) -> None:
    """Record pid → CPU seconds of the PostgreSQL backends serving this database (a server on this machine;
    the worker keeps its connections, DATABASE_CONN_MAX_AGE, so none is missed between two looks)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        for (pid,) in cursor.fetchall():
            try:  # the backend alone (it has no children): one file, not a walk over /proc
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            seen[pid] = max(seen.get(pid, 0.0), cpu)


def machine_busy() -> float:
    """CPU seconds the whole machine spent busy so far (all cores, from /proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")  # minus idle and iowait


def ensure_postgres_database(url: str) -> None:
    """Create the PostgreSQL database of --database-url when it does not exist yet."""
    import psycopg

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def redis_answers(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:
        return False


def parse_args() -> argparse.Namespace:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=GOAL_SUBSCRIBERS)
    parser.add_argument("--workers", type=int, default=2, help="worker processes (prefork concurrency)")
    parser.add_argument("--batch-size", type=int, default=0, help="WEBPUSH_BATCH_SIZE (default: the setting's)")
    parser.add_argument("--concurrency", type=int, default=0, help="WEBPUSH_CONCURRENCY (default: the setting's)")
    parser.add_argument("--gone", type=int, default=0, help="this many subscriptions answer 410 (are deleted)")
    parser.add_argument("--latency-ms", type=float, default=0.0,
                        help="the mock answers each push this much later, like a push service a round trip away")
    parser.add_argument("--decrypt-every", type=int, default=100, help="the mock decrypts every n-th message")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--broker", default=os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or "")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--json", default=str(ROOT / "bench" / "results" / "crisis.json"))
    return parser.parse_args()


def bench_environment(args: argparse.Namespace, var: Path, broker: str, queue: str, key_file: Path) -> dict[str, str]:
    """The environment of this process, the mock and the worker: a throw-away var dir, the bench's queue and
    VAPID key, the database and broker asked for (a PostgreSQL database is created when missing)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}}
    env.update({"THUISLOKET_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT),
                "CELERY_BROKER_URL": broker, "WEBPUSH_VAPID_PRIVATE_KEY": str(key_file),
                "WEBPUSH_VAPID_SUBJECT": "mailto:communicatie@stad.example.be", "WEBPUSH_QUEUE": queue,
                "WEBPUSH_ALLOW_HTTP_LOCALHOST": "1"})
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
        env["DATABASE_CONN_MAX_AGE"] = "600"  # as docs/OPERATIONS.md advises for push workers
        if args.database_url.startswith(("postgres://", "postgresql://")):
            ensure_postgres_database(args.database_url)
    if args.batch_size:
        env["WEBPUSH_BATCH_SIZE"] = str(args.batch_size)
    if args.concurrency:
        env["WEBPUSH_CONCURRENCY"] = str(args.concurrency)
    return env


def stop(processes: list[subprocess.Popen | None]) -> None:
    """Terminate the processes the bench started (killed when they do not stop within 20 s)."""
    for process in processes:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def main() -> int:
    args = parse_args()
    var = Path(tempfile.mkdtemp(prefix="thuisloket-bench-crisis-"))
    broker = args.broker or "filesystem://"
    if broker.startswith("redis") and not redis_answers(broker):
        raise SystemExit(f"The broker {broker.split('@')[-1]} does not answer.")
    queue = f"crisis-bench-{os.getpid()}"
    key_file = var / "vapid.pem"
    env = bench_environment(args, var, broker, queue, key_file)
    os.environ.update(env)

    mock = worker = None
    created: list[int] = []  # broadcasts to delete again from a database that is not ours
    seed = secrets.token_hex(8)
    origin = ""
    try:
        import django

        django.setup()
        from django.conf import settings

        # Lazy: our apps load only after django.setup(), with the bench's environment set above.
        from news.push import services, vapid
        from news.push.models import Broadcast, PushSubscription

        vapid.generate_dev_key(key_file)
        public_key = vapid.public_key_b64()

        from bench.mockpush import free_port

        port = free_port()
        mock = subprocess.Popen([PY, "-m", "bench.mockpush", "--port", str(port), "--seed", seed,
                                 "--decrypt-every", str(args.decrypt_every), "--vapid-key", public_key,
                                 "--latency-ms", str(args.latency_ms)],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        ready = mock.stdout.readline().strip()
        if not ready.startswith("ready "):
            raise SystemExit(f"the mock push service did not start: {ready!r}")
        origin = ready.split(" ", 1)[1]

        subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]

        # Subscriptions: crisis ones 0..N-1, and 10 news-only ones for the warm-up.
        started = time.perf_counter()
        warm_numbers = range(args.subscribers, args.subscribers + 10)
        rows = derive_all(seed, range(args.subscribers + len(warm_numbers)), origin)
        PushSubscription.objects.filter(endpoint__startswith=origin).delete()
        store_subscriptions(rows, args.subscribers)
        setup_seconds = time.perf_counter() - started
        if args.gone:
            step = max(1, args.subscribers // args.gone)
            get_json(f"{origin}/_control", {"gone": [f"d{n}" for n in range(0, args.subscribers, step)][:args.gone]})

        worker = subprocess.Popen(
            [str(Path(PY).parent / "celery"), "-A", "portal", "worker", "--loglevel=WARNING", "--pool=prefork",
             f"--concurrency={args.workers}", "-Q", queue, "--without-gossip", "--without-mingle",
             "--without-heartbeat", "-n", f"{queue}@%h"], cwd=ROOT, env=env)

        def wait_finished(pk: int, timeout: float) -> Broadcast:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                item = Broadcast.objects.get(pk=pk)
                if item.finished_at is not None:
                    return item
                time.sleep(0.1)
            raise SystemExit(f"timed out: {Broadcast.objects.get(pk=pk).pending} deliveries still pending")

        warm = services.broadcast(topic="news", payloads={"nl": {"title": "Opwarmen"}}, ttl=60)
        created.append(warm.pk)
        wait_finished(warm.pk, 120)
        get_json(f"{origin}/_control", {"reset": True})
        time.sleep(1)  # let the worker settle after the warm-up

        # The measured part: one call, as the news app makes it when a crisis post is published.
        load_at_start = os.getloadavg()[0]
        cpu_before = (process_cpu(worker.pid), process_cpu(mock.pid), time.process_time(), machine_busy())
        database_before: dict[int, float] = {}
        database_cpu(database_before)
        database_after = dict(database_before)
        t0 = time.time()
        item = services.broadcast(post_id=None, topic="crisis", payloads=PAYLOADS, ttl=3600)
        created.append(item.pk)
        expected = args.subscribers - args.gone
        deadline = time.monotonic() + args.timeout
        stats = get_json(f"{origin}/_stats")
        while time.monotonic() < deadline:
            stats = get_json(f"{origin}/_stats")
            done = Broadcast.objects.filter(pk=item.pk, finished_at__isnull=False).exists()
            database_cpu(database_after)
            if stats["delivered"] >= expected and done:
                break
            time.sleep(0.2)
        else:
            raise SystemExit(f"timed out after {args.timeout:.0f} s: mock stats {stats}")
        wall = time.time() - t0
        cpu = [after - before for before, after in zip(cpu_before, (process_cpu(worker.pid), process_cpu(mock.pid),
                                                                     time.process_time(), machine_busy()),
                                                       strict=True)]
        others = max(0.0, cpu[3] - cpu[0] - cpu[1] - cpu[2])
        database_cpu(database_after)
        db_cpu = sum(after - database_before.get(pid, 0.0) for pid, after in database_after.items())
        # What the broadcast cost this machine, whatever else ran: the floor of its time on two idle cores.
        all_in = (cpu[0] + cpu[1] + cpu[2] + db_cpu) / max(1, stats["delivered"]) * 1e6
        item = Broadcast.objects.get(pk=item.pk)

        seconds = stats["last_at"] - t0
        rate = stats["delivered"] / seconds if seconds > 0 else float("nan")
        sent = {json.dumps({**p, "urgent": True}, sort_keys=True) for p in PAYLOADS.values()}
        samples = stats["samples"]
        wrong = [s for s in samples if json.dumps(s["payload"], sort_keys=True) not in sent
                 or s["urgency"] != "high" or s["ttl"] != "3600"]
        remaining = PushSubscription.objects.filter(crisis=True, endpoint__startswith=origin).count()
        results = {
            "subscribers": args.subscribers, "database": database, "broker": broker.split("@")[-1].split("://")[0],
            "worker_processes": args.workers, "mock_latency_ms": args.latency_ms,
            "batch_size": settings.WEBPUSH_BATCH_SIZE, "concurrency_per_process": settings.WEBPUSH_CONCURRENCY,
            "seconds_to_last_delivery": round(seconds, 2),
            "seconds_to_first_delivery": round(stats["first_at"] - t0, 3) if stats["first_at"] else None,
            "seconds_to_finished_in_db": round((item.finished_at - item.created_at).total_seconds(), 2),
            "deliveries_per_s": round(rate, 1),
            "mock_delivered": stats["delivered"], "mock_unique": stats["unique"], "duplicates": stats["duplicates"],
            "mock_statuses": stats["statuses"], "vapid_rejections": stats["vapid_rejections"],
            "decrypted_samples": stats["decrypted"], "decrypt_errors": stats["decrypt_errors"],
            "wrong_payloads": len(wrong),
            "broadcast": {"total": item.total, "delivered": item.delivered, "gone": item.gone,
                          "failed": item.failed, "pending": item.pending},
            "subscriptions_left": remaining, "setup_seconds": round(setup_seconds, 1),
            "cpu_seconds": {"workers": round(cpu[0], 1), "mock": round(cpu[1], 1), "bench": round(cpu[2], 1),
                            "other_processes": round(others, 1), "wall": round(wall, 1)},
            "worker_cpu_us_per_delivery": round(cpu[0] / max(1, stats["delivered"]) * 1e6),
            "mock_cpu_us_per_delivery": round(cpu[1] / max(1, stats["delivered"]) * 1e6),
            "database_cpu_us_per_delivery": round(db_cpu / max(1, stats["delivered"]) * 1e6),
            "all_in_cpu_us_per_delivery": round(all_in),
            "cpu_floor_seconds_for_goal_on_2_cores": round(all_in * GOAL_SUBSCRIBERS / 2e6, 1),
            "load_average_1m": os.getloadavg()[0], "load_average_at_start": load_at_start,
        }
        print(f"machine  : nproc={os.cpu_count()}  python {sys.version.split()[0]}")
        print(f"setup    : database={database}  broker={results['broker']}  worker processes={args.workers} "
              f"(prefork)  batch={settings.WEBPUSH_BATCH_SIZE}  in flight/process={settings.WEBPUSH_CONCURRENCY}")
        print(f"prepared : {args.subscribers} subscriptions with their own P-256 keys in {setup_seconds:.1f} s")
        print(f"broadcast: {item.total} subscribers → delivered {item.delivered}, gone {item.gone}, "
              f"failed {item.failed}, pending {item.pending}")
        print(f"mock     : {stats['delivered']} deliveries ({stats['unique']} unique, "
              f"{stats['duplicates']} duplicates), "
              f"statuses {stats['statuses']}, VAPID rejections {sum(stats['vapid_rejections'].values())}, "
              f"{stats['decrypted']} decrypted ({stats['decrypt_errors']} errors, {len(wrong)} not as sent)")
        print(f"first delivery after {results['seconds_to_first_delivery']} s")
        print(f"cpu      : workers {cpu[0]:.1f} s ({results['worker_cpu_us_per_delivery']} µs/delivery), mock "
              f"{cpu[1]:.1f} s, this script {cpu[2]:.1f} s, other processes (database server included) {others:.1f} s, "
              f"over {wall:.1f} s on {os.cpu_count()} cores")
        print(f"all-in   : {all_in:.0f} µs CPU/delivery (workers + mock + this script + its database's backends "
              f"{results['database_cpu_us_per_delivery']} µs) → 1 000 000 need ≥ "
              f"{results['cpu_floor_seconds_for_goal_on_2_cores']} s on 2 idle cores")
        print(f"TIME TO LAST DELIVERY: {seconds:.2f} s  ({rate:.0f} deliveries/s)")
        complete = stats["delivered"] >= expected
        if args.subscribers >= GOAL_SUBSCRIBERS:
            goal = f"{seconds:.1f} s measured"
            met = complete and seconds * GOAL_SUBSCRIBERS / args.subscribers < GOAL_SECONDS
        else:  # a smaller run: what its rate would take for the goal's million (setup and tail excluded)
            goal = f"{GOAL_SUBSCRIBERS / rate:.1f} s projected from {args.subscribers} at {rate:.0f}/s"
            met = complete and GOAL_SUBSCRIBERS / rate < GOAL_SECONDS
        results["goal"] = {"subscribers": GOAL_SUBSCRIBERS, "seconds": GOAL_SECONDS, "result": goal, "met": met}
        print(f"GOAL 1 000 000 deliveries in < {GOAL_SECONDS} s: {'met' if met else 'NOT met'} ({goal}; "
              f"load average {results['load_average_at_start']:.2f} at the start, {os.getloadavg()[0]:.2f} at the end)")
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=2))
        ok = not wrong and not stats["decrypt_errors"] and item.failed == 0 and item.delivered == expected
        return 0 if ok else 1
    finally:
        stop([worker, mock])
        if args.database_url and origin:
            try:
                from news.push.models import Broadcast, PushSubscription

                PushSubscription.objects.filter(endpoint__startswith=origin).delete()
                Broadcast.objects.filter(pk__in=created).delete()
            except Exception as exc:  # best effort on someone else's database
                print(f"cleanup: {exc}", file=sys.stderr)
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
