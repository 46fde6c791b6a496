"""The Cloud API webhook: Meta's verification handshake (GET) and signed deliveries (POST).

A POST is checked (size, then ``X-Hub-Signature-256`` over the raw body), stored as it came and
answered 200 at once; a Celery task files it after the commit. Meta retries a delivery that is not
answered quickly, so nothing slow happens here. Off (404) unless WHATSAPP_ENABLED.
"""
from __future__ import annotations

import hashlib
import hmac
import logging

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpResponse
from django.http.request import RawPostDataException
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from desk.channels.whatsapp import client
from desk.channels.whatsapp.models import InboundDelivery
from desk.channels.whatsapp.tasks import process_delivery

logger = logging.getLogger(__name__)

MAX_CHALLENGE = 200


def _plain(text: str, status: int = 200) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def webhook(request):
    if not settings.WHATSAPP_ENABLED:
        raise Http404("WhatsApp is off")
    if request.method == "GET":
        return _handshake(request)
    return _delivery(request)


def _handshake(request) -> HttpResponse:
    """Answer Meta's subscription check with the raw challenge, if the verify token is ours."""
    mode = request.GET.get("hub.mode", "")
    token = request.GET.get("hub.verify_token", "")
    challenge = request.GET.get("hub.challenge", "")
    expected = settings.WHATSAPP_VERIFY_TOKEN or ""
    if (mode == "subscribe" and expected and challenge and len(challenge) <= MAX_CHALLENGE
            and hmac.compare_digest(token.encode(), expected.encode())):
        return _plain(challenge)
    logger.warning("WhatsApp webhook verification refused")
    return _plain("Forbidden", 403)


def _read_body(request) -> bytes | None:
    limit = settings.WHATSAPP_MAX_BODY_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return None
    try:
        body = request.read(limit + 1)
    except RawPostDataException:  # something read the body already
        body = request.body
    return None if len(body) > limit else body


def _delivery(request) -> HttpResponse:
    body = _read_body(request)
    if body is None:
        logger.warning("WhatsApp webhook delivery refused: larger than %s bytes", settings.WHATSAPP_MAX_BODY_BYTES)
        return _plain("Payload Too Large", 413)
    problem = client.signature_problem(body, request.headers.get("X-Hub-Signature-256"))
    if problem is not None:
        logger.warning("WhatsApp webhook delivery refused: %s", "no signature" if problem == 401 else "bad signature")
        return _plain("Unauthorized" if problem == 401 else "Forbidden", problem)
    digest = hashlib.sha256(body).hexdigest()
    delivery, _created = InboundDelivery.objects.get_or_create(body_sha256=digest, defaults={
        "body": body.decode("utf-8", errors="replace"), "received_at": timezone.now()})
    if delivery.processed_at is None:
        transaction.on_commit(lambda: _enqueue(delivery.pk))
    return _plain("ok")


def _enqueue(delivery_id: int) -> None:
    try:
        process_delivery.delay(delivery_id)
    except Exception:  # the broker is down: the delivery is stored, the sweep queues it later
        logger.exception("could not queue WhatsApp delivery %s", delivery_id)
