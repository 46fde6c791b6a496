"""Session rules: residents' idle sessions expire; staff areas need a verified second factor."""
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .logging import audit_logger

# Rewriting the session on every request costs a write; a resolution of 15 s is plenty for a 15 min limit.
_ACTIVITY_RESOLUTION = 15


class IdleSessionMiddleware:
    """Sign out a session that has been idle longer than SESSION_IDLE_TIMEOUT.

    The page layout warns SESSION_IDLE_WARNING seconds before (static/js/session-timeout.js), and
    POST /sessie/verlengen/ keeps the session alive.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_activity")
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT:
                audit_logger.info("session.idle_expired user=%s", request.user.pk)
                logout(request)
                return redirect(f"{reverse('identity:session_expired')}?{urlencode({'next': request.path})}")
            if last is None or now - last >= _ACTIVITY_RESOLUTION:
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
