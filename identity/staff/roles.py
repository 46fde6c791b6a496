"""Staff roles are Django groups (created by migration 0002_staff_roles); this module names them.

Identity owns the roles, not what they may do in other apps: each app declares which of *its own*
permissions a role holds, on its AppConfig (apps above identity may import these role names)::

    class SomeAppConfig(AppConfig):
        role_permissions = {DESK_AGENT: ("some_app.some_codename", ...), ADMINISTRATOR: (...)}

:func:`role_permissions` collects those declarations from the installed apps, and :func:`ensure_roles`
gives every role group its permissions after each migrate.
"""
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

CIVIL_AFFAIRS = "burgerzaken"
DESK_AGENT = "desk_agent"
DEPARTMENT_STAFF = "department_staff"
VOLUNTEER = "volunteer"
ADMINISTRATOR = "administrator"
COMMUNICATION = "communication"

ROLE_LABELS = {
    CIVIL_AFFAIRS: _("Burgerzaken"),
    DESK_AGENT: _("Medewerker contactcenter"),
    DEPARTMENT_STAFF: _("Medewerker van een dienst"),
    VOLUNTEER: _("Vrijwilliger digitale inclusie"),
    ADMINISTRATOR: _("Beheerder"),
    COMMUNICATION: _("Medewerker communicatie"),
}

# "app_label.codename" as user.has_perm() wants it; created for identity.Resident by the migration.
VIEW_REGISTER_DATA = "identity.view_register_data"


REGISTER_ROLES = (CIVIL_AFFAIRS, ADMINISTRATOR)


def role_permissions() -> dict[str, tuple[str, ...]]:
    """Which role holds which permission ("app_label.codename"), as the installed apps declare them in
    their AppConfig's ``role_permissions``, in INSTALLED_APPS order."""
    from django.apps import apps

    collected: dict[str, list[str]] = {role: [] for role in ROLE_LABELS}
    for config in apps.get_app_configs():
        for role, permissions in getattr(config, "role_permissions", {}).items():
            if role not in collected:
                raise ImproperlyConfigured(f"{config.name} gives permissions to {role!r}, which is not a role.")
            collected[role].extend(p for p in permissions if p not in collected[role])
    return {role: tuple(permissions) for role, permissions in collected.items()}


def ensure_roles(**kwargs) -> None:
    """Create the role groups and give each its permissions (idempotent).

    Connected to post_migrate, so the roles exist after every migrate and every test-database flush.
    """
    from django.contrib.auth.models import Group, Permission

    for name, permissions in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=name)
        for permission in permissions:
            app_label, codename = permission.split(".")
            found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if found is not None:  # a permission that does not exist (yet) has nothing to give
                group.permissions.add(found)


def roles_of(user) -> list[str]:
    """The role identifiers (group names) a user holds, in ROLE_LABELS order."""
    names = set(user.groups.values_list("name", flat=True))
    return [role for role in ROLE_LABELS if role in names]


def role_labels_of(user) -> list[str]:
    return [ROLE_LABELS[role] for role in roles_of(user)]


def is_administrator(user) -> bool:
    return user.is_superuser or ADMINISTRATOR in roles_of(user)


def is_only_volunteer(user) -> bool:
    """A volunteer with no other role: their work is /helpen/, so that is where they land after signing in."""
    return not user.is_superuser and roles_of(user) == [VOLUNTEER]
