"""Office hours of the chat: Belgian holidays and the city's closing days, the leave-a-message form that
opens a case, and the one automatic reply that says when we answer."""
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from desk.channels.chat import hours, services
from desk.models import ClosingDay, Conversation
from desk.states import Channel, Kind
from mailbox.models import Message

from .conftest import local

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_config", "office_hours")]



def test_on_armistice_day_the_chat_is_closed_and_says_when_it_opens():
    at = local(2026, 11, 11, 10, 0)
    closed = hours.closed_now(at)

    assert closed is not None and closed.holiday == "Wapenstilstand"
    assert closed.opens_at == local(2026, 11, 12, 8, 30)
    assert hours.closed_text(closed, at) == ("Vandaag is een feestdag (Wapenstilstand): de chat is gesloten. "
                                             "We antwoorden vanaf morgen, donderdag 12 november, om 8.30 uur.")


def test_on_easter_monday_the_holiday_has_its_name_in_the_visitors_language():
    at = local(2026, 4, 6, 11, 0)
    assert hours.closed_now(at).holiday == "Paasmaandag"
    with translation.override("fr"):
        assert hours.closed_now(at, "fr").holiday == "Lundi de Pâques"
    assert hours.automatic_reply(at, "nl").endswith("We antwoorden vanaf morgen, dinsdag 7 april, om 8.30 uur.")


def test_a_closing_day_of_the_city_is_named_and_skipped():
    ClosingDay.objects.create(date=local(2026, 12, 24).date(), name="Kerstavond")
    at = local(2026, 12, 24, 9, 0)
    closed = hours.closed_now(at)

    assert closed.closing_day == "Kerstavond" and closed.holiday == ""
    # 25 December is Christmas, then the weekend: Monday 28 December.
    assert hours.closed_text(closed, at) == ("Vandaag is de stad gesloten (Kerstavond): de chat is gesloten. "
                                             "We antwoorden vanaf maandag 28 december om 8.30 uur.")


def test_evenings_weekends_and_lunch_breaks():
    assert hours.closed_now(local(2026, 3, 9, 9, 0)) is None
    assert hours.when_we_answer(local(2026, 3, 9, 12, 15), hours.closed_now(local(2026, 3, 9, 12, 15)).opens_at) == (
        "We antwoorden vanaf vandaag om 13.00 uur.")
    saturday = local(2026, 3, 14, 20, 0)
    assert hours.closed_text(hours.closed_now(saturday), saturday) == (
        "De chat is nu gesloten. We antwoorden vanaf maandag 16 maart om 8.30 uur.")


def test_always_open_ignores_hours_and_holidays(settings):
    settings.CHAT_OPENING_HOURS = "always"
    assert hours.is_open(local(2026, 11, 11, 3, 0))
    assert hours.opening_hours_rows() == []


def test_a_message_left_on_a_holiday_becomes_a_question_with_one_automatic_reply_in_the_mailbox(
        resident, eager_celery, django_capture_on_commit_callbacks):
    at = local(2026, 11, 11, 10, 0)
    with django_capture_on_commit_callbacks(execute=True):
        case, reply = services.leave_message(subject="Afspraak identiteitskaart", body="Kan ik vrijdag langskomen?",
                                             resident=resident, language="nl", at=at)

    assert case.kind == Kind.QUESTION and case.channel == Channel.CHAT and case.resident == resident
    assert case.title == "Afspraak identiteitskaart" and case.description == "Kan ik vrijdag langskomen?"
    assert case.department.code == "contactcenter"
    assert case.first_response_at is None  # an automatic reply is no answer
    assert reply.is_automatic and reply.conversation == case.conversation
    assert "Wapenstilstand" in reply.body
    assert "We antwoorden vanaf morgen, donderdag 12 november, om 8.30 uur." in reply.body
    assert "berichtenbox" in reply.body
    conversation = Conversation.objects.get(pk=case.conversation_id)
    assert conversation.state == "closed" and conversation.auto_replied_on == at.date()
    assert conversation.messages.filter(is_automatic=True).count() == 1
    automatic = Message.objects.get(resident=resident, source_ref__contains=":auto:")
    assert automatic.body == reply.body and case.reference in automatic.subject


def test_a_message_left_without_an_account_gets_the_reply_and_the_tracking_link_by_email(
        eager_celery, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.leave_message(subject="Parkeerkaart", body="Hoe vraag ik een kaart aan?", name="An",
                               email="an@example.invalid", language="nl", at=local(2026, 3, 14, 20, 0))

    subjects = sorted(message.subject for message in mail.outbox)
    bodies = "\n".join(message.body for message in mail.outbox)
    assert all(message.to == ["an@example.invalid"] for message in mail.outbox)
    assert any(subject.startswith("Automatisch antwoord") for subject in subjects)
    assert any("volg ze hier" in subject for subject in subjects)  # the desk's tracking link
    assert "We antwoorden vanaf maandag 16 maart om 8.30 uur." in bodies


def test_outside_hours_an_open_conversation_gets_at_most_one_automatic_reply_a_day():
    saturday = local(2026, 3, 14, 10, 0)
    conversation, _message = services.post_visitor_message(conversation=None, body="Hallo?", language="nl",
                                                           at=saturday)
    services.post_visitor_message(conversation=conversation, body="Is er iemand?", at=local(2026, 3, 14, 10, 5))
    services.post_visitor_message(conversation=conversation, body="Nog eens", at=local(2026, 3, 14, 18, 0))
    assert conversation.messages.filter(is_automatic=True).count() == 1

    services.post_visitor_message(conversation=conversation, body="Zondag", at=local(2026, 3, 15, 9, 0))
    assert conversation.messages.filter(is_automatic=True).count() == 2

    services.post_visitor_message(conversation=conversation, body="Maandag", at=local(2026, 3, 16, 9, 0))
    assert conversation.messages.filter(is_automatic=True).count() == 2  # open: a person answers
    first = conversation.messages.filter(is_automatic=True).order_by("pk").first()
    assert first.body == ("Bedankt voor je bericht. De chat is nu gesloten. "
                          "We antwoorden vanaf maandag 16 maart om 8.30 uur.")


def test_the_chat_page_on_a_closing_day_offers_the_leave_a_message_form_that_opens_a_case(
        client, eager_celery, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    ClosingDay.objects.create(date=today, name="Personeelsfeest")

    page = client.get(reverse("chat:page")).content.decode()
    assert "Laat een bericht achter" in page and "Personeelsfeest" in page
    assert 'name="subject"' in page and 'id="nieuw-bericht"' not in page

    # Sent without an e-mail address: refused, nothing lost.
    response = client.post(reverse("chat:leave"), {"subject": "Afval", "body": "Wanneer komt de vuilkar?"})
    assert response.status_code == 400
    assert "Geef je e-mailadres" in response.content.decode()
    assert "Wanneer komt de vuilkar?" in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("chat:leave"), {"subject": "Afval", "body": "Wanneer komt de vuilkar?",
                                                       "email": "piet@example.invalid"})
    assert response.status_code == 302
    thanks = client.get(response["Location"]).content.decode()
    conversation = Conversation.objects.get()
    case = conversation.cases.get()
    assert case.reference in thanks
    assert "Personeelsfeest" in thanks and "We antwoorden vanaf" in thanks
    assert any(m.subject.startswith("Automatisch antwoord") for m in mail.outbox)
    # Another browser cannot open that thanks page.
    from django.test import Client

    assert Client().get(response["Location"]).status_code == 404
