"""Processing stored deliveries (the Celery task, run eagerly after the webhook's commit): recorded
payloads become conversations in the same live list as chats, duplicates are filed once, statuses only
move forward, and a malformed delivery is recorded for staff without crashing the worker."""
import json
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from desk.cases import services
from desk.cases.selectors.conversations import live_conversations
from desk.channels.whatsapp import tasks
from desk.channels.whatsapp.models import InboundDelivery, Outbound, StatusReport
from desk.channels.whatsapp.replies import standing_notice
from desk.conversations import services as conversations
from desk.models import Conversation, ConversationMessage
from desk.states import Channel, Kind

from .conftest import AN_BSUID, AN_WA_ID, payload, text_payload

pytestmark = pytest.mark.django_db


def incoming(conversation):
    return list(conversation.messages.filter(direction=ConversationMessage.Direction.IN).order_by("created_at", "pk"))


def outgoing(conversation):
    return list(conversation.messages.filter(direction=ConversationMessage.Direction.OUT).order_by("created_at", "pk"))


def test_a_recorded_text_message_becomes_a_live_conversation_next_to_the_chats(deliver, agent, graph):
    chat = conversations.start_conversation(channel=Channel.CHAT, name="Chatter")
    conversations.receive_message(chat, body="Een vraag via de chat")

    deliver(payload("text.json"))

    conversation = Conversation.objects.get(channel=Channel.WHATSAPP)
    assert set(live_conversations(agent)) == {chat, conversation}
    assert conversation.state == Conversation.State.OPEN
    assert conversation.external_user_id == AN_BSUID and conversation.external_address == AN_WA_ID
    assert conversation.name == "An Peeters"
    assert conversation.department is not None and conversation.first_response_due is not None
    assert conversation.last_inbound_at is not None
    [message] = incoming(conversation)
    assert message.external_id == "wamid.IN.text.0001"
    assert message.body.startswith("Goedemorgen, de straatlamp")
    delivery = InboundDelivery.objects.get()
    assert delivery.processed_at is not None and delivery.error == "" and delivery.attempts == 1


def test_a_new_conversation_first_gets_the_standing_privacy_notice(deliver, graph):
    deliver(payload("text.json"))

    conversation = Conversation.objects.get()
    [notice] = outgoing(conversation)
    assert notice.is_automatic
    assert "Stuur geen privacygevoelige gegevens via WhatsApp" in notice.body
    assert "https://thuisloket.example.be/" in notice.body
    assert notice.status == "sent" and notice.external_id == "wamid.OUT1"
    assert graph.sends[0]["text"]["body"] == notice.body
    assert conversation.first_response_at is None  # an automatic reply is no answer

    deliver(text_payload("Nog een vraag", wamid="wamid.IN.text.0002"))
    assert len(outgoing(conversation)) == 1  # once per conversation


def test_the_same_wamid_twice_is_filed_once(deliver, graph):
    first = payload("text.json")
    deliver(first)
    # Meta's retry may differ in its envelope (another entry time); the message id is the same.
    again = json.loads(json.dumps(first))
    again["entry"][0]["time"] = 1
    deliver(again)
    deliver(first)  # and the identical bytes: stored once, not processed again

    assert ConversationMessage.objects.filter(direction="in").count() == 1
    assert InboundDelivery.objects.count() == 2
    assert len(graph.sends) == 1  # one standing notice


def test_a_delivery_with_two_messages_files_both_in_order(deliver):
    deliver(payload("two_messages.json"))

    assert [m.body for m in incoming(Conversation.objects.get())] == ["Eerste bericht", "Tweede bericht"]
    assert "2" in InboundDelivery.objects.get().summary


def test_a_resident_without_a_phone_number_is_known_by_the_bsuid_and_answered_there(deliver, graph, agent):
    deliver(payload("text_bsuid_only.json"))

    conversation = Conversation.objects.get()
    assert conversation.external_user_id == "BE.2000000000000000002"
    assert conversation.external_address == ""
    assert conversation.name == "Lotte"
    assert conversation in live_conversations(agent)
    # The standing notice went to the BSUID ("recipient"), not to a phone number ("to").
    sent = graph.sends[0]
    assert sent["recipient"] == "BE.2000000000000000002" and "to" not in sent


def test_the_bsuid_finds_the_conversation_when_the_number_disappears(deliver):
    deliver(payload("text.json"))
    hidden = payload("text.json")
    value = hidden["entry"][0]["changes"][0]["value"]
    value["contacts"] = [{"profile": {"name": "An Peeters", "username": "@an"}, "user_id": AN_BSUID}]
    value["messages"][0].pop("from")
    value["messages"][0]["id"] = "wamid.IN.text.0002"
    deliver(hidden)

    conversation = Conversation.objects.get()  # still one conversation
    assert len(incoming(conversation)) == 2
    assert conversation.external_address == AN_WA_ID  # what we knew is kept


