"""Resident sign-in through OpenID Connect (names follow mozilla-django-oidc's settings), the keyed hash
of national numbers, and the switch of the development OpenID provider (``devidp``).

A part of ``portal.settings.base`` (imported at its end, after ``security``, whose CSP it adjusts); load
that module, not this one.
"""
from .env import csp_form_action, env_bool, env_choice, env_int, env_json, env_list, env_str, env_words
from .security import CONTENT_SECURITY_POLICY

OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid profile")
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER", "")
# Endpoints left empty are read from the issuer's /.well-known/openid-configuration (identity.oidc.config).
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = env_str("OIDC_OP_LOGOUT_ENDPOINT", "")
# Claim(s) carrying the national number; by default itsme's, FAS's and the Flemish IdP's are tried.
ITSME_NRN_CLAIM = "http://itsme.services/v2/claim/BENationalNumber"
OIDC_NRN_CLAIM = env_list("OIDC_NRN_CLAIM", [ITSME_NRN_CLAIM, "egovNRN", "rrn"])
# Accepted acr values: explicit URNs and/or an eIDAS level ("low", "substantial", "high") meaning
# every known means of at least that level (identity.oidc.assurance).
# Comma- or space-separated (space is how OIDC writes acr_values); explicit URNs are also sent as acr_values.
OIDC_MIN_ACR = env_words("OIDC_MIN_ACR", ["substantial"])
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True  # needed as id_token_hint for RP-initiated logout
OIDC_TOKEN_USE_BASIC_AUTH = env_bool("OIDC_TOKEN_USE_BASIC_AUTH", False)
# --- The high-assurance profile (itsme direct; identity.oidc.jose): see docs/OPERATIONS.md.
# client_secret_post, client_secret_basic (what OIDC_TOKEN_USE_BASIC_AUTH=1 has always meant) or private_key_jwt.
OIDC_RP_CLIENT_AUTH_METHOD = env_choice(
    "OIDC_RP_CLIENT_AUTH_METHOD", ["client_secret_post", "client_secret_basic", "private_key_jwt"],
    "client_secret_basic" if OIDC_TOKEN_USE_BASIC_AUTH else "client_secret_post",
)
# mozilla-django-oidc reads OIDC_TOKEN_USE_BASIC_AUTH itself: keep the two settings saying the same thing.
OIDC_TOKEN_USE_BASIC_AUTH = OIDC_RP_CLIENT_AUTH_METHOD == "client_secret_basic"
# Our private RSA keys (RFC 7517 JWK Set, one "use": "sig" and one "use": "enc" at least); manage.py oidc_rp_keys.
OIDC_RP_PRIVATE_JWKS_FILE = env_str("OIDC_RP_PRIVATE_JWKS_FILE", "")
OIDC_RP_REQUEST_OBJECT = env_choice("OIDC_RP_REQUEST_OBJECT", ["none", "signed", "signed_encrypted"], "none")
# 1: an ID token or userinfo that is merely signed (not signed-then-encrypted) is refused.
OIDC_RP_REQUIRE_ENCRYPTED_TOKENS = env_bool("OIDC_RP_REQUIRE_ENCRYPTED_TOKENS", False)
OIDC_RP_CLAIMS = env_json("OIDC_RP_CLAIMS", None)
if OIDC_RP_CLAIMS is None and OIDC_NRN_CLAIM == [ITSME_NRN_CLAIM]:
    # itsme releases the national number only when asked for through the claims parameter.
    OIDC_RP_CLAIMS = {"id_token": {ITSME_NRN_CLAIM: {"essential": True}},
                      "userinfo": {ITSME_NRN_CLAIM: {"essential": True}}}
# Seconds an OpenID provider may cache our public JWKS (/oidc/jwks/); itsme caches 30 minutes to 24 hours.
OIDC_RP_JWKS_MAX_AGE = env_int("OIDC_RP_JWKS_MAX_AGE", 1800)
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
OIDC_VERIFY_SSL = env_bool("OIDC_VERIFY_SSL", True)
OIDC_AUTH_REQUEST_EXTRA_PARAMS = {}
OIDC_AUTHENTICATE_CLASS = "identity.oidc.views.SignInStartView"
OIDC_CALLBACK_CLASS = "identity.oidc.views.SignInCallbackView"
OIDC_CLOCK_SKEW = env_int("OIDC_CLOCK_SKEW", 60)
ALLOW_LOGOUT_GET_METHOD = False
# Signing out posts a form that redirects to the IdP's end-session endpoint.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] = csp_form_action(OIDC_OP_ISSUER, OIDC_OP_LOGOUT_ENDPOINT)
# Keyed hash of national numbers (lookups without the number in clear). Keep it stable and secret.
NRN_HASH_KEY = env_str("NRN_HASH_KEY", "")

# --- The development OpenID provider runs only when the dev settings say so.
DEVIDP_ENABLED = False
