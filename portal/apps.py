from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portaal")

    def ready(self):
        # Imported for what they connect: the system checks, and forgetting the layout's fragments when a setting
        # changes (portal/fragments.py).
        from . import checks, fragments  # noqa: F401


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our default site: two factors for the admin (portal/admin_site.py)."""

    default = False  # not portal's own config: PortalConfig stays the one Django picks for "portal"
    default_site = "portal.admin_site.StaffAdminSite"
