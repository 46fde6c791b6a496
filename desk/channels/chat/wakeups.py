"""Wake open chat streams when a message is stored, so that an idle open stream costs the database nothing.

Polling, every open stream asked the database for news every CHAT_STREAM_CHECK_MS: 1 000 open chats were
about 1 000 queries a second (bench/streams.py). With Redis (REDIS_URL), each web process holds one pub/sub
subscription instead; storing a message publishes its conversation id after the commit, and only the
streams of that conversation look in the database. Without Redis (the quick start) streams poll as before.

Pub/sub keeps nothing for a subscriber that is away, so:
* while the subscription is down, streams poll at CHAT_STREAM_CHECK_MS; when it is back, every stream of
  the process looks once (``wake_all``), which catches what was published meanwhile;
* a publish that fails (Redis down at that moment) is logged; the stream catches up at its next reconnect
  at the latest (CHAT_STREAM_LIFETIME), as the browser resumes after its Last-Event-ID.
"""
from __future__ import annotations

import asyncio
import functools
import logging
import weakref
from collections import defaultdict

import redis
import redis.asyncio
from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

CHANNEL = "thuisloket:chat:new-message"
RECONNECT_SECONDS = 1.0


def enabled() -> bool:
    """Streams wait for wake-ups (Redis pub/sub) instead of polling: when Redis is configured."""
    return bool(settings.REDIS_URL) and settings.CHAT_STREAM_WAKEUPS


@functools.cache
def _publisher(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)


def announce(conversation_id: int) -> None:
    """Tell every web process's streams of ``conversation_id`` to look (call after the commit)."""
    if not enabled():
        return
    try:
        _publisher(settings.REDIS_URL).publish(CHANNEL, str(conversation_id))
    except redis.RedisError as exc:
        logger.warning("Chat wake-up not published (%s); its streams catch up when they reconnect",
                       type(exc).__name__)


class Watch:
    """One stream's interest in one conversation: set when it should look in the database again.

    Without a hub (no Redis) it is a poll: every CHAT_STREAM_CHECK_MS counts as a wake-up.
    """

    def __init__(self, hub: Hub | None, conversation_id: int):
        self.hub = hub
        self.conversation_id = conversation_id
        self.event = asyncio.Event()
        self.event.set()  # look once at the start

    def __enter__(self) -> Watch:
        if self.hub is not None:
            self.hub.watches[self.conversation_id].add(self)
            self.hub.start()
        return self

    def __exit__(self, *exc_info) -> None:
        if self.hub is None:
            return
        watches = self.hub.watches.get(self.conversation_id)
        if watches is not None:
            watches.discard(self)
            if not watches:
                del self.hub.watches[self.conversation_id]

    def take(self) -> bool:
        """Whether there may be news; clears the flag *before* the stream reads, so nothing slips between."""
        due = self.event.is_set()
        self.event.clear()
        return due

    async def wait(self, seconds: float) -> None:
        """Until a wake-up or ``seconds``. While the hub is not subscribed (no Redis, starting, reconnecting)
        the wait is at most one poll interval and its end counts as a wake-up; a wake-up still ends it early."""
        polling = self.hub is None or not self.hub.listening
        if polling:
            seconds = min(seconds, max(0.05, settings.CHAT_STREAM_CHECK_MS / 1000))
        try:
            await asyncio.wait_for(self.event.wait(), timeout=max(seconds, 0))
        except TimeoutError:
            if polling:
                self.event.set()


class Hub:
    """The process's (event loop's) one subscription, and the open streams waiting on it."""

    def __init__(self, url: str):
        self.url = url
        self.watches: dict[int, set[Watch]] = defaultdict(set)
        self.listening = False
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._listen(), name="chat-wakeups")

    def wake(self, conversation_id: int) -> None:
        for watch in self.watches.get(conversation_id, ()):
            watch.event.set()

    def wake_all(self) -> None:
        for watches in self.watches.values():
            for watch in watches:
                watch.event.set()

    async def _listen(self) -> None:
        while True:
            client = redis.asyncio.Redis.from_url(self.url, socket_connect_timeout=1)
            try:
                async with client.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    self.listening = True
                    self.wake_all()  # what was published while we were not subscribed
                    async for message in pubsub.listen():
                        self.on_message(message)
            except (redis.RedisError, OSError) as exc:
                logger.warning("Chat wake-ups lost their Redis subscription (%s); streams poll meanwhile",
                               type(exc).__name__)
            finally:
                self.listening = False
                await client.aclose()
            self.wake_all()
            await asyncio.sleep(RECONNECT_SECONDS)

    def on_message(self, message: dict) -> None:
        try:
            conversation_id = int(message["data"])
        except (KeyError, TypeError, ValueError):
            return  # not ours: someone else published on the channel
        self.wake(conversation_id)


_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = weakref.WeakKeyDictionary()


def watch(conversation_id: int) -> Watch:
    """A stream's wake-up flag for ``conversation_id``, on this event loop's hub (use as a context manager)."""
    if not enabled():
        return Watch(None, conversation_id)
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None or hub.url != settings.REDIS_URL:
        hub = _hubs[loop] = Hub(settings.REDIS_URL)
    return Watch(hub, conversation_id)


def subscribed() -> bool:
    """Whether this event loop's hub holds its Redis subscription (streams wait rather than poll)."""
    hub = _hubs.get(asyncio.get_running_loop())
    return hub is not None and hub.listening


def announce_new_messages(sender, instance, created: bool, **kwargs) -> None:
    """post_save of ConversationMessage: wake the conversation's streams once the message is committed."""
    if created and enabled():
        transaction.on_commit(functools.partial(announce, instance.conversation_id))
