"""Processes bench/faults.py starts and stops: the Celery worker (in its own process group) and its redis-server."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CELERY = str(Path(sys.executable).parent / "celery")


def redis_answers(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:
        return False


def queue_empty(broker: str) -> bool:
    """No message waits in the broker (Celery's default queue on Redis is the list "celery")."""
    if broker.startswith("amqp"):
        from bench.faults_rabbit import amqp_queue_empty

        return amqp_queue_empty(broker)
    import redis

    try:
        return redis.Redis.from_url(broker, socket_connect_timeout=1).llen("celery") == 0
    except redis.RedisError:
        return False


def redis_server(port: int, var: Path) -> None:
    subprocess.run(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                    "--daemonize", "yes", "--dir", str(var), "--pidfile", str(var / f"redis-{port}.pid"),
                    "--logfile", str(var / f"redis-{port}.log")], check=True)
    deadline = time.monotonic() + 10
    while not redis_answers(f"redis://127.0.0.1:{port}/0"):
        if time.monotonic() > deadline:
            raise SystemExit(f"our redis-server on {port} did not start")
        time.sleep(0.1)


def redis_stop(port: int, var: Path) -> None:
    pidfile = var / f"redis-{port}.pid"
    if not pidfile.exists():
        return
    pid = int(pidfile.read_text().strip())
    try:
        os.kill(pid, signal.SIGTERM)  # our own server, by its pid (started above with --pidfile)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)


class Worker:
    """One `celery -A portal worker` subprocess in its own process group."""

    def __init__(self, env: dict, log_dir: Path):
        self.env, self.log_dir, self.proc, self.starts = env, log_dir, None, 0

    def start(self) -> None:
        self.starts += 1
        log = open(self.log_dir / f"worker-{self.starts}.log", "wb")  # noqa: SIM115 (closed with the process)
        self.proc = subprocess.Popen(
            [CELERY, "-A", "portal", "worker", "--loglevel=WARNING", "--pool=prefork", "--concurrency=1",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"faults{self.starts}@%h"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def kill9(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
