from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .staff.roles import REGISTER_ROLES, VIEW_REGISTER_DATA


class IdentityConfig(AppConfig):
    name = "identity"
    verbose_name = _("Identiteit en toegang")
    # Identity's own permissions per staff role (each app declares its own; identity.staff.roles collects).
    role_permissions = {role: (VIEW_REGISTER_DATA,) for role in REGISTER_ROLES}

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import checks  # noqa: F401  (registers the system checks)
        from .staff.roles import ensure_roles  # in ready(): it uses the auth models, loaded only now

        # After auth's own post_migrate created the permissions (apps are handled in INSTALLED_APPS order).
        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="identity.ensure_roles")
