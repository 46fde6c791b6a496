"""Incoming WhatsApp messages: every message of a stored webhook delivery is filed in a live conversation.

Each message goes through ``desk.conversations.services.receive_message`` in the resident's conversation —
found by the business-scoped user id (BSUID) first, else the phone number; both are kept — with the wamid
as its external id, so a replayed delivery is filed once. Photos are downloaded at once
(``desk.channels.whatsapp.media``). The privacy guard masks national numbers and bank details and answers
once with a pointer to the secure portal; a new conversation first gets the standing notice not to send
privacy-sensitive data here.
"""
from __future__ import annotations

import json
import logging
import math

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from city import photos
from common import privacy
from desk.cases.services import MAX_DESCRIPTION, CaseError
from desk.channels.whatsapp import client, parsing
from desk.channels.whatsapp.media import Transient, fetch_photo
from desk.channels.whatsapp.models import LEASE, Contact, InboundDelivery
from desk.channels.whatsapp.outbound import resume_waiting
from desk.channels.whatsapp.replies import (
    photo_lost_reply,
    photo_refused_reply,
    privacy_reply,
    standing_notice,
    unsupported_reply,
)
from desk.channels.whatsapp.statuses import record_status
from desk.conversations.models import Conversation, ConversationMessage
from desk.conversations.services import answer_conversation, case_of, receive_message, start_conversation
from desk.states import CLOSED_STATES, Channel

logger = logging.getLogger(__name__)

WHATSAPP = Channel.WHATSAPP
REFUSED_KINDS = ("document", "audio", "video")
IGNORED_KINDS = ("reaction", "system", "ephemeral", "request_welcome")


def process_delivery(delivery_id: int, *, final_attempt: bool) -> bool:
    """File a stored delivery. True: try again later (a network failure before the last attempt).

    A delivery that cannot be read is marked processed with its error, for staff in the admin; it is
    never retried (the same bytes will not read better) and never crashes the worker.
    """
    now = timezone.now()
    claimed = (InboundDelivery.objects.filter(pk=delivery_id, processed_at__isnull=True)
               .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
               .update(locked_until=now + LEASE))
    if not claimed:
        return False  # done already, or another worker has it
    InboundDelivery.objects.filter(pk=delivery_id).update(attempts=F("attempts") + 1)
    delivery = InboundDelivery.objects.get(pk=delivery_id)
    try:
        summary, problems = _file_delivery(delivery, final_attempt=final_attempt)
    except parsing.PayloadError as exc:
        _finish(delivery_id, error=f"{exc}", summary=_("onleesbaar"))
        logger.warning("WhatsApp delivery %s cannot be read: %s", delivery_id, exc)
        return False
    except Transient as exc:
        if final_attempt:
            _finish(delivery_id, error=f"{exc}", summary=_("niet verwerkt"))
            logger.error("WhatsApp delivery %s failed after its last attempt: %s", delivery_id, exc)
            return False
        InboundDelivery.objects.filter(pk=delivery_id).update(locked_until=None, error=f"{exc}"[:2000])
        return True
    except Exception as exc:
        logger.exception("WhatsApp delivery %s could not be processed", delivery_id)
        if final_attempt:
            _finish(delivery_id, error=f"{type(exc).__name__}: {exc}", summary=_("niet verwerkt"))
            return False
        InboundDelivery.objects.filter(pk=delivery_id).update(locked_until=None,
                                                             error=f"{type(exc).__name__}: {exc}"[:2000])
        return True
    _finish(delivery_id, error="\n".join(problems), summary=summary)
    if problems:
        logger.warning("WhatsApp delivery %s had %d unreadable item(s)", delivery_id, len(problems))
    return False


def _finish(delivery_id: int, *, error: str, summary: str) -> None:
    InboundDelivery.objects.filter(pk=delivery_id).update(
        processed_at=timezone.now(), locked_until=None, error=error[:2000], summary=summary[:200])


def _file_delivery(delivery: InboundDelivery, *, final_attempt: bool) -> tuple[str, list[str]]:
    try:
        payload = json.loads(delivery.body)
    except ValueError as exc:
        raise parsing.PayloadError(f"not JSON: {exc}") from exc
    with client.graph() as wa:
        read = parsing.read_delivery(payload, wa=wa, phone_number_id=settings.WHATSAPP_PHONE_NUMBER_ID or "")
        for status in read.statuses:
            record_status(status)
        filed = 0
        problems = list(read.problems)
        for incoming in read.messages:
            try:
                filed += file_message(wa, incoming, final_attempt=final_attempt)
            except CaseError as exc:
                problems.append(f"message {incoming.wamid}: {exc}")
    summary = _("%(messages)s bericht(en), %(statuses)s status(sen)") % {
        "messages": filed, "statuses": len(read.statuses)}
    if read.ignored:
        summary += ", " + _("%(count)s overgeslagen") % {"count": read.ignored}
    return summary, problems


def _known(wamid: str) -> bool:
    return ConversationMessage.objects.filter(channel=WHATSAPP, external_id=wamid).exists()


