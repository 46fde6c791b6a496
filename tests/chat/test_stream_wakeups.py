"""Chat streams under ASGI wait for a Redis pub/sub wake-up instead of polling the database.

Against a real Redis: the suite's REDIS_URL when CI sets one, else a redis-server of our own on a spare port.
The poll interval is 100 ms here: a stream that polled would read the database ~15 times in the idle
second and a half the first test watches; a woken one reads none and still gets the answer at once.
"""
import asyncio
import logging
import shutil
import socket
import subprocess
import time

import pytest
import redis
from asgiref.sync import async_to_sync
from django.test import AsyncClient, Client
from django.urls import reverse

from desk.channels.chat import stream as chat_stream
from desk.channels.chat import wakeups
from desk.conversations import services as conversations
from desk.models import Conversation
from portal.settings.env import env_str
from tests.factories.identity import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)  # on_commit must really run: it publishes the wake-up


def _spare_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url():
    url = env_str("REDIS_URL")
    if url:
        yield url
        return
    if shutil.which("redis-server") is None:
        pytest.skip("needs Redis: REDIS_URL or redis-server on the PATH")
    port = _spare_port()
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no"], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(100):
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield url
    server.terminate()
    server.wait(10)


@pytest.fixture(autouse=True)
def _slow_polls_fast_wakeups(settings, redis_url, desk_config, always_open):
    settings.REDIS_URL = redis_url
    settings.CHAT_STREAM_WAKEUPS = True
    settings.CHAT_STREAM_CHECK_MS = 100  # polling would show in the idle reads
    settings.CHAT_STREAM_HEARTBEAT = 30
    settings.CHAT_STREAM_LIFETIME = 20


@pytest.fixture
def counted_reads(monkeypatch):
    """How often streams looked in the database (the real function still runs)."""
    calls = []
    real = chat_stream.messages_since

    def counting(conversation_id, after):
        calls.append(conversation_id)
        return real(conversation_id, after)

    monkeypatch.setattr(chat_stream, "messages_since", counting)
    return calls


def _visitor_with_conversation() -> tuple[AsyncClient, Conversation]:
    client = Client()
    client.post(reverse("chat:page"), {"body": "Wanneer komt de vuilkar?"})
    conversation = Conversation.objects.latest("pk")
    browser = AsyncClient()
    browser.cookies = client.cookies
    return browser, conversation


class Reader:
    """Reads a stream in the background, as a browser does, so the server side keeps running meanwhile."""

    def __init__(self, streaming_content):
        self.stream = streaming_content
        self.seen = ""
        self.task = asyncio.get_running_loop().create_task(self._read())

    async def _read(self):
        async for chunk in self.stream:
            self.seen += chunk.decode() if isinstance(chunk, bytes) else chunk

    async def until(self, text: str, seconds: float) -> str:
        async with asyncio.timeout(seconds):
            while text not in self.seen:
                await asyncio.sleep(0.01)
        return self.seen

    async def close(self):
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)
        await self.stream.aclose()


async def _until_listening(seconds: float = 5) -> None:
    async with asyncio.timeout(seconds):
        while not wakeups.subscribed():
            await asyncio.sleep(0.02)


def test_a_stored_answer_wakes_the_stream_at_once_and_idle_streams_read_nothing(counted_reads):
    agent = UserFactory(username="bea", is_staff=True)
    first, waiting = _visitor_with_conversation()
    second, untouched = _visitor_with_conversation()
    question = waiting.messages.get()
    openings = [(first, waiting, question.pk), (second, untouched, untouched.messages.get().pk)]

    async def run():
        readers = []
        for browser, conversation, after in openings:
            response = await browser.get(reverse("chat:events", args=[conversation.pk]), {"after": after})
            readers.append(Reader(response.streaming_content))
            await readers[-1].until("retry:", 5)
        await _until_listening()
        await asyncio.sleep(0.3)  # the replays after subscribing are done
        reads_before_idle = len(counted_reads)
        await asyncio.sleep(1.5)  # both streams are being read all along, as by a browser
        idle_reads = len(counted_reads) - reads_before_idle
        began = time.monotonic()
        answer = await asyncio.to_thread(conversations.answer_conversation, waiting, actor=agent, language="nl",
                                         body="Donderdag, voor 7 uur buiten zetten.")
        received = await readers[0].until("event: message", 3)
        latency = time.monotonic() - began
        for reader in readers:
            await reader.close()
        return idle_reads, answer, received, latency

    idle_reads, answer, received, latency = async_to_sync(run)()
    assert idle_reads == 0  # open and idle: no database look-ups at all
    assert f"id: {answer.pk}\nevent: message" in received and "Wanneer komt de vuilkar?" not in received
    assert latency < 2
    assert counted_reads.count(untouched.pk) <= 2  # its opening replay (and the wake-all on subscribing) only
    assert question.pk < answer.pk


def test_while_redis_is_unreachable_streams_poll_and_messages_still_arrive(settings, caplog, counted_reads,
                                                                          monkeypatch):
    settings.REDIS_URL = f"redis://127.0.0.1:{_spare_port()}/0"  # nothing listens there
    agent = UserFactory(username="bea", is_staff=True)
    browser, conversation = _visitor_with_conversation()
    after = conversation.messages.get().pk

    async def run():
        response = await browser.get(reverse("chat:events", args=[conversation.pk]), {"after": after})
        reader = Reader(response.streaming_content)
        await reader.until("retry:", 5)
        await asyncio.sleep(0.6)
        await asyncio.to_thread(conversations.answer_conversation, conversation, actor=agent, language="nl",
                                body="Via de terugval")
        received = await reader.until("Via de terugval", 3)
        await reader.close()
        return received

    assert "event: message" in async_to_sync(run)()
    assert counted_reads.count(conversation.pk) >= 3  # it polled every 100 ms
    # A Celery worker started by an earlier test may have reconfigured logging: read the module's own logger.
    monkeypatch.setattr(wakeups.logger, "disabled", False)
    caplog.set_level(logging.WARNING, logger=wakeups.logger.name)
    wakeups.logger.addHandler(caplog.handler)
    try:
        wakeups.announce(conversation.pk)  # logged, not raised
    finally:
        wakeups.logger.removeHandler(caplog.handler)
    assert "Chat wake-up not published" in caplog.text


def test_a_message_on_the_channel_that_is_not_a_conversation_id_is_ignored(redis_url):
    hub = wakeups.Hub(redis_url)
    hub.on_message({"data": b"not-a-number"})
    hub.on_message({})
    assert hub.watches == {}
