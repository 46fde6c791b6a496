"""E-mail in: the one address's mailbox becomes conversations and cases in the desk.

``settings.DESK_INBOUND_MAILBOX`` names the mailbox:

* ``maildir:///var/mail/1777/Maildir`` — a Maildir on this machine (e.g. delivered by the local MTA).
  New messages are those in ``new/`` and those in ``cur/`` without the Seen flag. A message that was
  handled is *moved* to ``cur/`` with the Seen flag (``cur/<name>:2,S``), never deleted: the original stays
  on disk for the mail administrator, and a second run does not see it again.
* ``imaps://user:password@host:993/INBOX`` — an IMAP mailbox over TLS (``imapclient``). Only UNSEEN
  messages are fetched (with BODY.PEEK, so fetching marks nothing); a message gets ``\\Seen`` only after its
  case or conversation message was committed. User and password may be percent-encoded.

Every message is handled at most once: a handled message is marked, and a message whose Message-ID the
desk already stored (``ConversationMessage`` has a unique (channel, external_id)) is ignored, so a second
delivery, a crash between the commit and the marking or two fetches at once add nothing. A message that
fails for an unexpected reason (the database is down, say) stays unmarked and is tried again next time.

A reply — its In-Reply-To/References name a message of a conversation, or its subject carries the reference
of a case (``M-2026-ABC123``) and it comes from that case's reporter — is added to the case
(``services.react``); anything else opens a new case (kind question, channel e-mail). Photos go through
``city.photos``; other attachments and refused photos are not kept, and an internal note says which and
why. Auto-replies and bounces are ignored, messages over 25 MB skipped. Logs name Message-IDs only: no
addresses, subjects or bodies.
"""
from __future__ import annotations

import email
import email.policy
import email.utils
import hashlib
import html
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from desk.cases import services
from desk.cases.models import Case
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


class MailboxConfigError(ValueError):
    """DESK_INBOUND_MAILBOX cannot be used."""


@dataclass
class MailboxLocation:
    scheme: str  # "maildir" or "imaps"
    path: str = ""
    host: str = ""
    port: int = 993
    username: str = ""
    password: str = ""
    folder: str = "INBOX"


def parse_mailbox_url(url: str) -> MailboxLocation:
    """Read ``maildir:///path`` or ``imaps://user:password@host[:port]/FOLDER``; raise MailboxConfigError."""
    parts = urlsplit((url or "").strip())
    if parts.scheme == "maildir":
        path = unquote(f"{parts.netloc}{parts.path}")
        if not path.startswith("/"):
            raise MailboxConfigError("a maildir URL needs an absolute path: maildir:///path/to/Maildir")
        return MailboxLocation("maildir", path=path)
    if parts.scheme == "imaps":
        try:
            port = parts.port or 993
        except ValueError as exc:
            raise MailboxConfigError("the IMAP port is not a number") from exc
        if not parts.hostname:
            raise MailboxConfigError("an imaps URL needs a host: imaps://user:password@host:993/INBOX")
        if not parts.username or parts.password is None:
            raise MailboxConfigError("an imaps URL needs a user and a password: imaps://user:password@host/INBOX")
        return MailboxLocation("imaps", host=parts.hostname, port=port, username=unquote(parts.username),
                               password=unquote(parts.password), folder=unquote(parts.path.lstrip("/")) or "INBOX")
    raise MailboxConfigError("use maildir:///path/to/Maildir or imaps://user:password@host:993/INBOX")


# ---- reading a message ----------------------------------------------------------------------------------


@dataclass
class Attachment:
    filename: str
    content_type: str
    content: bytes


@dataclass
class IncomingMail:
    message_id: str
    in_reply_to: str
    references: list[str]
    from_name: str
    from_address: str
    subject: str
    body: str
    attachments: list[Attachment] = field(default_factory=list)
    automatic: str = ""  # why it is an auto-reply or bounce, if it is one


_MSG_ID = re.compile(r"<[^<>\s]+>")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_BLOCK_END = re.compile(r"(?i)<br\b[^>]*>|</(?:p|div|li|tr|h[1-6]|blockquote|table|ul|ol|pre)\s*>")


