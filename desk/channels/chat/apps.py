from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class DeskChatConfig(AppConfig):
    name = "desk.channels.chat"
    label = "desk_chat"
    verbose_name = _("Chat")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Here, not at the top: models load only once apps are ready; checks registers the system checks.
        from desk.channels.chat import checks, wakeups  # noqa: F401
        from desk.conversations.models import ConversationMessage  # here: same reason

        post_save.connect(wakeups.announce_new_messages, sender=ConversationMessage,
                          dispatch_uid="desk.channels.chat.wakeups")
