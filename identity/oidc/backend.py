"""Resident sign-in: mozilla-django-oidc's code flow, with every check its defaults leave out.

We verify the ID token's signature against the provider's JWKS with exactly the configured algorithm
(so ``alg: none`` and HS256-signed-with-the-public-key are refused), and its ``iss``, ``aud``, ``azp``,
``exp``, ``iat`` and ``nonce``; we read the national number from the configured claim, validate it,
check the level of assurance, and map the person to a Resident by a keyed hash of the number.
"""
import hmac
import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .. import nrn, services
from ..logging import audit_logger
from . import profile
from .assurance import is_accepted
from .config import jwks, op_setting
from .errors import SignInRefused

logger = logging.getLogger(__name__)


class ResidentOIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        # Deliberately not calling super().__init__: it resolves every endpoint at construction, and
        # Django constructs backends on every authenticated request (get_user). We resolve lazily.
        self.UserModel = get_user_model()

    @staticmethod
    def get_settings(attr, *args):
        return op_setting(attr, *args)

    def get_user(self, user_id):
        # Every request of a signed-in resident loads the user; its Resident comes in the same query, since
        # the layout, the resident pages and the checks before them (resident_required) all ask for it.
        return self.UserModel.objects.select_related("resident").filter(pk=user_id).first()

    # mozilla-django-oidc reads these attributes; they come from settings or discovery when used.
    @property
    def OIDC_OP_TOKEN_ENDPOINT(self):  # noqa: N802
        return op_setting("OIDC_OP_TOKEN_ENDPOINT")

    @property
    def OIDC_OP_USER_ENDPOINT(self):  # noqa: N802
        return op_setting("OIDC_OP_USER_ENDPOINT")

    @property
    def OIDC_OP_JWKS_ENDPOINT(self):  # noqa: N802
        return op_setting("OIDC_OP_JWKS_ENDPOINT")

    @property
    def OIDC_RP_CLIENT_ID(self):  # noqa: N802
        return settings.OIDC_RP_CLIENT_ID

    @property
    def OIDC_RP_CLIENT_SECRET(self):  # noqa: N802
        return settings.OIDC_RP_CLIENT_SECRET

    @property
    def OIDC_RP_SIGN_ALGO(self):  # noqa: N802
        return settings.OIDC_RP_SIGN_ALGO

    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        # Only the OIDC callback authenticates here; a username/password attempt is not ours.
        if request is None or "username" in kwargs or "password" in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    # --- the token request ------------------------------------------------------------------------
    def get_token(self, payload):
        """Exchange the code; with private_key_jwt a signed client assertion replaces the client secret."""
        if settings.OIDC_RP_CLIENT_AUTH_METHOD != "private_key_jwt":
            return self._token_response_json(lambda: super(ResidentOIDCBackend, self).get_token(payload))

        form = profile.token_request_authentication(payload, self.OIDC_OP_TOKEN_ENDPOINT)

        def post():
            response = requests.post(self.OIDC_OP_TOKEN_ENDPOINT, data=form, verify=settings.OIDC_VERIFY_SSL,
                                     timeout=settings.OIDC_TIMEOUT)
            self.raise_token_response_error(response)
            return response.json()

        return self._token_response_json(post)

    @staticmethod
    def _token_response_json(call):
        try:
            return call()
        except requests.HTTPError as exc:
            # A provider that refuses our client (a replayed assertion, a wrong key) is not "unavailable".
            status = exc.response.status_code if exc.response is not None else 0
            if 400 <= status < 500:
                try:
                    error = str(exc.response.json().get("error", ""))[:40]
                except ValueError:
                    error = ""
                raise SignInRefused("idp_error", f"token endpoint answered {status} {error}".strip()) from exc
            raise

    def store_tokens(self, access_token, id_token):
        # The signed ID token, not its encrypted envelope: it is the id_token_hint of the logout (OIDC Core).
        super().store_tokens(access_token, getattr(self, "_inner_id_token", id_token))

    # --- token verification -------------------------------------------------------------------
    def _signing_key(self, token: str):
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise SignInRefused("token_invalid", "unreadable header") from exc
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SignInRefused("token_invalid", f"alg {header.get('alg')!r} is not {self.OIDC_RP_SIGN_ALGO}")
        kid = header.get("kid")
        for refresh in (False, True):
            keyset = jwt.PyJWKSet.from_dict(jwks(force_refresh=refresh))
            candidates = [k for k in keyset.keys if kid is None or k.key_id == kid]
            if candidates:
                return candidates[0].key
        raise SignInRefused("token_invalid", "no matching key in the provider's JWKS")

    def _decode(self, token: str, *, require: list[str]) -> dict:
        if not token:
            raise SignInRefused("token_invalid", "no token")
        key = self._signing_key(token)
        try:
            return jwt.decode(
                token,
                key=key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_OP_ISSUER,
                leeway=settings.OIDC_CLOCK_SKEW,
                options={"require": require},
            )
        except jwt.PyJWTError as exc:
            raise SignInRefused("token_invalid", exc.__class__.__name__) from exc

    def verify_token(self, token, **kwargs):
        """Verify an ID token: decrypt it when encrypted, then signature, alg, iss, aud, azp, exp, iat, nonce."""
        token = self._inner_id_token = profile.unwrap(token or "", "the ID token")
        payload = self._decode(token, require=["iss", "aud", "exp", "iat", "sub", "nonce"])
        audiences = payload["aud"] if isinstance(payload["aud"], list) else [payload["aud"]]
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SignInRefused("token_invalid", "azp does not name this client")
        expected_nonce = kwargs.get("nonce")
        if not expected_nonce or not hmac.compare_digest(str(payload["nonce"]), str(expected_nonce)):
            raise SignInRefused("token_invalid", "nonce mismatch")
        self._id_claims = payload
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        response = self._userinfo_response(access_token)
        if response.headers.get("content-type", "").lower().startswith("application/jwt"):
            claims = self._decode(profile.unwrap(response.text.strip(), "the userinfo"), require=["sub"])
        elif settings.OIDC_RP_REQUIRE_ENCRYPTED_TOKENS:
            raise SignInRefused("token_invalid", "the userinfo is not encrypted while encryption is required")
        else:
            claims = response.json()
        if claims.get("sub") != payload.get("sub"):
            # OIDC Core 5.3.2: the userinfo response must be about the same subject.
            raise SignInRefused("token_invalid", "userinfo sub differs from the ID token's")
        return claims

    def _userinfo_response(self, access_token):
        response = requests.get(
            self.OIDC_OP_USER_ENDPOINT,
            headers={"Authorization": f"Bearer {access_token}"},
            verify=settings.OIDC_VERIFY_SSL,
            timeout=settings.OIDC_TIMEOUT,
        )
        response.raise_for_status()
        return response

    # --- mapping to a resident ------------------------------------------------------------------
    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload) if self.OIDC_OP_USER_ENDPOINT else {}
        claims = {**userinfo, **payload}  # the signed ID token wins over userinfo
        national_number = self._national_number(payload, userinfo)
        acr = payload.get("acr") or userinfo.get("acr")
        if not is_accepted(acr, settings.OIDC_MIN_ACR):
            audit_logger.info("sign_in.refused reason=acr_too_low acr=%s", acr)
            raise SignInRefused("acr_too_low", str(acr))
        user = services.sign_in_resident(
            national_number=national_number,
            given_name=claims.get("given_name") or claims.get("givenName") or "",
            family_name=claims.get("family_name") or claims.get("surname") or "",
            acr=acr or "",
        )
        self.request.session["oidc_acr"] = acr or ""
        return user

    def _national_number(self, *sources: dict) -> str:
        found = []
        for source in sources:
            for claim in settings.OIDC_NRN_CLAIM:
                if source.get(claim):
                    found.append(str(source[claim]))
        if not found:
            audit_logger.info("sign_in.refused reason=nrn_missing")
            raise SignInRefused("nrn_missing")
        try:
            numbers = {nrn.validate(value) for value in found}
        except nrn.InvalidNationalNumber as exc:
            audit_logger.info("sign_in.refused reason=nrn_invalid")
            raise SignInRefused("nrn_invalid") from exc
        if len(numbers) != 1:
            raise SignInRefused("token_invalid", "ID token and userinfo carry different national numbers")
        return numbers.pop()
