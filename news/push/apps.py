from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsPushConfig(AppConfig):
    name = "news.push"
    label = "news_push"
    verbose_name = _("Webpush-meldingen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
