"""WhatsApp's privacy guard: a national number, IBAN or card number is masked in what we store, and the
resident gets one automatic reply pointing to the secure portal, in their language."""
import pytest
from django.utils import translation

from desk.channels.whatsapp.replies import privacy_reply
from desk.models import Conversation

from .conftest import text_payload

NATIONAL = "85073003328"  # a valid national number (check digits) for a fictional person


@pytest.mark.django_db
def test_a_national_number_is_masked_in_storage_and_answered_once(deliver, graph):
    deliver(text_payload(f"Hallo, mijn rijksregisternummer is {NATIONAL}. Is mijn attest klaar?",
                         wamid="wamid.IN.nn.0001"))

    conversation = Conversation.objects.get()
    message = conversation.messages.get(direction="in")
    assert NATIONAL not in message.body
    assert message.body == "Hallo, mijn rijksregisternummer is ***********. Is mijn attest klaar?"
    assert conversation.subject and NATIONAL not in conversation.subject
    [reply] = conversation.messages.filter(direction="out")  # the guard's reply, instead of the notice
    assert reply.is_automatic
    assert reply.body == privacy_reply()
    assert "https://thuisloket.example.be/" in reply.body
    assert graph.sends[-1]["text"]["body"] == reply.body
    assert NATIONAL not in str([r.content for r in graph.requests])


@pytest.mark.django_db
def test_the_guard_answers_every_message_with_a_number_in_the_conversation_language(deliver, graph):
    deliver(text_payload("Bonjour, la lampe de ma rue est cassée, merci", wamid="wamid.IN.fr.0001"))
    conversation = Conversation.objects.get()
    assert conversation.language == "fr"

    deliver(text_payload("Mon compte: BE71 0961 2345 6769", wamid="wamid.IN.fr.0002"))

    last = conversation.messages.filter(direction="out").order_by("-created_at", "-pk").first()
    with translation.override("fr"):
        assert last.body == privacy_reply()
    assert last.language == "fr"
    assert conversation.messages.get(external_id="wamid.IN.fr.0002").body == "Mon compte: **** **** **** ****"
