from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from jwcrypto import jwt
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.settings import oauth2_settings

from . import full_profile
from .models import DemoSignIn
from .profiles import CLAIM_SCOPES, PROFILES, build_claims, subject

NRN_CLAIMS = {profile.nrn_claim for profile in PROFILES.values()}
NRN_SCOPES = {profile.nrn_scope for profile in PROFILES.values()}


class DevIdpValidator(OAuth2Validator):
    """Adds the FAS / itsme / Flemish claims to DOT's ID token and userinfo.

    DOT keeps a claim only when ``oidc_claim_scope`` maps it to a granted scope. The national number
    claims are released by their provider's scope (egovnrn, eid, rrn) as the real ones are; but a
    client that asks for none of those scopes still gets the number (a development convenience, so
    a relying party configured with just "openid profile" works): see get_oidc_claims.
    """

    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, **CLAIM_SCOPES}

    def get_additional_claims(self, request):
        sign_in = DemoSignIn.objects.filter(user=request.user).first()
        if sign_in is None:
            return {}
        client_id = request.client.client_id if request.client else request.client_id
        sub = subject(
            settings.SECRET_KEY, sign_in.profile, client_id, sign_in.national_number or sign_in.persona_key
        )
        return build_claims(
            profile=sign_in.profile,
            means=sign_in.means,
            national_number=sign_in.national_number,
            given_name=sign_in.given_name,
            family_name=sign_in.family_name,
            birth_date=sign_in.birth_date,
            sub=sub,
        )

    def get_oidc_claims(self, token, token_handler, request):
        data = self.get_claim_dict(request)
        granted = set(request.scopes or [])
        lenient = not (NRN_SCOPES & granted)
        claims = {}
        for name, value in data.items():
            if self.oidc_claim_scope.get(name) in granted or (lenient and name in NRN_CLAIMS):
                claims[name] = value(request) if callable(value) else value
        return claims

    def get_discovery_claims(self, request):
        # The request-aware get_additional_claims hides the claims from discovery; list them here.
        standard = ["sub", "given_name", "family_name", "name", "birthdate", "acr", "amr", "auth_time"]
        return standard + ["givenName", "surname"] + [p.nrn_claim for p in PROFILES.values()]

    def finalize_id_token(self, id_token, token, token_handler, request):
        if not oauth2_settings.OIDC_RSA_PRIVATE_KEY:
            raise ImproperlyConfigured(
                "The development provider has no RSA signing key: run "
                "`DJANGO_SETTINGS_MODULE=devidp.settings manage.py devidp_setup` and restart it."
            )
        # A full-profile client gets it encrypted by views.DevTokenView: DOT reads it back signed before that.
        return super().finalize_id_token(id_token, token, token_handler, request)

    # --- itsme's full profile (devidp.full_profile) --------------------------------------------
    def authenticate_client(self, request, *args, **kwargs):
        body = dict(request.decoded_body or [])
        client = full_profile.registration(body.get("client_id") or request.client_id)
        if client is None:
            if body.get("client_assertion"):
                return False  # an assertion from a client registered without the full profile
            return super().authenticate_client(request, *args, **kwargs)
        # The assertion's aud is our token endpoint (or, as RFC 7523 allows, our issuer).
        issuer = oauth2_settings.oidc_issuer(request)
        token_endpoint = issuer.rstrip("/") + "/token/"
        if not full_profile.authenticate(body, client, [token_endpoint, issuer]):
            return False
        return self._load_application(client.client_id, request) is not None

    def get_userinfo_claims(self, request):
        claims = super().get_userinfo_claims(request)
        client = full_profile.registration(request.client.client_id if request.client else None)
        if client is None:
            return claims
        key = request.client.jwk_key
        issuer = oauth2_settings.oidc_issuer(request)
        signed = jwt.JWT(header={"alg": "RS256", "typ": "JWT", "kid": key.thumbprint()},
                         claims={**claims, "iss": issuer, "aud": client.client_id})
        signed.make_signed_token(key)
        return full_profile.encrypt_for(client, signed.serialize(), "userinfo")
