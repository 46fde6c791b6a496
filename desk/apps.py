from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "desk"
    verbose_name = _("Contactcenter")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from desk import checks  # noqa: F401  (registers the system checks)
