"""Server-Sent Events for the chat: new messages pushed to the visitor's and the agent's page.

One stream per open chat page. It replays what came after the browser's ``Last-Event-ID`` (or
``?after=``) from the database, then looks for new messages when woken (wakeups.py: Redis pub/sub; without
Redis and under WSGI every CHAT_STREAM_CHECK_MS), sends a comment
every CHAT_STREAM_HEARTBEAT seconds (so proxies keep the connection), and ends after CHAT_STREAM_LIFETIME
seconds: the browser reconnects by itself after ``retry`` and resumes after the last id it got.

Under ASGI (uvicorn, daphne) the stream is an async generator: waiting costs no worker, only the request's
own (idle) thread for its database look-ups. Under WSGI (``runserver``, gunicorn, the test live server)
Django would buffer an async generator until it ends, so the same loop runs as a plain generator there,
holding one worker thread for at most the lifetime: in production, serve the stream addresses on ASGI.
Database connections are closed by Django's request_finished when the response ends, as for any request.
"""
from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django import db
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.http import StreamingHttpResponse
from django.utils import translation

from common.parsing import parse_id
from desk.channels.chat import render, wakeups
from desk.channels.chat.selectors import messages_since
from desk.channels.chat.services import mark_seen

RETRY_MS = 3000  # the browser waits this long before it reconnects


@dataclass(frozen=True)
class StreamSpec:
    conversation_id: int
    after: int
    viewer: str  # render.RESIDENT or render.STAFF
    language: str


def start_id(request) -> int:
    """Where to resume: the browser's Last-Event-ID on a reconnect, else ``?after=`` from the page."""
    for value in (request.headers.get("Last-Event-ID"), request.GET.get("after")):
        number = parse_id(value)
        if number is not None:
            return number
    return 0


def _batch(spec: StreamSpec, after: int) -> tuple[list[str], int]:
    """The events for messages after ``after`` and the new last id (a visitor's answers count as seen)."""
    with translation.override(spec.language):
        found = messages_since(spec.conversation_id, after)
        if spec.viewer == render.RESIDENT:
            mark_seen(spec.conversation_id, found)
        return [render.sse_event(message, spec.viewer) for message in found], (found[-1].pk if found else after)


def _batch_and_release(spec: StreamSpec, after: int) -> tuple[list[str], int]:
    """``_batch``, then the database connection goes back. Under ASGI each request's sync code runs in a
    thread of its own for the request's whole life, so an open stream would otherwise keep one PostgreSQL
    connection for up to CHAT_STREAM_LIFETIME: 100 open chats exhausted max_connections (bench/streams.py)."""
    try:
        return _batch(spec, after)
    finally:
        release_connection()


def release_connection() -> None:
    """Close this thread's database connection (with a connection pool: give it back); never inside a
    transaction (a test's, for instance)."""
    if not db.connection.in_atomic_block:
        db.connection.close()


_database_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary())


def database_slot() -> asyncio.Semaphore:
    """At most CHAT_STREAM_DB_CONNECTIONS streams of this process read at once. Each stream's reads run in a
    thread of their own (Django's per-request thread under ASGI), so without a bound a wake-up of many
    streams at once (a Redis reconnect wakes all) opens that many connections: at 1 000 open polling streams
    PostgreSQL refused with "too many clients" (bench/streams.py)."""
    return _database_slots.setdefault(asyncio.get_running_loop(),
                                      asyncio.Semaphore(max(1, settings.CHAT_STREAM_DB_CONNECTIONS)))


def _timings() -> tuple[float, float, float]:
    return (float(settings.CHAT_STREAM_LIFETIME), float(settings.CHAT_STREAM_HEARTBEAT),
            max(0.05, settings.CHAT_STREAM_CHECK_MS / 1000))


OPENING = f"retry: {RETRY_MS}\n: {' ' * 2048}\n\n"  # padding: some proxies hold back the first 2 KB


def sync_events(spec: StreamSpec) -> Iterator[str]:
    lifetime, heartbeat, check = _timings()
    began = time.monotonic()
    beat = began + heartbeat
    after = spec.after
    yield OPENING
    while time.monotonic() - began < lifetime:
        events, after = _batch(spec, after)
        yield from events
        if time.monotonic() >= beat:
            beat += heartbeat
            yield ": keepalive\n\n"
        time.sleep(check)


async def async_events(spec: StreamSpec) -> AsyncIterator[str]:
    """Looks in the database only when woken (a message for this conversation was stored) or, without
    Redis, every CHAT_STREAM_CHECK_MS; otherwise it only sends heartbeats until its lifetime ends."""
    lifetime, heartbeat, _check = _timings()
    loop = asyncio.get_running_loop()
    began = loop.time()
    end, beat = began + lifetime, began + heartbeat
    after = spec.after
    batch = sync_to_async(_batch_and_release)
    await sync_to_async(release_connection)()  # the view's access check used it; the stream may idle long
    with wakeups.watch(spec.conversation_id) as watch:
        yield OPENING
        while loop.time() < end:
            if watch.take():
                async with database_slot():
                    events, after = await batch(spec, after)
                for event in events:
                    yield event
            if loop.time() >= beat:
                beat += heartbeat
                yield ": keepalive\n\n"
            await watch.wait(min(beat, end) - loop.time())


def event_stream_response(request, spec: StreamSpec) -> StreamingHttpResponse:
    """``text/event-stream`` for this request's server: async under ASGI, a plain generator under WSGI."""
    events = async_events(spec) if isinstance(request, ASGIRequest) else sync_events(spec)
    response = StreamingHttpResponse(events, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass events on at once
    return response