def _header(message, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # a malformed header must not stop the message
        value = None
    return " ".join(str(value or "").split())


def _message_ids(value: str) -> list[str]:
    return _MSG_ID.findall(value or "")


def _sender(message) -> tuple[str, str]:
    name, address = "", ""
    try:
        header = message["From"]
        addresses = getattr(header, "addresses", ()) if header is not None else ()
        if addresses:
            name, address = addresses[0].display_name or "", addresses[0].addr_spec or ""
    except Exception:
        addresses = ()
    if not address:
        name, address = email.utils.parseaddr(_header(message, "From"))
    address = address.strip()
    if "@" not in address or len(address) > 254 or any(ch.isspace() for ch in address):
        address = ""
    return " ".join(name.split())[:200], address


def html_to_text(markup: str) -> str:
    """Plain text from an HTML body: every tag goes (script and style with their content), no HTML is kept."""
    import nh3

    markup = _BLOCK_END.sub("\n", markup or "")
    return html.unescape(nh3.clean(markup, tags=set()))


def _tidy(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in (text or "").replace("\r\n", "\n").split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _text_of(part) -> str:
    try:
        content = part.get_content()
    except Exception:  # unknown charset, broken transfer encoding
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace")
    if isinstance(content, bytes):
        content = content.decode("utf-8", errors="replace")
    return content


def _automatic(message, from_address: str) -> str:
    auto_submitted = _header(message, "Auto-Submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return "auto-submitted"
    if _header(message, "Precedence").lower() in {"bulk", "junk", "list", "auto_reply"}:
        return "precedence"
    if any(_header(message, name) for name in ("X-Autoreply", "X-Autorespond", "X-Autogenerated",
                                                "X-Auto-Response-Suppress")):
        return "x-autoreply"
    if message.get_content_type() == "multipart/report":
        return "delivery report"
    local = from_address.rsplit("@", 1)[0].lower()
    if local in {"mailer-daemon", "postmaster"} or "mailer-daemon" in _header(message, "From").lower():
        return "mailer-daemon"
    if _header(message, "Return-Path") == "<>":
        return "bounce"
    own = (getattr(settings, "DESK_REPLY_ADDRESS", "") or "").lower()
    if own and from_address.lower() == own:
        return "own address"
    return ""


def parse_mail(raw: bytes) -> IncomingMail:
    """Everything the desk uses from a raw RFC 5322 message."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    message_id = (_message_ids(_header(message, "Message-ID")) or [""])[0][:300]
    if not message_id:
        # Without a Message-ID a second delivery of the same bytes is still recognised.
        message_id = f"<sha256-{hashlib.sha256(raw).hexdigest()}@thuisloket.invalid>"
    in_reply_to = (_message_ids(_header(message, "In-Reply-To")) or [""])[0][:300]
    references = _message_ids(_header(message, "References"))
    from_name, from_address = _sender(message)

    body_part = None
    try:
        body_part = message.get_body(preferencelist=("plain", "html"))
    except Exception:
        body_part = None
    body = ""
    if body_part is not None:
        text = _text_of(body_part)
        body = html_to_text(text) if body_part.get_content_subtype() == "html" else text

    attachments = []
    for part in message.walk():
        if part is body_part or part.is_multipart():
            continue
        filename = ""
        try:
            filename = part.get_filename() or ""
        except Exception:
            filename = ""
        maintype = part.get_content_maintype()
        if maintype == "text" and not filename and part.get_content_disposition() != "attachment":
            continue  # the other alternative of the body (e.g. the HTML of a plain-text mail)
        try:
            content = part.get_payload(decode=True) or b""
        except Exception:
            content = b""
        attachments.append(Attachment(filename=" ".join(filename.split())[:200] or _("(zonder naam)"),
                                      content_type=part.get_content_type(), content=content))
    return IncomingMail(
        message_id=message_id, in_reply_to=in_reply_to, references=references, from_name=from_name,
        from_address=from_address, subject=_tidy(_header(message, "Subject"))[:300], body=_tidy(body),
        attachments=attachments, automatic=_automatic(message, from_address))


# ---- turning a message into a case ----------------------------------------------------------------------


def _trim(text: str, limit: int = services.MAX_DESCRIPTION) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - len(TRIMMED)].rstrip() + TRIMMED


def _photos(mail: IncomingMail) -> tuple[list, list[tuple[str, str]]]:
    """Processed photos, and (file name, reason) for every attachment that is not kept."""
    from city import photos as photo_service

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


# ---- mailboxes ------------------------------------------------------------------------------------------

# The Maildir layout is read directly (new/, cur/, "<unique>:2,<flags>"): the stdlib module ``mailbox`` is
# shadowed by this project's ``mailbox`` app, and renaming a file is all that marking a message takes.
MAILDIR_COLON = ":"


def _maildir_flags(name: str, colon: str) -> str:
    info = name.rsplit(colon, 1)[1] if colon in name else ""
    return info[2:] if info.startswith("2,") else ""


def fetch_maildir(path: str | os.PathLike) -> int:
    """Handle the unseen messages of a Maildir; each handled one moves to cur/ with the Seen flag.

    Returns the number of messages that became a case or were added to one.
    """
    root = Path(path)
    if not (root / "new").is_dir() or not (root / "cur").is_dir():
        raise MailboxConfigError(f"{root} is not a Maildir (it needs new/ and cur/)")
    colon = MAILDIR_COLON
    pending = []
    for subdir in ("new", "cur"):
        for entry in os.scandir(root / subdir):
            if entry.name.startswith(".") or not entry.is_file():
                continue
            if subdir == "cur" and "S" in _maildir_flags(entry.name, colon):
                continue
            pending.append((entry.stat().st_mtime, subdir, entry.name))
    handled = 0
    for _mtime, subdir, name in sorted(pending):
        source = root / subdir / name
        try:
            size = source.stat().st_size
            if size > MAX_MESSAGE_BYTES:
                logger.warning("e-mail of %s bytes skipped: larger than %s bytes", size, MAX_MESSAGE_BYTES)
                outcome = TOO_LARGE
            else:
                outcome = process_message(source.read_bytes())
        except FileNotFoundError:
            continue  # another fetch took it
        if outcome not in FINAL:
            continue
        handled += outcome in (CREATED, THREADED)
        unique = name.rsplit(colon, 1)[0] if colon in name else name
        flags = "".join(sorted(set(_maildir_flags(name, colon)) | {"S"}))
        try:
            os.replace(source, root / "cur" / f"{unique}{colon}2,{flags}")
        except FileNotFoundError:
            pass
    return handled


def _imap_client(location: MailboxLocation):
    from imapclient import IMAPClient

    return IMAPClient(location.host, port=location.port, ssl=True, timeout=60)


def fetch_imap(location: MailboxLocation) -> int:
    """Handle the UNSEEN messages of an IMAP folder; \\Seen is set only after a message was handled."""
    from imapclient import SEEN

    handled = 0
    client = _imap_client(location)
    try:
        client.login(location.username, location.password)
        client.select_folder(location.folder)
        uids = client.search(["UNSEEN"])
        if not uids:
            return 0
        sizes = client.fetch(uids, ["RFC822.SIZE"])
        for uid in uids:
            size = sizes.get(uid, {}).get(b"RFC822.SIZE", 0)
            if size > MAX_MESSAGE_BYTES:
                logger.warning("e-mail uid %s of %s bytes skipped: larger than %s bytes", uid, size,
                               MAX_MESSAGE_BYTES)
                outcome = TOO_LARGE
            else:
                fetched = client.fetch([uid], ["BODY.PEEK[]"]).get(uid, {})
                raw = fetched.get(b"BODY[]")
                if raw is None:
                    continue  # deleted meanwhile
                outcome = process_message(raw)
            if outcome in FINAL:
                client.add_flags([uid], [SEEN])
                handled += outcome in (CREATED, THREADED)
    finally:
        try:
            client.logout()
        except Exception:
            logger.debug("IMAP logout failed", exc_info=True)
    return handled


def fetch_mailbox(url: str) -> int:
    location = parse_mailbox_url(url)
    if location.scheme == "maildir":
        return fetch_maildir(location.path)
    return fetch_imap(location)


def fetch_configured_mailbox() -> int:
    """Read settings.DESK_INBOUND_MAILBOX (nothing to do when it is empty); returns the messages handled."""
    url = getattr(settings, "DESK_INBOUND_MAILBOX", "")
    if not url:
        return 0
    return fetch_mailbox(url)
