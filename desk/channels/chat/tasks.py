"""Celery entry points of the chat: transcripts, automatic replies and unseen answers reach the visitor.

Each task is idempotent: the mailbox delivers once per ``source_ref``; e-mail goes out once per message
(its status says so). A failure is retried with backoff (and the operator sees it in the worker's log).
"""
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from desk.channels.chat.render import transcript_text
from desk.channels.chat.services import NOTIFIED
from desk.conversations.models import Conversation, ConversationMessage
from desk.conversations.services import case_of
from mailbox import services as mailbox

logger = logging.getLogger(__name__)


def _chat_url() -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{reverse('chat:page')}"


def _deliver(conversation, *, subject: str, body: str, source_ref: str) -> bool:
    """Into the resident's mailbox (with the usual e-mail notice if they asked for one), else by e-mail."""
    if conversation.resident_id:
        mailbox.post_message(resident=conversation.resident, subject=subject, body=body, source_ref=source_ref,
                             sender_label=settings.CITY_NAME)
        mailbox.notify_by_email(resident=conversation.resident, source_ref=source_ref)
        return True
    if conversation.email:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [conversation.email])
        return True
    return False


@shared_task(name="desk.channels.chat.tasks.send_transcript", ignore_result=True, autoretry_for=(Exception,),
             retry_backoff=True, max_retries=5)
def send_transcript(conversation_id: int) -> bool:
    """The transcript of an ended chat: to the resident's mailbox, or to the visitor's e-mail address."""
    conversation = Conversation.objects.select_related("resident").get(pk=conversation_id)
    messages = list(conversation.messages.select_related("author", "conversation").order_by("created_at", "pk"))
    if not messages:
        return False
    language = conversation.language or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = _("Verslag van je chatgesprek van %(date)s") % {
            "date": formats.date_format(timezone.localtime(conversation.created_at), "j F Y")}
    body = transcript_text(conversation, messages, language)
    return _deliver(conversation, subject=subject, body=body,
                    source_ref=f"desk-chat:{conversation.pk}:transcript:{messages[-1].pk}")


@shared_task(name="desk.channels.chat.tasks.deliver_automatic_reply", ignore_result=True, autoretry_for=(Exception,),
             retry_backoff=True, max_retries=5)
def deliver_automatic_reply(message_id: int) -> bool:
    """The automatic reply to a message left outside office hours, where the visitor reads it."""
    message = ConversationMessage.objects.select_related("conversation", "conversation__resident").get(pk=message_id)
    if message.status == NOTIFIED:
        return False
    conversation = message.conversation
    case = case_of(conversation)
    with translation.override(message.language or conversation.language or settings.LANGUAGE_CODE):
        values = {"reference": case.reference if case else ""}
        subject = (_("Automatisch antwoord op je bericht %(reference)s") % values if case
                   else _("Automatisch antwoord op je bericht"))
    delivered = _deliver(conversation, subject=subject, body=message.body,
                         source_ref=f"desk-chat:{conversation.pk}:auto:{message.pk}")
    if delivered:
        ConversationMessage.objects.filter(pk=message.pk).update(status=NOTIFIED, status_at=timezone.now())
    return delivered


@shared_task(name="desk.channels.chat.tasks.notify_unseen_answer", ignore_result=True, autoretry_for=(Exception,),
             retry_backoff=True, max_retries=5)
def notify_unseen_answer(message_id: int) -> bool:
    """An agent's chat answer the visitor has not seen (they left the page): to their mailbox or e-mail.

    Not for answers on a conversation that became a case: the case tells the resident itself.
    """
    message = (ConversationMessage.objects.select_related("conversation", "conversation__resident")
               .filter(pk=message_id).first())
    if message is None or message.status or message.is_automatic or message.direction != "out":
        return False
    conversation = message.conversation
    if case_of(conversation) is not None:
        return False
    with translation.override(conversation.language or settings.LANGUAGE_CODE):
        subject = _("Je kreeg een antwoord in de chat")
        body = (_("Je stelde een vraag in de chat van het Thuisloket. Je was niet meer in het gesprek toen we "
                  "antwoordden. Dit is ons antwoord:") + "\n\n" + message.body.strip() + "\n\n"
                + _("Je kan verder chatten via %(url)s (in dezelfde browser, of aangemeld).") % {"url": _chat_url()})
    delivered = _deliver(conversation, subject=subject, body=body,
                         source_ref=f"desk-chat:{conversation.pk}:answer:{message.pk}")
    if delivered:
        ConversationMessage.objects.filter(pk=message.pk, status="").update(status=NOTIFIED,
                                                                            status_at=timezone.now())
    return delivered
