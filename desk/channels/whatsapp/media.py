"""Photos sent over WhatsApp: downloaded at once (Meta's media URL lives five minutes), checked against the
size limit, Meta's hosts and the hash, then cleaned like a web upload (``city.photos``)."""
from __future__ import annotations

import base64
import hashlib
import logging
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.utils.translation import gettext as _
from pywa import errors as wa_errors

from city import photos
from desk.channels.whatsapp import parsing
from desk.channels.whatsapp.replies import photo_lost_reply

logger = logging.getLogger(__name__)


class Transient(Exception):
    """A network or Graph API failure that is worth trying again later."""


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

