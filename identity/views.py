"""Resident pages of the identity app: sign in and out, idle sessions, own register data and its audit."""
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from registry import selectors as registry_selectors
from registry import services as registry

from . import nrn
from .assist import services as assist
from .decorators import resident_required
from .logging import audit_logger
from .oidc.config import ProviderUnavailable, op_setting


def _safe_next(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return candidate
    return default


@never_cache
def sign_in(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    start = reverse("oidc_authentication_init")
    next_url = _safe_next(request, "")
    return render(request, "identity/sign_in.html",
                  {"start_url": f"{start}?{urlencode({'next': next_url})}" if next_url else start})


class SignOutView(View):
    """Sign out here and, for residents, at the identity provider too (RP-initiated logout).

    Only POST: a link or an image on another site cannot sign anyone out.
    """

    http_method_names = ["post"]

    def post(self, request):
        user = request.user
        id_token = request.session.get("oidc_id_token")
        was_resident = user.is_authenticated and hasattr(user, "resident")
        if user.is_authenticated:
            audit_logger.info("sign_out user=%s", user.pk)
        logout(request)
        home = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
        if was_resident and id_token:
            try:
                end_session = op_setting("OIDC_OP_LOGOUT_ENDPOINT")
            except ProviderUnavailable:
                end_session = None
            if end_session:
                query = urlencode({
                    "id_token_hint": id_token,
                    "post_logout_redirect_uri": home,
                    "client_id": settings.OIDC_RP_CLIENT_ID,
                })
                return redirect(f"{end_session}?{query}")
        messages.success(request, _("Je bent afgemeld."))
        return redirect(settings.LOGOUT_REDIRECT_URL)


@never_cache
def session_expired(request):
    return render(request, "identity/session_expired.html", {"next": _safe_next(request, "")})


@require_POST
def keep_alive(request):
    """'I'm still here': the idle middleware already recorded the activity of this request."""
    if not request.user.is_authenticated:
        if request.headers.get("X-Requested-With") == "fetch":
            return HttpResponse(status=401)
        return redirect("identity:session_expired")
    request.session["last_activity"] = int(time.time())
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    return redirect(_safe_next(request, resolve_url(settings.LOGIN_REDIRECT_URL)))


@login_required
@resident_required
@never_cache
def my_data(request):
    resident = request.user.resident
    access = assist.registry_access(request)  # audited as assisted when a volunteer helps
    number = resident.national_number
    context = {
        "resident": resident,
        "number": nrn.formatted(number),
        "person": registry.get_person(number, access=access),
        "household": registry.get_household(number, access=access),
        "residences": registry.get_address_history(number, access=access),
        "nationalities": registry.get_nationalities(number, access=access),
    }
    return render(request, "identity/my_data.html", context)


@login_required
@resident_required
@never_cache
def my_data_consultations(request):
    lines = registry_selectors.consultation_lines(request.user.resident.national_number,
                                                  own_user_id=request.user.pk)
    return render(request, "identity/my_consultations.html", {"lines": lines})
