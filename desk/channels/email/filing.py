"""Filing one e-mail: a reply joins its case, anything else opens a case (kind question, channel e-mail).

A reply — its In-Reply-To/References name a message of a conversation, or its subject carries the reference
of a case (``M-2026-ABC123``) and it comes from that case's reporter — is added to the case
(``services.react``); anything else opens a new case. Photos go through ``city.photos``; other attachments
and refused photos are not kept, and an internal note says which and why. Auto-replies and bounces are
ignored, messages over 25 MB skipped. A message whose Message-ID the desk already stored
(``ConversationMessage`` has a unique (channel, external_id)) is ignored, so a second delivery adds nothing.
Logs name Message-IDs only: no addresses, subjects or bodies.
"""
from __future__ import annotations

import logging
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from city import photos as photo_service
from desk.cases import services
from desk.cases.models import Case
from desk.channels.email.parsing import IncomingMail, parse_mail
from desk.conversations.models import Conversation, ConversationMessage
from desk.states import OPEN_STATES, Channel, Kind

logger = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 25 * 1024 * 1024
MAX_PHOTOS = 10  # photos kept per message; more are listed in the note
MAX_STORED_BODY = 100_000  # the full text kept on the conversation message (the case holds 4000)
TRIMMED = " […]"

# What handling a message came to. All but ERROR are final: the message is marked and not read again.
CREATED = "created"  # a new case
THREADED = "threaded"  # added to an existing case
DUPLICATE = "duplicate"  # this Message-ID was handled before
IGNORED = "ignored"  # an auto-reply or bounce
TOO_LARGE = "too_large"
FAILED = "failed"  # could not be turned into a case (logged); not tried again
ERROR = "error"  # an unexpected error; tried again on the next fetch
FINAL = frozenset({CREATED, THREADED, DUPLICATE, IGNORED, TOO_LARGE, FAILED})



def _trim(text: str, limit: int = services.MAX_DESCRIPTION) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - len(TRIMMED)].rstrip() + TRIMMED


def _photos(mail: IncomingMail) -> tuple[list, list[tuple[str, str]]]:
    """Processed photos, and (file name, reason) for every attachment that is not kept."""
    kept, refused = [], []
    for attachment in mail.attachments:
        if not attachment.content_type.startswith("image/"):
            refused.append((attachment.filename, _("geen foto; we bewaren alleen foto's")))
            continue
        if len(kept) >= MAX_PHOTOS:
            refused.append((attachment.filename, _("te veel foto's (maximaal %(count)s)") % {"count": MAX_PHOTOS}))
            continue
        try:
            kept.append(photo_service.process_photo(attachment.content, filename=attachment.filename))
        except photo_service.PhotoRejected as exc:
            refused.append((attachment.filename, str(exc)))
        except Exception:
            logger.exception("photo in e-mail %s could not be processed", mail.message_id)
            refused.append((attachment.filename, _("de foto kon niet verwerkt worden")))
    return kept, refused


_REFERENCE_CACHE: dict[str, re.Pattern] = {}


def _reference_pattern() -> re.Pattern:
    prefix = settings.DESK_REFERENCE_PREFIX
    if prefix not in _REFERENCE_CACHE:
        _REFERENCE_CACHE[prefix] = re.compile(rf"(?<![A-Za-z0-9]){re.escape(prefix)}-\d{{4}}-[A-Za-z0-9]{{6}}"
                                              r"(?![A-Za-z0-9])", re.IGNORECASE)
    return _REFERENCE_CACHE[prefix]


def _case_of_conversation(conversation: Conversation) -> Case | None:
    cases = list(Case.objects.filter(conversation=conversation).order_by("-created_at", "-pk"))
    return next((case for case in cases if case.state in OPEN_STATES), cases[0] if cases else None)


def _sent_by_reporter(case: Case, address: str) -> bool:
    """A reference in a subject is easy to copy: only the case's own reporter threads by it."""
    if not address:
        return False
    address = address.lower()
    known = {case.reporter_email.lower()} if case.reporter_email else set()
    if case.conversation_id and case.conversation.email:
        known.add(case.conversation.email.lower())
    if case.resident_id and case.resident.user.email:
        known.add(case.resident.user.email.lower())
    return address in known


