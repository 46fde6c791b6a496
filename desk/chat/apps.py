from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskChatConfig(AppConfig):
    name = "desk.chat"
    label = "desk_chat"
    verbose_name = _("Chat")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from desk.services import register_sender

        from . import checks  # noqa: F401  (registers the system checks)
        from .services import chat_sender

        # After the commit of every outgoing chat message: an answer the visitor does not see in time
        # goes to their mailbox or e-mail (desk.chat.tasks.notify_unseen_answer).
        register_sender("chat", chat_sender)
