"""The chat for residents and visitors without JavaScript: post, redirect, fetch new messages; the
visitor's token; polling; flood control; ending with the transcript; the chat button on every page."""
import re
import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from common.tokens import hash_token
from desk.channels.chat import access
from desk.channels.chat.services import SEEN
from desk.channels.chat.tasks import notify_unseen_answer
from desk.conversations import services as conversations
from desk.models import Conversation, ConversationMessage
from mailbox.models import Message
from tests.factories.identity import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_config", "always_open")]

CHAT = reverse("chat:page")



@pytest.fixture
def agent(db):
    return UserFactory(username="bea", is_staff=True, first_name="Bea", last_name="Balie")


def send(client, body, **extra):
    return client.post(CHAT, {"body": body, **extra})


def since_url(conversation, last_id=0):
    return reverse("chat:since", args=[conversation.pk, last_id])


def test_an_anonymous_visitor_chats_with_post_redirect_get_and_a_link_for_new_messages(client, agent):
    page = client.get(CHAT).content.decode()
    assert "Stuur in de chat geen rijksregisternummer, medische of financiële gegevens" in page
    assert 'name="name"' in page and 'name="email"' in page  # optional, for the answer by e-mail
    assert "http-equiv" not in page  # never a meta refresh

    response = send(client, "Hoe laat is het containerpark open?", name="An", email="an@example.invalid")
    assert response.status_code == 302 and response["Location"] == "/chat/#nieuw-bericht"
    cookie = response.cookies[access.COOKIE_NAME]
    assert cookie["httponly"] and cookie["path"] == "/chat/" and cookie["samesite"] == "Lax"
    conversation = Conversation.objects.get()
    assert conversation.channel == "chat" and conversation.state == "open"
    assert conversation.name == "An" and conversation.email == "an@example.invalid"
    assert len(conversation.access_token_hash) == 64 and conversation.access_token_hash not in cookie.value
    assert conversation.department.code == "contactcenter" and conversation.first_response_due is not None

    page = client.get(CHAT).content.decode()
    assert re.search(r'<ol class="chat-messages"[^>]*>\s*<li class="chat-message chat-message--in', page)
    assert "Hoe laat is het containerpark open?" in page and "Jij" in page
    assert 'href="/chat/ophalen/"' in page and "Nieuwe berichten ophalen" in page
    assert 'name="email"' not in page.split('id="nieuw-bericht"')[1].split("</form>")[0]  # asked only once

    conversations.answer_conversation(conversation, actor=agent, body="Tot 17 uur, elke werkdag.", language="nl")
    response = client.get(reverse("chat:refresh"))
    assert response.status_code == 302 and response["Location"] == "/chat/#nieuw-bericht"
    page = client.get(CHAT).content.decode()
    assert "Tot 17 uur, elke werkdag." in page and "Bea" in page and "Balie" not in page
    assert 'data-announce="Nieuw bericht van de medewerker: Tot 17 uur, elke werkdag."' in page

    send(client, "Dank je!")
    assert conversation.messages.count() == 3  # the same conversation
    assert Conversation.objects.count() == 1


def test_an_answer_in_another_language_is_marked_with_lang(client, agent):
    send(client, "Bonjour, une question")
    conversation = Conversation.objects.get()
    conversations.answer_conversation(conversation, actor=agent, body="Bonjour, bien sûr.", language="fr")
    page = client.get(CHAT).content.decode()
    assert '<p class="chat-message__body" lang="fr">Bonjour, bien sûr.</p>' in page


def test_another_browser_cannot_read_the_conversation(client, agent):
    send(client, "Mijn privévraag")
    conversation = Conversation.objects.get()
    stranger = Client()

    assert "Mijn privévraag" not in stranger.get(CHAT).content.decode()
    assert stranger.get(since_url(conversation)).status_code == 404
    assert stranger.get(reverse("chat:events", args=[conversation.pk])).status_code == 404
    assert stranger.get(reverse("chat:transcript", args=[conversation.pk])).status_code == 404
    assert stranger.post(reverse("chat:end", args=[conversation.pk])).status_code == 404
    # A forged (unsigned) cookie with the right hash's conversation id gets nothing either.
    stranger.cookies[access.COOKIE_NAME] = "made-up-token"
    assert stranger.get(since_url(conversation)).status_code == 404
    assert client.get(since_url(conversation)).status_code == 200


def test_a_signed_in_residents_conversation_is_linked_to_them_and_not_to_a_token(client, resident):
    client.force_login(resident.user)
    response = send(client, "Vraag als inwoner")
    assert access.COOKIE_NAME not in response.cookies
    conversation = Conversation.objects.get()
    assert conversation.resident == resident and conversation.access_token_hash == ""
    assert client.get(since_url(conversation)).status_code == 200
    # From another device, signed in as the same resident, the open conversation is found.
    other = Client()
    other.force_login(resident.user)
    assert "Vraag als inwoner" in other.get(CHAT).content.decode()
    # Signed out (or someone else at the computer) it is not.
    assert Client().get(since_url(conversation)).status_code == 404


