from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from identity.staff.roles import ADMINISTRATOR, COMMUNICATION

# The content calendar: write and plan, approve others' posts, publish a crisis at once.
NEWS_PERMISSIONS = ("news.manage_posts", "news.approve_posts", "news.publish_crisis")


class NewsConfig(AppConfig):
    name = "news"
    label = "news"
    verbose_name = _("Nieuws en crisiscommunicatie")
    default_auto_field = "django.db.models.BigAutoField"
    # Which staff roles hold this app's permissions (collected by identity.staff.roles.ensure_roles).
    role_permissions = {ADMINISTRATOR: NEWS_PERMISSIONS, COMMUNICATION: NEWS_PERMISSIONS}

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
