#!/usr/bin/env python3
"""Open chat streams on one ASGI process: database load while they idle, and how fast a new message shows.

    .venv/bin/python bench/streams.py [--streams 1000] [--idle 20] [--messages 100] [--modes poll,wakeups]

Needs the machine's PostgreSQL (DATABASE_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres)
and Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/9). It creates a throw-away database
``thuisloket_bench_streams``, migrates it, makes --streams open chat conversations with their visitors'
signed access cookies, and then, once per mode, starts one uvicorn process (portal.asgi, bench.settings)
with that mode:

    poll      CHAT_STREAM_WAKEUPS=0: every open stream looks in the database every CHAT_STREAM_CHECK_MS (1 s)
    wakeups   CHAT_STREAM_WAKEUPS=1: streams wait for a Redis pub/sub wake-up (desk/channels/chat/wakeups.py)

For each mode it opens every stream (aiohttp, one connection each, read as a browser reads), waits until all
answered, then measures PostgreSQL transactions per second of the bench database (pg_stat_database; each
query of the portal is one transaction) while the streams idle for --idle seconds, and then sends
--messages agent answers to random conversations (10 a second, through the real service) and times each
from just before the answer is stored until its stream delivers it. Streams live for 600 s here, so no
reconnect falls into a window; what one reconnect costs is printed apart (queries per stream opened).

Prints the machine's load at the start of each mode, a table and the goal line; writes
bench/results/streams.json.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path[0] = str(ROOT)

from bench.local_http import BIN, HOST, BenchError, free_port, tail  # noqa: E402  (after the sys.path fix)

DB_NAME = "thuisloket_bench_streams"
RESULTS = ROOT / "bench" / "results" / "streams.json"
GOAL_P95_SECONDS = 1.0


def say(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def admin_url() -> str:
    return os.environ.get("DATABASE_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def bench_env(var_dir: Path) -> dict[str, str]:
    base = admin_url().rsplit("/", 1)[0]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CELERY_", "CHAT_"))}
    env.update(
        THUISLOKET_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="bench.settings", PYTHONUNBUFFERED="1",
        PYTHONPATH=str(ROOT), DATABASE_URL=f"{base}/{DB_NAME}",
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
        CHAT_OPENING_HOURS="always", CHAT_STREAM_LIFETIME="600", CHAT_STREAM_HEARTBEAT="15",
        CHAT_STREAM_CHECK_MS="1000",
    )
    return env


def prepare_database(env: dict[str, str]) -> None:
    import psycopg

    with psycopg.connect(admin_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    say("migrating the throw-away database")
    subprocess.run([str(BIN / "python"), "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                   check=True)


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def make_conversations(count: int) -> tuple[list[tuple[int, str, int]], object]:
    """``count`` open chat conversations, each with its visitor's signed cookie and first message id."""
    from django.core import signing
    from django.utils import timezone

    from common.tokens import hash_token
    from desk.channels.chat import access
    from desk.conversations.models import Conversation, ConversationMessage
    from desk.states import Channel
    from identity.models import User

    agent, _ = User.objects.get_or_create(username="bench-agent", defaults={"is_staff": True})
    signer = signing.get_cookie_signer(salt=access.COOKIE_NAME + access.COOKIE_SALT)
    rows = []
    now = timezone.now()
    for _ in range(count):
        token = access.new_token()
        conversation = Conversation.objects.create(channel=Channel.CHAT, access_token_hash=hash_token(token),
                                                   state=Conversation.State.OPEN, language="nl",
                                                   created_at=now, last_message_at=now)
        first = ConversationMessage.objects.create(conversation=conversation, body="Hallo?", created_at=now,
                                                   direction=ConversationMessage.Direction.IN,
                                                   channel=Channel.CHAT)
        rows.append((conversation.pk, signer.sign(token), first.pk))
    return rows, agent


def transactions() -> int:
    import psycopg

    with psycopg.connect(admin_url(), autocommit=True) as conn:
        row = conn.execute("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s",
                           (DB_NAME,)).fetchone()
    return int(row[0])


