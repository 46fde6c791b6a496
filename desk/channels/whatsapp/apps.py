from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskWhatsAppConfig(AppConfig):
    name = "desk.channels.whatsapp"
    label = "desk_whatsapp"
    verbose_name = _("WhatsApp")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from desk.channels.whatsapp import checks  # noqa: F401  (registers the system checks)
