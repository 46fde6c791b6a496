from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskFeedbackConfig(AppConfig):
    name = "desk.feedback"
    label = "desk_feedback"
    verbose_name = _("Tevredenheid")
    default_auto_field = "django.db.models.BigAutoField"
