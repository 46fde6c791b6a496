"""The WhatsApp adapter's work: filing incoming messages, following delivery statuses, sending answers.

Incoming (:func:`process_delivery`, from the Celery task): every message of a stored webhook delivery
becomes a message in a live conversation through ``desk.conversations.services.receive_message`` — found by the
business-scoped user id (BSUID) first, else the phone number; both are kept — with the wamid as its
external id, so a replayed delivery is filed once. Photos are downloaded at once (Meta's media URL
lives five minutes) and go through the same checks as web uploads (``city.photos``). The privacy guard
masks national numbers and bank details and answers once with a pointer to the secure portal; a new
conversation first gets the standing notice not to send privacy-sensitive data here.

Outgoing (:func:`deliver`, from the task the registered sender starts): inside 24 hours of the
resident's last message the answer goes out as text; outside, the approved utility template goes out
with the case reference and the answer follows as soon as the resident writes again. Without a template
the message is marked failed with a reason staff see on the conversation.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
import math
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pywa import errors as wa_errors
from pywa.types.templates import TemplateLanguage

from city import photos
from common import jobs, privacy
from desk.cases.models import Case
from desk.cases.services import MAX_DESCRIPTION, CaseError
from desk.channels.whatsapp import client, parsing
from desk.channels.whatsapp.models import Contact, InboundDelivery, Outbound, StatusReport
from desk.conversations.models import Conversation, ConversationMessage
from desk.conversations.services import answer_conversation, case_of, receive_message, start_conversation
from desk.states import CLOSED_STATES, Channel

logger = logging.getLogger(__name__)

WHATSAPP = Channel.WHATSAPP
WINDOW = dt.timedelta(hours=24)
LEASE = dt.timedelta(minutes=10)
REFUSED_KINDS = ("document", "audio", "video")
IGNORED_KINDS = ("reaction", "system", "ephemeral", "request_welcome")
# Statuses only move forward: a late "delivered" never undoes "read"; "failed" beats only "sent".
STATUS_RANK = {"": 0, "sending": 1, "sent": 10, "failed": 15, "delivered": 20, "read": 30, "played": 30}
TRANSIENT_CODES = {1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056, 133016}


class Transient(Exception):
    """A network or Graph API failure that is worth trying again later."""


# --- texts for residents (in the conversation's language) ----------------------------------------------------


def portal_url() -> str:
    return (settings.WHATSAPP_PORTAL_URL or settings.PUBLIC_BASE_URL or "").rstrip("/") + "/"


def standing_notice() -> str:
    return _("Bedankt voor je bericht aan %(city)s. We antwoorden zo snel mogelijk, op werkdagen. Stuur geen "
             "privacygevoelige gegevens via WhatsApp, zoals je rijksregisternummer, bankgegevens of informatie "
             "over je gezondheid. Daarvoor gebruik je het beveiligde Thuisloket: %(url)s"
             ) % {"city": settings.CITY_NAME, "url": portal_url()}


def privacy_reply() -> str:
    return _("Je bericht bevat een rijksregisternummer, rekeningnummer of kaartnummer. Stuur zulke gegevens niet "
             "via WhatsApp. We hebben het nummer onleesbaar gemaakt. Hebben we het nodig voor je vraag? Gebruik dan "
             "het beveiligde Thuisloket: %(url)s") % {"url": portal_url()}


def unsupported_reply() -> str:
    return _("Via WhatsApp kunnen we alleen tekst, foto's en locaties ontvangen. Een document, spraakbericht of "
             "video stuur je via het beveiligde Thuisloket: %(url)s") % {"url": portal_url()}


def photo_refused_reply(reason: str) -> str:
    return _("We konden je foto niet gebruiken. %(reason)s") % {"reason": reason}


def photo_lost_reply() -> str:
    return _("Je foto is niet goed bij ons aangekomen. Wil je hem nog eens sturen?")


# --- incoming ------------------------------------------------------------------------------------------------


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
    _resume_waiting(conversation)
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


def fetch_photo(wa, incoming: parsing.Incoming) -> photos.ProcessedPhoto:
    """Download a photo through the Graph API now, check its size and hash, and clean it like a web upload.

    Raises PhotoRejected (with a message for the resident) or Transient (try again with a fresh URL).
    """
    limit = photos.max_bytes()
    try:
        media = wa.get_media_url(incoming.media_id)
    except wa_errors.WhatsAppError as exc:
        raise Transient(f"media {incoming.media_id}: {exc.code} {exc.message}"[:300]) from exc
    except (httpx.HTTPError, KeyError, TypeError, ValueError) as exc:
        raise Transient(f"media {incoming.media_id}: {type(exc).__name__}") from exc
    if media.file_size and int(media.file_size) > limit:
        raise _too_large(limit)
    url = urlsplit(media.url)
    hosts = settings.WHATSAPP_MEDIA_HOSTS
    if url.scheme != "https" or not any(url.hostname == host or (url.hostname or "").endswith("." + host)
                                        for host in hosts):
        logger.warning("WhatsApp media URL on an unexpected host %r refused", url.hostname)
        raise photos.PhotoRejected(photo_lost_reply(), code="unexpected_host")
    data = bytearray()
    try:
        for chunk in wa.stream_media(media.url):
            data += chunk
            if len(data) > limit:
                raise _too_large(limit)
    except httpx.HTTPError as exc:
        raise Transient(f"media {incoming.media_id}: {type(exc).__name__}") from exc
    digest = hashlib.sha256(data).digest()
    for expected in (media.sha256, incoming.media_sha256):
        if expected and not _same_hash(digest, expected):
            raise Transient(f"media {incoming.media_id}: sha256 does not match")
    return photos.process_photo(bytes(data), filename=f"whatsapp-{incoming.media_id}")


def _too_large(limit: int) -> photos.PhotoRejected:
    size = f"{limit / (1024 * 1024):.0f} MB" if limit >= 1024 * 1024 else f"{max(1, limit // 1024)} kB"
    return photos.PhotoRejected(_("Deze foto is groter dan %(size)s. Kies een kleinere foto.") % {"size": size},
                                code="too_large")


def _same_hash(digest: bytes, expected: str) -> bool:
    """Meta gives the SHA-256 as hex (media URL) or base64 (webhook)."""
    expected = expected.strip()
    return expected.lower() == digest.hex() or expected.rstrip("=") in (
        base64.b64encode(digest).decode().rstrip("="), base64.urlsafe_b64encode(digest).decode().rstrip("="))


# --- statuses ------------------------------------------------------------------------------------------------


def record_status(update: parsing.StatusUpdate) -> None:
    """Keep the report (it may arrive before we stored the wamid) and apply what we know."""
    if update.status not in STATUS_RANK:
        return
    try:
        with transaction.atomic():
            StatusReport.objects.get_or_create(wamid=update.wamid[:300], status=update.status, defaults={
                "at": update.at, "error": update.error[:300], "received_at": timezone.now()})
    except IntegrityError:
        pass  # the same report, stored at this moment by another worker
    apply_statuses(update.wamid)


@transaction.atomic
def apply_statuses(wamid: str) -> None:
    message = (ConversationMessage.objects.select_for_update()
               .filter(channel=WHATSAPP, external_id=wamid, direction=ConversationMessage.Direction.OUT).first())
    if message is None:
        return
    reports = list(StatusReport.objects.filter(wamid=wamid))
    if not reports:
        return
    best = max(reports, key=lambda report: (STATUS_RANK.get(report.status, 0), report.at))
    if STATUS_RANK.get(best.status, 0) <= STATUS_RANK.get(message.status, 0):
        return
    waiting = Outbound.objects.filter(message=message, state=Outbound.State.WAITING).exists()
    if best.status == "failed":
        error = _("WhatsApp kon het bericht niet afleveren (%(error)s).") % {"error": best.error or "?"}
    else:
        error = message.error if waiting else ""
    ConversationMessage.objects.filter(pk=message.pk).update(status=best.status, status_at=best.at,
                                                             error=error[:300])


# --- outgoing ------------------------------------------------------------------------------------------------


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


def _resume_waiting(conversation: Conversation) -> None:
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


# --- housekeeping --------------------------------------------------------------------------------------------


def sweep(*, now=None) -> dict:
    """Queue what a broker outage left behind; remove raw deliveries and status reports past their time."""
    from desk.channels.whatsapp.tasks import process_delivery as process_task
    from desk.channels.whatsapp.tasks import send_message as send_task

    now = now or timezone.now()
    stuck = list(InboundDelivery.objects.filter(processed_at__isnull=True, received_at__lt=now - dt.timedelta(
        minutes=2)).filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now)).values_list("pk", flat=True)[:500])
    for pk in stuck:
        process_task.delay(pk)
    unsent = list(ConversationMessage.objects.filter(
        channel=WHATSAPP, direction=ConversationMessage.Direction.OUT, status="", whatsapp__isnull=True,
        created_at__lt=now - dt.timedelta(minutes=2), created_at__gte=now - dt.timedelta(days=2),
    ).values_list("pk", flat=True)[:500])
    unsent += list(Outbound.objects.filter(state=Outbound.State.QUEUED, updated_at__lt=now - dt.timedelta(minutes=2))
                   .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
                   .values_list("message_id", flat=True)[:500])
    for pk in unsent:
        send_task.delay(pk)
    keep = now - dt.timedelta(days=settings.WHATSAPP_KEEP_DAYS)
    purged, _details = InboundDelivery.objects.filter(received_at__lt=keep).delete()
    StatusReport.objects.filter(received_at__lt=keep).delete()
    return {"requeued_deliveries": len(stuck), "requeued_messages": len(unsent), "purged": purged}
