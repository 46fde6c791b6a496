"""Staff pages under /balie/: two-step sign-in, enrolment, backup codes, home, register lookup.

/balie/aanmelden/… is open (identity.middleware lets it through); everything else needs a user who
gave both factors in this session (StaffTwoFactorMiddleware checks ``is_verified()`` first).
"""
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from common.throttle import client_address
from registry import services as registry
from registry.choices import HouseholdRelation, Sex

from .. import nrn
from ..assist import services as assist
from ..logging import audit_logger
from . import roles, services, throttle
from .forms import EnrolConfirmForm, RegisterLookupForm, StaffPasswordForm, VerifyCodeForm


def _safe_next(request, candidate: str) -> str:
    if candidate and candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _is_fully_signed_in(request) -> bool:
    user = request.user
    return user.is_authenticated and user.is_staff and user.is_verified()


def _locked_out_message(seconds: int) -> str:
    minutes = max(1, seconds // 60)
    return ngettext(
        "Te veel mislukte aanmeldpogingen. Probeer het over %(minutes)d minuut opnieuw.",
        "Te veel mislukte aanmeldpogingen. Probeer het over %(minutes)d minuten opnieuw.",
        minutes,
    ) % {"minutes": minutes}


def _wait_message(seconds: int) -> str:
    # Only after several wrong codes in a row: one retry right after a typo is waited out (services).
    return ngettext(
        "Deze code is nog niet nagekeken. Na een paar foute codes na elkaar wacht de balie even, om je account "
        "te beschermen. Typ de code die je app toont over %(seconds)d seconde opnieuw.",
        "Deze code is nog niet nagekeken. Na een paar foute codes na elkaar wacht de balie even, om je account "
        "te beschermen. Typ de code die je app toont over %(seconds)d seconden opnieuw.",
        seconds,
    ) % {"seconds": seconds}


def _landing(user, next_url: str = "") -> str:
    """Where a staff member goes after signing in: the page they asked for, else their tool. A volunteer's
    tool is /helpen/ (also when they typed /balie/, the address everyone is given), everyone else's /balie/."""
    home = reverse("staff:home")
    if next_url and next_url != home:
        return next_url
    return reverse("assist:dashboard") if roles.is_only_volunteer(user) else home


def _after_sign_in(request):
    return redirect(_landing(request.user, _safe_next(request, request.session.pop("staff_next", ""))))


# --- Step 1: username and password ---------------------------------------------------------------

@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login_view(request):
    if _is_fully_signed_in(request):
        return redirect("staff:home")
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next") or "")
    form = StaffPasswordForm(request.POST or None)
    context = {"form": form, "next": next_url}
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        address = client_address(request)
        if locked_for := throttle.lockout_seconds(username=username, address=address):
            # Refused before checking the password: the answer says nothing about it.
            audit_logger.warning("staff.sign_in.locked_out address=%s", address)
            context["locked_out"] = _locked_out_message(locked_for)
            return render(request, "staff/login.html", context, status=429)
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if user is not None and services.may_use_staff_sign_in(user):
            throttle.record_success(username=username, address=address)
            services.start_pending_sign_in(request, user, next_url=next_url)
            audit_logger.info("staff.sign_in.password_ok user=%s", user.pk)
            if not services.has_confirmed_totp(user):
                return redirect("staff:enrol")
            return redirect("staff:verify")
        throttle.record_failure(username=username, address=address)
        audit_logger.info("staff.sign_in.password_refused address=%s", address)
        if locked_for := throttle.lockout_seconds(username=username, address=address):
            context["locked_out"] = _locked_out_message(locked_for)
            return render(request, "staff/login.html", context, status=429)
        # One message for unknown names, wrong passwords, residents and inactive accounts alike.
        form.add_error(None, _("Deze combinatie van gebruikersnaam en wachtwoord klopt niet."))
    return render(request, "staff/login.html", context)


def _user_between_steps(request):
    """The user who gave the password in this session (or is logged in but not yet verified)."""
    user = services.pending_user(request)
    if user is None and request.user.is_authenticated and not request.user.is_verified() \
            and services.may_use_staff_sign_in(request.user):
        user = request.user
    return user


def _start_over(request):
    return redirect(reverse("staff:login"))


# --- Step 2: the code -------------------------------------------------------------------------

@never_cache
@require_http_methods(["GET", "POST"])
def verify_view(request):
    if _is_fully_signed_in(request):
        return redirect("staff:home")
    user = _user_between_steps(request)
    if user is None:
        return _start_over(request)
    if not services.has_confirmed_totp(user):
        return redirect("staff:enrol")
    form = VerifyCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        result = services.check_code(user, form.cleaned_data["code"])
        if result.ok:
            services.complete_sign_in(request, user, result.device)
            return _after_sign_in(request)
        if result.locked_until is not None:
            form.add_error("code", _wait_message(result.seconds_to_wait()))
            status = 429
        else:
            form.add_error("code", _("Deze code klopt niet of is al gebruikt. Probeer het opnieuw."))
    return render(request, "staff/verify.html", {"form": form, "staff_user": user}, status=status)


# --- First sign-in: enrol an authenticator app ----------------------------------------------------

@never_cache
@require_http_methods(["GET", "POST"])
def enrol_view(request):
    if _is_fully_signed_in(request):
        return redirect("staff:home")
    user = services.pending_user(request)
    if user is None:
        return _start_over(request)
    if services.has_confirmed_totp(user):
        # Enrolment happens once; replacing a lost phone is an administrator's job.
        return redirect("staff:verify")
    device = services.enrolment_device(request, user)
    form = EnrolConfirmForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        services.wait_out_short_lock(device)
        locked_until = services.throttled_until(device)
        if locked_until is not None:
            seconds = services.CodeCheck(locked_until=locked_until).seconds_to_wait()
            form.add_error("code", _wait_message(seconds))
            status = 429
        elif services.confirm_enrolment(user, device, form.cleaned_data["code"]):
            device.refresh_from_db()
            services.complete_sign_in(request, user, device)
            codes = services.regenerate_backup_codes(user)
            return render(request, "staff/backup_codes_new.html", {
                "codes": codes, "first_time": True,
                "continue_url": _landing(user, _safe_next(request, request.session.pop("staff_next", ""))),
            })
        else:
            form.add_error("code", _("Deze code klopt niet. Controleer of de klok van je telefoon juist "
                                     "staat en typ de code die de app nu toont."))
    return render(request, "staff/enrol.html", {
        "form": form,
        "qr_svg": services.qr_code_svg(device),
        "secret": services.secret_base32(device),
        "issuer": settings.OTP_TOTP_ISSUER,
        "staff_user": user,
    }, status=status)


# --- Verified staff -------------------------------------------------------------------------------

@never_cache
@login_required(login_url="staff:login")
@require_http_methods(["GET", "POST"])
def backup_codes_view(request):
    """Show how many backup codes are left; a POST replaces them all by new ones (shown once)."""
    if request.method == "POST":
        codes = services.regenerate_backup_codes(request.user)
        return render(request, "staff/backup_codes_new.html", {
            "codes": codes, "first_time": False, "continue_url": reverse("staff:home"),
        })
    return render(request, "staff/backup_codes.html",
                  {"remaining": services.remaining_backup_codes(request.user)})


@never_cache
@login_required(login_url="staff:login")
def home_view(request):
    user = request.user
    return render(request, "staff/home.html", {
        "role_labels": roles.role_labels_of(user),
        "can_view_register": user.has_perm(roles.VIEW_REGISTER_DATA),
        "is_administrator": roles.is_administrator(user),
        "remaining_backup_codes": services.remaining_backup_codes(user),
        "may_help": assist.may_help(user),
    })


@never_cache
@login_required(login_url="staff:login")
@permission_required(roles.VIEW_REGISTER_DATA, raise_exception=True)
@sensitive_post_parameters("national_number")
@require_http_methods(["GET", "POST"])
def register_lookup_view(request):
    """Look a person up in the register, with a reason. POST only: the number never enters a URL.

    registry.services audits every read (who, when, why, about whom); this view only asks.
    """
    form = RegisterLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["national_number"]
        access = registry.Access.staff(request.user, purpose=form.purpose())
        person = registry.get_person(number, access=access)
        context = {"form": RegisterLookupForm(), "number": nrn.formatted(number), "person": person,
                   "reason": form.purpose()}
        if person is not None:
            household = registry.get_household(number, access=access)
            context.update({
                "sex": _choice_label(Sex, person.sex),
                "household": household,
                "members": [(member, _choice_label(HouseholdRelation, member.relation))
                            for member in household.members] if household else [],
                "residences": registry.get_address_history(number, access=access),
                "nationalities": registry.get_nationalities(number, access=access),
            })
        return render(request, "staff/register_result.html", context)
    return render(request, "staff/register_lookup.html", {"form": form})


def _choice_label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value
