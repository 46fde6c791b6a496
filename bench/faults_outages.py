"""Outage scenarios of bench/faults.py: PostgreSQL restarted under traffic, the Redis of Django's cache down.

Both run the web as gunicorn on loopback (bench/local_http.py) against servers this run starts itself on their
own ports: an initdb'd PostgreSQL cluster (Debian's /usr/lib/postgresql/15/bin, as the postgres user when run as
root) and a redis-server. The machine's shared servers are never stopped.
"""
from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

from bench.faults_processes import redis_server, redis_stop
from bench.local_http import HOST, free_port, start_gunicorn, stop_gunicorn, wait_until_up

PG_BIN = Path(os.environ.get("THUISLOKET_PG_BIN", "/usr/lib/postgresql/15/bin"))


# --- our own PostgreSQL cluster ------------------------------------------------------------------------------

class Cluster:
    """A throw-away PostgreSQL cluster on ``port`` (trust auth on loopback), stopped and started at will."""

    def __init__(self, port: int):
        self.port = port
        self.dir = Path(f"/tmp/thuisloket-faults-pg-{port}")
        self.as_postgres = os.geteuid() == 0  # initdb refuses root: run the binaries as postgres then

    def _run(self, *cmd: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        done = subprocess.run([*prefix, *cmd], capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"{cmd[0]} failed:\n{done.stdout}{done.stderr}")

    def create(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(mode=0o700)
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(str(PG_BIN / "initdb"), "-D", str(self.dir / "data"), "-A", "trust", "-U", "postgres",
                  "--no-sync", "-E", "UTF8")
        self.start()

    def start(self) -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.dir / "data"), "-w", "-l", str(self.dir / "log"),
                  "-o", f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def stop(self) -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.dir / "data"), "-w", "-m", "fast", "stop")

    def destroy(self) -> None:
        try:
            self.stop()
        except SystemExit:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/thuisloket_faults"


# --- HTTP on loopback -----------------------------------------------------------------------------------------

def call(port: int, method: str, path: str, *, cookies: dict | None = None, form: dict | None = None,
         timeout: float = 15) -> tuple[int, dict, bytes]:
    """One request; status 0 when the connection failed or timed out (the web did not answer at all)."""
    headers = {}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form)
        headers.update({"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{HOST}:{port}{path}"})
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    except OSError:
        return 0, {}, b""
    finally:
        conn.close()


def web(env: dict, var: Path, extra: dict | None = None, workers: int = 2):
    port = free_port()
    log = var / f"gunicorn-{port}.log"
    proc = start_gunicorn({**env, **(extra or {})}, port, workers, log)
    wait_until_up(proc, port, "/", log, seconds=60)
    return proc, port, log


def phase_of(now: float, down: float | None, up: float | None) -> str:
    if down is None or now < down:
        return "before"
    return "outage" if up is None or now < up else "after"


# --- 1. PostgreSQL restarted under traffic ---------------------------------------------------------------------

