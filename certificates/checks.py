"""System checks for the certificates app (imported by CertificatesConfig.ready)."""
from django.conf import settings
from django.core import checks

from common.development import is_development

from . import sealing


@checks.register(checks.Tags.security, deploy=True)
def check_seal_configured(app_configs, **kwargs):
    """In production (DEBUG off) the city's seal must be configured and loadable: no seal, no certificates."""
    if is_development():
        return []
    if not settings.SEAL_PKCS12_FILE:
        problem = "SEAL_PKCS12_FILE is not set: issued certificates cannot be sealed."
    else:
        try:
            sealing.check_loadable()
        except sealing.SealNotConfigured as exc:
            problem = str(exc)
        else:
            return []
    return [checks.Error(
        problem,
        hint="Point SEAL_PKCS12_FILE at the city's seal (PKCS#12 from a qualified trust service) and set "
             "SEAL_PKCS12_PASSPHRASE; SEAL_TRUST_ROOT_FILE names the CA it chains to.",
        id="thuisloket.E010",
    )]
