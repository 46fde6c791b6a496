"""System checks: tell an operator what is misconfigured before the first request, not at 3 a.m."""
from django.conf import settings
from django.core import checks

from common.development import is_development

from .oidc import rp_keys


@checks.register(checks.Tags.security, deploy=True)
def check_identity_settings(app_configs, **kwargs):
    errors = []
    if not settings.NRN_HASH_KEY or settings.NRN_HASH_KEY.startswith("insecure-"):
        errors.append(checks.Error(
            "NRN_HASH_KEY is not set: national numbers cannot be hashed for lookups.",
            hint="Set NRN_HASH_KEY to a long random secret and keep it stable (changing it orphans residents).",
            id="thuisloket.E001",
        ))
    uses_secret = settings.OIDC_RP_CLIENT_AUTH_METHOD != "private_key_jwt"
    if not settings.OIDC_RP_CLIENT_ID or (uses_secret and not settings.OIDC_RP_CLIENT_SECRET):
        errors.append(checks.Error(
            "No OpenID Connect client is configured: residents cannot sign in.",
            hint="Set OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET (or OIDC_RP_CLIENT_AUTH_METHOD=private_key_jwt "
                 "with OIDC_RP_PRIVATE_JWKS_FILE) for the city's identity provider.",
            id="thuisloket.E002",
        ))
    errors += check_rp_keys()
    if not settings.OIDC_OP_ISSUER:
        errors.append(checks.Error(
            "OIDC_OP_ISSUER is not set: ID tokens cannot be checked against their issuer.",
            hint="Set OIDC_OP_ISSUER, e.g. https://idp.iamfas.belgium.be/fas/oauth2 for FAS.",
            id="thuisloket.E003",
        ))
    elif not is_development() and not settings.OIDC_OP_ISSUER.startswith("https://"):
        errors.append(checks.Error(
            "OIDC_OP_ISSUER must use https in production.", id="thuisloket.E004",
        ))
    if getattr(settings, "DEVIDP_ENABLED", False) and not is_development():
        errors.append(checks.Error(
            "The development identity provider is enabled while DEBUG is off.",
            hint="Use portal.settings.base (production) settings, which never enable it.",
            id="thuisloket.E005",
        ))
    if not settings.CELERY_BROKER_URL:
        errors.append(checks.Error(
            "CELERY_BROKER_URL is not set: certificates would never be issued.",
            hint="Set CELERY_BROKER_URL (redis://… or amqp://…) or REDIS_URL.",
            id="thuisloket.E006",
        ))
    return errors


def check_rp_keys() -> list:
    """The high-assurance profile: the settings that need our own keys have usable ones (thuisloket.E007)."""
    needs_sig = settings.OIDC_RP_CLIENT_AUTH_METHOD == "private_key_jwt" or settings.OIDC_RP_REQUEST_OBJECT != "none"
    needs_enc = settings.OIDC_RP_REQUIRE_ENCRYPTED_TOKENS
    path = settings.OIDC_RP_PRIVATE_JWKS_FILE
    if not (needs_sig or needs_enc or path):
        return []
    problems = []
    if not path:
        problems.append("OIDC_RP_PRIVATE_JWKS_FILE is not set")
    else:
        try:
            raw_keys = rp_keys.read_key_file(path)
            keys = rp_keys.select(raw_keys)
        except rp_keys.KeyFileError as exc:
            return [_key_error(str(exc))]
        if needs_sig and keys.signing_key is None:
            problems.append("no signing key (\"use\": \"sig\") in force in the key file")
        if needs_enc and not keys.enc:
            problems.append("encrypted tokens are required but the key file has no \"use\": \"enc\" key")
        weak = [raw.get("kid") for raw in raw_keys if rp_keys.rsa_bits(raw) < rp_keys.MIN_RSA_BITS]
        if weak:
            problems.append(f"keys under {rp_keys.MIN_RSA_BITS} bits: {', '.join(map(str, weak))}")
        if rp_keys.is_readable_by_others(path):
            problems.append(f"{path} is readable by its group or others (chmod 600)")
    return [_key_error(problem) for problem in problems]


def _key_error(problem: str):
    return checks.Error(
        f"The OpenID relying party keys are not usable: {problem}.",
        hint="Create or rotate them with manage.py oidc_rp_keys (docs/OPERATIONS.md, itsme direct).",
        id="thuisloket.E007",
    )
