#!/usr/bin/env python3
"""Throughput of the signed-in "Mijn gegevens" page against a bare Django view, under gunicorn.

    .venv/bin/python bench/my_data_throughput.py [--seconds 10] [--concurrency 8] [--workers 2]

One run, about 45 s: prepares a throw-away database (migrate + load_demo_data) in a temporary
THUISLOKET_VAR_DIR (never the developer's var/), signs a demo resident in by building a real database
session, starts gunicorn (sync workers) with bench.settings (DEBUG off), checks that /mijn/gegevens/
really answers 200 with the resident's name, then loads, one after another and each for --seconds:

    bare            GET /bench/bare/ without a session: HttpResponse("ok") through all middleware
    bare_signed_in  the same with the resident's session cookie (session + user lookups, idle check)
    my_data         GET /mijn/gegevens/ with the resident's session cookie

and prints requests/s and p50/p95/p99 latency per target, the ratios my_data / bare, the database queries of
one warm request per target (counted in this process, so the machine's load does not move them) and the GOAL
line of issue 16 (my_data >= 0.35x bare_signed_in req/s and p95 < 20 ms). Every
response other than 200 (a redirect to the sign-in page included) counts as an error. The load comes
from wrk when it is installed (apt-get install wrk), otherwise from a Python client (threads, one new
connection per request, as gunicorn's sync workers close the connection after each response anyway).
Results are also written as JSON to bench/results/my_data_throughput.json.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ first on sys.path; the project root is what we need.
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path[0] = str(ROOT)

from bench.http_load import WRK_LUA, run_python, run_wrk, wrk_version  # noqa: E402  (after the sys.path fix)
from bench.local_http import (  # noqa: E402
    HOST,
    BenchError,
    fetch,
    free_port,
    start_gunicorn,
    stop_gunicorn,
    tail,
    wait_until_up,
)

MY_DATA_PATH = "/mijn/gegevens/"
# The goal of issue 16: "Mijn gegevens" at >= 0.35x the bare signed-in view's req/s, with p95 under 20 ms.
GOAL_RATIO = 0.35
GOAL_P95_MS = 20.0
BARE_PATH = "/bench/bare/"
RESULTS = ROOT / "bench" / "results" / "my_data_throughput.json"
ACR = "urn:be:fedict:iam:fas:Level500"

# Environment that would point the benchmark at shared services or change what it measures.
STRIPPED_ENV = (
    "DATABASE_URL", "DATABASE_CONN_MAX_AGE", "REDIS_URL", "CELERY_BROKER_URL", "STATIC_ROOT", "MEDIA_ROOT",
    "DEFAULT_FILE_STORAGE_BACKEND", "REGISTRY_ADAPTER", "LOG_LEVEL", "DJANGO_DEBUG", "SESSION_IDLE_TIMEOUT",
    "SESSION_MAX_AGE", "SECURE_SSL_REDIRECT", "SECURE_COOKIES", "ALLOWED_HOSTS", "SECRET_KEY", "NRN_HASH_KEY",
    "GUNICORN_CMD_ARGS", "WEB_CONCURRENCY",
)


def say(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def bench_env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in STRIPPED_ENV}
    env.update(
        THUISLOKET_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONUNBUFFERED="1",
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[-15:]
        hint = ""
        if "Unknown command" in proc.stderr:
            hint = f"\n(the command 'manage.py {args[0]}' does not exist yet in this checkout)"
        raise BenchError(f"manage.py {' '.join(args)} failed (exit {proc.returncode}):\n"
                         + "\n".join(detail) + hint)


def sign_in_demo_resident(env: dict[str, str]) -> dict[str, str]:
    """Sign the first demo persona in, in this process, and return its session key and names."""
    os.environ.update(env)
    for name in STRIPPED_ENV:
        os.environ.pop(name, None)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection, transaction

    # Lazy: our apps load only after django.setup(), with the benchmark's environment set just above.
    from identity.services import sign_in_resident
    from registry.demo import sign_in_personas

    persona = sign_in_personas()[0]
    with transaction.atomic():  # sign_in_resident locks the resident row (select_for_update)
        user = sign_in_resident(national_number=persona["national_number"], given_name=persona["given_name"],
                                family_name=persona["family_name"], acr=ACR)
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "identity.oidc.backend.ResidentOIDCBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session["last_activity"] = int(time.time())
    session.save()
    connection.close()
    return {"session_key": session.session_key, "family_name": persona["family_name"],
            "given_name": persona["given_name"]}


def count_queries(session_key: str) -> dict[str, int]:
    """Database queries of one warm request per target, in this process (django.test.Client): a figure that
    does not move with the machine's load. The second request is counted (the first fills the caches)."""
    from django.db import connection
    from django.test import Client

    counts = {}
    for name, path, signed_in in (("bare", BARE_PATH, False), ("bare_signed_in", BARE_PATH, True),
                                  ("my_data", MY_DATA_PATH, True)):
        client = Client(HTTP_HOST=HOST)
        if signed_in:
            client.cookies["sessionid"] = session_key
        client.get(path)
        seen = []
        with connection.execute_wrapper(lambda execute, sql, *args, seen=seen: seen.append(sql) or execute(sql, *args)):
            client.get(path)
        counts[name] = len(seen)
    connection.close()
    return counts



