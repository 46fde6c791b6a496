"""Outgoing WhatsApp messages: text inside 24 hours of the resident's last message, the approved utility
template outside it (with the case reference; the answer follows as soon as the resident writes again).
Without a template the message is marked failed with a reason staff see on the conversation.

Sending runs in the task ``desk.channels.whatsapp.tasks.send_message``; this module starts it by name
(``common.jobs``), because the tasks module imports this one.
"""
from __future__ import annotations

import datetime as dt
import logging

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from pywa import errors as wa_errors
from pywa.types.templates import TemplateLanguage

from common import jobs
from desk.cases.models import Case
from desk.channels.whatsapp import client
from desk.channels.whatsapp.models import LEASE, Outbound
from desk.channels.whatsapp.statuses import apply_statuses
from desk.conversations.models import Conversation, ConversationMessage
from desk.conversations.services import case_of
from desk.states import Channel

logger = logging.getLogger(__name__)

WHATSAPP = Channel.WHATSAPP
WINDOW = dt.timedelta(hours=24)
TRANSIENT_CODES = {1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056, 133016}


def enqueue_send(message_id: int) -> None:
    """Queue the sending of an outgoing message (desk.cases.outbox names the same task for our answers)."""
    jobs.enqueue("desk.channels.whatsapp.tasks.send_message", message_id)


def _people(conversation: Conversation) -> Q:
    who = Q(pk=conversation.pk)
    if conversation.external_user_id:
        who |= Q(external_user_id=conversation.external_user_id)
    if conversation.external_address:
        who |= Q(external_address=conversation.external_address)
    return Q(channel=WHATSAPP) & who


def window_open(conversation: Conversation, at=None) -> bool:
    """Free text is allowed within 24 hours of the resident's last message (in any of their conversations)."""
    at = at or timezone.now()
    last = Conversation.objects.filter(_people(conversation)).aggregate(last=Max("last_inbound_at"))["last"]
    return last is not None and at - last < WINDOW


def resume_waiting(conversation: Conversation) -> None:
    """The resident wrote: answers that waited behind a template can go out as text now."""
    since = timezone.now() - dt.timedelta(days=settings.WHATSAPP_KEEP_DAYS)
    waiting = list(Outbound.objects.filter(state=Outbound.State.WAITING, message__created_at__gte=since,
                                           message__conversation__in=Conversation.objects.filter(
                                               _people(conversation))).values_list("message_id", flat=True))
    for message_id in waiting:
        transaction.on_commit(lambda message_id=message_id: _enqueue_quietly(message_id))


def _enqueue_quietly(message_id: int) -> None:
    try:
        enqueue_send(message_id)
    except Exception:  # the broker is down: the sweep sends it later
        logger.exception("could not queue WhatsApp message %s", message_id)


def _fail(message: ConversationMessage, outbound: Outbound, error: str) -> None:
    with transaction.atomic():
        Outbound.objects.filter(pk=outbound.pk).update(state=Outbound.State.FAILED, locked_until=None)
        ConversationMessage.objects.filter(pk=message.pk).update(status="failed", status_at=timezone.now(),
                                                                 error=error[:300])
    logger.warning("WhatsApp message %s not sent: %s", message.pk, error)


def _sent(message: ConversationMessage, outbound: Outbound, wamid: str, *, waiting: bool) -> None:
    with transaction.atomic():
        if waiting:
            Outbound.objects.filter(pk=outbound.pk).update(state=Outbound.State.WAITING, template_wamid=wamid,
                                                           locked_until=None)
            error = _("Buiten het 24-uurvenster: de inwoner kreeg een melding (template). Je antwoord volgt "
                      "zodra de inwoner reageert.")
        else:
            Outbound.objects.filter(pk=outbound.pk).update(state=Outbound.State.SENT, locked_until=None)
            error = ""
        ConversationMessage.objects.filter(pk=message.pk).update(external_id=wamid, status="sent",
                                                                 status_at=timezone.now(), error=error[:300])
    apply_statuses(wamid)


def _graph_error(exc: Exception) -> str:
    if isinstance(exc, wa_errors.WhatsAppError):
        return f"{exc.code} {exc.message}"[:200]
    return type(exc).__name__


