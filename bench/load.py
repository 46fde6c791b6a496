#!/usr/bin/env python3
"""The load proof: simulated residents and desk agents (locust) on gunicorn + PostgreSQL + Redis + Celery.

    .venv/bin/python bench/load.py [--users 200] [--seconds 300] [--spawn-rate 20]
                                   [--database-url postgres://postgres@127.0.0.1:5432/thuisloket_load]

Drops and recreates the database of --database-url, empties Redis databases 13 (cache, sessions' rate
counts) and 14 (broker), loads the demo data, and starts, each as its own process on loopback: the
development OpenID provider (runserver with its own SQLite database, as ./thuisloket up does), gunicorn
(gthread workers, bench.settings: DEBUG off) and one real Celery worker. Then locust (as a library,
headless) runs --users users for --seconds, spawned at --spawn-rate/s: 95 % residents (sign in at the
provider, "Mijn gegevens", a household composition for themselves through the wizard, a report with a
JPEG) and 5 % desk agents (password + TOTP sign-in, inbox, case pages); see bench/load_users.py. After
the run it waits until the worker has drained the queue and counts the certificate requests by status.
Prints p50/p95/max per page, the errors, and the goal line: 0 errors, every certificate READY.
Results also go to bench/results/load.json. Every process it starts is stopped at the end.
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
from pathlib import Path
from urllib.parse import urlsplit

# locust patches the standard library for gevent when imported: first, before ssl and requests are loaded.
import locust  # noqa: F401,I001

ROOT = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path[0] = str(ROOT)

from bench.local_http import HOST, BenchError, free_port, tail  # noqa: E402  (after the sys.path fix)

BIN = Path(sys.executable).parent
CACHE_REDIS = "redis://127.0.0.1:6379/13"
BROKER_REDIS = "redis://127.0.0.1:6379/14"
OPEN = ("received", "approved", "issuing")  # still moving through the pipeline


def say(msg: str) -> None:
    print(f"[load] {msg}", file=sys.stderr, flush=True)


def run(env: dict, *args: str) -> str:
    proc = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode:
        raise BenchError(f"{' '.join(args)} failed:\n{(proc.stderr or proc.stdout)[-3000:]}")
    return proc.stdout


def recreate_database(url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def start(cmd: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def wait_http(url: str, proc: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError(f"{proc.args[0]} exited ({proc.returncode}):\n{tail(log)}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise BenchError(f"{url} did not answer within {seconds:.0f} s:\n{tail(log)}")


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


def certificate_counts(url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT status, count(*) FROM certificates_certificaterequest GROUP BY status")
        return dict(rows.fetchall())


def drain(url: str, seconds: float) -> tuple[dict[str, int], float]:
    started = time.monotonic()
    counts = certificate_counts(url)
    while any(counts.get(s) for s in OPEN) and time.monotonic() - started < seconds:
        time.sleep(1)
        counts = certificate_counts(url)
    return counts, time.monotonic() - started


def run_locust(args, base: str, config: dict, agents: int) -> dict:
    import gevent
    from locust.env import Environment

    from bench import load_users

    load_users.CONFIG.update(config)
    load_users.Agent.fixed_count = agents
    env = Environment(user_classes=[load_users.Resident, load_users.Agent], host=base)
    runner = env.create_local_runner()
    runner.start(args.users, spawn_rate=args.spawn_rate)
    gevent.spawn_later(args.seconds, runner.quit)
    runner.greenlet.join()
    pages = {}
    for (name, method), entry in sorted(env.stats.entries.items()):
        if entry.num_requests:
            pages[f"{method} {name}"] = {
                "requests": entry.num_requests, "failures": entry.num_failures,
                "p50_ms": entry.get_response_time_percentile(0.5), "p95_ms": entry.get_response_time_percentile(0.95),
                "max_ms": round(entry.max_response_time), "rps": round(entry.total_rps, 2)}
    total = env.stats.total
    errors = [{"page": f"{e.method} {e.name}", "error": str(e.error), "count": e.occurrences}
              for e in env.stats.errors.values()]
    return {"pages": pages, "requests": total.num_requests, "failures": total.num_failures,
            "rps": round(total.total_rps, 2), "p95_ms": total.get_response_time_percentile(0.95),
            "errors": errors, "certificates_submitted": load_users.CONFIG.get("submitted", 0)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--spawn-rate", type=float, default=20)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/thuisloket_load")
    parser.add_argument("--web-workers", type=int, default=3, help="gunicorn processes (4 threads each)")
    parser.add_argument("--celery-workers", type=int, default=1, help="prefork processes of the Celery worker")
    parser.add_argument("--oidc-timeout", type=int, default=30, help="s the portal waits for the provider")
    parser.add_argument("--json", default=str(ROOT / "bench" / "results" / "load.json"))
    args = parser.parse_args()

    import redis

    var = Path(tempfile.mkdtemp(prefix="thuisloket-bench-load-"))
    web_port, idp_port = free_port(), free_port()
    base, idp = f"http://{HOST}:{web_port}", f"http://{HOST}:{idp_port}"
    secret = secrets.token_urlsafe(24)
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "OIDC_", "DEVIDP_", "CELERY_"))
            and k not in {"DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "PUBLIC_BASE_URL"}}
    env = {**keep, "THUISLOKET_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "bench.settings",
           "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", "DATABASE_URL": args.database_url,
           "REDIS_URL": CACHE_REDIS, "CELERY_BROKER_URL": BROKER_REDIS, "DESK_SUBMIT_RATE": "1000000/h",
           # The provider is a development runserver on the same cores: give its back channel (token,
           # user info) 30 s instead of 10 before the callback answers "provider unavailable" (503).
           "OIDC_TIMEOUT": str(args.oidc_timeout),
           "OIDC_RP_CLIENT_ID": "thuisloket-load", "OIDC_RP_CLIENT_SECRET": secret, "DEVIDP_URL": idp,
           "PUBLIC_BASE_URL": base}
    idp_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.devidp_settings", "DEVIDP_DATABASE": str(var / "devidp.sqlite3"),
               "DEVIDP_RSA_KEY_FILE": str(var / "devidp_rsa.pem")}
    procs: list[subprocess.Popen] = []
    try:
        say(f"fresh database {urlsplit(args.database_url).path.lstrip('/')}, Redis 13 and 14 emptied, demo data")
        recreate_database(args.database_url)
        for url in (CACHE_REDIS, BROKER_REDIS):
            redis.Redis.from_url(url).flushdb()  # our own database numbers only
        run(env, "manage.py", "migrate", "--noinput", "-v", "0")
        run(env, "manage.py", "load_demo_data", "-v", "0")
        # The desk's demo configuration and cases: the command wants DEBUG on, so the quick start's settings
        # (same database, same throw-away var/) load them; the web app runs with bench.settings.
        run({**env, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"}, "manage.py", "load_desk_demo", "-v", "0")
        run(idp_env, "manage.py", "devidp_setup", "--client-id=thuisloket-load", f"--client-secret={secret}",
            f"--redirect-uri={base}/oidc/callback/", f"--post-logout-uri={base}/")
        agents = max(1, round(args.users / 20))
        config = {**json.loads(run(env, "-m", "bench.load_prepare", str(agents))), "idp": idp}

        say(f"devidp on {idp}, gunicorn ({args.web_workers}x4 threads) on {base}, Celery worker "
            f"({args.celery_workers} process)")
        procs.append(start([sys.executable, "manage.py", "runserver", f"{HOST}:{idp_port}", "--noreload"],
                           idp_env, var / "devidp.log"))
        procs.append(start([str(BIN / "gunicorn"), "bench.wsgi:application", "-w", str(args.web_workers),
                            "--threads", "4", "--worker-class", "gthread", "-b", f"{HOST}:{web_port}",
                            "--log-level", "warning", "--timeout", "60"], env, var / "gunicorn.log"))
        procs.append(start([str(BIN / "celery"), "-A", "portal", "worker", "--loglevel=WARNING", "--pool=prefork",
                            f"--concurrency={args.celery_workers}", "--without-gossip", "--without-mingle",
                            "-n", "load@%h"], env, var / "worker.log"))
        wait_http(f"{idp}/o/.well-known/openid-configuration", procs[0], var / "devidp.log")
        wait_http(f"{base}/", procs[1], var / "gunicorn.log")

        say(f"locust: {args.users} users ({agents} desk agents), {args.spawn_rate}/s, {args.seconds} s")
        results = run_locust(args, base, config, agents)
        say("waiting for the worker to drain the queue")
        counts, drained_in = drain(args.database_url, 600)
        results.update(users=args.users, seconds=args.seconds, spawn_rate=args.spawn_rate, agents=agents,
                       certificates=counts, drain_seconds=round(drained_in, 1), nproc=os.cpu_count())
        report(results)
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(results, indent=2))
        return 0 if results["goal_met"] else 1
    except BenchError as error:
        say(str(error))
        return 2
    finally:
        for proc in reversed(procs):
            stop(proc)
        logs = Path(args.json).parent / "load-logs"
        logs.mkdir(parents=True, exist_ok=True)
        for name in ("gunicorn.log", "worker.log", "devidp.log"):
            if (var / name).exists():
                shutil.copy(var / name, logs / name)
                if "Traceback" in (var / name).read_text(errors="replace"):
                    say(f"{name} has tracebacks: see {logs / name}")
        shutil.rmtree(var, ignore_errors=True)


def report(results: dict) -> None:
    print(f"machine: nproc={results['nproc']}  users={results['users']} ({results['agents']} desk agents)  "
          f"{results['seconds']} s  spawn {results['spawn_rate']}/s")
    print(f"{'page':44} {'requests':>8} {'fail':>5} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    for page, row in results["pages"].items():
        print(f"{page:44} {row['requests']:8} {row['failures']:5} {row['p50_ms']:7.0f} {row['p95_ms']:7.0f} "
              f"{row['max_ms']:7}")
    print(f"{'all':44} {results['requests']:8} {results['failures']:5} {'':7} {results['p95_ms']:7.0f}   "
          f"({results['rps']} requests/s)")
    for error in results["errors"]:
        print(f"error: {error['count']} x {error['page']}: {error['error']}")
    counts = results["certificates"]
    total, ready = sum(counts.values()), counts.get("ready", 0)
    print(f"certificates: {total} requested ({results['certificates_submitted']} submits seen by the users), "
          f"{ready} READY, by status {counts}; queue drained {results['drain_seconds']} s after the run")
    # The run stops users mid-step: a request the server stored may miss its answer (then submits seen < total).
    met = results["failures"] == 0 and total == ready >= results["certificates_submitted"] > 0
    results["goal_met"] = met
    print(f"goal (0 errors, every certificate READY): {'MET' if met else 'NOT MET'} - {results['failures']} errors, "
          f"{ready}/{total} READY")


if __name__ == "__main__":
    sys.exit(main())
