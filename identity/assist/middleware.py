"""Public-computer mode on every response, and the assisted session on every request."""
import re

from django.conf import settings

from . import public_computer, services

# Only inside tags: a form without autocomplete gets autocomplete="off"; any field's own token (email,
# name, tel, current-password) becomes "off" too, since a field's token overrides its form's.
_FORM_WITHOUT_AUTOCOMPLETE = re.compile(rb"<form\b(?![^>]*\bautocomplete\s*=)", re.IGNORECASE)
_FIELD_AUTOCOMPLETE = re.compile(
    rb"""(<(?:form|input|textarea|select)\b[^>]*?\bautocomplete\s*=\s*)(?:"[^"]*"|'[^']*'|[^\s>]+)""",
    re.IGNORECASE,
)


def without_autocomplete(content: bytes) -> bytes:
    content = _FIELD_AUTOCOMPLETE.sub(rb'\1"off"', content)
    return _FORM_WITHOUT_AUTOCOMPLETE.sub(b'<form autocomplete="off"', content)


class PublicComputerMiddleware:
    """On a public computer: nothing is cached (``no-store``) and the browser remembers no form input.

    The forms live in templates of every app (and more will come); rewriting the HTML once, here, cannot
    be forgotten when someone adds a form, and works without JavaScript. Only HTML responses of
    public-computer requests are touched; everyone else gets the page as rendered.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        mode = public_computer.detect(request)
        response = self.get_response(request)
        if mode is None or request.path.startswith(settings.STATIC_URL):
            return response
        if "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html") and not response.streaming:
            response.content = without_autocomplete(response.content)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response


class AssistedSessionMiddleware:
    """``request.assisted_session``: the open assisted session of this browser, or None."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.assisted_session = services.current_assisted_session(request)
        response = self.get_response(request)
        if (request.assisted_session is None and services.COOKIE_NAME in request.COOKIES
                and services.COOKIE_NAME not in response.cookies and not request.user.is_authenticated):
            # Ended, expired or tampered: stop sending it.
            response.delete_cookie(services.COOKIE_NAME, samesite="Lax")
        return response
