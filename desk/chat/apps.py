from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskChatConfig(AppConfig):
    name = "desk.chat"
    label = "desk_chat"
    verbose_name = _("Chat")
    default_auto_field = "django.db.models.BigAutoField"
