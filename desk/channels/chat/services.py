"""What the web chat changes, on top of the desk's conversation services (``desk.cases.services``).

Every function is one transaction. Messages, answers, routing and cases go through the desk's own doors
(start_conversation, receive_message, answer_conversation, close_conversation, convert_to_case); this
module adds what only the chat needs: the automatic replies (outside office hours at most once a day per
conversation; a pointer to the secure portal when someone types a national number), the left message
outside office hours that becomes a case, ending a chat with its transcript, and remembering which
answers the visitor has seen.
"""
from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common import jobs, privacy
from desk.cases.models import Case
from desk.channels.chat import hours
from desk.conversations import services as conversations
from desk.conversations.models import Conversation, ConversationMessage
from desk.states import Channel, Kind

logger = logging.getLogger(__name__)

SEEN = "read"  # ConversationMessage.status of an answer the visitor's chat showed
NOTIFIED = "notified"  # ... of an answer the visitor did not see, sent to their mailbox or e-mail


@transaction.atomic
def post_visitor_message(*, conversation: Conversation | None, body: str, resident=None, name: str = "",
                         email: str = "", language: str = "", access_token: str = "",
                         at: datetime | None = None) -> tuple[Conversation, ConversationMessage]:
    """A visitor's chat message; the first one starts the conversation (routed and timed by the matrix).

    Outside office hours the conversation gets one automatic reply a day saying when we answer; a national
    number, IBAN or card number is masked in what we store and gets a pointer to the secure portal.
    """
    at = at or timezone.now()
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if conversation is None:
        conversation = conversations.start_conversation(channel=Channel.CHAT, resident=resident, name=name, email=email,
                                               language=language, access_token=access_token, at=at)
    masked = privacy.mask(body)
    message = conversations.receive_message(conversation, body=masked.text, language=language, at=at)
    if masked.sensitive:
        _privacy_reply(conversation, language, at)
    _closed_reply(conversation, language, at)
    return conversation, message


def _privacy_reply(conversation: Conversation, language: str, at: datetime) -> None:
    with translation.override(language):
        text = _("Stuur je rijksregisternummer, medische of financiële gegevens niet via de chat. Heb je ze nodig "
                 "voor je vraag? Meld je aan op het Thuisloket en gebruik ‘Melden of vragen’: daar zijn ze "
                 "beveiligd.")
    conversations.answer_conversation(conversation, body=text, automatic=True, language=language, at=at)


def _closed_reply(conversation: Conversation, language: str, at: datetime) -> ConversationMessage | None:
    """At most one automatic "we are closed" reply per conversation per day (``auto_replied_on``)."""
    if hours.is_open(at):
        return None
    today = timezone.localtime(at).date()
    claimed = (Conversation.objects.filter(pk=conversation.pk).exclude(auto_replied_on=today)
               .update(auto_replied_on=today))
    if not claimed:
        return None
    conversation.auto_replied_on = today
    text = hours.automatic_reply(at, language)
    return conversations.answer_conversation(conversation, body=text, automatic=True, language=language, at=at)


@transaction.atomic
def leave_message(*, subject: str, body: str, resident=None, name: str = "", email: str = "",
                  language: str = "", at: datetime | None = None) -> tuple[Case, ConversationMessage]:
    """Outside office hours: the message becomes a question (a case, channel chat) with one automatic reply.

    The reply says when we answer (the next opening of the chat's calendar, naming today's holiday or
    closing day) and is delivered after the commit: in the mailbox of a signed-in resident, else by
    e-mail. The case gets the desk's usual acknowledgement (and, for an e-mail address, its tracking link).
    """
    at = at or timezone.now()
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    conversation = conversations.start_conversation(channel=Channel.CHAT, resident=resident, name=name, email=email,
                                           language=language, subject=subject, at=at)
    conversations.receive_message(conversation, body=body, language=language, at=at)
    with translation.override(language):
        text = hours.automatic_reply(at, language) or _("Bedankt voor je bericht. We antwoorden zo snel mogelijk.")
        text += " " + (_("Je krijgt ons antwoord in je berichtenbox op het Thuisloket.") if resident is not None
                       else _("Je krijgt ons antwoord per e-mail."))
    Conversation.objects.filter(pk=conversation.pk).update(auto_replied_on=timezone.localtime(at).date())
    reply = conversations.answer_conversation(conversation, body=text, automatic=True, language=language, at=at)
    case = conversations.convert_to_case(conversation, actor=None, kind=Kind.QUESTION, title=subject, at=at)
    jobs.enqueue_after_commit("desk.channels.chat.tasks.deliver_automatic_reply", reply.pk,
                              run_here_if_broker_down=True)
    return case, reply


@transaction.atomic
def end_chat(conversation: Conversation, *, email: str = "", at: datetime | None = None) -> Conversation:
    """The visitor ends the chat: it closes, and its transcript goes to the resident's mailbox, or by
    e-mail to the address they gave (now or when they started)."""
    at = at or timezone.now()
    if email and email != conversation.email:
        Conversation.objects.filter(pk=conversation.pk).update(email=email)
        conversation.email = email
    if conversation.state == Conversation.State.OPEN:
        conversations.close_conversation(conversation, at=at)
    if conversation.resident_id or conversation.email:
        jobs.enqueue_after_commit("desk.channels.chat.tasks.send_transcript", conversation.pk,
                                  run_here_if_broker_down=True)
    return conversation


def mark_seen(conversation_id: int, messages: list[ConversationMessage], at: datetime | None = None) -> int:
    """The visitor's chat showed these answers: they need no mailbox or e-mail notice any more."""
    ids = [m.pk for m in messages if m.direction == ConversationMessage.Direction.OUT and not m.status]
    if not ids:
        return 0
    return (ConversationMessage.objects.filter(conversation_id=conversation_id, pk__in=ids, status="")
            .update(status=SEEN, status_at=at or timezone.now()))