def test_polling_returns_only_new_messages_or_204_and_marks_answers_seen(client, agent):
    send(client, "Eerste vraag")
    conversation = Conversation.objects.get()
    first = conversation.messages.get()
    response = client.get(since_url(conversation, first.pk))
    assert response.status_code == 204 and response["X-Chat-Fragment"] == "1"

    answer = conversations.answer_conversation(conversation, actor=agent, body="Een antwoord", language="nl")
    response = client.get(since_url(conversation, first.pk))
    html = response.content.decode()
    assert response.status_code == 200 and response["X-Chat-Fragment"] == "1"
    assert html.count("<li ") == 1 and f'data-message-id="{answer.pk}"' in html
    assert 'data-direction="out"' in html and "Nieuw bericht van de medewerker: Een antwoord" in html
    answer.refresh_from_db()
    assert answer.status == SEEN
    assert client.get(since_url(conversation, answer.pk)).status_code == 204


def test_sending_with_javascript_answers_with_the_new_messages_as_html(client, agent):
    send(client, "Eerste")
    conversation = Conversation.objects.get()
    first = conversation.messages.get()
    answer = conversations.answer_conversation(conversation, actor=agent, body="Intussen een antwoord", language="nl")

    response = client.post(CHAT, {"body": "Tweede", "after": str(first.pk)}, HTTP_X_REQUESTED_WITH="fetch")
    html = response.content.decode()
    assert response.status_code == 200 and response["X-Chat-Fragment"] == "1"
    assert f'data-message-id="{answer.pk}"' in html and "Tweede" in html and "Eerste" not in html

    # The first message of a new conversation answers with the whole chat (chat.js puts it in place).
    other = Client()
    response = other.post(CHAT, {"body": "Nieuw gesprek"}, HTTP_X_REQUESTED_WITH="fetch")
    assert response["X-Chat-Replace"] == "1" and 'data-stream-url="/chat/gesprek/' in response.content.decode()
    assert access.COOKIE_NAME in response.cookies