def verify(port: int, cookie: str, family_name: str, workers: int) -> None:
    """Both pages answer 200 on every worker; my_data shows the resident (not a sign-in redirect)."""
    status, _, body = fetch(port, BARE_PATH)
    if status != 200 or body != b"ok":
        raise BenchError(f"GET {BARE_PATH} answered {status} {body[:200]!r}, expected 200 'ok'")
    names = {family_name, html.escape(family_name)}
    for _ in range(2 * workers):
        status, headers, body = fetch(port, MY_DATA_PATH, cookie)
        if status != 200:
            where = headers.get("Location", "")
            raise BenchError(
                f"GET {MY_DATA_PATH} with the resident's session answered {status}"
                + (f" -> {where}" if where else "")
                + ": the session is not accepted, so this would benchmark a redirect/error page. "
                + f"Body starts: {body[:300]!r}")
        text = body.decode("utf-8", errors="replace")
        if not any(name in text for name in names):
            raise BenchError(f"GET {MY_DATA_PATH} answered 200 but the page does not show the resident's "
                             f"family name {family_name!r}: not the signed-in page?")


# --- Report -----------------------------------------------------------------------------------------

def loadavg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def machine_info(client: str) -> dict:
    import django
    import gunicorn

    cpu_model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "nproc": usable,
        "cpu": cpu_model,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "client": client,
    }


def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def goal_met(results: dict, ratios: dict) -> bool | None:
    r = ratios.get("my_data_vs_bare_signed_in")
    if r is None:
        return None
    return r["rps_ratio"] >= GOAL_RATIO and results["my_data"]["p95_ms"] < GOAL_P95_MS


