from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from identity.staff.roles import ADMINISTRATOR, CIVIL_AFFAIRS


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Attesten")
    # Which staff roles hold this app's permissions (collected by identity.staff.roles.ensure_roles).
    role_permissions = {
        CIVIL_AFFAIRS: ("certificates.decide_certificate_request",),
        ADMINISTRATOR: ("certificates.decide_certificate_request",),
    }

    def ready(self):
        # In ready(): these modules use the models, which are loaded only now.
        from . import (
            catalogue,  # noqa: F401  (declares the certificate types)
            checks,  # noqa: F401  (registers the system checks)
        )
