from urllib.parse import parse_qs, urlsplit

from django.contrib.auth import get_user_model, login, logout
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from oauth2_provider.models import get_application_model
from oauth2_provider.settings import oauth2_settings
from oauth2_provider.views import AuthorizationView
from oauthlib.common import add_params_to_uri

from .forms import LoginForm
from .models import DemoSignIn
from .profiles import MEANS, PROFILES

# Set by the login page, consumed by the next authorisation request.
FRESH_LOGIN_KEY = "devidp_fresh_login"


class DevAuthorizationView(AuthorizationView):
    """DOT's authorisation endpoint, but every authorisation goes through the login page.

    A developer wants to pick another persona, means or profile on each sign-in; silently reusing the
    provider's session (single sign-on) would hide that choice.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.session.pop(FRESH_LOGIN_KEY, False):
            logout(request)
        return super().dispatch(request, *args, **kwargs)


def index(request):
    return render(
        request,
        "devidp/index.html",
        {
            "discovery_url": request.build_absolute_uri(
                reverse("oauth2_provider:oidc-connect-discovery-info")
            ),
            "profiles": PROFILES.values(),
        },
    )


def _first(params: dict, name: str) -> str:
    values = params.get(name) or [""]
    return values[0]


def _refuse(request, message: str):
    return render(request, "devidp/error.html", {"message": message}, status=400)


class LoginView(View):
    template_name = "devidp/login.html"

    def get(self, request):
        form = LoginForm(initial={"next": request.GET.get("next", "")})
        return self._render(request, form)

    def post(self, request):
        if "cancel" in request.POST:
            return self._cancel(request, request.POST.get("next", ""))
        form = LoginForm(request.POST)
        if not form.is_valid():
            return self._render(request, form)
        persona = form.chosen_persona
        profile, means = form.cleaned_data["profile"], form.cleaned_data["means"]
        user, created = get_user_model().objects.get_or_create(username=persona.username(profile, means))
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        DemoSignIn.objects.update_or_create(
            user=user,
            defaults={
                "persona_key": persona.key,
                "national_number": persona.national_number,
                "given_name": persona.given_name,
                "family_name": persona.family_name,
                "birth_date": persona.birth_date,
                "profile": profile,
                "means": means,
            },
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        request.session[FRESH_LOGIN_KEY] = True
        target = form.cleaned_data["next"]
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("devidp:index")
        return redirect(target)

    def _render(self, request, form):
        context = {"form": form, "profiles": PROFILES.values(), "means": MEANS}
        return render(request, self.template_name, context)

    def _cancel(self, request, next_url: str):
        """Send the browser back to the client with error=access_denied, as a real IdP does.

        The redirect URI comes from the browser, so it is checked against the client's registered
        URIs first: the provider must never become an open redirect.
        """
        parsed = urlsplit(next_url)
        if parsed.scheme or parsed.netloc or parsed.path != reverse("oauth2_provider:authorize"):
            return _refuse(request, "Annuleren kan alleen vanuit een aanmeldverzoek van een toepassing.")
        params = parse_qs(parsed.query)
        application = get_application_model().objects.filter(client_id=_first(params, "client_id")).first()
        if application is None:
            return _refuse(request, "Onbekende toepassing (client_id).")
        redirect_uri = _first(params, "redirect_uri")
        if not redirect_uri:
            registered = application.redirect_uris.split()
            redirect_uri = registered[0] if len(registered) == 1 else ""
        if not redirect_uri or not application.redirect_uri_allowed(redirect_uri):
            return _refuse(request, "De redirect_uri is niet geregistreerd voor deze toepassing.")
        answer = [
            ("error", "access_denied"),
            ("error_description", "De gebruiker heeft het aanmelden geannuleerd."),
        ]
        state = _first(params, "state")
        if state:
            answer.append(("state", state))
        if oauth2_settings.COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS:
            answer.append(("iss", oauth2_settings.oauth2_authorization_server_issuer(request)))
        return HttpResponseRedirect(add_params_to_uri(redirect_uri, answer))