def print_report(info: dict, opts: dict, results: dict, ratios: dict, queries: dict) -> None:
    before, after = ("/".join(map(str, info[k])) or "?" for k in ("loadavg_before", "loadavg_after"))
    print(f"machine : nproc={info['nproc']}  cpu={info['cpu'] or '?'}")
    print(f"          python {info['python']}  Django {info['django']}  gunicorn {info['gunicorn']}")
    print(f"          load average 1/5/15 min: before {before}, after {after}")
    print(f"settings: gunicorn {opts['workers']} sync workers, bench.settings "
          "(DEBUG=False, SQLite in a temp dir)")
    print(f"load    : client={info['client']}  concurrency={opts['concurrency']}  "
          f"seconds={opts['seconds']:g} per target  warm-up={opts['warmup']:g} s")
    print()
    header = f"{'target':<16}| {'requests':>8} | {'errors':>6} | {'req/s':>8} | {'p50 ms':>7} | " \
             f"{'p95 ms':>7} | {'p99 ms':>7}"
    print(header)
    print("-" * len(header))
    for name, r in results.items():
        print(f"{name:<16}| {r['requests']:>8} | {r['errors']:>6} | {r['rps']:>8.1f} | {r['p50_ms']:>7.1f} | "
              f"{r['p95_ms']:>7.1f} | {r['p99_ms']:>7.1f}")
    print()
    for key, label in (("my_data_vs_bare", "my_data / bare"),
                       ("my_data_vs_bare_signed_in", "my_data / bare_signed_in")):
        if key in ratios:
            r = ratios[key]
            print(f"{label:<26}: req/s ratio {r['rps_ratio']:.3f} ({1 / r['rps_ratio']:.1f}x fewer req/s), "
                  f"p95 ratio {r['p95_ratio']:.1f}x")
    print("queries per warm request (in-process): "
          + ", ".join(f"{name} {count}" for name, count in queries.items()))
    met = goal_met(results, ratios)
    if met is not None:
        r = ratios["my_data_vs_bare_signed_in"]
        print(f"GOAL my_data >= {GOAL_RATIO}x bare_signed_in req/s and p95 < {GOAL_P95_MS:g} ms: "
              f"{'MET' if met else 'MISSED'} (ratio {r['rps_ratio']:.3f}, p95 {results['my_data']['p95_ms']:.1f} ms, "
              f"load before {'/'.join(map(str, info['loadavg_before'])) or '?'})")
    busy = (info["loadavg_before"] or [0])[0]
    if busy > 0.5 * (info["nproc"] or 1):
        print(f"NOTE: the machine was busy before the run (1-min load {busy} on {info['nproc']} CPUs): "
              "absolute numbers are noisy, compare ratios and re-run on an idle machine")
    total_errors = sum(r["errors"] for r in results.values())
    if total_errors:
        print(f"WARNING: {total_errors} errors (non-200 responses or socket errors); "
              "see the JSON for details")


