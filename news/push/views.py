"""Web Push endpoints under /nieuws/push/: subscribe, unsubscribe (JSON from subscribe.js), the service
worker and a small web app manifest (iOS only offers push to web apps added to the Home Screen)."""
from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_POST

from common import throttle
from common.parsing import parse_id

from . import services, validation

MAX_BODY = 4096  # a subscription's JSON is about 400-600 bytes


def _error(message, status: int, **headers) -> JsonResponse:
    response = JsonResponse({"ok": False, "error": str(message)}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _read_json(request):
    """The request's JSON body, or a JsonResponse explaining what is wrong with it."""
    # Counted in the cache only, keyed by an HMAC of the address: no address is ever stored.
    rate = settings.WEBPUSH_SUBSCRIBE_RATE
    over, window = throttle.hit(request, scope="push-subscribe", rate=rate), throttle.window_seconds(rate)
    if over:
        return _error(_("Je hebt dit te vaak geprobeerd. Probeer het later opnieuw."), 429,
                      Retry_After=str(window))
    length = parse_id(request.META.get("CONTENT_LENGTH") or "0")
    if length is None or length > MAX_BODY:
        return _error(_("Deze inschrijving voor meldingen is ongeldig. Probeer het opnieuw of kies een andere "
                        "browser."), 413)
    try:
        return json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return _error(validation.INVALID, 400)


@never_cache
@require_POST
def subscribe(request):
    data = _read_json(request)
    if isinstance(data, JsonResponse):
        return data
    try:
        fields = validation.clean_subscription(data)
    except ValidationError as exc:
        return _error(exc.messages[0], 400)
    subscription = services.subscribe(**fields)
    return JsonResponse({"ok": True, "topics": subscription.topics}, status=201)


@never_cache
@require_POST
def unsubscribe(request):
    data = _read_json(request)
    if isinstance(data, JsonResponse):
        return data
    endpoint = data.get("endpoint") if isinstance(data, dict) else None
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > validation.MAX_ENDPOINT:
        return _error(validation.INVALID, 400)
    services.unsubscribe(endpoint=endpoint)
    return JsonResponse({"ok": True})  # also for an unknown endpoint: the result is the same


@require_GET
@cache_control(no_cache=True, max_age=0)
def service_worker(request):
    # Registered with its own folder (/nieuws/push/) as scope: it only shows notifications and controls no
    # pages, so it needs no Service-Worker-Allowed header. Browsers revalidate it; no-cache keeps that cheap.
    return render(request, "news/push/sw.js", {"fallback_url": reverse("news:index")},
                  content_type="text/javascript; charset=utf-8")


@require_GET
@cache_control(max_age=3600)
def manifest(request):
    data = {
        "name": f"{settings.CITY_NAME} · {_('Nieuws')}",
        "short_name": settings.CITY_NAME[:12],
        "lang": get_language() or settings.LANGUAGE_CODE,
        "start_url": reverse("news:index"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#ffffff",
        "icons": [{"src": static("favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/manifest+json")
