"""Answers going out through the fake Graph API: free text within 24 hours of the resident's last message,
the approved template outside it (the text follows when the resident writes again), a clear failure
without a template, retries on Graph errors. The exact requests are checked: URL with the phone number
id, the bearer token, the JSON body."""
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from desk.cases import services
from desk.channels.whatsapp import tasks
from desk.channels.whatsapp.models import Outbound
from desk.conversations import services as conversations
from desk.models import Conversation, ConversationMessage
from desk.states import Kind

from .conftest import ACCESS_TOKEN, AN_WA_ID, API, PHONE_ID, payload, text_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(deliver, graph):
    """An Peeters wrote; the standing notice went out as wamid.OUT1."""
    deliver(payload("text.json"))
    assert len(graph.sends) == 1
    return Conversation.objects.get()


@pytest.fixture
def answer(agent, django_capture_on_commit_callbacks):
    """An agent answers from the conversation page (the core service); the registered sender runs after commit."""

    def run(conversation, body="We sturen een technieker.", **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            message = conversations.answer_conversation(conversation, actor=agent, body=body, **kwargs)
        message.refresh_from_db()
        return message

    return run


def last_written(conversation, hours):
    Conversation.objects.filter(pk=conversation.pk).update(last_inbound_at=timezone.now() - timedelta(hours=hours))


def test_inside_the_window_the_answer_goes_out_as_text(conversation, answer, graph):
    message = answer(conversation)

    request = graph.send_requests[-1]
    assert str(request.url) == f"{API}/{PHONE_ID}/messages"
    assert request.headers["Authorization"] == f"Bearer {ACCESS_TOKEN}"
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == {
        "messaging_product": "whatsapp", "recipient_type": "individual", "to": AN_WA_ID, "type": "text",
        "text": {"body": "We sturen een technieker.", "preview_url": False}}
    assert message.external_id == "wamid.OUT2"
    assert message.status == "sent" and message.error == ""
    assert Outbound.objects.get(message=message).state == Outbound.State.SENT


def test_just_inside_24_hours_is_still_text(conversation, answer, graph):
    last_written(conversation, 23.9)
    answer(conversation)
    assert graph.sends[-1]["type"] == "text"


def test_outside_the_window_the_approved_template_goes_out_with_the_case_reference(conversation, answer, graph,
                                                                                  agent):
    case = conversations.convert_to_case(conversation, actor=agent, kind=Kind.QUESTION)
    last_written(conversation, 25)

    message = answer(conversation, body="Je straatlamp is hersteld.")

    request = graph.send_requests[-1]
    assert str(request.url) == f"{API}/{PHONE_ID}/messages"
    assert request.headers["Authorization"] == f"Bearer {ACCESS_TOKEN}"
    assert json.loads(request.content) == {
        "messaging_product": "whatsapp", "recipient_type": "individual", "to": AN_WA_ID, "type": "template",
        "template": {"name": "melding_update", "language": {"code": "nl"},
                     "components": [{"type": "body", "parameters": [{"type": "text", "text": case.reference}]}]}}
    assert "Je straatlamp is hersteld." not in request.content.decode()  # a template carries no free text
    assert message.external_id == "wamid.OUT2" and message.status == "sent"
    assert "24-uurvenster" in message.error  # staff see the answer itself still waits
    assert Outbound.objects.get(message=message).state == Outbound.State.WAITING


def test_the_waiting_answer_goes_out_as_text_when_the_resident_writes_again(conversation, answer, graph, deliver):
    last_written(conversation, 25)
    message = answer(conversation, body="Je straatlamp is hersteld.")
    assert graph.sends[-1]["type"] == "template"

    deliver(text_payload("Wat is er?", wamid="wamid.IN.text.0002"))  # the resident answers the template

    assert graph.sends[-1] == {"messaging_product": "whatsapp", "recipient_type": "individual", "to": AN_WA_ID,
                               "type": "text", "text": {"body": "Je straatlamp is hersteld.", "preview_url": False}}
    message.refresh_from_db()
    assert message.external_id == "wamid.OUT3" and message.status == "sent" and message.error == ""
    outbound = Outbound.objects.get(message=message)
    assert outbound.state == Outbound.State.SENT and outbound.template_wamid == "wamid.OUT2"


def test_outside_the_window_without_a_template_the_message_fails_with_a_reason(conversation, answer, graph,
                                                                              whatsapp):
    whatsapp.WHATSAPP_TEMPLATE_NAME = ""
    last_written(conversation, 25)

    message = answer(conversation)

    assert len(graph.sends) == 1  # only the standing notice, earlier
    assert message.status == "failed"
    assert "buiten het 24-uurvenster en geen goedgekeurde template" in message.error
    assert Outbound.objects.get(message=message).state == Outbound.State.FAILED


def test_the_template_follows_the_conversation_language_when_approved_in_it(deliver, graph, answer):
    deliver(payload("text_phone_only.json"))  # French
    conversation = Conversation.objects.get()
    last_written(conversation, 30)

    answer(conversation, body="Merci pour votre message.")

    assert graph.sends[-1]["template"]["language"] == {"code": "fr"}
    assert graph.sends[-1]["template"]["components"][0]["parameters"][0]["text"] == f"#{conversation.pk}"


def test_the_window_counts_from_the_residents_last_message_in_any_conversation(conversation, answer, graph, agent,
                                                                                deliver):
    """A closed case's conversation is answered as text while the resident writes in a newer one."""
    case = conversations.convert_to_case(conversation, actor=agent, kind=Kind.QUESTION)
    services.change_state(case, "resolved", actor=agent, public_note="Hersteld.", notify=False)
    last_written(conversation, 48)
    deliver(text_payload("Nieuwe vraag", wamid="wamid.IN.text.0002"))  # a new conversation, now

    with_case = ConversationMessage.objects.filter(conversation=conversation)
    before = with_case.count()
    answer(conversation, body="Nog een laatste woord over je melding.")
    assert with_case.count() == before + 1
    assert graph.sends[-1]["type"] == "text"


def test_a_reply_on_the_case_goes_out_through_whatsapp(conversation, graph, agent,
                                                       django_capture_on_commit_callbacks):
    case = conversations.convert_to_case(conversation, actor=agent, kind=Kind.QUESTION)

    with django_capture_on_commit_callbacks(execute=True):
        message = services.reply(case, actor=agent, body="We hebben je melding ingepland.")

    assert graph.sends[-1]["text"]["body"] == "We hebben je melding ingepland."
    message.refresh_from_db()
    assert message.channel == "whatsapp" and message.external_id == "wamid.OUT2"


def test_a_resident_without_a_number_is_answered_on_the_bsuid(deliver, graph, answer):
    deliver(payload("text_bsuid_only.json"))
    conversation = Conversation.objects.get()

    answer(conversation, body="Het containerpark is open van 9 tot 17 uur.")

    assert graph.sends[-1] == {"messaging_product": "whatsapp", "recipient_type": "individual",
                               "recipient": "BE.2000000000000000002", "type": "text",
                               "text": {"body": "Het containerpark is open van 9 tot 17 uur.", "preview_url": False}}


def test_a_passing_graph_error_is_retried(conversation, answer, graph):
    graph.fail_sends(2)  # 500, "Something went wrong", twice

    message = answer(conversation)

    assert len(graph.sends) == 1 + 3
    assert message.status == "sent" and message.external_id == "wamid.OUT2"
    assert Outbound.objects.get(message=message).attempts == 3


def test_a_graph_error_that_keeps_failing_ends_as_failed_with_the_error(conversation, answer, graph):
    graph.fail_sends(tasks.MAX_RETRIES + 1, status=503, code=131016, message="Service unavailable")

    message = answer(conversation)

    assert len(graph.sends) == 1 + tasks.MAX_RETRIES + 1
    assert message.status == "failed"
    assert "131016" in message.error and "Service unavailable" in message.error


def test_a_permanent_graph_error_fails_at_once(conversation, answer, graph):
    graph.fail_sends(1, status=400, code=131026, message="Message undeliverable")

    message = answer(conversation)

    assert len(graph.sends) == 2  # no retry
    assert message.status == "failed" and "131026" in message.error


def test_when_meta_says_the_window_closed_the_template_goes_out(conversation, answer, graph):
    graph.fail_sends(1, status=400, code=131047, message="Re-engagement message")

    message = answer(conversation)

    assert [send["type"] for send in graph.sends[1:]] == ["text", "template"]
    assert Outbound.objects.get(message=message).state == Outbound.State.WAITING


def test_a_waiting_answer_keeps_waiting_when_meta_still_refuses_text(conversation, answer, graph, deliver):
    last_written(conversation, 25)
    message = answer(conversation, body="Je straatlamp is hersteld.")
    graph.fail_sends(1, status=400, code=131047, message="Re-engagement message")

    deliver(text_payload("Wat is er?", wamid="wamid.IN.text.0002"))

    assert [send["type"] for send in graph.sends[1:]] == ["template", "text"]  # no second template
    assert Outbound.objects.get(message=message).state == Outbound.State.WAITING


def test_a_message_is_sent_once_even_when_the_task_runs_twice(conversation, answer, graph):
    message = answer(conversation)
    tasks.send_message.apply(args=[message.pk])
    assert len(graph.sends) == 2


def test_with_whatsapp_switched_off_an_answer_fails_visibly(conversation, answer, graph, whatsapp):
    whatsapp.WHATSAPP_ENABLED = False
    message = answer(conversation)
    assert message.status == "failed" and "WhatsApp staat uit" in message.error
    assert len(graph.sends) == 1
