"""A case raised from a chat or WhatsApp conversation keeps its reporter informed in that conversation when
we know no account or e-mail address: status changes (and the satisfaction question on closing) appear there
once, and WhatsApp hands them to its sender."""
import pytest

from desk.cases import services as desk
from desk.conversations import services as conversations
from desk.feedback.models import Feedback
from desk.models import Category, Conversation, ConversationMessage
from desk.notifications.tasks import notify_case_update
from desk.states import Channel, Kind, State
from tests.factories.desk import ConversationFactory
from tests.factories.identity import StaffUserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def eager_tasks():
    """Notifications run in-process, as a worker would run them."""
    from portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def agent(desk_config):
    return StaffUserFactory(username="balie-updates", role="desk_agent")


def conversation_case(agent, channel, **contact):
    conversation = ConversationFactory(channel=channel, first_message="Hoe vraag ik een bewonerskaart aan?", **contact)
    case = conversations.convert_to_case(conversation, actor=agent, kind=Kind.QUESTION,
                                category=Category.objects.get(slug="parkeren"), title="Bewonerskaart")
    return conversation, case


def automatic(conversation):
    return list(ConversationMessage.objects.filter(conversation=conversation, is_automatic=True,
                                                   in_reply_to__startswith="case-event:"))


def test_an_anonymous_chat_reporter_reads_status_changes_and_the_feedback_question_in_the_chat(agent):
    conversation, case = conversation_case(agent, Channel.CHAT, name="Bezoeker")
    desk.change_state(case, State.IN_PROGRESS, actor=agent, public_note="De ploeg gaat morgen langs.")
    desk.change_state(case, State.RESOLVED, actor=agent, public_note="De vuilbak is leeggemaakt.")

    bodies = [message.body for message in automatic(conversation)]
    assert any("in behandeling" in body and "De ploeg gaat morgen langs." in body for body in bodies)
    closing = next(body for body in bodies if "De vuilbak is leeggemaakt." in body)
    feedback = Feedback.objects.get(case=case)
    assert feedback.reach == Feedback.Reach.CONVERSATION
    assert f"/meldingen/tevredenheid/{feedback.token}/?tevreden=ja" in closing
    assert "Mijn meldingen en vragen" not in closing  # they have no account: we tell them here


def test_an_update_is_posted_once_even_when_the_task_runs_again(agent):
    conversation, case = conversation_case(agent, Channel.CHAT)
    desk.change_state(case, State.IN_PROGRESS, actor=agent, public_note="We bekijken het.")
    before = len(automatic(conversation))
    event = case.events.filter(to_state=State.IN_PROGRESS).get()
    notify_case_update(event.pk)  # a retried task
    assert len(automatic(conversation)) == before


def test_reporters_with_an_e_mail_address_or_an_account_are_not_messaged_twice(agent):
    conversation, case = conversation_case(agent, Channel.CHAT, email="bezoeker@example.invalid")
    desk.change_state(case, State.IN_PROGRESS, actor=agent, public_note="We bekijken het.")
    assert automatic(conversation) == []  # the e-mail carries it


def test_whatsapp_updates_go_to_the_whatsapp_sender(agent, intercepted_tasks):
    from desk.cases import outbox

    queued = intercepted_tasks(outbox.ADAPTERS[Channel.WHATSAPP].task)
    conversation, case = conversation_case(agent, Channel.WHATSAPP, external_user_id="BE.123456789",
                                           external_address="32470000000")
    desk.change_state(case, State.IN_PROGRESS, actor=agent, public_note="We bekijken het.")
    received, update = automatic(conversation)  # the acknowledgement with the reference, then the status
    assert received.body.startswith(f"We ontvingen je vraag {case.reference}")
    assert "in behandeling" in update.body
    assert update.channel == Channel.WHATSAPP and queued == [(received.pk,), (update.pk,)]
    assert Conversation.objects.get(pk=conversation.pk).state == Conversation.State.CLOSED  # it is a case now