# --- Main -------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=textwrap.dedent(__doc__.split("\n\n", 2)[2]))
    parser.add_argument("--seconds", type=float, default=10, help="load per target (default 10)")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent connections (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--warmup", type=float, default=4, help="warm-up seconds, split over the targets")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto",
                        help="load generator: wrk when installed (auto), or the Python client")
    parser.add_argument("--no-signed-in-bare", action="store_true",
                        help="skip the bare view with the session cookie (saves --seconds)")
    parser.add_argument("--json", type=Path, default=RESULTS, help=f"results file (default {RESULTS})")
    parser.add_argument("--keep-tmp", action="store_true", help="keep the temporary var dir and gunicorn log")
    args = parser.parse_args(argv)
    if not 0 < args.seconds <= 120 or not 1 <= args.concurrency <= 256 or not 1 <= args.workers <= 16:
        parser.error("keep --seconds in (0, 120], --concurrency in [1, 256], --workers in [1, 16]")

    wrk = shutil.which("wrk")
    if args.client == "wrk" and not wrk:
        parser.error("--client wrk: wrk is not installed (apt-get install wrk)")
    use_wrk = bool(wrk) and args.client != "python"
    client = wrk_version(wrk) if use_wrk else f"python http.client, {args.concurrency} threads"

    began = time.monotonic()
    load_before = loadavg()
    # Ctrl-C (even when started from a shell that ignores SIGINT) and SIGTERM end the run cleanly.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tmp = Path(tempfile.mkdtemp(prefix="thuisloket-bench-"))
    var_dir = tmp / "var"
    (var_dir / "static").mkdir(parents=True)  # whitenoise's STATIC_ROOT (nothing is served from it)
    log_path = tmp / "gunicorn.log"
    env = bench_env(var_dir)
    server = None
    try:
        say(f"temporary var dir: {var_dir}")
        say("migrate")
        manage(env, "migrate", "--noinput", "-v", "0")
        say("load_demo_data")
        manage(env, "load_demo_data")
        resident = sign_in_demo_resident(env)
        cookie = f"sessionid={resident['session_key']}"
        queries = count_queries(resident["session_key"])
        say(f"signed in demo resident {resident['given_name']} {resident['family_name']}")

        port = free_port()
        say(f"gunicorn: {args.workers} sync workers on {HOST}:{port}")
        server = start_gunicorn(env, port, args.workers, log_path)
        wait_until_up(server, port, BARE_PATH, log_path)
        verify(port, cookie, resident["family_name"], args.workers)
        say(f"verified: {MY_DATA_PATH} answers 200 with the resident's name")

        targets = [("bare", BARE_PATH, None)]
        if not args.no_signed_in_bare:
            targets.append(("bare_signed_in", BARE_PATH, cookie))
        targets.append(("my_data", MY_DATA_PATH, cookie))

        lua = tmp / "count_status.lua"
        lua.write_text(WRK_LUA)

        def load(path: str, cookie: str | None, seconds: float, concurrency: int = args.concurrency) -> dict:
            if use_wrk:
                return run_wrk(wrk, lua, port, path, cookie, seconds, concurrency)
            return run_python(port, path, cookie, seconds, concurrency)

        if args.warmup > 0:
            say(f"warm-up {args.warmup:g} s")
            for _, path, cookie_ in targets:
                load(path, cookie_, max(1.0, args.warmup / len(targets)))
        results = {}
        for name, path, cookie_ in targets:
            say(f"load {name}: GET {path} for {args.seconds:g} s")
            results[name] = load(path, cookie_, args.seconds)
        # At --concurrency 8 on 2 workers a request mostly waits for the ones before it (p95 ≈ queue length ÷
        # rate); one request per worker at a time shows the page's own latency beside it.
        say(f"load my_data, {args.workers} at a time (one per worker): GET {MY_DATA_PATH} for {args.seconds:g} s")
        results["my_data_unqueued"] = load(MY_DATA_PATH, cookie, args.seconds, args.workers)
        if server.poll() is not None:
            raise BenchError(f"gunicorn died during the run:\n{tail(log_path)}")
    finally:
        stop_gunicorn(server)
        if args.keep_tmp:
            say(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    ratios = {}
    for baseline in ("bare", "bare_signed_in"):
        if baseline in results:
            ratios[f"my_data_vs_{baseline}"] = {
                "rps_ratio": ratio(results["my_data"]["rps"], results[baseline]["rps"]),
                "p95_ratio": ratio(results["my_data"]["p95_ms"], results[baseline]["p95_ms"]),
            }
    info = {**machine_info(client), "loadavg_before": load_before, "loadavg_after": loadavg()}
    opts = {"workers": args.workers, "concurrency": args.concurrency, "seconds": args.seconds,
            "warmup": args.warmup}
    print_report(info, opts, results, ratios, queries)

    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({
        "benchmark": "my_data_throughput",
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": info,
        "settings": {**opts, "worker_class": "sync", "django_settings": "bench.settings", "debug": False,
                     "paths": {"bare": BARE_PATH, "my_data": MY_DATA_PATH}},
        "results": results,
        "ratios": ratios,
        "queries_per_request": queries,
        "goal": {"my_data_vs_bare_signed_in_rps_ratio_min": GOAL_RATIO, "my_data_p95_ms_max": GOAL_P95_MS,
                 "met": goal_met(results, ratios)},
    }, indent=2) + "\n")
    say(f"results written to {args.json.relative_to(ROOT) if args.json.is_relative_to(ROOT) else args.json}"
        f"; total {time.monotonic() - began:.0f} s")
    return 1 if any(r["errors"] for r in results.values()) else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        print(f"bench: ERROR: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("bench: interrupted; gunicorn stopped", file=sys.stderr)
        sys.exit(130)
