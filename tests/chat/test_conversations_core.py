"""The desk's live conversations (desk.cases.services / desk.cases.selectors): one door for chat and WhatsApp.

Routed and timed by the response matrix per channel, duplicates of a channel's message id stored once,
answers counted as first response, turned into a case with its messages, photos and first response, and
seen only by the staff who may see them."""
import io

import pytest
from PIL import Image

from city.photos import process_photo
from desk.cases import services
from desk.cases.selectors.conversations import live_conversations, visible_conversations
from desk.conversations import services as conversations
from desk.models import Case, CaseEvent, Department, RoutingRule
from desk.states import Channel, EventKind, Kind, State
from tests.factories.identity import StaffUserFactory, UserFactory

from .conftest import local

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_config", "office_hours")]

MONDAY_0900 = local(2026, 3, 9, 9, 0)



@pytest.fixture
def agent(db):
    return UserFactory(username="bea", is_staff=True, first_name="Bea", last_name="Balie")


def a_photo():
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 40, 40)).save(buffer, "JPEG", quality=85)
    return process_photo(buffer.getvalue(), filename="put.jpg")


@pytest.mark.parametrize("channel", [Channel.CHAT, Channel.WHATSAPP])
def test_a_live_conversation_goes_to_the_contact_centre_with_one_working_hour_for_the_first_answer(channel):
    conversation = conversations.start_conversation(channel=channel, name="Jan", at=MONDAY_0900)

    assert conversation.state == "open"
    assert conversation.department.code == "contactcenter"
    assert conversation.matrix_version == 1
    assert conversation.first_response_due == local(2026, 3, 9, 10, 0)


def test_the_first_response_term_counts_working_time_over_a_weekend_and_a_holiday():
    friday = conversations.start_conversation(channel=Channel.CHAT, at=local(2026, 3, 13, 16, 30))
    assert friday.first_response_due == local(2026, 3, 16, 9, 0)  # 30 min on Friday, 30 min on Monday
    # Tuesday 10 November 2026 at 16:45: 15 minutes, then Wednesday is Armistice Day (Wapenstilstand).
    before_holiday = conversations.start_conversation(channel=Channel.WHATSAPP, at=local(2026, 11, 10, 16, 45))
    assert before_holiday.first_response_due == local(2026, 11, 12, 9, 15)


def test_other_channels_keep_their_own_terms():
    """The 1-hour rows are for chat and WhatsApp only: a question by e-mail keeps the 8-hour row."""
    case = services.open_case(kind=Kind.QUESTION, channel=Channel.EMAIL, description="Wanneer is het stadhuis open?",
                              reporter_email="jan@example.invalid", at=MONDAY_0900, notify=False)
    assert case.first_response_due == local(2026, 3, 10, 9, 30)  # 7 hours on Monday, 1 on Tuesday


def test_a_routing_rule_for_a_channel_wins_over_the_matrix():
    RoutingRule.objects.create(rank=1, channel=Channel.WHATSAPP, department=Department.objects.get(code="burgerzaken"))
    whatsapp = conversations.start_conversation(channel=Channel.WHATSAPP, at=MONDAY_0900)
    chat = conversations.start_conversation(channel=Channel.CHAT, at=MONDAY_0900)

    assert whatsapp.department.code == "burgerzaken"
    assert whatsapp.first_response_due == local(2026, 3, 9, 10, 0)  # the term still comes from the matrix
    assert chat.department.code == "contactcenter"


def test_a_message_with_a_known_external_id_is_stored_once():
    conversation = conversations.start_conversation(channel=Channel.WHATSAPP, external_address="32470000000",
                                               at=MONDAY_0900)
    first = conversations.receive_message(conversation, body="Hallo", external_id="wamid.ABC", at=MONDAY_0900)
    again = conversations.receive_message(conversation, body="Hallo", external_id="wamid.ABC", at=MONDAY_0900)

    assert first is not None and again is None
    assert conversation.messages.count() == 1
    # The same id on another channel is another message.
    chat = conversations.start_conversation(channel=Channel.CHAT, at=MONDAY_0900)
    assert conversations.receive_message(chat, body="Hallo", external_id="wamid.ABC", at=MONDAY_0900) is not None


def test_an_agents_answer_is_the_first_response_and_assigns_the_agent_an_automatic_one_is_not(agent):
    conversation = conversations.start_conversation(channel=Channel.CHAT, at=MONDAY_0900)
    conversations.receive_message(conversation, body="Hoe laat sluit het containerpark?", at=MONDAY_0900)

    conversations.answer_conversation(conversation, body="We zijn er zo.", automatic=True, at=local(2026, 3, 9, 9, 1))
    conversation.refresh_from_db()
    assert conversation.first_response_at is None and conversation.assignee is None

    conversations.answer_conversation(conversation, actor=agent, body="Om 17 uur.", at=local(2026, 3, 9, 9, 5))
    conversation.refresh_from_db()
    assert conversation.first_response_at == local(2026, 3, 9, 9, 5)
    assert conversation.assignee == agent
    assert [m.is_automatic for m in conversation.messages.filter(direction="out").order_by("pk")] == [True, False]


