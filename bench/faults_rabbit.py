"""The broker bench/faults.py stops: its own redis-server, or (--broker rabbitmq) its own RabbitMQ node.

The RabbitMQ node is started from /usr/lib/rabbitmq/bin directly (Debian's /usr/sbin wrapper switches to the
rabbitmq user and its cookie), as this user, with its own node name, ports, data, logs and Erlang cookie
(HOME) under the run's temporary directory; never the machine's node on 5672.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from bench.faults_processes import redis_server, redis_stop

RABBIT_BIN = Path("/usr/lib/rabbitmq/bin")


def amqp_answers(url: str) -> bool:
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=1) as conn:
            conn.ensure_connection(max_retries=0)
        return True
    except Exception:
        return False


def amqp_queue_empty(url: str) -> bool:
    """No message waits in Celery's default queue "celery" (unacked ones, held by the worker, do not count)."""
    from amqp.exceptions import NotFound
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=1) as conn:
            try:
                _, count, _ = conn.channel().queue_declare("celery", passive=True)
            except NotFound:
                return True
            return count == 0
    except Exception:
        return False


class RabbitNode:
    """Our own RabbitMQ node: stop() stops the whole node (the Erlang VM), start() starts it on its data again."""

    def __init__(self, port: int, var: Path):
        self.port, self.base = port, var / "rabbitmq"
        self.node = f"faults{port}@localhost"
        self.url = f"amqp://guest:guest@127.0.0.1:{port}//"
        home = self.base / "home"
        home.mkdir(parents=True, exist_ok=True)
        (self.base / "enabled_plugins").write_text("[].\n")
        # Our own config file: the machine's /etc/rabbitmq/rabbitmq.conf would put the listener on 5672.
        (self.base / "rabbitmq.conf").write_text(f"listeners.tcp.default = 127.0.0.1:{port}\n")
        self.env = {**os.environ, "HOME": str(home), "RABBITMQ_NODENAME": self.node,
                    "RABBITMQ_NODE_PORT": str(port),
                    "RABBITMQ_DIST_PORT": str(port + 20000), "RABBITMQ_MNESIA_BASE": str(self.base / "mnesia"),
                    "RABBITMQ_LOG_BASE": str(self.base / "log"),
                    "RABBITMQ_CONFIG_FILE": str(self.base / "rabbitmq.conf"),
                    "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.base / "enabled_plugins")}
        self.running = False

    def ctl(self, *command: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run([str(RABBIT_BIN / "rabbitmqctl"), "-n", self.node, *command], env=self.env,
                              cwd=self.base, capture_output=True, text=True, timeout=timeout)

    def start(self) -> None:
        subprocess.run([str(RABBIT_BIN / "rabbitmq-server"), "-detached"], env=self.env, cwd=self.base, check=True)
        self.running = True
        deadline = time.monotonic() + 120
        while not amqp_answers(self.url):
            if time.monotonic() > deadline:
                raise SystemExit(f"our RabbitMQ node {self.node} did not start; see {self.base / 'log'}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.running:
            self.ctl("stop")  # waits until the node's VM has exited
            self.running = False


class Broker:
    """What scenario broker stops and starts again: label, url, stop(), start()."""

    def __init__(self, kind: str, args, var: Path):
        self.kind, self.var, self.port = kind, var, args.redis_port
        self.node = RabbitNode(args.rabbit_port, var) if kind == "rabbitmq" else None
        self.url = self.node.url if self.node else f"redis://127.0.0.1:{args.redis_port}/0"
        self.label = (f"own RabbitMQ node {self.node.node} on {args.rabbit_port}" if self.node
                      else f"own redis-server on {args.redis_port}")

    def check_free(self) -> None:
        if self.node and shutil.which(str(RABBIT_BIN / "rabbitmq-server")) is None:
            raise SystemExit(f"--broker rabbitmq needs {RABBIT_BIN / 'rabbitmq-server'} (Debian's rabbitmq-server)")
        if self.node and amqp_answers(self.url):
            raise SystemExit(f"something already answers on port {self.node.port}; choose another --rabbit-port")

    def stop(self) -> None:
        self.node.stop() if self.node else redis_stop(self.port, self.var)

    def start(self) -> None:
        """Redis comes back empty (no persistence); RabbitMQ on its data: its durable queue "celery" is kept."""
        self.node.start() if self.node else redis_server(self.port, self.var)
