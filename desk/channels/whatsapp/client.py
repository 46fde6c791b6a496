"""The pywa client for the city's WhatsApp Business number, built from the settings.

One client per task run: pywa binds its ``httpx.Client`` to one access token (it refuses a session that
already carries one), and a short-lived session holds no connections between tasks. Tests put a fake Graph
API in :data:`transport` (an ``httpx.MockTransport``); nothing else in the adapter talks HTTP.
"""
from __future__ import annotations

import httpx
from django.conf import settings
from pywa import WhatsApp

transport: httpx.BaseTransport | None = None  # None: the real network


def _webhook_client() -> WhatsApp:
    # No token: this client only checks signatures and parses updates, it never calls the Graph API.
    return WhatsApp(phone_id=settings.WHATSAPP_PHONE_NUMBER_ID or None, app_secret=settings.WHATSAPP_APP_SECRET or None,
                    verify_token=settings.WHATSAPP_VERIFY_TOKEN or None, waba_id=settings.WHATSAPP_WABA_ID or None,
                    server=None, validate_updates=bool(settings.WHATSAPP_APP_SECRET),
                    api_version=settings.WHATSAPP_API_VERSION)


def signature_problem(body: bytes, header: str | None) -> int | None:
    """None when ``X-Hub-Signature-256`` signs ``body`` with the app secret, else 401 (missing) or 403.

    pywa computes the HMAC-SHA256 over the raw bytes and compares in constant time.
    """
    if not settings.WHATSAPP_APP_SECRET:
        return 403  # nothing can prove the delivery is Meta's (the system check reports the missing secret)
    if not header:
        return 401
    if not header.isascii():
        return 403  # hmac.compare_digest refuses non-ASCII strings; it cannot be a hex digest anyway
    problem = _webhook_client().webhook_update_validator(body, header)
    return None if problem is None else problem[1]


class graph:  # noqa: N801  (used like a function: ``with client.graph() as wa``)
    """A client that calls the Graph API with the access token; its session is closed afterwards.

    A class rather than ``contextlib.contextmanager``: pywa's errors are frozen dataclasses, and
    contextlib's ``__exit__`` assigns ``__traceback__`` on the exception, which they refuse.
    """

    def __enter__(self) -> WhatsApp:
        self.session = httpx.Client(timeout=httpx.Timeout(settings.WHATSAPP_HTTP_TIMEOUT), transport=transport)
        try:
            return self._client()
        except Exception:
            self.session.close()
            raise

    def _client(self) -> WhatsApp:
        return WhatsApp(phone_id=settings.WHATSAPP_PHONE_NUMBER_ID, token=settings.WHATSAPP_ACCESS_TOKEN,
                        session=self.session, app_secret=settings.WHATSAPP_APP_SECRET or None,
                        verify_token=settings.WHATSAPP_VERIFY_TOKEN or None,
                        waba_id=settings.WHATSAPP_WABA_ID or None, server=None,
                        api_version=settings.WHATSAPP_API_VERSION)

    def __exit__(self, *exc_info) -> bool:
        self.session.close()
        return False
