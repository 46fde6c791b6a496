"""Volunteer pages (/helpen/), public-computer enrolment, guides, and "Klaar — alles wissen" (/klaar/)."""
import csv
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..logging import audit_logger
from ..models_assist import AssistPurpose
from . import public_computer, selectors, services
from .forms import EnrolComputerForm, StartAssistedSessionForm
from .guides import GUIDES

# "Ben je er nog?" counts down in the browser; when it reaches zero the browser comes here. The session
# is wiped only if it really was idle that long (minus this slack for clocks and the activity resolution),
# so a link on another site cannot wipe an active session.
IDLE_SLACK = 30


def volunteer_required(view):
    """Volunteers and administrators, signed in with both factors (like the staff area)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated or (user.is_staff and not user.is_verified()):
            return redirect(f"{reverse('staff:login')}?{urlencode({'next': request.path})}")
        if not services.may_help(user):
            raise PermissionDenied(_("Deze pagina is alleen voor vrijwilligers digitale inclusie."))
        return view(request, *args, **kwargs)

    return wrapper


def _dashboard(request, form, status=200):
    computer = public_computer.detect(request)
    return render(request, "assist/dashboard.html", {
        "form": form,
        "computer": computer,
        "figures": selectors.figures(),
        "guides": GUIDES.values(),
    }, status=status)


@never_cache
@volunteer_required
@require_GET
def dashboard(request):
    computer = public_computer.detect(request)
    return _dashboard(request, StartAssistedSessionForm(initial={"location": computer.label if computer else ""}))


@never_cache
@volunteer_required
@require_POST
def start(request):
    """Start helping: record the session, sign the volunteer out, hand the computer to the resident."""
    form = StartAssistedSessionForm(request.POST)
    if not form.is_valid():
        return _dashboard(request, form, status=400)
    session = services.start_assisted_session(volunteer=request.user, purpose=form.cleaned_data["purpose"],
                                              location=form.cleaned_data["location"])
    # The volunteer's own session ends here: the resident signs in in a session of their own.
    logout(request)
    response = redirect("assist:resident_start")
    services.set_hand_over_cookie(response, session)
    return response


@never_cache
@require_GET
def resident_start(request):
    """What the resident sees after the volunteer started the session: sign in yourself."""
    assisted = getattr(request, "assisted_session", None)
    if request.user.is_authenticated and assisted is not None:
        return redirect(settings.LOGIN_REDIRECT_URL)
    if assisted is None:
        return redirect(settings.HOME_URL)
    next_url = resolve_url(settings.LOGIN_REDIRECT_URL)
    start_url = f"{reverse('oidc_authentication_init')}?{urlencode({'next': next_url})}"
    return render(request, "assist/resident_start.html", {"assisted": assisted, "start_url": start_url})


@never_cache
@volunteer_required
@require_GET
def export(request):
    """The programme's figures as CSV: per week and per month, per purpose. No names, no places."""
    figures = selectors.figures(weeks=52, months=24)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="begeleide-sessies.csv"'
    writer = csv.writer(response)
    # Column names stay Dutch whatever the interface language: the programme's reports are Dutch.
    writer.writerow(["periode", "begin", "doel", "omschrijving", "sessies", "inwoner_aangemeld"])
    with override(settings.LANGUAGE_CODE):
        labels = [str(label) for label in AssistPurpose.labels]
    for kind, rows in (("week", figures["weeks"]), ("maand", figures["months"])):
        for row in reversed(rows):
            for index, value in enumerate(AssistPurpose.values):
                writer.writerow([kind, row.start.isoformat(), value, labels[index], row.by_purpose[index], ""])
            writer.writerow([kind, row.start.isoformat(), "totaal", "", row.total, row.signed_in])
    return response


@never_cache
@volunteer_required
@require_http_methods(["GET", "POST"])
def computer(request):
    """Switch public-computer mode on for the computer this browser runs on."""
    current = public_computer.enrolled_computer(request)
    form = EnrolComputerForm(request.POST or None, initial={"label": current.label if current else ""})
    if request.method == "POST" and form.is_valid():
        enrolled, value = public_computer.enrol(label=form.cleaned_data["label"], enrolled_by=request.user)
        if current is not None:
            public_computer.revoke(current)
        audit_logger.info("assist.computer_enrolled computer=%s user=%s", enrolled.pk, request.user.pk)
        messages.success(request, _("Deze computer is nu een publieke computer."))
        response = redirect("assist:computer")
        public_computer.set_cookie(response, value)
        return response
    return render(request, "assist/computer.html", {
        "form": form, "current": current, "mode": public_computer.detect(request),
    }, status=400 if form.errors else 200)


@never_cache
@volunteer_required
@require_POST
def computer_stop(request):
    current = public_computer.enrolled_computer(request)
    if current is not None:
        public_computer.revoke(current)
        audit_logger.info("assist.computer_revoked computer=%s user=%s", current.pk, request.user.pk)
    messages.success(request, _("Deze computer is geen publieke computer meer."))
    response = redirect("assist:computer")
    public_computer.delete_cookie(response)
    return response


def guides(request):
    return render(request, "assist/guides.html", {"guides": GUIDES.values()})


def guide(request, slug):
    found = GUIDES.get(slug)
    if found is None:
        raise Http404
    return render(request, "assist/guide.html", {"guide": found})


def _same_origin(request) -> bool:
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in {"same-origin", "none"}:
        return False
    origin = request.headers.get("Origin")
    return origin is None or origin == f"{request.scheme}://{request.get_host()}"


@csrf_exempt
@require_POST
def finish(request):
    """"Klaar — alles wissen": nothing of this person stays on the computer or at the identity provider.

    No CSRF token: a second tab, or a page left open after the countdown wiped the session, has a token
    whose cookie is already gone, and its "Klaar" must still work. Other sites are refused by origin.
    """
    if not _same_origin(request):
        return HttpResponseForbidden(_("Deze knop werkt alleen op het Thuisloket zelf."))
    return services.wipe(request, reason="finish")


@never_cache
@require_GET
def finished(request):
    """The clean start page the identity provider sends the browser back to."""
    if request.user.is_authenticated:  # someone signed in again in the meantime: nothing to say here
        return redirect(settings.HOME_URL)
    response = render(request, "assist/finished.html", {"finished_at": timezone.now()})
    services.clear_site_data(response)
    return response


@never_cache
@require_GET
def idle_end(request):
    """Where the countdown sends a public computer's browser when it reaches zero."""
    if not request.user.is_authenticated:
        return redirect("identity:session_expired")
    if getattr(request, "idle_for", 0) < public_computer.idle_timeout(request) - IDLE_SLACK:
        return redirect(settings.LOGIN_REDIRECT_URL)  # still active (in another tab, say)
    return services.wipe(request, reason="idle")