def test_a_closed_conversation_opens_again_when_the_resident_writes(agent):
    conversation = conversations.start_conversation(channel=Channel.CHAT, at=MONDAY_0900)
    conversations.receive_message(conversation, body="Vraag", at=MONDAY_0900)
    conversations.close_conversation(conversation, actor=agent)
    assert conversation.state == "closed"

    conversations.receive_message(conversation, body="Nog een vraag", at=local(2026, 3, 9, 11, 0))
    conversation.refresh_from_db()
    assert conversation.state == "open" and conversation.closed_at is None


def test_turning_a_conversation_into_a_case_keeps_its_words_photos_first_response_and_history(agent):
    conversation = conversations.start_conversation(channel=Channel.WHATSAPP, name="Jan Peeters",
                                               external_address="32470000000", at=MONDAY_0900)
    conversations.receive_message(conversation, body="Er is een put in de Kerkstraat.", at=MONDAY_0900)
    conversations.receive_message(conversation, body="", photos=[a_photo()], at=local(2026, 3, 9, 9, 2))
    conversations.answer_conversation(conversation, actor=agent, body="Dank je, we bekijken het.",
                                 at=local(2026, 3, 9, 9, 20))

    case = conversations.convert_to_case(conversation, actor=agent, kind=Kind.REPORT, title="Put in de Kerkstraat",
                                    at=local(2026, 3, 9, 9, 40))

    assert case.channel == Channel.WHATSAPP and case.kind == Kind.REPORT and case.conversation == conversation
    assert case.description == "Er is een put in de Kerkstraat.\n\n(foto)"
    assert case.reporter_name == "Jan Peeters" and case.reporter_phone == "32470000000"
    assert case.created_at == MONDAY_0900  # the case starts when the resident first wrote
    photo = case.attachments.get()
    assert photo.message.conversation == conversation and photo.size > 0 and photo.width == 320
    case.refresh_from_db()
    assert case.first_response_at == local(2026, 3, 9, 9, 20)
    first = CaseEvent.objects.get(case=case, kind=EventKind.FIRST_RESPONSE)
    assert first.within_term is True and first.working_s == 20 * 60 and first.actor == agent
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds[0] == EventKind.CREATED and EventKind.ASSIGNED in kinds
    conversation.refresh_from_db()
    assert conversation.state == "closed" and conversation.assignee == agent
    assert conversations.case_of(conversation) == case

    with pytest.raises(services.CaseError):
        conversations.convert_to_case(conversation, actor=agent, kind=Kind.QUESTION)

    # Later messages in and out go through the case: its history and its notifications stay the truth.
    conversations.receive_message(conversation, body="Ze is nu nog groter.", at=local(2026, 3, 9, 10, 0))
    conversations.answer_conversation(conversation, actor=agent, body="De ploeg komt morgen.",
                                 at=local(2026, 3, 9, 10, 5))
    kinds = list(case.events.values_list("kind", flat=True))
    assert EventKind.MESSAGE_IN in kinds and EventKind.MESSAGE_OUT in kinds
    assert conversation.messages.count() == 5
    conversation.refresh_from_db()
    assert conversation.state == "closed"  # it waits in the case inbox now, not in Gesprekken
    assert Case.objects.get(pk=case.pk).state == State.IN_PROGRESS  # the agent's answer started the handling


def test_a_conversation_without_words_cannot_become_a_case(agent):
    conversation = conversations.start_conversation(channel=Channel.CHAT, at=MONDAY_0900)
    with pytest.raises(services.CaseError):
        conversations.convert_to_case(conversation, actor=agent, kind=Kind.QUESTION)
    assert not Case.objects.exists()


def test_desk_agents_see_every_live_conversation_department_staff_only_their_departments():
    agent = StaffUserFactory(username="bea", role="desk_agent")
    lights = StaffUserFactory(username="vera", role="department_staff")
    Department.objects.get(code="openbare-verlichting").members.add(lights)
    nobody = StaffUserFactory(username="zonder", role="department_staff")
    desk = conversations.start_conversation(channel=Channel.CHAT, at=MONDAY_0900)
    theirs = conversations.start_conversation(channel=Channel.WHATSAPP, at=local(2026, 3, 9, 9, 30))
    conversations.assign_conversation(theirs, department=Department.objects.get(code="openbare-verlichting"))
    phone = services.log_phone_call(actor=agent, summary="Vraag over parkeren", kind=Kind.QUESTION)

    assert set(visible_conversations(agent)) == {desk, theirs}  # live channels only, not the phone call's
    assert phone.conversation not in visible_conversations(agent)
    assert set(visible_conversations(lights)) == {theirs}
    assert list(visible_conversations(nobody)) == []

    conversations.close_conversation(desk)
    assert list(live_conversations(agent)) == [theirs]


def test_live_conversations_come_most_urgent_first():
    agent = StaffUserFactory(username="bea", role="desk_agent")
    later = conversations.start_conversation(channel=Channel.CHAT, at=local(2026, 3, 9, 11, 0))
    sooner = conversations.start_conversation(channel=Channel.WHATSAPP, at=local(2026, 3, 9, 9, 0))
    chat_only = list(live_conversations(agent, channel=Channel.CHAT))

    assert list(live_conversations(agent)) == [sooner, later]
    assert chat_only == [later]
