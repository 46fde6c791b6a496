"""Assisted sessions and "Klaar — alles wissen".

A volunteer starts an assisted session and is signed out at once: the resident then signs in themselves
in a fresh session, so the volunteer's account never holds the resident's data. A signed, HttpOnly,
short-lived cookie carries the assisted session's id across that hand-over; once a resident is signed in,
their session carries the id (``SESSION_KEY``) and every registry read is audited as assisted.
"""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.core import signing
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from registry import services as registry

from ..logging import audit_logger
from ..models_assist import AssistedSession
from ..oidc.config import ProviderUnavailable, op_setting
from ..staff import roles

COOKIE_NAME = "thuisloket_assisted"
COOKIE_SALT = "thuisloket.assist.assisted_session"
SESSION_KEY = "assisted_session_id"


def may_help(user) -> bool:
    """Volunteers (and administrators) may start assisted sessions and enrol public computers."""
    if not (user.is_authenticated and user.is_staff and user.is_active):
        return False
    return roles.is_administrator(user) or roles.VOLUNTEER in roles.roles_of(user)


# --- starting and ending --------------------------------------------------------------------------

@transaction.atomic
def start_assisted_session(*, volunteer, purpose: str, location: str = "") -> AssistedSession:
    """Record that ``volunteer`` starts helping someone (who stays anonymous here)."""
    session = AssistedSession.objects.create(volunteer=volunteer, purpose=purpose, location=location.strip())
    audit_logger.info("assist.started session=%s volunteer=%s purpose=%s", session.pk, volunteer.pk, purpose)
    return session


def end_assisted_session(session: AssistedSession | None) -> None:
    """Mark the session ended (idempotent)."""
    if session is None or session.ended_at is not None:
        return
    session.ended_at = timezone.now()
    session.save(update_fields=["ended_at"])
    audit_logger.info("assist.ended session=%s", session.pk)


def hand_over_cookie(session: AssistedSession) -> str:
    """The signed value of the cookie that hands an assisted session to the resident's sign-in."""
    return signing.dumps(session.pk, salt=COOKIE_SALT)


def set_hand_over_cookie(response, session: AssistedSession) -> None:
    """Set the hand-over cookie (HttpOnly, ASSISTED_SESSION_MAX_AGE) on the response."""
    response.set_cookie(COOKIE_NAME, hand_over_cookie(session), max_age=settings.ASSISTED_SESSION_MAX_AGE,
                        httponly=True, secure=settings.SESSION_COOKIE_SECURE, samesite="Lax")


def _open_session(pk) -> AssistedSession | None:
    if not isinstance(pk, int):
        return None
    earliest = timezone.now() - timedelta(seconds=settings.ASSISTED_SESSION_MAX_AGE)
    return (AssistedSession.objects.select_related("volunteer")
            .filter(pk=pk, ended_at__isnull=True, started_at__gte=earliest).first())


def from_cookie(request) -> AssistedSession | None:
    """The open assisted session this browser's hand-over cookie names (tampered or expired: none)."""
    raw = request.COOKIES.get(COOKIE_NAME)
    if not raw:
        return None
    try:
        pk = signing.loads(raw, salt=COOKIE_SALT, max_age=settings.ASSISTED_SESSION_MAX_AGE)
    except signing.BadSignature:
        return None
    return _open_session(pk)


def current_assisted_session(request) -> AssistedSession | None:
    """The assisted session of this request, linking it to a resident's session on first sight.

    Staff are never "assisted": a volunteer who signs in again on the same computer sees their own pages.
    """
    has_cookie = COOKIE_NAME in request.COOKIES
    user = request.user
    if not user.is_authenticated:
        return from_cookie(request) if has_cookie else None
    if SESSION_KEY not in request.session and not has_cookie:
        return None
    if user.is_staff or not hasattr(user, "resident"):
        return None
    pk = request.session.get(SESSION_KEY)
    if pk is not None:
        session = _open_session(pk)
        if session is None:
            request.session.pop(SESSION_KEY, None)
        return session
    session = from_cookie(request)
    if session is not None:
        request.session[SESSION_KEY] = session.pk
        if not session.resident_signed_in:
            AssistedSession.objects.filter(pk=session.pk).update(resident_signed_in=True)
            session.resident_signed_in = True
        audit_logger.info("assist.resident_signed_in session=%s", session.pk)
    return session


def registry_access(request) -> registry.Access:
    """How the signed-in resident's own registry reads are audited: assisted when a volunteer helps."""
    assisted = getattr(request, "assisted_session", None)
    if assisted is not None and assisted.volunteer is not None:
        with override(settings.LANGUAGE_CODE):  # stored once, in the administration's language
            purpose = str(assisted.get_purpose_display())
        return registry.Access.volunteer_assisted(request.user, assisted.volunteer, purpose)
    return registry.Access.resident_self(request.user)


# --- "Klaar — alles wissen" -----------------------------------------------------------------------

def _end_session_url(id_token: str, post_logout_redirect_uri: str) -> str | None:
    try:
        end_session = op_setting("OIDC_OP_LOGOUT_ENDPOINT")
    except ProviderUnavailable:
        return None
    if not end_session:
        return None
    query = urlencode({
        "id_token_hint": id_token,
        "post_logout_redirect_uri": post_logout_redirect_uri,
        "client_id": settings.OIDC_RP_CLIENT_ID,
    })
    return f"{end_session}?{query}"


def wipe(request, *, reason: str):
    """End everything this browser holds for the person who used it, and return the response that does so.

    Ends the assisted session and the portal session, asks the browser to drop its cache and storage
    (Clear-Site-Data, but not "cookies": the public-computer enrolment cookie must survive) and deletes
    the session, CSRF, language and hand-over cookies by name; then ends the session at the identity
    provider (RP-initiated logout), which sends the browser to the clean start page.
    """
    user = request.user
    assisted = (getattr(request, "assisted_session", None) or _open_session(request.session.get(SESSION_KEY))
                or from_cookie(request))
    end_assisted_session(assisted)
    id_token = request.session.get("oidc_id_token")
    was_resident = user.is_authenticated and hasattr(user, "resident")
    audit_logger.info("assist.wipe reason=%s user=%s", reason, user.pk if user.is_authenticated else "-")
    logout(request)  # flushes the session: its row is deleted, the cookie is dropped below
    clean = request.build_absolute_uri(reverse("assist:finished"))
    target = (_end_session_url(id_token, clean) if was_resident and id_token else None) or clean
    response = redirect(target)
    clear_site_data(response)
    for name, path, domain in (
        (settings.SESSION_COOKIE_NAME, settings.SESSION_COOKIE_PATH, settings.SESSION_COOKIE_DOMAIN),
        (settings.CSRF_COOKIE_NAME, settings.CSRF_COOKIE_PATH, settings.CSRF_COOKIE_DOMAIN),
        (settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_COOKIE_PATH, settings.LANGUAGE_COOKIE_DOMAIN),
        (COOKIE_NAME, "/", None),
    ):
        response.delete_cookie(name, path=path, domain=domain, samesite="Lax")
    return response


def clear_site_data(response) -> None:
    """Ask the browser to forget this site's cache and storage (a public computer keeps nothing)."""
    response["Clear-Site-Data"] = '"cache", "storage"'
