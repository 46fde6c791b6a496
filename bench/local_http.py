"""A gunicorn server on loopback for a benchmark, and plain GET requests to it (the benchmark's checks)."""
from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # .venv/bin when run as .venv/bin/python
HOST = "127.0.0.1"  # the load only ever goes to loopback


class BenchError(Exception):
    """A precondition failed: the message says what and how to fix it."""



def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, cookie: str | None = None, timeout: float = 10) -> tuple[int, dict, bytes]:
    """GET ``path`` on loopback: status, headers and body."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def start_gunicorn(env: dict[str, str], port: int, workers: int, log_path: Path) -> subprocess.Popen:
    """Start gunicorn (sync workers) with the benchmark's WSGI application, logging to ``log_path``."""
    gunicorn = BIN / "gunicorn"
    if not gunicorn.exists():
        found = shutil.which("gunicorn")
        if not found:
            raise BenchError("gunicorn is not installed in the virtualenv (.venv/bin/pip install gunicorn)")
        gunicorn = Path(found)
    cmd = [str(gunicorn), "bench.wsgi:application", "-w", str(workers), "-b", f"{HOST}:{port}",
           "--worker-class", "sync", "--log-level", "warning", "--timeout", "60"]
    log = log_path.open("wb")
    # Own session: a Ctrl-C in the terminal reaches only us; the finally block stops gunicorn cleanly.
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop_gunicorn(proc: subprocess.Popen | None) -> None:
    """Stop gunicorn and its workers (SIGKILL to the group when SIGTERM is not enough)."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()  # SIGTERM to the master: it stops its workers
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def wait_until_up(proc: subprocess.Popen, port: int, path: str, log_path: Path, seconds: float = 30) -> None:
    """Wait until GET ``path`` answers 200; ``BenchError`` with the end of the log when gunicorn does not."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError(f"gunicorn exited (code {proc.returncode}):\n{tail(log_path)}")
        try:
            status, _, _ = fetch(port, path, timeout=2)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer within {seconds:.0f} s:\n{tail(log_path)}")


def tail(path: Path, lines: int = 25) -> str:
    """The last ``lines`` lines of a log, for an error message."""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"

