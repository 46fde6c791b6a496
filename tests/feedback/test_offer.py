"""A closing asks the reporter once for feedback: a one-time link in the closing message (mailbox or e-mail),
only for real closings of reporters we can reach."""
import hashlib

import pytest
from django.core import mail
from django.db import IntegrityError

from desk.cases import services
from desk.feedback.models import Feedback
from desk.feedback.services import offer_feedback
from desk.models import CaseEvent
from desk.notifications.tasks import notify_case_update
from desk.states import Channel, EventKind, Kind, State
from mailbox.models import Message
from tests.factories.desk import QuietCaseFactory
from tests.factories.identity import ResidentFactory

from .conftest import links
from .helpers import close


def closing_event(case):
    return CaseEvent.objects.filter(case=case, kind=EventKind.STATE_CHANGED, to_state__in=[
        State.RESOLVED, State.CLOSED_UNRESOLVED]).latest("at", "pk")


def test_a_signed_in_resident_gets_the_link_in_the_closing_message_in_the_mailbox(
        agent, resident, eager_celery, django_capture_on_commit_callbacks):
    case = QuietCaseFactory(resident=resident)
    follower = ResidentFactory(user__username="buur", national_number="", given_name="Bo", family_name="Buur",
                               language="")
    services.follow(case, resident=follower)

    with django_capture_on_commit_callbacks(execute=True):
        close(case, agent)

    feedback = Feedback.objects.get(case=case)
    assert feedback.reach == Feedback.Reach.MAILBOX and feedback.closing_event == closing_event(case)
    assert feedback.channel == Channel.WEB and feedback.answered_at is None
    assert (feedback.expires_at - feedback.created_at).days == 14
    own = Message.objects.get(resident=resident, subject__contains="afgehandeld")
    found = links(own.body)
    assert set(found) == {"ja", "nee"} and found["ja"] == found["nee"] == feedback.token
    assert "Ben je tevreden over hoe we je melding hebben afgehandeld?" in own.body
    # A follower hears the case was closed, but is not asked: the question is the reporter's.
    theirs = Message.objects.get(resident=follower, subject__contains="afgehandeld")
    assert links(theirs.body) == {} and "tevredenheid" not in theirs.body


def test_an_email_reporter_gets_the_link_in_the_closing_e_mail(agent, eager_celery,
                                                                django_capture_on_commit_callbacks):
    case = QuietCaseFactory(reporter_email="els@voorbeeld.test", channel=Channel.EMAIL)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        close(case, agent, State.CLOSED_UNRESOLVED, note="We kunnen hier niets aan doen: het is privéterrein.")

    feedback = Feedback.objects.get(case=case)
    assert feedback.reach == Feedback.Reach.EMAIL and feedback.channel == Channel.EMAIL
    sent = [message for message in mail.outbox if message.to == ["els@voorbeeld.test"]]
    assert len(sent) == 1
    assert links(sent[0].body) == {"ja": feedback.token, "nee": feedback.token}


def test_the_token_is_stored_only_as_a_hash_and_a_retry_sends_the_same_link(agent, resident):
    case = QuietCaseFactory(resident=resident)
    close(case, agent, notify=True)
    feedback = Feedback.objects.get(case=case)
    token = feedback.token
    stored = " ".join(str(value) for value in Feedback.objects.filter(pk=feedback.pk).values().first().values())
    assert token not in stored
    assert feedback.token_hash == hashlib.sha256(token.encode()).hexdigest()

    event = closing_event(case)
    notify_case_update(event.pk)
    notify_case_update(event.pk)  # a retry of the task: the same message, the same link, no second question

    assert Message.objects.filter(resident=resident, subject__contains="afgehandeld").count() == 1
    assert Feedback.objects.filter(case=case).count() == 1
    assert links(Message.objects.get(resident=resident, subject__contains="afgehandeld").body)["ja"] == token


def test_never_twice_for_the_same_closing(agent, resident):
    case = QuietCaseFactory(resident=resident)
    close(case, agent)
    with pytest.raises(IntegrityError):
        offer_feedback(case, closing_event(case))


def test_a_reopened_and_closed_again_case_gets_a_new_question(agent, resident):
    case = QuietCaseFactory(resident=resident)
    close(case, agent)
    services.change_state(case, State.REOPENED, actor=agent, public_note="De lamp is opnieuw kapot.")
    close(case, agent, note="Nu echt hersteld.")

    questions = list(Feedback.objects.filter(case=case).order_by("created_at", "pk"))
    assert len(questions) == 2
    assert questions[0].token != questions[1].token
    assert questions[1].closing_event == closing_event(case)


@pytest.mark.parametrize("how", ["cancelled", "duplicate"])
def test_no_question_when_a_case_is_cancelled_or_merged(agent, resident, how):
    case = QuietCaseFactory(resident=resident)
    if how == "cancelled":
        services.change_state(case, State.CANCELLED, actor=agent, public_note="Op vraag van de melder.")
    else:
        other = QuietCaseFactory(reporter_email="piet@voorbeeld.test")
        services.merge(case, into=other, actor=agent)
    case.refresh_from_db()
    assert case.state == (State.CANCELLED if how == "cancelled" else State.DUPLICATE)
    assert not Feedback.objects.exists()


def test_no_question_for_a_reporter_we_cannot_reach_or_without_a_closing_message(agent, settings):
    phone_only = QuietCaseFactory(reporter_name="Anoniem", reporter_phone="0470 11 22 33", channel=Channel.PHONE)
    close(phone_only, agent)
    silent = QuietCaseFactory(reporter_email="els@voorbeeld.test")
    close(silent, agent, notify=False)
    settings.DESK_FEEDBACK_ENABLED = False
    switched_off = QuietCaseFactory(reporter_email="jan@voorbeeld.test")
    close(switched_off, agent)
    assert not Feedback.objects.exists()


def test_no_question_for_a_certificate_request(desk_config, resident):
    services.open_linked_case(linked_ref="cert:1", resident=resident, title="Uittreksel", url="/mijn/aanvragen/1/",
                              status_label="ontvangen")
    case = services.update_linked_case(linked_ref="cert:1", state=State.RESOLVED, status_label="afgeleverd")
    assert case.kind == Kind.REQUEST and case.state == State.RESOLVED
    assert not Feedback.objects.exists()


def test_no_question_when_staff_close_a_request_of_another_app(agent, resident):
    case = services.open_linked_case(linked_ref="cert:2", resident=resident, title="Uittreksel",
                                     url="/mijn/aanvragen/2/", status_label="ontvangen")
    close(case, agent, note="Afgehandeld aan het loket.")
    assert not Feedback.objects.exists()
