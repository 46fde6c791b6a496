"""The city's VAPID key (RFC 8292): loading it, its public half for the browser, and signed headers.

``WEBPUSH_VAPID_PRIVATE_KEY`` may be
- a path to a PEM or DER file (what py-vapid's ``Vapid.from_file`` reads),
- a PEM string (pywebpush's ``webpush()`` refuses those; we load it ourselves with ``Vapid.from_pem``),
- base64url of the raw 32-byte private number or of the DER key (``Vapid.from_string``).
Empty: the development key under ``var/keys/`` (``manage.py init_dev_vapid``), generated on first use when
``DEBUG`` is on. In production without a key nothing is sent and a system check says so.

Signing costs an ECDSA signature; a token is valid for up to 24 hours, so the Authorization header is
signed once per push-service origin and reused until shortly before it expires.
"""
from __future__ import annotations

import base64
import os
import threading
import time
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from py_vapid import Vapid

from common.development import is_development

TOKEN_LIFETIME = 12 * 3600  # RFC 8292 allows at most 24 h; push services differ in the skew they accept
RENEW_BEFORE = 3600  # sign a fresh token when less than this is left

_lock = threading.Lock()
_loaded: dict[str, Vapid] = {}
_headers: dict[tuple[str, str, str], tuple[str, float]] = {}


class VapidNotConfigured(Exception):
    """No VAPID key: set WEBPUSH_VAPID_PRIVATE_KEY (or run manage.py init_dev_vapid in development)."""


def dev_key_path() -> Path:
    return Path(settings.VAR_DIR) / "keys" / "vapid-private.pem"


def generate_dev_key(path: Path | None = None) -> tuple[Path, bool]:
    """Write a new P-256 key as PEM to ``path`` unless one is there; (path, created).

    Written under a temporary name and linked into place, so two processes starting at once end up with
    the same key instead of each its own.
    """
    path = path or dev_key_path()
    if path.exists():
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    vapid = Vapid()
    vapid.generate_keys()
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(vapid.private_pem())
    try:
        os.link(partial, path)
        created = True
    except FileExistsError:
        created = False
    finally:
        partial.unlink(missing_ok=True)
    return path, created


def load_key(value: str) -> Vapid:
    """A Vapid object from any of the accepted forms (see the module docstring). Raises ValueError."""
    value = (value or "").strip()
    if not value:
        raise ValueError("empty VAPID key")
    try:
        if value.startswith("-----BEGIN"):
            return Vapid.from_pem(value.encode())
        if os.path.isfile(value):
            # Checked first: Vapid.from_file would *generate and save* a key for a path that does not exist.
            return Vapid.from_file(private_key_file=value)
        return Vapid.from_string(private_key=value)
    except Exception as exc:  # py-vapid raises ValueError, VapidException, binascii.Error, ...
        raise ValueError(f"not a usable VAPID private key ({type(exc).__name__})") from exc


def configured_value() -> str:
    """The configured key, or the development key file's path (generated on first use when DEBUG is on)."""
    value = getattr(settings, "WEBPUSH_VAPID_PRIVATE_KEY", "") or ""
    if value:
        return value
    path = dev_key_path()
    if not path.exists() and is_development():
        generate_dev_key(path)
    if path.exists():
        return str(path)
    raise VapidNotConfigured("WEBPUSH_VAPID_PRIVATE_KEY is not set")


def get_vapid() -> Vapid:
    value = configured_value()
    vapid = _loaded.get(value)
    if vapid is None:
        vapid = load_key(value)
        with _lock:
            _loaded.clear()  # a changed setting (tests) must not keep signing with the old key
            _loaded[value] = vapid
    return vapid


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def public_key_b64(vapid: Vapid | None = None) -> str:
    """The uncompressed public point, base64url: the browser's ``applicationServerKey``."""
    vapid = vapid or get_vapid()
    return b64url(vapid.public_key.public_bytes(serialization.Encoding.X962,
                                                serialization.PublicFormat.UncompressedPoint))


def public_key_or_empty() -> str:
    """For pages: the public key, or "" when push is not configured (the page then says so)."""
    try:
        return public_key_b64()
    except (VapidNotConfigured, ValueError):
        return ""


def subject() -> str:
    value = getattr(settings, "WEBPUSH_VAPID_SUBJECT", "") or ""
    return value or f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}"  # the bare address, not "City <…>"


def origin_of(endpoint: str) -> str:
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


def authorization_header(endpoint: str, *, now: float | None = None) -> str:
    """``vapid t=<JWT>,k=<public key>`` for the endpoint's push service, signed once per origin and reused."""
    vapid = get_vapid()
    aud = origin_of(endpoint)
    sub = subject()
    key = (public_key_b64(vapid), aud, sub)
    now = time.time() if now is None else now
    cached = _headers.get(key)
    if cached is not None and cached[1] - RENEW_BEFORE > now:
        return cached[0]
    expires = int(now) + TOKEN_LIFETIME
    header = vapid.sign({"aud": aud, "sub": sub, "exp": expires})["Authorization"]
    with _lock:
        _headers[key] = (header, expires)
    return header


def reset_caches() -> None:
    """Forget loaded keys and signed headers (tests that change the key)."""
    with _lock:
        _loaded.clear()
        _headers.clear()