def test_a_flood_is_refused_with_a_clear_message_and_the_text_stays_in_the_box(client, settings):
    settings.CHAT_MESSAGE_RATE = "3/m"
    for number in range(3):
        assert send(client, f"Bericht {number}").status_code == 302
    response = send(client, "Dit bericht mag niet verloren gaan")
    page = response.content.decode()
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "Je stuurt veel berichten kort na elkaar" in page
    assert re.search(r"<textarea[^>]*>\s*Dit bericht mag niet verloren gaan</textarea>", page)
    assert ConversationMessage.objects.count() == 3

    response = client.post(CHAT, {"body": "Met JavaScript"}, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 429 and response["X-Chat-Fragment"] == "1"
    assert 'role="alert"' in response.content.decode()


def test_an_address_cannot_open_many_conversations(settings):
    settings.CHAT_START_RATE = "2/h"
    for _ in range(2):
        assert send(Client(), "Nieuw gesprek").status_code == 302
    assert send(Client(), "Nog een").status_code == 429
    assert Conversation.objects.count() == 2


def test_a_message_that_is_too_long_is_refused_and_kept(client, settings):
    settings.CHAT_MAX_MESSAGE_LENGTH = 20
    response = send(client, "x" * 25)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Je bericht is te lang: maximaal 20 tekens" in page and "x" * 25 in page
    assert not Conversation.objects.exists()


def test_a_national_number_gets_a_pointer_to_the_secure_portal(client):
    send(client, "Mijn nummer is 85.07.30-033.28")
    conversation = Conversation.objects.get()
    automatic = conversation.messages.get(is_automatic=True)
    assert "rijksregisternummer" in automatic.body and "Thuisloket" in automatic.body
    stored = conversation.messages.get(is_automatic=False)
    assert stored.body == "Mijn nummer is **.**.**-***.**"  # masked in what we keep
    send(client, "Gewoon een vraag")
    assert conversation.messages.filter(is_automatic=True).count() == 1


def test_ending_a_signed_in_chat_puts_the_transcript_in_the_mailbox(client, resident, agent, eager_celery,
                                                                    django_capture_on_commit_callbacks):
    client.force_login(resident.user)
    send(client, "Wanneer is het stadhuis open?")
    conversation = Conversation.objects.get()
    conversations.answer_conversation(conversation, actor=agent, body="Van 8.30 tot 17 uur.", language="nl")
    client.get(CHAT)  # the answer is seen on the page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("chat:end", args=[conversation.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("chat:ended")
    conversation.refresh_from_db()
    assert conversation.state == "closed"
    transcript = Message.objects.get(resident=resident, source_ref__contains=":transcript:")
    assert transcript.subject.startswith("Verslag van je chatgesprek")
    assert "Wanneer is het stadhuis open?" in transcript.body and "Van 8.30 tot 17 uur." in transcript.body
    assert "Jij" in transcript.body and "Bea" in transcript.body

    ended = client.get(reverse("chat:ended")).content.decode()
    assert "Het verslag van het gesprek staat zo meteen in je berichtenbox" in ended
    assert "Van 8.30 tot 17 uur." in ended and reverse("chat:transcript", args=[conversation.pk]) in ended
    download = client.get(reverse("chat:transcript", args=[conversation.pk]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert "Van 8.30 tot 17 uur." in download.content.decode()
    # A next message starts a new conversation.
    assert "Van 8.30 tot 17 uur." not in client.get(CHAT).content.decode()


def test_ending_an_anonymous_chat_mails_the_transcript_and_forgets_the_token(client, agent, eager_celery,
                                                                             django_capture_on_commit_callbacks):
    send(client, "Een vraag zonder account")
    conversation = Conversation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("chat:end", args=[conversation.pk]), {"email": "an@example.invalid"})
    assert response.cookies[access.COOKIE_NAME].value == ""  # deleted
    assert [m.to for m in mail.outbox] == [["an@example.invalid"]]
    assert "Een vraag zonder account" in mail.outbox[0].body
    assert "an@example.invalid" in client.get(reverse("chat:ended")).content.decode()
    assert client.get(reverse("chat:transcript", args=[conversation.pk])).status_code == 200  # for half an hour
    assert "Een vraag zonder account" not in client.get(CHAT).content.decode()


def test_an_answer_the_visitor_did_not_see_goes_to_their_mailbox(client, resident, agent):
    client.force_login(resident.user)
    send(client, "Ik moet zo weg")
    conversation = Conversation.objects.get()
    unseen = conversations.answer_conversation(conversation, actor=agent, body="Hier is je antwoord.", language="nl")
    assert notify_unseen_answer(unseen.pk) is True
    notice = Message.objects.get(resident=resident, source_ref__contains=":answer:")
    assert "Hier is je antwoord." in notice.body and "/chat/" in notice.body
    assert notify_unseen_answer(unseen.pk) is False  # once

    seen = conversations.answer_conversation(conversation, actor=agent, body="Nog iets.", language="nl")
    client.get(since_url(conversation, unseen.pk))
    assert notify_unseen_answer(seen.pk) is False


def test_polling_does_not_keep_an_idle_session_alive(client, resident):
    client.force_login(resident.user)
    send(client, "Vraag")
    conversation = Conversation.objects.get()
    session = client.session
    session["last_activity"] = int(time.time()) - 600
    session.save()

    client.get(since_url(conversation))
    assert client.session["last_activity"] <= int(time.time()) - 599
    client.get(CHAT)  # a page the resident opens is activity
    assert client.session["last_activity"] >= int(time.time()) - 2


def test_the_chat_button_is_on_public_pages_but_not_for_staff_or_in_the_back_office(client, agent):
    home = client.get(reverse("portal:home")).content.decode()
    assert 'data-chat-launcher data-panel-url="/chat/paneel/"' in home
    assert 'aria-controls="chat-panel"' in home and 'href="/chat/"' in home
    assert 'id="chat-status"' in home and 'role="status"' in home
    chat = client.get(CHAT).content.decode()
    assert 'aria-current="page"' in chat and "data-panel-url" not in chat
    assert chat.count('id="chat-status"') == 1

    send(client, "Een vraag")
    panel = client.get(reverse("chat:panel"))
    assert panel["X-Chat-Fragment"] == "1" and "<html" not in panel.content.decode()
    assert "<h3" in panel.content.decode() and "<h1" not in panel.content.decode()  # below the panel's h2
    assert 'name="panel" value="1"' in panel.content.decode()

    client.force_login(agent)
    assert "data-chat-launcher" not in client.get(reverse("portal:home")).content.decode()


def test_the_chat_is_gone_when_switched_off(client, settings):
    settings.CHAT_ENABLED = False
    assert client.get(CHAT).status_code == 404
    assert "data-chat-launcher" not in client.get(reverse("portal:home")).content.decode()


def test_a_token_is_stored_only_as_its_hash(client):
    response = send(client, "Hallo")
    signed = response.cookies[access.COOKIE_NAME].value
    token = signed.split(":")[0]
    assert Conversation.objects.get().access_token_hash == hash_token(token)
