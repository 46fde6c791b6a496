"""System checks: tell an operator what is misconfigured before the first request, not at 3 a.m."""
from django.conf import settings
from django.core import checks

from common.development import is_development


@checks.register(checks.Tags.security, deploy=True)
def check_identity_settings(app_configs, **kwargs):
    errors = []
    if not settings.NRN_HASH_KEY or settings.NRN_HASH_KEY.startswith("insecure-"):
        errors.append(checks.Error(
            "NRN_HASH_KEY is not set: national numbers cannot be hashed for lookups.",
            hint="Set NRN_HASH_KEY to a long random secret and keep it stable (changing it orphans residents).",
            id="thuisloket.E001",
        ))
    if not settings.OIDC_RP_CLIENT_ID or not settings.OIDC_RP_CLIENT_SECRET:
        errors.append(checks.Error(
            "No OpenID Connect client is configured: residents cannot sign in.",
            hint="Set OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET for the city's identity provider.",
            id="thuisloket.E002",
        ))
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