def test_an_older_payload_without_user_id_is_read_from_the_json(deliver):
    deliver(payload("text_phone_only.json"))

    conversation = Conversation.objects.get()
    assert conversation.external_address == "32470000003" and conversation.external_user_id == ""
    assert conversation.language == "fr"  # guessed from the first message
    [notice] = outgoing(conversation)
    with translation.override("fr"):
        assert notice.body == standing_notice()  # the notice in French
    assert notice.language == "fr"


def test_the_bsuid_is_added_when_a_known_number_gets_one(deliver):
    deliver(payload("text_phone_only.json"))
    data = payload("text_phone_only.json")
    value = data["entry"][0]["changes"][0]["value"]
    value["contacts"][0]["user_id"] = "BE.3000000000000000003"
    value["messages"][0]["id"] = "wamid.IN.phone.0002"
    deliver(data)

    conversation = Conversation.objects.get()
    assert conversation.external_user_id == "BE.3000000000000000003"


def test_a_location_is_kept_in_the_message_with_a_map_link(deliver):
    deliver(payload("location.json"))

    [message] = incoming(Conversation.objects.get())
    assert "51.030496, 3.422414" in message.body
    assert "Kerkstraat 12" in message.body
    assert "openstreetmap.org/?mlat=51.030496&mlon=3.422414" in message.body


def test_a_chosen_button_is_kept_as_its_title(deliver):
    data = payload("text.json")
    message = data["entry"][0]["changes"][0]["value"]["messages"][0]
    del message["text"]
    message["type"] = "interactive"
    message["interactive"] = {"type": "button_reply", "button_reply": {"id": "ja", "title": "Ja, graag"}}
    deliver(data)

    assert [m.body for m in incoming(Conversation.objects.get())] == ["Ja, graag"]


def test_reactions_and_other_fields_are_skipped_without_error(deliver):
    deliver(payload("reaction.json"))
    deliver(payload("template_status_update.json"))

    assert not Conversation.objects.exists()
    assert list(InboundDelivery.objects.values_list("error", flat=True)) == ["", ""]


def test_messages_for_another_phone_number_are_skipped(deliver):
    data = payload("text.json")
    data["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"] = "999"
    deliver(data)

    assert not Conversation.objects.exists()
    assert "1" in InboundDelivery.objects.get().summary


def test_a_message_after_the_case_was_closed_starts_a_new_conversation(deliver, agent):
    deliver(payload("text.json"))
    conversation = Conversation.objects.get()
    case = conversations.convert_to_case(conversation, actor=agent, kind=Kind.QUESTION)
    services.change_state(case, "resolved", actor=agent, public_note="Beantwoord.", notify=False)

    deliver(text_payload("Een nieuwe vraag", wamid="wamid.IN.text.0002"))

    assert Conversation.objects.filter(channel=Channel.WHATSAPP).count() == 2


def test_a_message_on_an_open_case_goes_to_the_case(deliver, agent):
    deliver(payload("text.json"))
    conversation = Conversation.objects.get()
    case = conversations.convert_to_case(conversation, actor=agent, kind=Kind.QUESTION)

    deliver(text_payload("Nog een foto volgt", wamid="wamid.IN.text.0002"))

    assert Conversation.objects.count() == 1
    assert case.events.filter(kind="message_in").count() == 1


def test_a_text_longer_than_a_stored_message_is_kept_whole_in_parts(deliver):
    long_text = ("Een lange uitleg. " * 300).strip()  # about 5400 characters; WhatsApp allows 4096+
    deliver(text_payload(long_text, wamid="wamid.IN.long.0001"))

    parts = incoming(Conversation.objects.get())
    assert len(parts) == 2
    assert "".join(part.body for part in parts).replace(" ", "") == long_text.replace(" ", "")
    assert [p.external_id for p in parts] == ["wamid.IN.long.0001", "wamid.IN.long.0001#2"]


# --- statuses -----------------------------------------------------------------------------------------------


def answered_conversation(deliver, graph, agent):
    """A conversation whose agent answer went out as wamid.OUT2 (the standing notice is wamid.OUT1)."""
    deliver(payload("text.json"))
    conversation = Conversation.objects.get()
    return conversation


def status_payload(name, wamid):
    data = payload(name)
    data["entry"][0]["changes"][0]["value"]["statuses"][0]["id"] = wamid
    return data