def start_uvicorn(env: dict[str, str], port: int, log_path: Path) -> subprocess.Popen:
    cmd = [str(BIN / "uvicorn"), "portal.asgi:application", "--host", HOST, "--port", str(port),
           "--no-access-log", "--log-level", "warning", "--timeout-keep-alive", "650"]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log_path.open("wb"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def wait_until_listening(server: subprocess.Popen, port: int, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"uvicorn stopped:\n{tail(log)}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise BenchError(f"uvicorn did not listen within {seconds} s:\n{tail(log)}")


class Stream:
    """One visitor's open stream, read line by line; remembers when each message id arrived."""

    def __init__(self, pk: int, cookie: str, after: int):
        self.pk, self.cookie, self.after = pk, cookie, after
        self.opened = asyncio.Event()
        self.arrived: dict[int, float] = {}
        self.error = ""

    async def run(self, session, port: int) -> None:
        try:
            await self._read(session, port)
        except Exception as exc:  # noqa: BLE001  (reported after the opening; the bench stops then)
            self.error = f"{type(exc).__name__}: {exc}"
            self.opened.set()

    async def _read(self, session, port: int) -> None:
        import aiohttp

        url = f"http://{HOST}:{port}/chat/gesprek/{self.pk}/stroom/?after={self.after}"
        async with session.get(url, headers={"Cookie": f"thuisloket_chat={self.cookie}"},
                               timeout=aiohttp.ClientTimeout(total=None, sock_read=None)) as response:
            if response.status != 200:
                raise BenchError(f"stream {self.pk} answered {response.status}")
            async for raw in response.content:
                line = raw.decode()
                if line.startswith("retry:"):
                    self.opened.set()
                elif line.startswith("id: "):
                    self.arrived[int(line[4:])] = time.monotonic()


async def measure_mode(mode: str, env: dict[str, str], rows, agent, opts, var_dir: Path) -> dict:
    import aiohttp
    from asgiref.sync import sync_to_async

    from desk.conversations import services as conversations
    from desk.conversations.models import Conversation

    port = free_port()
    log = var_dir / f"uvicorn-{mode}.log"
    server = start_uvicorn({**env, "CHAT_STREAM_WAKEUPS": "1" if mode == "wakeups" else "0"}, port, log)
    load = os.getloadavg()
    say(f"{mode}: uvicorn on :{port}, load at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    streams = [Stream(pk, cookie, after) for pk, cookie, after in rows]
    tasks: list[asyncio.Task] = []
    try:
        await asyncio.to_thread(wait_until_listening, server, port, log)
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as session:
            before_open = transactions()
            began = time.monotonic()
            for index, stream in enumerate(streams):
                tasks.append(asyncio.create_task(stream.run(session, port)))
                if index % 50 == 49:
                    await asyncio.gather(*(s.opened.wait() for s in streams[index - 49:index + 1]))
            async with asyncio.timeout(120):
                await asyncio.gather(*(s.opened.wait() for s in streams))
            open_seconds = time.monotonic() - began
            failed = [s.error for s in streams if s.error]
            if failed:
                raise BenchError(f"{len(failed)} streams failed to open, e.g. {failed[0]}\n{tail(log)}")
            say(f"{mode}: {len(streams)} streams open in {open_seconds:.1f} s")
            await asyncio.sleep(11)  # PostgreSQL flushes an idle backend's counters within 10 s
            after_open = transactions()
            await asyncio.sleep(opts.idle)
            idle_tps = (transactions() - after_open) / opts.idle
            say(f"{mode}: idle {idle_tps:.1f} transactions/s")

            latencies, missing = [], 0
            by_pk = {stream.pk: stream for stream in streams}
            pks = list(by_pk)
            conversation_of = {c.pk: c for c in await sync_to_async(list)(Conversation.objects.filter(pk__in=pks))}
            sent = []
            for number in range(opts.messages):
                pk = random.choice(pks)
                started = time.monotonic()
                message = await asyncio.to_thread(conversations.answer_conversation, conversation_of[pk],
                                                  actor=agent, body=f"Antwoord {number}", language="nl")
                sent.append((pk, message.pk, started))
                await asyncio.sleep(max(0.0, 0.1 - (time.monotonic() - started)))
            await asyncio.sleep(3)
            for pk, message_pk, started in sent:
                arrived = by_pk[pk].arrived.get(message_pk)
                if arrived is None:
                    missing += 1
                else:
                    latencies.append(arrived - started)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    latencies.sort()
    return {
        "mode": mode, "streams": len(streams), "load_at_start": [round(x, 2) for x in load],
        "open_seconds": round(open_seconds, 1),
        "transactions_per_stream_opened": round((after_open - before_open) / len(streams), 2),
        "idle_transactions_per_second": round(idle_tps, 1), "messages": opts.messages, "missing": missing,
        "p50_seconds": round(statistics.median(latencies), 3) if latencies else None,
        "p95_seconds": round(latencies[int(0.95 * (len(latencies) - 1))], 3) if latencies else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--idle", type=float, default=20)
    parser.add_argument("--messages", type=int, default=100)
    parser.add_argument("--modes", default="poll,wakeups")
    opts = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 4 * opts.streams + 1024)), hard))
    with tempfile.TemporaryDirectory(prefix="thuisloket-bench-streams-") as tmp:
        var_dir = Path(tmp)
        env = bench_env(var_dir)
        prepare_database(env)
        django_setup(env)
        rows, agent = make_conversations(opts.streams)
        results = [asyncio.run(measure_mode(mode, env, rows, agent, opts, var_dir))
                   for mode in opts.modes.split(",")]
    print(f"\n{'mode':<9} {'streams':>7} {'idle tx/s':>10} {'tx/open':>8} {'p50 s':>7} {'p95 s':>7} {'missing':>8}")
    for r in results:
        print(f"{r['mode']:<9} {r['streams']:>7} {r['idle_transactions_per_second']:>10} "
              f"{r['transactions_per_stream_opened']:>8} {r['p50_seconds']:>7} {r['p95_seconds']:>7} {r['missing']:>8}")
    woken = next((r for r in results if r["mode"] == "wakeups"), None)
    if woken is not None:
        met = (woken["idle_transactions_per_second"] < 1 and woken["missing"] == 0
               and woken["p95_seconds"] is not None and woken["p95_seconds"] < GOAL_P95_SECONDS)
        print(f"GOAL {opts.streams} open streams on one ASGI process: idle database load independent of open "
              f"streams (< 1 transaction/s), new message p95 < {GOAL_P95_SECONDS} s: "
              f"{'MET' if met else 'NOT MET'} (idle {woken['idle_transactions_per_second']} tx/s, "
              f"p95 {woken['p95_seconds']} s)")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"results": results, "options": vars(opts)}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        print(f"[bench] {exc}", file=sys.stderr)
        sys.exit(2)
