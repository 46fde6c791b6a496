"""A small HTTP/1.1 client for push services: POST only, keep-alive pools per origin, TLS with verification.

Why not aiohttp for this one job: profiling a 100 000-subscriber crisis broadcast showed aiohttp's request
machinery costing ~250 µs of CPU per message, more than the RFC 8291 encryption itself; this client costs
~30-60 µs, which is what lets two cores reach the goal. Push services need nothing more than this: a POST
with a small body, and a status code (plus Retry-After) back. Everything it does not support is refused,
not guessed: no redirects, no proxies (set ``WEBPUSH_HTTP_CLIENT=aiohttp`` when outbound traffic must go
through one; aiohttp honours HTTPS_PROXY), no compression.

Responses may carry a Content-Length body, a chunked body, or a body up to the connection's close. A
connection is reused when the server keeps it alive; one that sat idle longer than ``IDLE_SECONDS`` is
dropped first (servers close those), and a reused connection that the server had closed before answering
is retried once on a fresh one.
"""
from __future__ import annotations

import asyncio
import ssl
import time
from collections import deque
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlsplit

IDLE_SECONDS = 15.0
MAX_HEAD = 16384
MAX_BODY = 65536
USER_AGENT = b"thuisloket-webpush/1"


class ProtocolError(Exception):
    """The server answered something that is not HTTP/1.x as we read it."""


class StaleConnection(ConnectionError):
    """A kept-alive connection was closed by the server before any answer: safe to try a fresh one."""


