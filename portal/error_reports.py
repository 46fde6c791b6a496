"""Error reports to Sentry (``SENTRY_DSN``), with nothing personal in them.

``send_default_pii=False`` keeps Sentry from adding users, cookies and client addresses itself; the
scrubber below is the second lock, for what an exception, a local variable, a log line or a breadcrumb
carries anyway. Every event passes :func:`scrub_event` before it leaves the process:

* the request keeps its method and path only: no body (forms, uploads, photos), no cookies, no query
  values, and no headers but a harmless few (``User-Agent``, ``Accept-Language``, ``Content-Type``...);
* the user keeps only the internal id;
* everywhere else (messages, exception values, stack-frame variables, breadcrumbs, Celery task
  arguments, extra context) national numbers become ``[rrn]``, JSON Web Tokens and bearer values
  ``[token]``, values under a key that names a secret, a token, a cookie, a session, a file or a photo
  ``[Filtered]``, and raw bytes ``[bytes]``.
"""
from __future__ import annotations

import re

from identity.logging import NRN_PATTERN

FILTERED = "[Filtered]"
SECRET_KEY = re.compile(r"pass|secret|token|cookie|session|csrf|auth|signature|api.?key|private|credential|"
                        r"nrn|national|rijksregister|ssn|photo|image|file|upload|content|body|payload", re.I)
JWT = re.compile(r"\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*")
BEARER = re.compile(r"(?i)\b(bearer|basic|token)\s+[\w.~+/=-]{8,}")
BYTES_REPR = re.compile(r"^b(['\"]).*", re.S)
# Keys of Sentry's own structure (stack frames, exceptions, breadcrumbs): their names are not secrets even
# where they look like one ("filename"); their values are still scrubbed.
STRUCTURE = {"filename", "abs_path", "function", "module", "lineno", "colno", "in_app", "context_line",
             "pre_context", "post_context", "package", "instruction_addr", "mechanism", "type", "category"}
KEPT_HEADERS = {"user-agent", "accept", "accept-language", "content-type", "content-length", "host",
                "x-forwarded-proto", "x-request-id"}


def scrub_text(text: str) -> str:
    """A string without national numbers, tokens or raw bytes."""
    if BYTES_REPR.match(text):
        return "[bytes]"
    text = NRN_PATTERN.sub("[rrn]", text)
    text = JWT.sub("[token]", text)
    return BEARER.sub(lambda m: f"{m.group(1)} [token]", text)


def scrub(value, depth: int = 0):
    """Walk dicts, lists and strings; keys that name secrets lose their values."""
    if depth > 20:
        return FILTERED
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return "[bytes]"
    if isinstance(value, dict):
        return {key: FILTERED if _secret(key) and item not in (None, "") else scrub(item, depth + 1)
                for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(item, depth + 1) for item in value]
    return value


def _secret(key) -> bool:
    return isinstance(key, str) and key not in STRUCTURE and bool(SECRET_KEY.search(key))


def _request(request: dict) -> dict:
    headers = request.get("headers") or {}
    return {
        "method": request.get("method"),
        "url": scrub_text(str(request.get("url", ""))),
        "headers": {name: scrub_text(str(value)) for name, value in headers.items()
                    if name.lower() in KEPT_HEADERS},
        "query_string": FILTERED if request.get("query_string") else "",
    }


# The parts of an event that are Sentry's own bookkeeping, never personal: left as they are.
BOOKKEEPING = {"event_id", "timestamp", "start_timestamp", "level", "platform", "sdk", "release", "environment",
               "server_name", "modules", "type", "transaction_info", "_meta", "fingerprint"}


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """Sentry's ``before_send`` (and ``before_send_transaction``): the event without personal data."""
    cleaned = {}
    for key, value in event.items():
        if key in BOOKKEEPING:
            cleaned[key] = value
        elif key == "request":
            cleaned[key] = _request(value or {})
        elif key == "user":
            cleaned[key] = {"id": value["id"]} if isinstance(value, dict) and "id" in value else {}
        else:
            cleaned[key] = scrub(value)
    return cleaned


def scrub_breadcrumb(crumb: dict, hint: dict | None = None) -> dict:
    """Sentry's ``before_breadcrumb``: log lines and HTTP calls leave the process scrubbed too."""
    return scrub(crumb)


def init_sentry(dsn: str, *, environment: str, release: str | None, traces_sample_rate: float, **options) -> None:
    """Start sentry-sdk for Django and Celery with the scrubber (called by portal.settings.observability)."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
        traces_sample_rate=traces_sample_rate,
        **options,
    )
