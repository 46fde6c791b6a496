"""Server-Sent Events of the chat: read in-process with Django's AsyncClient (ASGI: an async generator) and
its test Client (WSGI: the same loop as a plain generator, so it is not buffered until the end)."""
import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.test import AsyncClient, Client
from django.urls import reverse

from desk.channels.chat.services import SEEN, post_visitor_message
from desk.conversations import services as conversations
from desk.models import Conversation
from tests.factories.identity import UserFactory

from .conftest import staff_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_streams(desk_config, always_open, settings):
    settings.CHAT_STREAM_WAKEUPS = False  # these tests read polling streams; test_stream_wakeups.py the wake-ups
    settings.CHAT_STREAM_CHECK_MS = 50
    settings.CHAT_STREAM_HEARTBEAT = 1
    settings.CHAT_STREAM_LIFETIME = 3


@pytest.fixture
def agent(db):
    return UserFactory(username="bea", is_staff=True, first_name="Bea", last_name="Balie")


def visitor_with_conversation() -> tuple[Client, Conversation]:
    client = Client()
    client.post(reverse("chat:page"), {"body": "Wanneer komt de vuilkar?"})
    return client, Conversation.objects.get()


def as_async(client: Client) -> AsyncClient:
    browser = AsyncClient()
    browser.cookies = client.cookies
    return browser


async def read_until(stream, text: str, limit: int = 200) -> str:
    seen = ""
    for _ in range(limit):
        chunk = await anext(stream)
        seen += chunk.decode() if isinstance(chunk, bytes) else chunk
        if text in seen:
            return seen
    raise AssertionError(f"{text!r} did not come: {seen!r}")


def test_an_agents_reply_written_while_the_stream_is_open_comes_out_as_an_event(agent):
    client, conversation = visitor_with_conversation()
    question = conversation.messages.get()

    async def run():
        response = await as_async(client).get(reverse("chat:events", args=[conversation.pk]),
                                              {"after": question.pk})
        assert response.status_code == 200 and response.is_async
        assert response["Content-Type"] == "text/event-stream; charset=utf-8"
        assert "no-store" in response["Cache-Control"] and response["X-Accel-Buffering"] == "no"
        stream = response.streaming_content
        assert "retry: 3000" in await read_until(stream, "retry:")
        answer = await sync_to_async(conversations.answer_conversation)(conversation, actor=agent, language="nl",
                                                                body="Donderdag, voor 7 uur buiten zetten.")
        received = await read_until(stream, "event: message")
        await stream.aclose()
        return answer, received

    answer, received = async_to_sync(run)()
    assert f"id: {answer.pk}\nevent: message\ndata: " in received
    assert "Donderdag, voor 7 uur buiten zetten." in received
    assert "Nieuw bericht van de medewerker" in received
    assert "Wanneer komt de vuilkar?" not in received  # only what came after ?after=
    answer.refresh_from_db()
    assert answer.status == SEEN


def test_a_reconnecting_browser_gets_what_it_missed_after_its_last_event_id(agent):
    client, conversation = visitor_with_conversation()
    question = conversation.messages.get()
    first = conversations.answer_conversation(conversation, actor=agent, body="Eerste antwoord", language="nl")
    second = conversations.answer_conversation(conversation, actor=agent, body="Tweede antwoord", language="nl")

    async def read_all(last_event_id):
        response = await as_async(client).get(reverse("chat:events", args=[conversation.pk]),
                                              {"after": question.pk}, headers={"Last-Event-ID": str(last_event_id)})
        return "".join([chunk.decode() async for chunk in response.streaming_content])

    replay = async_to_sync(read_all)(first.pk)
    assert f"id: {second.pk}\n" in replay and f"id: {first.pk}\n" not in replay
    assert replay.count("event: message") == 1
    assert ": keepalive" in replay  # heartbeats while nothing happens; then the stream ends (lifetime)
    assert async_to_sync(read_all)(second.pk).count("event: message") == 0


def test_under_wsgi_the_stream_is_a_plain_generator_that_ends_by_itself(agent):
    client, conversation = visitor_with_conversation()
    answer = conversations.answer_conversation(conversation, actor=agent, body="Via WSGI", language="nl")
    response = client.get(reverse("chat:events", args=[conversation.pk]))
    assert response.streaming and not response.is_async
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("retry: 3000")
    assert f"id: {answer.pk}\nevent: message" in body and "Via WSGI" in body


def test_a_stranger_gets_no_stream():
    _client, conversation = visitor_with_conversation()
    assert Client().get(reverse("chat:events", args=[conversation.pk])).status_code == 404


def test_the_agents_stream_brings_the_residents_new_messages_and_respects_departments(client, settings):
    _visitor, conversation = visitor_with_conversation()
    staff_client(client, "bea")
    url = reverse("chat_staff:events", args=[conversation.pk])
    last = conversation.messages.get()

    async def run():
        response = await as_async(client).get(url, {"after": last.pk})
        stream = response.streaming_content
        await read_until(stream, "retry:")
        await sync_to_async(post_visitor_message)(conversation=conversation, body="Is er nog iemand?")
        received = await read_until(stream, "event: message")
        await stream.aclose()
        return received

    received = async_to_sync(run)()
    assert "Nieuw bericht van de inwoner: Is er nog iemand?" in received

    other = Client()
    staff_client(other, "vera", role="department_staff", departments=["openbare-verlichting"])
    assert other.get(url).status_code == 404
