""""Gesprekken" in the back office: chat and WhatsApp in one list, a conversation answered, taken,
handed to a department, closed or turned into a case, department visibility, and the weekly figures."""
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from city.photos import process_photo
from desk.conversations import services as conversations
from desk.models import CannedAnswer, Case, Category, Conversation, Department
from desk.reports import conversations as reports
from desk.states import Channel, Kind
from tests.factories.desk import ConversationFactory

from .conftest import local, staff_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_config", "always_open")]

LIST = reverse("chat_staff:list")



@pytest.fixture
def visitor():
    client = Client()
    client.post(reverse("chat:page"), {"body": "Ik heb een vraag over mijn afvalkalender", "name": "An Smet"})
    return client


def conversation_url(conversation, name="conversation"):
    return reverse(f"chat_staff:{name}", args=[conversation.pk])


def test_a_chat_in_office_hours_waits_in_the_same_list_as_whatsapp(client, visitor):
    staff_client(client)
    chat = Conversation.objects.get(channel=Channel.CHAT)
    other = ConversationFactory(whatsapp=True, first_message="Hallo via WhatsApp")

    page = client.get(LIST).content.decode()
    assert "2 open gesprekken" in page
    assert f'href="{conversation_url(chat)}"' in page and f'href="{conversation_url(other)}"' in page
    assert "Chat met An Smet" in page and "WhatsApp met 32470123456" in page
    assert "Ik heb een vraag over mijn afvalkalender" in page and "uiterlijk" in page

    only_chat = client.get(LIST, {"kanaal": "whatsapp"}).content.decode()
    assert f'href="{conversation_url(other)}"' in only_chat and f'href="{conversation_url(chat)}"' not in only_chat

    inbox = client.get(reverse("desk_staff:inbox")).content.decode()
    assert "Gesprekken (2)" in inbox and f'href="{reverse("chat_staff:list")}"' in inbox


def test_a_late_first_answer_is_said_in_words(client):
    staff_client(client)
    late = ConversationFactory(whatsapp=True, first_message="Hallo via WhatsApp")
    Conversation.objects.filter(pk=late.pk).update(first_response_due=timezone.now() - timedelta(minutes=5))
    soon = ConversationFactory(whatsapp=True, first_message="Hallo via WhatsApp")
    Conversation.objects.filter(pk=soon.pk).update(first_response_due=timezone.now() + timedelta(minutes=10))

    page = client.get(LIST).content.decode()
    assert page.count(">te laat<") == 1 and page.count(">bijna te laat<") == 1