def test_statuses_out_of_order_never_go_backwards(deliver, graph):
    deliver(payload("text.json"))
    notice = ConversationMessage.objects.get(external_id="wamid.OUT1")
    assert notice.status == "sent"

    deliver(payload("status_read.json"))
    deliver(payload("status_delivered.json"))  # late, and without contacts (read from the JSON)
    deliver(payload("status_sent.json"))  # later still

    notice.refresh_from_db()
    assert notice.status == "read"
    assert list(InboundDelivery.objects.exclude(error="").values_list("error", flat=True)) == []


def test_a_failed_status_shows_the_error_but_does_not_undo_delivery(deliver, graph):
    deliver(payload("text.json"))
    deliver(payload("status_sent.json"))
    deliver(payload("status_failed.json"))

    notice = ConversationMessage.objects.get(external_id="wamid.OUT1")
    assert notice.status == "failed"
    assert "131026" in notice.error and "Message undeliverable" in notice.error

    deliver(payload("status_read.json"))  # read after all (the failure came out of order)
    notice.refresh_from_db()
    assert notice.status == "read"


def test_a_status_that_overtakes_the_send_answer_is_applied_when_the_wamid_is_stored(deliver, graph):
    graph.sent = 10  # the next wamid the fake Graph returns is wamid.OUT11
    deliver(status_payload("status_delivered.json", "wamid.OUT11"))  # before we know the message
    assert StatusReport.objects.filter(wamid="wamid.OUT11").exists()

    deliver(payload("text.json"))  # the standing notice is sent as wamid.OUT11

    notice = ConversationMessage.objects.get(external_id="wamid.OUT11")
    assert notice.status == "delivered"


# --- malformed deliveries -----------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [
    b"this is not json",
    b"\xff\xfe broken utf-8",
    b"[]",
    b'{"object": "page", "entry": []}',
    b'{"object": "whatsapp_business_account"}',
])
def test_an_unreadable_delivery_is_recorded_not_crashed_on(deliver, body):
    deliver(body)

    delivery = InboundDelivery.objects.get()
    assert delivery.processed_at is not None
    assert delivery.error
    assert delivery.attempts == 1  # not retried: the same bytes will not read better
    assert not Conversation.objects.exists()


def test_a_broken_item_is_recorded_and_the_rest_of_the_delivery_is_filed(deliver):
    data = payload("two_messages.json")
    messages = data["entry"][0]["changes"][0]["value"]["messages"]
    del messages[0]["timestamp"]
    messages.append("not an object")
    data["entry"][0]["changes"][0]["value"]["statuses"] = [{"id": "wamid.X", "status": "read"}]
    deliver(data)

    delivery = InboundDelivery.objects.get()
    assert [m.body for m in ConversationMessage.objects.filter(direction="in")] == ["Tweede bericht"]
    assert delivery.processed_at is not None
    assert delivery.error.count("\n") == 2  # three problems, one per line
    assert "message 0" in delivery.error and "message 2" in delivery.error and "status 0" in delivery.error


def test_the_real_task_retries_a_failing_step_and_records_it_after_the_last_attempt(db, whatsapp, desk_ready,
                                                                                   eager_celery, monkeypatch):
    delivery = InboundDelivery.objects.create(body=json.dumps(payload("text.json")), body_sha256="x" * 64,
                                              received_at=timezone.now())
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise ConnectionError("database went away")

    monkeypatch.setattr("desk.channels.whatsapp.inbound.file_message", broken)

    tasks.process_delivery.delay(delivery.pk)  # the task function itself, retried eagerly

    delivery.refresh_from_db()
    assert len(calls) == tasks.MAX_RETRIES + 1
    assert delivery.attempts == tasks.MAX_RETRIES + 1
    assert delivery.processed_at is not None
    assert "database went away" in delivery.error


def test_the_sweep_queues_a_delivery_the_broker_lost(db, whatsapp, graph, desk_ready, eager_celery,
                                                   django_capture_on_commit_callbacks):
    delivery = InboundDelivery.objects.create(body=json.dumps(payload("text.json")), body_sha256="y" * 64,
                                              received_at=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.sweep.delay().get()

    assert result["requeued_deliveries"] == 1
    delivery.refresh_from_db()
    assert delivery.processed_at is not None
    assert Conversation.objects.count() == 1
    assert Outbound.objects.get().state == Outbound.State.SENT  # the notice went out too


def test_the_sweep_purges_old_raw_deliveries(db, whatsapp):
    old = InboundDelivery.objects.create(body="{}", body_sha256="z" * 64, processed_at=timezone.now(),
                                         received_at=timezone.now() - timedelta(days=31))
    recent = InboundDelivery.objects.create(body="{}", body_sha256="w" * 64, processed_at=timezone.now(),
                                            received_at=timezone.now() - timedelta(days=1))
    tasks.sweep.apply()
    assert list(InboundDelivery.objects.all()) == [recent]
    assert not InboundDelivery.objects.filter(pk=old.pk).exists()
