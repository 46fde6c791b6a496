"""Checks on what a browser posts when it subscribes (the endpoint URL and its keys)."""
from __future__ import annotations

import base64
import binascii
import ipaddress
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.development import is_development

from .models import Topic

MAX_ENDPOINT = 1024
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}

INVALID = _("Deze inschrijving voor meldingen is ongeldig. Probeer het opnieuw of kies een andere browser.")


def b64url_decode(value: str) -> bytes:
    if not isinstance(value, str) or not value or len(value) > 200:
        raise ValueError("not a base64url string")
    value = value.strip()
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not base64url") from exc


def _is_local(host: str) -> bool:
    if host in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _http_localhost_allowed() -> bool:
    return bool(is_development() or getattr(settings, "WEBPUSH_ALLOW_HTTP_LOCALHOST", False))


def clean_endpoint(endpoint) -> str:
    """An https URL of a known push service (http on localhost only in development and tests).

    The worker POSTs to this URL, so an unchecked endpoint would let anyone make our servers call any
    address (internal ones included): hence https and, by default, only the big push services' domains.
    """
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > MAX_ENDPOINT or not endpoint.isascii():
        raise ValidationError(INVALID, code="endpoint")
    try:
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower().rstrip(".")
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        raise ValidationError(INVALID, code="endpoint") from None
    if not host or parts.username or parts.password or parts.fragment or any(c.isspace() for c in endpoint):
        raise ValidationError(INVALID, code="endpoint")
    if _is_local(host):
        if parts.scheme in {"http", "https"} and _http_localhost_allowed():
            return endpoint
        raise ValidationError(INVALID, code="endpoint")
    if parts.scheme != "https":
        raise ValidationError(INVALID, code="endpoint")
    allowed = [suffix.lower().lstrip(".") for suffix in getattr(settings, "WEBPUSH_ALLOWED_HOSTS", []) if suffix]
    if allowed and not any(host == suffix or host.endswith("." + suffix) for suffix in allowed):
        raise ValidationError(
            _("Je browser gebruikt een meldingendienst die we niet kennen. Kies een andere browser, of volg het "
              "nieuws via de Atom-feed of e-mail."), code="push_service")
    return endpoint


def clean_p256dh(value) -> str:
    """The browser's public key: an uncompressed point on P-256 (65 bytes, starting with 0x04)."""
    try:
        raw = b64url_decode(value)
        if len(raw) != 65 or raw[0] != 4:
            raise ValueError("not an uncompressed P-256 point")
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)  # raises if not on the curve
    except (ValueError, TypeError):
        raise ValidationError(INVALID, code="p256dh") from None
    return value.strip()


def clean_auth(value) -> str:
    """The browser's authentication secret: 16 random bytes."""
    try:
        raw = b64url_decode(value)
    except (ValueError, TypeError):
        raise ValidationError(INVALID, code="auth") from None
    if len(raw) != 16:
        raise ValidationError(INVALID, code="auth")
    return value.strip()


def clean_topics(value) -> list[str]:
    if not isinstance(value, list) or not value or len(value) > len(Topic.values):
        raise ValidationError(_("Kies minstens één soort berichten."), code="topics")
    topics = []
    for topic in value:
        if topic not in Topic.values:
            raise ValidationError(_("Kies minstens één soort berichten."), code="topics")
        if topic not in topics:
            topics.append(topic)
    return topics


def clean_language(value) -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    if isinstance(value, str):
        value = value.lower().split("-")[0]
        if value in codes:
            return value
    return settings.LANGUAGE_CODE


def clean_subscription(data) -> dict:
    """The fields of a PushSubscription from ``{"subscription": {...toJSON()}, "topics": [...], "language"}``."""
    if not isinstance(data, dict) or not isinstance(data.get("subscription"), dict):
        raise ValidationError(INVALID, code="shape")
    subscription = data["subscription"]
    keys = subscription.get("keys")
    if not isinstance(keys, dict):
        raise ValidationError(INVALID, code="keys")
    return {
        "endpoint": clean_endpoint(subscription.get("endpoint")),
        "p256dh": clean_p256dh(keys.get("p256dh")),
        "auth": clean_auth(keys.get("auth")),
        "topics": clean_topics(data.get("topics")),
        "language": clean_language(data.get("language")),
    }
