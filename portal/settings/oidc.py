"""Resident sign-in through OpenID Connect (names follow mozilla-django-oidc's settings), the keyed hash
of national numbers, and the switch of the development OpenID provider (``devidp``).

A part of ``portal.settings.base`` (imported at its end, after ``security``, whose CSP it adjusts); load
that module, not this one.
"""
from .env import csp_form_action, env_bool, env_int, env_list, env_str
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
OIDC_NRN_CLAIM = env_list(
    "OIDC_NRN_CLAIM", ["http://itsme.services/v2/claim/BENationalNumber", "egovNRN", "rrn"]
)
# Accepted acr values: explicit URNs and/or an eIDAS level ("low", "substantial", "high") meaning
# every known means of at least that level (identity.oidc.assurance).
OIDC_MIN_ACR = env_list("OIDC_MIN_ACR", ["substantial"])
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True  # needed as id_token_hint for RP-initiated logout
OIDC_TOKEN_USE_BASIC_AUTH = env_bool("OIDC_TOKEN_USE_BASIC_AUTH", False)
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
