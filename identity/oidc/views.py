"""The two ends of the OIDC code flow, made friendly: every failure becomes a clear page, never a 500."""
import re

import requests
from django.conf import settings
from django.contrib import auth
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from ..logging import audit_logger
from . import profile
from .config import ProviderUnavailable, op_setting
from .errors import REASONS, SignInRefused
from .rp_keys import KeyFileError, current

# Error codes with which a provider says "the person stopped", not "something broke".
CANCEL_ERRORS = {"access_denied", "login_required", "consent_required", "interaction_required"}


def sign_in_failed(request, reason: str, detail: str = ""):
    """The clear page for a failed sign-in, and its audit event. ``detail`` says why in our own words (or an
    OAuth error code), never with a token or a national number."""
    status, title, explanation = REASONS.get(reason, REASONS["failed"])
    if detail:
        audit_logger.info("sign_in.failed reason=%s detail=%s", reason, re.sub(r"[^\w .,:'()=-]", "?", detail)[:200])
    else:
        audit_logger.info("sign_in.failed reason=%s", reason)
    return render(request, "identity/sign_in_failed.html",
                  {"reason": reason, "title": title, "explanation": explanation}, status=status)


@method_decorator(never_cache, name="dispatch")
class SignInStartView(OIDCAuthenticationRequestView):
    """Redirect to the identity provider with state, nonce and a PKCE (S256) challenge."""

    def __init__(self, *args, **kwargs):
        # Endpoints are resolved at request time (see identity.oidc.config), not at construction.
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    @staticmethod
    def get_settings(attr, *args):
        return op_setting(attr, *args)

    def get(self, request):
        try:
            self.OIDC_OP_AUTH_ENDPOINT = op_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except ProviderUnavailable:
            return sign_in_failed(request, "provider_unavailable")
        if not self.OIDC_OP_AUTH_ENDPOINT:
            return sign_in_failed(request, "provider_unavailable")
        # The parent makes state, nonce and the PKCE pair and keeps them in the session; only then can
        # every parameter go into a request object (RFC 9101).
        response = super().get(request)
        if settings.OIDC_RP_REQUEST_OBJECT == "none" or response.status_code != 302:
            return response
        try:
            return redirect(profile.with_request_object(response["Location"]))
        except SignInRefused as refused:
            return sign_in_failed(request, refused.reason, refused.detail)
        except (ProviderUnavailable, requests.RequestException) as exc:
            return sign_in_failed(request, "provider_unavailable", exc.__class__.__name__)

    def get_extra_params(self, request):
        # ui_locales: itsme and FAS show their pages in the resident's language.
        return {**settings.OIDC_AUTH_REQUEST_EXTRA_PARAMS, **profile.extra_authorization_params(),
                "ui_locales": get_language() or "nl"}


@method_decorator(never_cache, name="dispatch")
class SignInCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back, with a code or an error."""

    @staticmethod
    def get_settings(attr, *args):
        return op_setting(attr, *args)

    def get(self, request):
        state = request.GET.get("state")
        states = request.session.get("oidc_states", {})
        if request.GET.get("error"):
            if state in states:
                # A used state must never work again (replay).
                del request.session["oidc_states"][state]
                request.session.save()
            if request.user.is_authenticated:
                auth.logout(request)
            error = request.GET["error"]
            return sign_in_failed(request, "cancelled" if error in CANCEL_ERRORS else "idp_error",
                                  f"provider error {error[:40]}")
        if not request.GET.get("code") or not state or state not in states:
            # Back button, a restored tab or a replayed link. Someone already signed in just goes on.
            if request.user.is_authenticated:
                return redirect(settings.LOGIN_REDIRECT_URL)
            return sign_in_failed(request, "state_unknown")
        try:
            return super().get(request)
        except SignInRefused as refused:
            return sign_in_failed(request, refused.reason, refused.detail)
        except (ProviderUnavailable, requests.RequestException) as exc:
            return sign_in_failed(request, "provider_unavailable", exc.__class__.__name__)
        except SuspiciousOperation:
            return sign_in_failed(request, "token_invalid", "suspicious operation")

    def login_failure(self):
        return sign_in_failed(self.request, "failed")


def public_jwks(request):
    """Our public keys (one ``sig``, one ``enc`` at least) for a provider that verifies what we sign and
    encrypts to us. Only the public members are copied out, so a private member can never leak."""
    if not settings.OIDC_RP_PRIVATE_JWKS_FILE:
        raise Http404
    try:
        published = current().published
    except KeyFileError:
        audit_logger.error("oidc.jwks_unavailable reason=key_file_unreadable")
        response = JsonResponse({"error": "temporarily_unavailable"}, status=503)
        response["Cache-Control"] = "no-store"
        return response
    response = JsonResponse({"keys": published}, content_type="application/jwk-set+json")
    response["Cache-Control"] = f"public, max-age={settings.OIDC_RP_JWKS_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    return response
