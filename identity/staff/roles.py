"""Staff roles are Django groups (created by migration 0002_staff_roles); this module names them."""
from django.utils.translation import gettext_lazy as _

CIVIL_AFFAIRS = "burgerzaken"
DESK_AGENT = "desk_agent"
DEPARTMENT_STAFF = "department_staff"
VOLUNTEER = "volunteer"
ADMINISTRATOR = "administrator"

ROLE_LABELS = {
    CIVIL_AFFAIRS: _("Burgerzaken"),
    DESK_AGENT: _("Medewerker contactcenter"),
    DEPARTMENT_STAFF: _("Medewerker van een dienst"),
    VOLUNTEER: _("Vrijwilliger digitale inclusie"),
    ADMINISTRATOR: _("Beheerder"),
}

# "app_label.codename" as user.has_perm() wants it; created for identity.Resident by the migration.
VIEW_REGISTER_DATA = "identity.view_register_data"


REGISTER_ROLES = (CIVIL_AFFAIRS, ADMINISTRATOR)


def ensure_roles(**kwargs) -> None:
    """Create the role groups and give the register permission to its roles (idempotent).

    Connected to post_migrate, so the roles exist after every migrate and every test-database flush.
    """
    from django.contrib.auth.models import Group, Permission

    # Permissions by name: identity must not import the apps above it (certificates declares its own).
    granted = Permission.objects.filter(
        content_type__app_label__in=["identity", "certificates"],
        codename__in=["view_register_data", "decide_certificate_request"],
    )
    for name in ROLE_LABELS:
        group, _created = Group.objects.get_or_create(name=name)
        if name in REGISTER_ROLES:
            group.permissions.add(*granted)


def roles_of(user) -> list[str]:
    """The role identifiers (group names) a user holds, in ROLE_LABELS order."""
    names = set(user.groups.values_list("name", flat=True))
    return [role for role in ROLE_LABELS if role in names]


def role_labels_of(user) -> list[str]:
    return [ROLE_LABELS[role] for role in roles_of(user)]


def is_administrator(user) -> bool:
    return user.is_superuser or ADMINISTRATOR in roles_of(user)