def test_an_agent_answers_without_javascript_and_with_it(client, visitor):
    agent = staff_client(client, "bea")
    chat = Conversation.objects.get()
    page = client.get(conversation_url(chat)).content.decode()
    assert "Ik heb een vraag over mijn afvalkalender" in page and "An Smet" in page
    assert f'data-stream-url="{conversation_url(chat, "events")}"' in page and 'id="chat-status"' in page

    response = client.post(conversation_url(chat, "answer"), {"body": "Je vindt hem op de website."})
    assert response.status_code == 302 and response["Location"].endswith("#antwoorden")
    chat.refresh_from_db()
    assert chat.first_response_at is not None and chat.assignee == agent
    assert "Je vindt hem op de website." in visitor.get(reverse("chat:page")).content.decode()

    last = chat.messages.order_by("pk").last()
    response = client.post(conversation_url(chat, "answer"), {"body": "Nog iets?", "after": last.pk},
                           HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 200 and response["X-Chat-Fragment"] == "1"
    assert "Nog iets?" in response.content.decode() and response.content.decode().count("<li ") == 1

    response = client.post(conversation_url(chat, "answer"), {"body": ""}, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 400 and "Schrijf een antwoord" in response.content.decode()


def test_a_standard_answer_comes_in_the_residents_language(client):
    staff_client(client)
    CannedAnswer.objects.create(title="Openingsuren", body="We zijn open van 8.30 tot 17 uur.",
                                body_fr="Nous sommes ouverts de 8h30 à 17h.")
    french = ConversationFactory(whatsapp=True, first_message="Bonjour", language="fr")
    canned = CannedAnswer.objects.get(title="Openingsuren")

    page = client.post(conversation_url(french, "answer"), {"canned": canned.pk, "use_canned": "1", "body": ""})
    assert page.status_code == 200
    assert "Nous sommes ouverts de 8h30 à 17h.</textarea>" in page.content.decode()


def test_take_hand_over_and_close(client, visitor):
    agent = staff_client(client, "bea")
    chat = Conversation.objects.get()

    client.post(conversation_url(chat, "take"))
    chat.refresh_from_db()
    assert chat.assignee == agent

    lights = Department.objects.get(code="openbare-verlichting")
    client.post(conversation_url(chat, "assign"), {"department": lights.pk})
    chat.refresh_from_db()
    assert chat.department == lights

    response = client.post(conversation_url(chat, "close"))
    assert response.status_code == 302 and response["Location"] == LIST
    chat.refresh_from_db()
    assert chat.state == "closed"
    assert f'href="{conversation_url(chat)}"' not in client.get(LIST).content.decode()


def test_maak_er_een_zaak_van_opens_the_case_and_shows_it(client, visitor):
    agent = staff_client(client, "bea")
    chat = Conversation.objects.get()
    conversations.answer_conversation(chat, actor=agent, body="Ik kijk het na.")
    parking = Category.objects.get(slug="parkeren")

    refused = client.post(conversation_url(chat, "convert"), {"kind": Kind.SUGGESTION, "category": parking.pk})
    assert refused.status_code == 400 and "Deze categorie past niet bij dit soort bericht." in refused.content.decode()

    response = client.post(conversation_url(chat, "convert"),
                           {"kind": Kind.QUESTION, "category": parking.pk, "title": "Bewonerskaart"})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("desk_staff:case", args=[case.reference])
    assert case.kind == Kind.QUESTION and case.category == parking and case.title == "Bewonerskaart"
    assert case.channel == Channel.CHAT and case.reporter_name == "An Smet"
    assert case.first_response_at is not None  # the answer in the chat counted
    case_page = client.get(response["Location"]).content.decode()
    assert "Ik heb een vraag over mijn afvalkalender" in case_page and "Ik kijk het na." in case_page

    page = client.get(conversation_url(chat)).content.decode()
    assert f"Dit gesprek werd dossier {case.reference}." in page and "Maak er een zaak van</h3>" not in page
    # The visitor keeps chatting; the message lands in the case.
    visitor.post(reverse("chat:page"), {"body": "Dank je"})
    assert "Dank je" in case.events.filter(kind="message_in").get().text
    assert f"Dit gesprek werd dossier {case.reference}" in visitor.get(reverse("chat:page")).content.decode()


def test_department_staff_see_only_their_departments_conversations(client, visitor):
    chat = Conversation.objects.get()
    assert chat.department.code == "contactcenter"
    staff_client(client, "vera", role="department_staff", departments=["openbare-verlichting"])

    assert client.get(conversation_url(chat)).status_code == 404
    assert client.post(conversation_url(chat, "answer"), {"body": "Hallo"}).status_code == 404
    assert client.get(reverse("chat_staff:since", args=[chat.pk, 0])).status_code == 404
    assert f'href="{conversation_url(chat)}"' not in client.get(LIST).content.decode()

    conversations.assign_conversation(chat, department=Department.objects.get(code="openbare-verlichting"))
    assert client.get(conversation_url(chat)).status_code == 200
    assert f'href="{conversation_url(chat)}"' in client.get(LIST).content.decode()


def test_staff_polling_and_whatsapp_photos(client, media_storage):
    staff_client(client)
    buffer = io.BytesIO()
    Image.new("RGB", (200, 150), (10, 120, 10)).save(buffer, "JPEG")
    conversation = ConversationFactory(channel=Channel.WHATSAPP)
    message = conversations.receive_message(conversation, body="", photos=[process_photo(buffer.getvalue())])

    response = client.get(reverse("chat_staff:since", args=[conversation.pk, 0]))
    html = response.content.decode()
    assert response.status_code == 200 and "Nieuw bericht van de inwoner" in html and "Foto 1 bekijken" in html
    photo = message.attachments.get()
    image = client.get(reverse("chat_staff:photo", args=[conversation.pk, photo.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert "no-store" in image["Cache-Control"]
    assert Client().get(reverse("chat_staff:photo", args=[conversation.pk, photo.pk])).status_code == 302
    assert client.get(reverse("chat_staff:since", args=[conversation.pk, message.pk])).status_code == 204


def test_weekly_figures_per_channel(client, settings):
    settings.CHAT_OPENING_HOURS = settings.DESK_OPENING_HOURS = "mon-fri 08:30-12:00,13:00-17:00"
    agent = staff_client(client, "bea")
    today = timezone.localdate()
    tuesday = today - timedelta(days=today.weekday() + 6)  # Tuesday of last week

    def at(days, hour, minute=0):
        day = tuesday + timedelta(days=days)
        return local(day.year, day.month, day.day, hour, minute)

    quick = ConversationFactory(at=at(0, 10), first_message="Snel?", first_message__at=at(0, 10))
    conversations.answer_conversation(quick, actor=agent, body="Ja.", at=at(0, 10, 20))
    evening = ConversationFactory(at=at(0, 20), first_message="'s Avonds", first_message__at=at(0, 20))
    conversations.convert_to_case(evening, actor=agent, kind=Kind.QUESTION, at=at(1, 9))
    slow = ConversationFactory(channel=Channel.WHATSAPP, at=at(1, 11), first_message="Traag",
                               first_message__at=at(1, 11))
    conversations.answer_conversation(slow, actor=agent, body="Sorry.", at=at(1, 13, 30))

    rows, totals = reports.weekly(agent, weeks=4)
    chat, whatsapp_row = totals
    assert (chat.started, chat.answered, chat.within_term, chat.with_term, chat.outside_hours, chat.cases) == (
        2, 1, 1, 2, 1, 1)
    assert chat.within_pct == "50 %" and chat.outside_pct == "50 %" and chat.median_first_response == "20 min"
    assert (whatsapp_row.started, whatsapp_row.within_term, whatsapp_row.with_term) == (1, 0, 1)
    assert whatsapp_row.median_first_response == "1 u 30 min"
    assert [row.channel for row in rows] == ["chat", "whatsapp"]

    page = client.get(reverse("desk_staff:conversation_report"), {"weeks": 4}).content.decode()
    assert "Cijfers van de gesprekken" in page and "1 u 30 min" in page and "50 %" in page
