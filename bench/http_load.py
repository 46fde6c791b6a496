"""Load generators for a benchmark against a server on loopback: wrk when it is installed (with a Lua script
that counts the statuses), else a Python client (threads, one new connection per request). Both are bounded
by a deadline and by :data:`MAX_REQUESTS`, and return the same summary."""
from __future__ import annotations

import http.client
import json
import os
import subprocess
import threading
import time
from pathlib import Path

from bench.local_http import HOST, BenchError

MAX_REQUESTS = 1_000_000  # per target: the load is bounded in count as well as in time

WRK_LUA = """
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  ok = 0
  bad = 0
  max_requests = tonumber(args[1])
end
function response(status, headers, body)
  if status == 200 then ok = ok + 1 else bad = bad + 1 end
  if ok + bad >= max_requests then wrk.thread:stop() end
end
function done(summary, latency, requests)
  local ok_total, bad_total = 0, 0
  for _, t in ipairs(threads) do
    ok_total = ok_total + t:get("ok")
    bad_total = bad_total + t:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"duration_us": %d, "requests": %d, "ok": %d, "non_200": %d, "connect": %d, ' ..
    '"read": %d, "write": %d, "timeout": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d}\\n',
    summary.duration, summary.requests, ok_total, bad_total, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def wrk_version(wrk: str) -> str:
    """The version line of the installed wrk, for the report."""
    proc = subprocess.run([wrk, "--version"], capture_output=True, text=True)
    first = (proc.stdout or proc.stderr).splitlines()
    return first[0].split(" Copyright")[0].strip() if first else "wrk"


def run_wrk(wrk: str, lua: Path, port: int, path: str, cookie: str | None, seconds: float,
            concurrency: int) -> dict:
    """Load GET ``path`` with wrk for ``seconds`` (``lua``: a file holding :data:`WRK_LUA`)."""
    threads = max(1, min(concurrency, os.cpu_count() or 1))
    cmd = [wrk, "-t", str(threads), "-c", str(concurrency), "-d", f"{max(1, round(seconds))}s",
           "--timeout", "10s", "-s", str(lua)]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    cmd += [f"http://{HOST}:{port}{path}", "--", str(MAX_REQUESTS // threads)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("BENCHJSON ")), None)
    if proc.returncode != 0 or line is None:
        raise BenchError(f"wrk failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    raw = json.loads(line.removeprefix("BENCHJSON "))
    socket_errors = raw["connect"] + raw["read"] + raw["write"] + raw["timeout"]
    elapsed = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "errors": raw["non_200"] + socket_errors,
        "non_200": raw["non_200"],
        "socket_errors": socket_errors,
        "seconds": round(elapsed, 3),
        "rps": raw["requests"] / elapsed if elapsed else 0.0,
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
    }


def percentile(sorted_values: list[float], pct: float) -> float:
    """The nearest-rank percentile of sorted values (NaN for none)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, round(pct / 100 * len(sorted_values) + 0.5 - 1e-9))  # nearest rank
    return sorted_values[min(rank, len(sorted_values)) - 1]


def run_python(port: int, path: str, cookie: str | None, seconds: float, concurrency: int) -> dict:
    """Threads, one new connection per request; bounded by a deadline and by MAX_REQUESTS."""
    headers = {"Cookie": cookie} if cookie else {}
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    non_200 = [0] * concurrency
    socket_errors = [0] * concurrency
    budget = threading.Semaphore(MAX_REQUESTS)
    start = time.perf_counter()
    deadline = start + seconds

    def worker(i: int) -> None:
        while time.perf_counter() < deadline and budget.acquire(blocking=False):
            t0 = time.perf_counter()
            conn = http.client.HTTPConnection(HOST, port, timeout=10)
            try:
                conn.request("GET", path, headers=headers)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except OSError:
                socket_errors[i] += 1
                continue
            finally:
                conn.close()
            latencies[i].append(time.perf_counter() - t0)
            if status != 200:
                non_200[i] += 1

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    values = sorted(v for per_thread in latencies for v in per_thread)
    return {
        "requests": len(values),
        "errors": sum(non_200) + sum(socket_errors),
        "non_200": sum(non_200),
        "socket_errors": sum(socket_errors),
        "seconds": round(elapsed, 3),
        "rps": len(values) / elapsed if elapsed else 0.0,
        "p50_ms": percentile(values, 50) * 1000,
        "p95_ms": percentile(values, 95) * 1000,
        "p99_ms": percentile(values, 99) * 1000,
    }


