from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskWhatsAppConfig(AppConfig):
    name = "desk.whatsapp"
    label = "desk_whatsapp"
    verbose_name = _("WhatsApp")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ..services import register_sender
        from ..states import Channel
        from . import checks  # noqa: F401  (registers the system checks)
        from .services import enqueue_send

        # Answers on a WhatsApp conversation (from the conversation page, or desk.services.reply on the
        # case it became) go out through the adapter, after the commit.
        register_sender(Channel.WHATSAPP, enqueue_send)
