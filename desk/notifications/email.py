"""E-mail to a case's reporter as part of its conversation, so their answer comes back to the same case."""
from __future__ import annotations

from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMessage

from desk.cases.models import Case, CaseEvent
from desk.conversations.models import ConversationMessage
from desk.states import EventKind


def mail_reporter(case: Case, event: CaseEvent, subject: str, body: str) -> None:
    """A Message-ID we keep, In-Reply-To their last e-mail, Reply-To the one address: their mail program
    threads it, and e-mail in (desk.channels.email) finds the case by these ids or by the reference."""
    sender = settings.DESK_REPLY_ADDRESS or settings.DEFAULT_FROM_EMAIL
    message_id = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or None)  # also for "City <a@b>"
    headers = {"Message-ID": message_id}
    if case.conversation_id:
        earlier = (ConversationMessage.objects.filter(conversation_id=case.conversation_id,
                                                      direction=ConversationMessage.Direction.IN)
                   .exclude(external_id="").order_by("-created_at", "-pk").first())
        if earlier is not None:
            headers["In-Reply-To"] = headers["References"] = earlier.external_id
    mail = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [case.reporter_email], headers=headers,
                        reply_to=[settings.DESK_REPLY_ADDRESS] if settings.DESK_REPLY_ADDRESS else None)
    mail.send()
    if event.kind == EventKind.MESSAGE_OUT and event.data.get("message"):
        ConversationMessage.objects.filter(pk=event.data["message"], external_id="").update(external_id=message_id)
