import json
from urllib.parse import parse_qs, urlencode, urlsplit

from django.contrib.auth import get_user_model, login, logout
from django.http import HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from oauth2_provider.models import get_application_model
from oauth2_provider.settings import oauth2_settings
from oauth2_provider.views import AuthorizationView, JwksInfoView, TokenView
from oauthlib.common import add_params_to_uri

from . import full_profile
from .forms import LoginForm
from .models import DemoSignIn
from .profiles import MEANS, PROFILES

# Set by the login page, consumed by the next authorisation request.
FRESH_LOGIN_KEY = "devidp_fresh_login"
# Set when a full-profile client's request object was opened: the login page says so.
FULL_PROFILE_KEY = "devidp_full_profile"
PLAIN_PARAMS = ("response_type", "client_id", "scope", "redirect_uri")


class DevAuthorizationView(AuthorizationView):
    """DOT's authorisation endpoint, but every authorisation goes through the login page.

    A developer wants to pick another persona, means or profile on each sign-in; silently reusing the
    provider's session (single sign-on) would hide that choice.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.session.pop(FRESH_LOGIN_KEY, False):
            logout(request)
        client = full_profile.registration(request.GET.get("client_id"))
        if client is not None and request.method == "GET":
            try:
                self._use_request_object(request, client)
            except full_profile.FullProfileError as exc:
                return _refuse(request, str(exc))
        return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def _use_request_object(request, client):
        """itsme's full profile: every parameter comes from the encrypted request object; the plain ones
        must match it ("Oauth2 parameters do not match Request object")."""
        if "request" not in request.GET:
            # Back from the login page: the URL is the one we made from a request object opened before.
            if request.session.get(FULL_PROFILE_KEY, {}).get("query") == request.META.get("QUERY_STRING"):
                return
            raise full_profile.FullProfileError("itsme's full profile requires an encrypted request object.")
        params = full_profile.open_request_object(
            request.GET["request"], client, oauth2_settings.oidc_issuer(request))
        for name in PLAIN_PARAMS:
            if name in request.GET and request.GET[name] != params.get(name):
                raise full_profile.FullProfileError("Oauth2 parameters do not match Request object.")
        # DOT reads the parameters from the URL: replace it by the request object's (which also keeps the
        # login page's next= short enough for Django's redirect check).
        query = urlencode({name: str(value) for name, value in params.items()})
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)
        request.session[FULL_PROFILE_KEY] = {"client_id": client.client_id, "query": query}


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
        form = LoginForm(initial={"next": request.GET.get("next", "")},
                         full_profile=bool(request.session.get(FULL_PROFILE_KEY)))
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
        context = {"form": form, "profiles": PROFILES.values(), "means": MEANS,
                   "full_profile_client": request.session.get(FULL_PROFILE_KEY, {}).get("client_id")}
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


class DevJwksInfoView(JwksInfoView):
    """DOT's JWKS (signing keys) plus our encryption key, to which full-profile clients encrypt."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        enc = full_profile.public_enc_jwk()
        if enc is None:
            return response
        keys = json.loads(response.content)["keys"]
        answer = JsonResponse({"keys": [*keys, enc]})
        for header in ("Access-Control-Allow-Origin", "Cache-Control"):
            if response.has_header(header):
                answer[header] = response[header]
        return answer


class DevTokenView(TokenView):
    """DOT's token endpoint; a full-profile client's ID token leaves signed and then encrypted to its key."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        client = full_profile.registration(request.POST.get("client_id"))
        if client is None or response.status_code != 200:
            return response
        body = json.loads(response.content)
        if body.get("id_token"):
            body["id_token"] = full_profile.encrypt_for(client, body["id_token"], "ID token")
            response.content = json.dumps(body).encode()
        return response
