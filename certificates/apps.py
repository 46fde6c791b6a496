from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Attesten")

    def ready(self):
        from . import (
            catalogue,  # noqa: F401  (declares the certificate types)
            checks,  # noqa: F401  (registers the system checks)
        )