def scenario_database(args, people, var: Path, env: dict, cluster: Cluster, submit) -> dict:
    from django.db import connection
    from django.test import Client

    from certificates.models import CertificateRequest, StatusChange

    client = Client()
    client.force_login(people[0].user)
    session = {"sessionid": client.cookies["sessionid"].value}
    proc, port, log = web(env, var)
    paths = [("/", None), ("/gezondheid/ready/", None), ("/mijn/aanvragen/", session)]
    counts: dict[tuple[str, str], Counter] = {}
    first_200_after: dict[str, float] = {}
    state = {"down": None, "up": None, "stop": False}
    lock = threading.Lock()
    submits = Counter()
    plain = [0]  # 503 answers with Retry-After and no stack trace in the page

    def browse(offset: int) -> None:
        i = offset
        while not state["stop"]:
            path, cookies = paths[i % len(paths)]
            status, headers, body = call(port, "GET", path, cookies=cookies)
            phase = phase_of(time.monotonic(), state["down"], state["up"])
            with lock:
                if status == 503:
                    plain[0] += "retry-after" in headers and b"Traceback" not in body
                counts.setdefault((phase, path), Counter())[status] += 1
                if phase == "after" and status == 200 and path not in first_200_after:
                    first_200_after[path] = time.monotonic() - state["up"]
            i += 1
            time.sleep(0.05)

    def residents_submit() -> None:
        i = 0
        while not state["stop"]:
            phase = phase_of(time.monotonic(), state["down"], state["up"])
            try:
                submit(people[i % len(people)])
                submits[(phase, "saved")] += 1
            except Exception:  # noqa: BLE001 (the database is down: refused, so nothing may be half-saved)
                submits[(phase, "refused")] += 1
            i += 1
            time.sleep(0.2)
        connection.close()

    threads = [threading.Thread(target=browse, args=(n,)) for n in range(3)]
    threads.append(threading.Thread(target=residents_submit))
    try:
        for t in threads:
            t.start()
        time.sleep(args.warmup)
        connection.close()  # ours too; the gunicorn workers keep theirs (CONN_MAX_AGE) and must notice
        state["down"] = time.monotonic()  # from the moment it is asked to stop
        cluster.stop()
        time.sleep(args.db_outage_seconds)
        cluster.start()
        state["up"] = time.monotonic()
        outage = state["up"] - state["down"]
        time.sleep(args.after)
        state["stop"] = True
        for t in threads:
            t.join(timeout=30)
    finally:
        state["stop"] = True
        stop_gunicorn(proc)
    connection.close()
    rows = CertificateRequest.objects.count()
    without_history = CertificateRequest.objects.exclude(pk__in=StatusChange.objects.values("request_id")).count()
    without_case = _no_case()
    by_phase = {p: sum((c for (ph, _), c in counts.items() if ph == p), Counter())
                for p in ("before", "outage", "after")}
    tracebacks = log.read_text(errors="replace").count("Traceback") if log.exists() else 0
    figures = {
        "outage_seconds": round(outage, 1),
        "status_before": dict(by_phase["before"]), "status_outage": dict(by_phase["outage"]),
        "status_after": dict(by_phase["after"]),
        "first_200_after_s": {p: round(s, 2) for p, s in first_200_after.items()},
        "submits": {f"{ph}_{what}": n for (ph, what), n in submits.items()},
        "requests_rows": rows, "without_history": without_history, "without_case": without_case,
        "gunicorn_log_tracebacks": tracebacks, "plain_503_with_retry_after": plain[0],
    }
    recovered = len(first_200_after) == len(paths) and max(first_200_after.values()) <= args.recover_within
    all_503 = sum(by_phase[p].get(503, 0) for p in by_phase)
    figures["goal_met"] = (by_phase["outage"].get(500, 0) == 0 and 0 < all_503 == plain[0]
                           and recovered and by_phase["after"].get(500, 0) == 0
                           and without_history == 0 and without_case == 0)
    print(f"database: own PostgreSQL on {cluster.port} stopped {outage:.1f} s under traffic (3 browsers: / , "
          f"/gezondheid/ready/, /mijn/aanvragen/ signed in; 1 resident submitting every 0.2 s); gunicorn 2 workers")
    for phase in ("before", "outage", "after"):
        print(f"database: {phase:6} answers by status {dict(sorted(by_phase[phase].items()))}")
    print(f"database: {plain[0]} of {all_503} 503 answers carry Retry-After and no stack trace; the gunicorn log "
          f"holds {tracebacks} tracebacks (django.request logs each error with its traceback: for operators)")
    print(f"database: first 200 after PostgreSQL came back, per page (s): {figures['first_200_after_s']}")
    print(f"database: submissions {dict(sorted(figures['submits'].items()))}; {rows} request rows, "
          f"{without_history} without status history, {without_case} without desk case")
    print(f"database: goal 503 (never 500) during the outage, 200 again within {args.recover_within:.0f} s by "
          f"itself, no half-written request: {'MET' if figures['goal_met'] else 'MISSED'}")
    return figures


