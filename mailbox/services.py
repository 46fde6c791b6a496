"""Everything that changes the mailbox. Each function is one transaction and takes keyword arguments only.

Deliveries are idempotent on ``source_ref``: the certificate pipeline may retry or run twice, and the
resident still gets one message and the storage still holds one file.
"""
from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from identity.models import Resident

from .models import Document, MailboxPreferences, Message, document_path

logger = logging.getLogger(__name__)

PURGE_BATCH_SIZE = 500


def _expiry(created_at: datetime) -> datetime:
    return created_at + timedelta(days=getattr(settings, "MAILBOX_RETENTION_DAYS", 90))


def _existing(source_ref: str, resident: Resident) -> Message | None:
    message = Message.objects.filter(source_ref=source_ref).first()
    if message is not None and message.resident_id != resident.pk:
        # Never hand someone else's message over; a clash of references is a caller's bug worth seeing.
        logger.error("mailbox source_ref %s already used for another resident", source_ref)
    return message


def _safe_filename(filename: str) -> str:
    name = get_valid_filename(filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]) or "document.pdf"
    if not name.lower().endswith(".pdf"):
        name = f"{name}.pdf"
    return name[-200:]


def deliver_document(*, resident: Resident, subject: str, body: str, filename: str, content: bytes,
                     source_ref: str, sender_label: str | None = None) -> Message:
    """Put a message with one PDF document in the resident's mailbox, once per ``source_ref``.

    The sender is the city by its one name (``CITY_NAME``) unless ``sender_label`` names another.

    A second call with the same reference (a retry, a duplicated task, a race) returns the message that
    is already there and stores nothing new.
    """
    existing = _existing(source_ref, resident)
    if existing is not None:
        return existing
    created_at = timezone.now()
    stored_name = None
    try:
        with transaction.atomic():
            # The row first: the unique source_ref decides the race before any file is written.
            message = Message.objects.create(
                resident=resident, subject=subject[:300], body=body, sender_label=sender_label or settings.CITY_NAME,
                source_ref=source_ref, created_at=created_at, expires_at=_expiry(created_at),
            )
            stored_name = default_storage.save(document_path(None, filename), ContentFile(content))
            Document.objects.create(
                message=message, filename=_safe_filename(filename), file=stored_name,
                sha256=hashlib.sha256(content).hexdigest(), size=len(content), content_type="application/pdf",
            )
    except IntegrityError:
        _delete_files([stored_name])
        winner = Message.objects.filter(source_ref=source_ref).first()
        if winner is None:
            raise
        return winner
    except BaseException:
        _delete_files([stored_name])
        raise
    return message


def post_message(*, resident: Resident, subject: str, body: str, source_ref: str,
                 sender_label: str | None = None) -> Message:
    """Put a message without a document in the resident's mailbox, once per ``source_ref`` (sender: as above)."""
    existing = _existing(source_ref, resident)
    if existing is not None:
        return existing
    created_at = timezone.now()
    try:
        with transaction.atomic():
            return Message.objects.create(
                resident=resident, subject=subject[:300], body=body, sender_label=sender_label or settings.CITY_NAME,
                source_ref=source_ref, created_at=created_at, expires_at=_expiry(created_at),
            )
    except IntegrityError:
        return Message.objects.get(source_ref=source_ref)


def _inbox_url() -> str:
    try:
        path = reverse("mailbox:inbox")
    except NoReverseMatch:
        path = "/mijn/berichten/"
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def notify_by_email(*, resident: Resident, source_ref: str) -> bool:
    """Send one e-mail about the message ``source_ref`` if the resident asked for one; True when sent.

    The e-mail says only that there is a new message: no name, no number, no subject. The message
    records when it was announced, so a second call sends nothing. The row stays locked while the mail
    goes out, so a failed send rolls back and a retry sends it, and two tasks at once send one.
    """
    preferences = MailboxPreferences.objects.filter(resident=resident).first()
    if preferences is None or not preferences.wants_email:
        return False
    with transaction.atomic():
        message = (Message.objects.select_for_update()
                   .filter(source_ref=source_ref, resident=resident, notified_at__isnull=True).first())
        if message is None:
            return False
        with translation.override(resident.preferred_language or settings.LANGUAGE_CODE):
            subject = _("Nieuw bericht in je Thuisloket")
            body = _("Er staat een nieuw bericht voor je klaar in je berichtenbox op het Thuisloket. "
                     "Meld je aan op %(url)s om het te lezen.") % {"url": _inbox_url()}
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [preferences.email])
        message.notified_at = timezone.now()
        message.save(update_fields=["notified_at"])
    return True


def mark_read(*, message: Message) -> Message:
    """The resident opened the message (the first time counts)."""
    if message.read_at is None:
        now = timezone.now()
        with transaction.atomic():
            Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=now)
        message.read_at = now
    return message


def update_preferences(*, resident: Resident, email: str, notify_by_email: bool) -> MailboxPreferences:
    """Save where and whether the resident wants to hear about new messages."""
    with transaction.atomic():
        preferences, _created = MailboxPreferences.objects.update_or_create(
            resident=resident, defaults={"email": email.strip(), "notify_by_email": notify_by_email},
        )
    return preferences


def purge_expired_messages(*, now: datetime | None = None) -> int:
    """Delete messages past their retention date and their files; return how many messages went.

    Rows go first, files after the commit: a file left behind by a crash is only clutter, a row whose
    file is gone would be a broken download.
    """
    now = now or timezone.now()
    total = 0
    while True:
        ids = list(Message.objects.filter(expires_at__lte=now).order_by("pk").values_list("pk", flat=True)
                   [:PURGE_BATCH_SIZE])
        if not ids:
            return total
        with transaction.atomic():
            names = list(Document.objects.filter(message_id__in=ids).values_list("file", flat=True))
            Message.objects.filter(pk__in=ids).delete()
        _delete_files(names)
        total += len(ids)


def _delete_files(names) -> None:
    for name in names:
        if not name:
            continue
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("mailbox: could not delete stored file %s", name)
