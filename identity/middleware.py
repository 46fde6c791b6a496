"""Session rules: residents' idle sessions expire; staff areas need a verified second factor."""
import time
from urllib.parse import urlencode

from django.contrib.auth import logout
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .assist import public_computer
from .assist import services as assist_services
from .logging import audit_logger

# Rewriting the session on every request costs a write; a resolution of 15 s is plenty for a 15 min limit.
# Public: a view that must not count as activity (a chat page polling for news) undoes the stamp with it.
ACTIVITY_RESOLUTION_SECONDS = 15


class IdleSessionMiddleware:
    """Sign out a session that has been idle longer than SESSION_IDLE_TIMEOUT.

    The page layout warns SESSION_IDLE_WARNING seconds before (static/js/portal.js), and
    POST /sessie/verlengen/ keeps the session alive. On a public computer (identity.assist) the limit
    is PUBLIC_COMPUTER_IDLE_TIMEOUT, and an idle session is wiped as by "Klaar — alles wissen": the next
    person at that computer must find nothing, not even a session at the identity provider.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_activity")
            request.idle_for = now - last if last is not None else 0  # before this request
            if last is not None and now - last > public_computer.idle_timeout(request):
                audit_logger.info("session.idle_expired user=%s", request.user.pk)
                if public_computer.is_public(request):
                    return assist_services.wipe(request, reason="idle")
                logout(request)
                return redirect(f"{reverse('identity:session_expired')}?{urlencode({'next': request.path})}")
            if last is None or now - last >= ACTIVITY_RESOLUTION_SECONDS:
                request.session["last_activity"] = now
        return self.get_response(request)


STAFF_PREFIXES = ("/balie/", "/admin/")
STAFF_OPEN_PREFIX = "/balie/aanmelden/"


class StaffTwoFactorMiddleware:
    """``/balie/`` and ``/admin/`` admit only staff who passed both factors in this session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith(STAFF_PREFIXES) and not path.startswith(STAFF_OPEN_PREFIX):
            user = request.user
            if not user.is_authenticated:
                return redirect(f"{reverse('staff:login')}?{urlencode({'next': path})}")
            if not user.is_staff:
                return HttpResponseForbidden(_("Deze pagina is alleen voor medewerkers van de stad."))
            if not user.is_verified():
                return redirect(f"{reverse('staff:verify')}?{urlencode({'next': path})}")
        return self.get_response(request)
