from django.core.checks import Warning, register
from oauth2_provider.settings import oauth2_settings

from .keys import rsa_key_path


@register()
def signing_key_present(app_configs, **kwargs):
    # A warning, not an error: ``devidp_setup`` runs ``migrate`` before it creates the key.
    if oauth2_settings.OIDC_RSA_PRIVATE_KEY:
        return []
    return [
        Warning(
            f"No RSA key for ID tokens at {rsa_key_path()}.",
            hint="Run `DJANGO_SETTINGS_MODULE=devidp.settings manage.py devidp_setup`.",
            id="devidp.W001",
        )
    ]
