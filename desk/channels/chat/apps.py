from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskChatConfig(AppConfig):
    name = "desk.channels.chat"
    label = "desk_chat"
    verbose_name = _("Chat")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from desk.channels.chat import checks  # noqa: F401  (registers the system checks)