def _is_transient(exc: Exception) -> bool:
    if isinstance(exc, httpx.TransportError):
        return True
    if isinstance(exc, wa_errors.WhatsAppError):
        return (isinstance(exc, wa_errors.ThrottlingError) or exc.code in TRANSIENT_CODES
                or bool(exc.is_transient) or (exc.status_code or 0) >= 500)
    return False


def _reference(conversation: Conversation) -> str:
    case = case_of(conversation)
    return case.reference if isinstance(case, Case) else f"#{conversation.pk}"


def template_language(conversation: Conversation) -> TemplateLanguage | None:
    """The template's language closest to the conversation's (the first configured one otherwise)."""
    known = [TemplateLanguage._value2member_map_[code] for code in settings.WHATSAPP_TEMPLATE_LANGUAGES
             if code in TemplateLanguage._value2member_map_]
    wanted = (conversation.language or "").lower()
    for language in known:
        if language.value.lower() == wanted or language.value.lower().split("_")[0] == wanted:
            return language
    return known[0] if known else None


def deliver(message_id: int, *, final_attempt: bool) -> bool:
    """Send one outgoing WhatsApp message. True: try again later (a passing Graph API or network failure)."""
    message = (ConversationMessage.objects.select_related("conversation")
               .filter(pk=message_id, channel=WHATSAPP, direction=ConversationMessage.Direction.OUT).first())
    if message is None:
        return False
    outbound, _created = Outbound.objects.get_or_create(message=message)
    now = timezone.now()
    claimed = (Outbound.objects.filter(pk=outbound.pk, state__in=[Outbound.State.QUEUED, Outbound.State.WAITING])
               .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
               .update(locked_until=now + LEASE, attempts=F("attempts") + 1))
    if not claimed:
        return False  # sent, failed for good, or another worker is sending it
    outbound.refresh_from_db()
    conversation = message.conversation
    if not settings.WHATSAPP_ENABLED:
        _fail(message, outbound, _("Niet verstuurd: WhatsApp staat uit."))
        return False
    recipient = conversation.external_address or conversation.external_user_id
    if not recipient:
        _fail(message, outbound, _("Niet verstuurd: geen WhatsApp-nummer of gebruikers-id bekend."))
        return False
    waiting = outbound.state == Outbound.State.WAITING
    as_text = window_open(conversation, now)
    if waiting and not as_text:
        Outbound.objects.filter(pk=outbound.pk).update(locked_until=None)
        return False  # the template went out; the text waits for the resident's next message
    if not waiting:
        ConversationMessage.objects.filter(pk=message.pk).update(status="sending", status_at=now)
    try:
        with client.graph() as wa:
            if as_text:
                try:
                    sent = wa.send_message(to=recipient, text=message.body)
                    _sent(message, outbound, sent.id, waiting=False)
                    return False
                except wa_errors.ReEngagementMessage:
                    if waiting:  # the template went out already; the text keeps waiting
                        Outbound.objects.filter(pk=outbound.pk).update(locked_until=None)
                        return False
                    # Meta says the window has closed after all: the template then.
            language = template_language(conversation)
            if not settings.WHATSAPP_TEMPLATE_NAME or language is None:
                _fail(message, outbound, _("Niet verstuurd: buiten het 24-uurvenster en geen goedgekeurde template."))
                return False
            sent = wa.send_template(
                to=recipient, name=settings.WHATSAPP_TEMPLATE_NAME, language=language,
                params=[{"type": "body", "parameters": [{"type": "text", "text": _reference(conversation)}]}])
            _sent(message, outbound, sent.id, waiting=True)
            return False
    except Exception as exc:
        if _is_transient(exc) and not final_attempt:
            Outbound.objects.filter(pk=outbound.pk).update(locked_until=None)
            if not waiting:
                ConversationMessage.objects.filter(pk=message.pk).update(status="", status_at=None)
            logger.info("WhatsApp message %s: %s, trying again later", message.pk, _graph_error(exc))
            return True
        if not isinstance(exc, wa_errors.WhatsAppError | httpx.HTTPError):
            logger.exception("WhatsApp message %s: unexpected error while sending", message.pk)
        _fail(message, outbound, _("Niet verstuurd: WhatsApp gaf een fout (%(error)s).") % {
            "error": _graph_error(exc)})
        return False

