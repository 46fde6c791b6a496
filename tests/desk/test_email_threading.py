"""A reply to a reporter who wrote by e-mail goes out threaded, and their answer comes back to the same case."""
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.core import mail

from desk.cases import services
from desk.channels.email.mailboxes import fetch_maildir
from desk.models import Case, CaseEvent, ConversationMessage
from desk.notifications.tasks import notify_case_update
from desk.states import Channel, EventKind
from tests.factories.identity import StaffUserFactory

pytestmark = pytest.mark.django_db


def deliver(maildir: Path, message: EmailMessage, name: str) -> None:
    for sub in ("new", "cur", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    (maildir / "new" / name).write_bytes(message.as_bytes())


def first_mail() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Els Janssens <els@example.invalid>"
    message["To"] = "1777@stadvoorbeeld.invalid"
    message["Subject"] = "Vraag over het containerpark"
    message["Message-ID"] = "<vraag-1@example.invalid>"
    message.set_content("Wanneer is het containerpark open op zaterdag?")
    return message


def test_reply_is_threaded_and_the_answer_lands_on_the_same_case(desk_config, tmp_path, settings):
    settings.DESK_REPLY_ADDRESS = "1777@stadvoorbeeld.invalid"
    maildir = tmp_path / "Maildir"
    deliver(maildir, first_mail(), "1")
    assert fetch_maildir(maildir) == 1
    case = Case.objects.get(channel=Channel.EMAIL)

    agent = StaffUserFactory(username="agent", role="desk_agent")
    message = services.reply(case, actor=agent, body="Op zaterdag van 9 tot 16 uur.")
    event = CaseEvent.objects.get(case=case, kind=EventKind.MESSAGE_OUT)
    mail.outbox.clear()
    notify_case_update(event.pk)

    sent = mail.outbox[-1]
    assert sent.to == ["els@example.invalid"]
    assert sent.extra_headers["In-Reply-To"] == "<vraag-1@example.invalid>"
    assert sent.reply_to == ["1777@stadvoorbeeld.invalid"]
    message.refresh_from_db()
    assert message.external_id == sent.extra_headers["Message-ID"]

    answer = EmailMessage()
    answer["From"] = "els@example.invalid"
    answer["Subject"] = "Re: ons antwoord"  # no reference in the subject: threading by In-Reply-To only
    answer["Message-ID"] = "<antwoord-2@example.invalid>"
    answer["In-Reply-To"] = sent.extra_headers["Message-ID"]
    answer.set_content("Dank u!")
    deliver(maildir, answer, "2")
    assert fetch_maildir(maildir) == 1
    assert Case.objects.count() == 1
    assert ConversationMessage.objects.filter(conversation=case.conversation, direction="in").count() == 2