def find_thread(mail: IncomingMail) -> tuple[Case | None, Conversation | None]:
    """The case a reply belongs to (and its conversation), by message ids first, then by reference."""
    ids = [mail.in_reply_to, *reversed(mail.references)]
    ids = [value for value in dict.fromkeys(ids) if value]
    if ids:
        earlier = (ConversationMessage.objects.filter(external_id__in=ids).select_related("conversation")
                   .order_by("-created_at").first())
        if earlier is not None:
            return _case_of_conversation(earlier.conversation), earlier.conversation
    for reference in dict.fromkeys(match.upper() for match in _reference_pattern().findall(mail.subject)):
        case = Case.objects.select_related("conversation", "resident__user").filter(reference=reference).first()
        if case is not None and _sent_by_reporter(case, mail.from_address):
            return case, case.conversation
    return None, None


def _refused_note(refused: list[tuple[str, str]]) -> str:
    lines = [_("Bijlagen uit de e-mail die we niet bewaard hebben:")]
    lines += [f"- {name}: {reason}" for name, reason in refused]
    return _trim("\n".join(lines))


def handle_mail(mail: IncomingMail) -> str:
    """Add one parsed message to the desk; returns what happened (see the outcome constants)."""
    if mail.automatic:
        logger.info("e-mail %s ignored: %s", mail.message_id, mail.automatic)
        return IGNORED
    if ConversationMessage.objects.filter(channel=Channel.EMAIL, external_id=mail.message_id).exists():
        logger.info("e-mail %s ignored: already handled", mail.message_id)
        return DUPLICATE
    photos, refused = _photos(mail)
    now = timezone.now()
    text = mail.body or _("(e-mail zonder tekst)")
    try:
        with transaction.atomic():
            case, conversation = find_thread(mail)
            if case is not None:
                services.react(case, text=_trim(text), channel=Channel.EMAIL, external_id=mail.message_id,
                               in_reply_to=mail.in_reply_to, photos=photos, at=now)
                outcome = THREADED
            else:
                if conversation is None:
                    conversation = Conversation.objects.create(
                        channel=Channel.EMAIL, subject=mail.subject, name=mail.from_name, email=mail.from_address,
                        created_at=now, last_message_at=now)
                else:
                    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
                ConversationMessage.objects.create(
                    conversation=conversation, direction=ConversationMessage.Direction.IN, channel=Channel.EMAIL,
                    body=text[:MAX_STORED_BODY], external_id=mail.message_id, in_reply_to=mail.in_reply_to,
                    created_at=now)
                case = services.open_case(
                    kind=Kind.QUESTION, channel=Channel.EMAIL, description=_trim(text), title=_trim(mail.subject, 200),
                    reporter_name=mail.from_name, reporter_email=mail.from_address, conversation=conversation,
                    photos=photos, at=now)
                outcome = CREATED
            if refused:
                services.add_note(case, actor=None, text=_refused_note(refused))
    except IntegrityError:
        # Another fetch stored the same Message-ID at the same moment.
        logger.info("e-mail %s ignored: handled at the same time elsewhere", mail.message_id)
        return DUPLICATE
    except services.CaseError:
        logger.exception("e-mail %s could not be added to the desk", mail.message_id)
        return FAILED
    logger.info("e-mail %s %s case %s", mail.message_id, "added to" if outcome == THREADED else "opened",
                case.reference)
    return outcome


def process_message(raw: bytes) -> str:
    """Parse and handle one raw message; unexpected errors give ERROR (the message is tried again)."""
    if len(raw) > MAX_MESSAGE_BYTES:
        logger.warning("e-mail of %s bytes skipped: larger than %s bytes", len(raw), MAX_MESSAGE_BYTES)
        return TOO_LARGE
    try:
        mail = parse_mail(raw)
    except Exception:
        logger.exception("an e-mail could not be read; it is skipped")
        return FAILED
    try:
        with translation.override(settings.LANGUAGE_CODE):
            return handle_mail(mail)
    except Exception:
        logger.exception("e-mail %s could not be handled now; it is tried again later", mail.message_id)
        return ERROR