@dataclass(frozen=True)
class Origin:
    scheme: str
    host: str
    port: int

    @classmethod
    def of(cls, url: str) -> tuple[Origin, bytes]:
        """(origin, request target) of an http(s) URL; the origin part is parsed once per origin."""
        slash = url.find("/", url.find("://") + 3) if "://" in url else -1
        prefix, target = (url[:slash], url[slash:]) if slash > 0 else (url, "/")
        origin = _ORIGINS.get(prefix)
        if origin is None:
            parts = urlsplit(prefix)
            if parts.scheme not in {"http", "https"} or not parts.hostname or parts.username or parts.password:
                raise ValueError("not an http(s) URL")
            origin = cls(parts.scheme, parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
            if len(_ORIGINS) > 1000:
                _ORIGINS.clear()
            _ORIGINS[prefix] = origin
        return origin, target.split("#", 1)[0].encode("ascii")

    @cached_property  # per origin, not per request (the IDNA codec is slow)
    def host_header(self) -> bytes:
        default = 443 if self.scheme == "https" else 80
        host = f"[{self.host}]" if ":" in self.host else self.host
        return (host if self.port == default else f"{host}:{self.port}").encode("idna")


_ORIGINS: dict[str, Origin] = {}


class _Connection(asyncio.Protocol):
    """One TCP (or TLS) connection: one request at a time, the response parsed as it arrives."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future | None = None
        self.reused = False
        self.idle_since = 0.0
        self.closed = False
        self.got_bytes = False
        self.deadline = 0.0  # loop time by which the answer must be complete (the client's watchdog checks)
        self._reset()

    def _reset(self) -> None:
        self.status = 0
        self.headers: dict[bytes, bytes] = {}
        self.head_done = False
        self.keep_alive = True
        self.length: int | None = None
        self.chunked = False
        self.in_trailers = False
        self.until_close = False
        self.body_seen = 0

    # asyncio callbacks -------------------------------------------------------------------------------------
    def connection_made(self, transport) -> None:
        self.transport = transport

    def connection_lost(self, exc) -> None:
        self.closed = True
        if self.waiter is not None and not self.waiter.done():
            if self.head_done and self.until_close:
                self._finish()
            elif self.reused and not self.got_bytes:
                self.waiter.set_exception(StaleConnection("closed by the server before answering"))
            else:
                self.waiter.set_exception(exc or ConnectionResetError("connection closed mid-response"))

    def data_received(self, data: bytes) -> None:
        if self.waiter is None or self.waiter.done():
            self.abort()  # bytes nobody asked for: this connection cannot be trusted any more
            return
        self.got_bytes = True
        self.buffer += data
        try:
            self._parse()
        except (ProtocolError, ValueError) as exc:
            self.waiter.set_exception(ProtocolError(str(exc)))
            self.abort()

    # parsing -----------------------------------------------------------------------------------------------
    def _parse(self) -> None:
        while not self.head_done:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > MAX_HEAD:
                    raise ProtocolError("response head too large")
                return
            lines = bytes(self.buffer[:end]).split(b"\r\n")
            del self.buffer[:end + 4]
            version, _, rest = lines[0].partition(b" ")
            if not version.startswith(b"HTTP/1."):
                raise ProtocolError("not an HTTP/1.x response")
            status = int(rest[:3])
            if 100 <= status < 200:
                continue  # an interim answer (100 Continue, 103 Early Hints): the real one follows
            self.status = status
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                self.headers[name.strip().lower()] = value.strip()
            connection = self.headers.get(b"connection", b"").lower()
            self.keep_alive = (b"close" not in connection) and (version == b"HTTP/1.1" or b"keep-alive" in connection)
            if b"chunked" in self.headers.get(b"transfer-encoding", b"").lower():
                self.chunked = True
            elif b"content-length" in self.headers:
                self.length = int(self.headers[b"content-length"])
            elif status in (204, 304):
                self.length = 0
            else:
                self.until_close, self.keep_alive = True, False
            self.head_done = True
        if self.chunked:
            self._parse_chunks()
        elif self.length is not None:
            if len(self.buffer) >= self.length:
                del self.buffer[:self.length]
                self._finish()
            elif self.length > MAX_BODY:
                self.keep_alive = False  # not worth reading: answer now, drop the connection
                self._finish()
        else:  # until close: keep only a count, the body is not used
            self.body_seen += len(self.buffer)
            self.buffer.clear()
            if self.body_seen > MAX_BODY:
                self._finish()

    def _parse_chunks(self) -> None:
        while True:
            line_end = self.buffer.find(b"\r\n")
            if line_end < 0:
                if len(self.buffer) > MAX_HEAD:
                    raise ProtocolError("chunk header too large")
                return
            if self.in_trailers:  # after the last chunk: trailer lines up to an empty one
                empty = line_end == 0
                del self.buffer[:line_end + 2]
                if empty:
                    self._finish()
                    return
                continue
            size = int(bytes(self.buffer[:line_end]).split(b";", 1)[0].strip(), 16)
            if size == 0:
                del self.buffer[:line_end + 2]
                self.in_trailers = True
                continue
            if len(self.buffer) < line_end + 2 + size + 2:
                if size > MAX_BODY:
                    self.keep_alive = False  # not worth reading: answer now, drop the connection
                    self._finish()
                return
            del self.buffer[:line_end + 2 + size + 2]

    def _finish(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result((self.status, self.headers.get(b"retry-after", b"").decode("latin-1") or None))

    # use -----------------------------------------------------------------------------------------------------
    def send(self, request: bytes) -> asyncio.Future:
        self._reset()
        self.buffer.clear()
        self.got_bytes = False
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return self.waiter

    def time_out(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(TimeoutError("no answer in time"))
        self.abort()

    def abort(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.abort()


class PushClient:
    """Keep-alive connection pools per origin, at most ``limit`` connections (= requests in flight) each."""

    def __init__(self, *, limit: int = 64, timeout: float = 10.0, ssl_context: ssl.SSLContext | None = None):
        self.limit = max(1, limit)
        self.timeout = timeout
        self.ssl_context = ssl_context or ssl.create_default_context()
        self._idle: dict[Origin, deque[_Connection]] = {}
        self._slots: dict[Origin, asyncio.Semaphore] = {}
        self._all: set[_Connection] = set()
        self._watchdog: asyncio.TimerHandle | None = None

    async def post(self, url: str, body: bytes, headers: bytes) -> tuple[int, str | None]:
        """POST ``body`` with ``headers`` (ready-made ``Name: value\\r\\n`` lines); (status, Retry-After).

        Raises TimeoutError, ConnectionError/OSError (network), ProtocolError or ValueError (bad URL).
        """
        origin, target = Origin.of(url)
        request = b"".join((b"POST ", target, b" HTTP/1.1\r\nHost: ", origin.host_header,
                            b"\r\nUser-Agent: ", USER_AGENT, b"\r\n", headers,
                            b"Content-Length: ", str(len(body)).encode(), b"\r\n\r\n", body))
        slots = self._slots.get(origin)
        if slots is None:
            slots = self._slots[origin] = asyncio.Semaphore(self.limit)
        async with slots:
            for _attempt in range(2):
                connection = self._take_idle(origin) or await self._connect(origin)
                # A deadline the watchdog checks, not a timer per request: at thousands of requests a second
                # the timers' heap and cancellations were a measurable share of the client's CPU.
                connection.deadline = self._watch() + self.timeout
                try:
                    result = await connection.send(request)
                except StaleConnection:
                    self._drop(connection)
                    continue  # the server had closed it while idle: once more on a fresh one
                except BaseException:
                    self._drop(connection)
                    raise
                if connection.keep_alive and not connection.closed:
                    connection.reused, connection.idle_since = True, time.monotonic()
                    self._idle.setdefault(origin, deque()).append(connection)
                else:
                    self._drop(connection)
                return result
            raise ConnectionResetError("the push service closed two connections without answering")

    def _watch(self) -> float:
        """The loop's time now; makes sure the watchdog runs while requests are in flight."""
        loop = asyncio.get_running_loop()
        if self._watchdog is None:
            self._watchdog = loop.call_later(min(1.0, self.timeout / 4), self._time_out_late)
        return loop.time()

    def _time_out_late(self) -> None:
        """Time out the requests past their deadline (at most a quarter of the timeout late, and 1 s)."""
        self._watchdog = None
        now = asyncio.get_running_loop().time()
        waiting = [c for c in self._all if c.waiter is not None and not c.waiter.done()]
        for connection in waiting:
            if connection.deadline <= now:
                connection.time_out()
        if any(not c.waiter.done() for c in waiting):
            self._watch()

    def _take_idle(self, origin: Origin) -> _Connection | None:
        idle = self._idle.get(origin)
        now = time.monotonic()
        while idle:
            connection = idle.pop()  # the most recently used: least likely to have been closed
            if not connection.closed and now - connection.idle_since < IDLE_SECONDS:
                return connection
            self._drop(connection)
        return None

    async def _connect(self, origin: Origin) -> _Connection:
        loop = asyncio.get_running_loop()
        tls = self.ssl_context if origin.scheme == "https" else None
        _transport, connection = await asyncio.wait_for(
            loop.create_connection(_Connection, origin.host, origin.port, ssl=tls,
                                   server_hostname=origin.host if tls else None),
            min(self.timeout, 5.0))
        self._all.add(connection)
        return connection

    def _drop(self, connection: _Connection) -> None:
        connection.abort()
        self._all.discard(connection)

    async def close(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None
        for connection in list(self._all):
            if connection.transport is not None:
                connection.transport.close()
        self._all.clear()
        self._idle.clear()
        await asyncio.sleep(0)  # let the transports finish closing