def file_message(wa, incoming: parsing.Incoming, *, final_attempt: bool = False) -> int:
    """One incoming message into its conversation, with the automatic replies. 1 if filed, 0 if not."""
    if incoming.kind in IGNORED_KINDS or _known(incoming.wamid):
        return 0
    masked = privacy.mask(incoming.text)
    at = min(incoming.at, timezone.now())
    conversation = conversation_for(incoming, text=masked.text, at=at)
    language = conversation.language or settings.LANGUAGE_CODE
    # Notes in the stored message are for staff (the default language); replies in the resident's.
    notes: list[str] = []
    replies: list = []
    found_photos = []
    if incoming.kind == "image":
        try:
            with translation.override(language):  # a refusal's reason is told to the resident
                found_photos = [fetch_photo(wa, incoming)]
        except photos.PhotoRejected as rejected:
            notes.append(_("(foto niet aanvaard: %(reason)s)") % {"reason": rejected.message})
            replies.append(lambda reason=rejected.message: photo_refused_reply(reason))
        except Transient:
            if not final_attempt:
                raise
            notes.append(_("(foto kon niet worden opgehaald)"))
            replies.append(photo_lost_reply)
    elif incoming.kind in REFUSED_KINDS:
        notes.append(_refused_note(incoming))
        replies.append(unsupported_reply)
    elif incoming.kind == "location":
        notes.append(_location_note(incoming))
    elif incoming.kind == "contacts":
        notes.append(_("(contactkaart)"))
    elif incoming.kind == "sticker":
        notes.append("(sticker)")
    elif incoming.kind not in ("text", "interactive", "button"):
        notes.append(_("(berichttype %(kind)s niet ondersteund)") % {"kind": incoming.kind[:30]})
        replies.append(unsupported_reply)
    # A new conversation starts with the standing notice (the privacy reply says it already).
    replies.insert(0, privacy_reply if masked.sensitive else standing_notice)
    with translation.override(language):
        replies = [reply() for reply in replies]
    body = "\n".join(part for part in (masked.text.strip(), *notes) if part)
    if not body and not found_photos:
        body = _("(leeg bericht)")
    return _store(conversation, incoming, body=body, photos=found_photos, replies=replies, at=at, language=language,
                  notice_first=not masked.sensitive)


@transaction.atomic
def _store(conversation: Conversation, incoming, *, body: str, photos, replies: list[str], at, language,
           notice_first: bool) -> int:
    parts = _split(body) or [""]
    try:
        with transaction.atomic():
            message = receive_message(conversation, body=parts[0], external_id=incoming.wamid, photos=photos, at=at)
    except IntegrityError:  # the same wamid filed at this moment by another worker
        return 0
    if message is None:
        return 0
    for number, part in enumerate(parts[1:], start=2):
        receive_message(conversation, body=part, external_id=f"{incoming.wamid}#{number}", at=at)
    if notice_first and conversation.messages.filter(direction=ConversationMessage.Direction.OUT).exists():
        replies = replies[1:]  # not a new conversation: no standing notice
    for reply in replies:
        answer_conversation(conversation, body=reply, automatic=True, language=language, at=timezone.now())
    resume_waiting(conversation)
    return 1


def _split(text: str) -> list[str]:
    """A WhatsApp text holds 4096 characters, a stored message fewer: keep all of it, in parts."""
    limit = MAX_DESCRIPTION
    parts = []
    while text:
        if len(text) <= limit:
            parts.append(text)
            break
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > limit // 2 else limit
        parts.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return parts


def _refused_note(incoming: parsing.Incoming) -> str:
    if incoming.kind == "document":
        return _("(document niet aanvaard: %(name)s)") % {"name": (incoming.filename or "?")[:100]}
    if incoming.kind == "audio":
        return _("(spraakbericht niet aanvaard)")
    return _("(video niet aanvaard)")


def _location_note(incoming: parsing.Incoming) -> str:
    lat, lon = incoming.latitude, incoming.longitude
    if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)) \
            or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return _("(locatie onleesbaar)")
    note = _("Gedeelde locatie: %(lat).6f, %(lon).6f") % {"lat": lat, "lon": lon}
    if incoming.place:
        note += f" ({incoming.place[:200]})"
    return f"{note}\nhttps://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}#map=18/{lat:.6f}/{lon:.6f}"


@transaction.atomic
def conversation_for(incoming: parsing.Incoming, *, text: str = "", at=None) -> Conversation:
    """The resident's live conversation (BSUID first, then phone number), or a new one.

    A conversation whose case is closed is not continued: a new message after that is a new question.
    Missing identifiers (the phone number once it shows, the BSUID once it appears) are filled in.
    """
    key = incoming.user_id or f"wa:{incoming.wa_id}"
    contact, _created = Contact.objects.get_or_create(key=key[:140])
    Contact.objects.select_for_update().get(pk=contact.pk)  # one sender's messages are filed one at a time
    conversation = _latest(incoming.user_id, incoming.wa_id)
    if conversation is not None:
        case = case_of(conversation)
        if case is None or case.state not in CLOSED_STATES:
            updates = {}
            if incoming.user_id and not conversation.external_user_id:
                updates["external_user_id"] = incoming.user_id[:120]
            if incoming.wa_id and not conversation.external_address:
                updates["external_address"] = incoming.wa_id[:40]
            if incoming.name and not conversation.name:
                updates["name"] = incoming.name[:200]
            if updates:
                Conversation.objects.filter(pk=conversation.pk).update(**updates)
                for field, value in updates.items():
                    setattr(conversation, field, value)
            return conversation
    subject = (text.strip().splitlines() or [""])[0][:120]
    return start_conversation(channel=WHATSAPP, name=incoming.name[:200], language=privacy.guess_language(text),
                              subject=subject, external_user_id=incoming.user_id, external_address=incoming.wa_id,
                              at=at)


def _latest(user_id: str, wa_id: str) -> Conversation | None:
    found = Conversation.objects.filter(channel=WHATSAPP).order_by("-last_message_at", "-pk")
    if user_id:
        conversation = found.filter(external_user_id=user_id).first()
        if conversation is not None:
            return conversation
    if wa_id:
        return found.filter(external_address=wa_id).first()
    return None

