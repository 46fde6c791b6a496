from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from identity.staff.roles import ADMINISTRATOR, DEPARTMENT_STAFF, DESK_AGENT

HANDLING = ("desk.handle_case", "desk.view_handling_reports")


class DeskConfig(AppConfig):
    name = "desk"
    verbose_name = _("Contactcenter")
    default_auto_field = "django.db.models.BigAutoField"
    # Which staff roles hold this app's permissions (collected by identity.staff.roles.ensure_roles).
    role_permissions = {DESK_AGENT: HANDLING, DEPARTMENT_STAFF: HANDLING, ADMINISTRATOR: HANDLING}

    def ready(self):
        from desk import checks  # noqa: F401  (registers the system checks)