def _no_case() -> int:
    """Requests without their desk case (desk_link.open_case_for, in submit_request's transaction)."""
    from certificates.desk_link import linked_ref
    from certificates.models import CertificateRequest
    from desk.cases.models import Case

    refs = set(Case.objects.exclude(linked_ref="").values_list("linked_ref", flat=True))
    return sum(1 for request in CertificateRequest.objects.all() if linked_ref(request) not in refs)


# --- 2. the Redis of Django's cache down ------------------------------------------------------------------------

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def _cookies(headers: dict) -> dict:
    found = {}
    for part in headers.get("set-cookie", "").split(","):
        name, _, rest = part.strip().partition("=")
        if name in {"csrftoken", "sessionid"}:
            found[name] = rest.split(";")[0]
    return found


def probe_cache_pages(port: int, form: dict) -> dict[str, int]:
    """One round over the pages that use the cache; their status codes. ``form`` keeps the sign-in page's CSRF
    cookie and token from a round that got them (the sign-in POST is tried even when the GET failed)."""
    status, headers, body = call(port, "GET", "/balie/aanmelden/")
    found = {"GET /balie/aanmelden/": status}
    match, cookies = TOKEN.search(body), _cookies(headers)
    if match and "csrftoken" in cookies:
        form.update(token=match.group(1).decode(), cookies=cookies)
    if form:
        found["POST /balie/aanmelden/ (wrong password)"] = call(
            port, "POST", "/balie/aanmelden/", cookies=form["cookies"],
            form={"csrfmiddlewaretoken": form["token"], "username": "nobody", "password": "wrong"})[0]
    for path in ("/", "/meldingen/kaart/", "/verifieer/", "/verifieer/ABCD-EFGH-JKMN/"):
        found[f"GET {path}"] = call(port, "GET", path)[0]
    return found


def scenario_cache(args, var: Path, env: dict) -> dict:
    port_redis = args.cache_port
    redis_server(port_redis, var)
    proc, port, log = web(env, var, {"REDIS_URL": f"redis://127.0.0.1:{port_redis}/0"})
    table: dict[str, dict[str, Counter]] = {}
    form: dict = {}
    try:
        for phase, rounds in (("up", 3), ("down", args.cache_rounds), ("back", 3)):
            if phase == "down":
                redis_stop(port_redis, var)
            if phase == "back":
                redis_server(port_redis, var)
            for _ in range(rounds):
                for page, status in probe_cache_pages(port, form).items():
                    table.setdefault(page, {}).setdefault(phase, Counter())[status] += 1
    finally:
        stop_gunicorn(proc)
        redis_stop(port_redis, var)
    text = log.read_text(errors="replace") if log.exists() else ""
    figures = {page: {ph: dict(c) for ph, c in phases.items()} for page, phases in table.items()}
    down_500 = sum(c["down"].get(500, 0) for c in table.values() if "down" in c)
    back_500 = sum(c["back"].get(500, 0) for c in table.values() if "back" in c)
    figures.update(down_500=down_500, back_500=back_500, cache_warnings=text.count("cache unreachable"),
                   tracebacks=text.count("Traceback"),
                   goal_met=down_500 == 0 and back_500 == 0)
    print(f"cache : own redis-server on {port_redis} as Django's CACHES for gunicorn; stopped for "
          f"{args.cache_rounds} rounds of probes")
    for page, phases in table.items():
        row = "  ".join(f"{ph} {dict(sorted(phases.get(ph, Counter()).items()))}" for ph in ("up", "down", "back"))
        print(f"cache : {page:42} {row}")
    print(f"cache : 500s while the cache is down {down_500}, after it is back {back_500}; "
          f"gunicorn log: {figures['cache_warnings']} 'cache unreachable' warnings, {figures['tracebacks']} tracebacks")
    print(f"cache : goal no 500 while the cache is down (pages work, rate limiting degraded and logged, or a "
          f"clear page): {'MET' if figures['goal_met'] else 'MISSED'}")
    return figures
