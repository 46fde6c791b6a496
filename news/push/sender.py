"""Sending one encrypted message to many subscriptions at once (no database access in here).

``encryption.encrypt`` does the RFC 8291 encryption (aes128gcm); the HTTP part is ours, on one
pooled keep-alive client per worker thread (``transport.PushClient``, or aiohttp where a proxy is needed:
``WEBPUSH_HTTP_CLIENT``), with a bound on requests in flight.
Every subscription's outcome is sorted into delivered / gone / retry / failed; no exception from one
subscription reaches the others or the worker.
"""
from __future__ import annotations

import asyncio
import base64
import email.utils
import logging
import os
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

import aiohttp
import yarl

from . import encryption, transport, vapid

logger = logging.getLogger(__name__)

DELIVERED = {200, 201, 202}
GONE = {404, 410}
RETRYABLE = {408, 425, 429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 3600.0


class Target(NamedTuple):  # a tuple, not a frozen dataclass: a million are made per crisis broadcast
    id: int
    endpoint: str
    p256dh: str
    auth: str
    language: str


def _b64decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


@dataclass
class Outcome:
    delivered: list[int] = field(default_factory=list)
    gone: list[int] = field(default_factory=list)
    retry: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)  # "500", "timeout", "403", ... → count (no endpoints)
    retry_after: float = 0.0  # the longest Retry-After a push service asked for, in seconds

    def summary(self) -> str:
        return ", ".join(f"{name} ×{count}" for name, count in self.errors.most_common(6))[:300]


def parse_retry_after(value: str | None, *, now: float | None = None) -> float:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); 0 when absent or unreadable."""
    if not value:
        return 0.0
    value = value.strip()
    if value.isascii() and value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return 0.0
    return max(0.0, min(when - (time.time() if now is None else now), MAX_RETRY_AFTER))


class Headers:
    """The request headers shared by every message to one push-service origin, in both forms the clients use."""

    def __init__(self, values: dict[str, str]):
        self.values = values
        self.raw = "".join(f"{name}: {value}\r\n" for name, value in values.items()).encode("latin-1")


class AiohttpClient:
    """The same interface on aiohttp: for networks where outbound HTTPS must use a proxy (HTTPS_PROXY)."""

    def __init__(self, *, limit: int, timeout: float):
        connector = aiohttp.TCPConnector(limit=limit, limit_per_host=limit, keepalive_timeout=15)
        # No cookies: push services must not be able to tie requests together through us.
        self.session = aiohttp.ClientSession(
            connector=connector, cookie_jar=aiohttp.DummyCookieJar(), auto_decompress=False, trust_env=True,
            timeout=aiohttp.ClientTimeout(total=timeout, connect=min(timeout, 5.0)))

    async def post(self, url: str, body: bytes, headers: Headers) -> tuple[int, str | None]:
        async with self.session.post(yarl.URL(url, encoded=True), data=body, headers=headers.values,
                                     allow_redirects=False) as response:
            await response.read()  # frees the connection for the next request (keep-alive)
            return response.status, response.headers.get("Retry-After")

    async def close(self) -> None:
        await self.session.close()


class FastClient:
    """``transport.PushClient`` (the default; see there why)."""

    def __init__(self, *, limit: int, timeout: float):
        self.client = transport.PushClient(limit=limit, timeout=timeout)

    async def post(self, url: str, body: bytes, headers: Headers) -> tuple[int, str | None]:
        return await self.client.post(url, body, headers.raw)

    async def close(self) -> None:
        await self.client.close()


CLIENTS = {"fast": FastClient, "aiohttp": AiohttpClient}


class _ThreadState(threading.local):
    loop: asyncio.AbstractEventLoop | None = None
    client: FastClient | AiohttpClient | None = None
    key: tuple = ()


_state = _ThreadState()


def _loop_and_client(kind: str, limit: int, timeout: float):
    """One event loop and one connection pool per worker thread, reused by every batch it sends (keep-alive
    across batches). A prefork child inherits nothing usable from its parent, hence the pid in the key."""
    key = (os.getpid(), kind, limit, timeout)
    if _state.loop is None or _state.key != key or _state.loop.is_closed():
        if _state.key and _state.key[0] == os.getpid():
            close()
        _state.loop = asyncio.new_event_loop()
        _state.key = key

        async def make():
            return CLIENTS[kind](limit=limit, timeout=timeout)

        _state.client = _state.loop.run_until_complete(make())
    return _state.loop, _state.client


def close() -> None:
    """Close this thread's pool and loop (tests; a worker simply exits)."""
    loop, client = _state.loop, _state.client
    _state.loop = _state.client = None
    _state.key = ()
    if loop is None or loop.is_closed():
        return
    if client is not None:
        loop.run_until_complete(client.close())
    loop.close()


def send(targets: list[Target], *, payloads: dict[str, bytes], ttl: int, urgency: str, topic: str,
         concurrency: int = 64, timeout: float = 10.0, client: str = "fast") -> Outcome:
    """Encrypt ``payloads[target.language]`` (falling back to "nl") for every target and POST it.

    ``topic`` is the RFC 8030 Topic header (at most 32 base64url characters): a newer message with the same
    topic replaces one the push service still holds for an offline device.
    """
    outcome = Outcome()
    if not targets:
        return outcome
    base_headers = {"TTL": str(int(ttl)), "Urgency": urgency, "Content-Type": "application/octet-stream",
                    "Content-Encoding": "aes128gcm"}
    if topic:
        base_headers["Topic"] = topic
    # One header set per push-service origin (the VAPID token is per origin), shared by its messages.
    headers_by_origin: dict[str, Headers] = {}
    jobs = []
    for target in targets:
        slash = target.endpoint.find("/", 8)  # "https://host:port/..." → "https://host:port", no urlsplit
        origin = target.endpoint[:slash] if slash > 0 else target.endpoint
        headers = headers_by_origin.get(origin)
        if headers is None:
            headers = headers_by_origin[origin] = Headers(
                {**base_headers, "Authorization": vapid.authorization_header(target.endpoint)})
        jobs.append((target, headers))
    loop, http = _loop_and_client(client, max(1, concurrency), float(timeout))
    loop.run_until_complete(_send_all(http, jobs, payloads=payloads, concurrency=concurrency, outcome=outcome))
    return outcome


async def _send_all(http, jobs, *, payloads, concurrency, outcome: Outcome) -> None:
    queue = iter(jobs)

    async def worker() -> None:
        # A fixed set of workers pulling from one iterator: no 1000 pending coroutines, and encryption
        # (CPU) interleaves with waiting for answers.
        for target, headers in queue:
            await _send_one(http, target, headers, payloads, outcome)

    await asyncio.gather(*(worker() for _ in range(min(concurrency, len(jobs)))))


async def _send_one(http, target: Target, headers: Headers, payloads, outcome: Outcome) -> None:
    try:
        data = payloads.get(target.language) or payloads["nl"]
        body = encryption.encrypt(data, _b64decode(target.p256dh), _b64decode(target.auth))
    except Exception as exc:  # a malformed key stored before validation existed: this one fails, no others
        outcome.failed.append(target.id)
        outcome.errors[f"encrypt:{type(exc).__name__}"] += 1
        return
    try:
        status, retry_after = await http.post(target.endpoint, body, headers)
    except TimeoutError:  # asyncio.TimeoutError is TimeoutError since 3.11
        outcome.retry.append(target.id)
        outcome.errors["timeout"] += 1
        return
    except (aiohttp.ClientError, OSError, transport.ProtocolError) as exc:
        outcome.retry.append(target.id)
        outcome.errors[f"network:{type(exc).__name__}"] += 1
        return
    except Exception as exc:  # anything else is still this subscription's problem only
        outcome.failed.append(target.id)
        outcome.errors[f"error:{type(exc).__name__}"] += 1
        return
    if status in DELIVERED:
        outcome.delivered.append(target.id)
        return
    outcome.errors[str(status)] += 1
    if status in GONE:
        outcome.gone.append(target.id)
    elif status in RETRYABLE:
        outcome.retry.append(target.id)
        outcome.retry_after = max(outcome.retry_after, parse_retry_after(retry_after))
    else:  # 400 bad request, 401/403 VAPID refused, 413 too large: trying again will not help
        outcome.failed.append(target.id)
