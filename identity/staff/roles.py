"""Staff roles are Django groups (created by migration 0002_staff_roles); this module names them."""
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

# The news channel's content calendar: write and plan, approve others' posts, publish a crisis at once.
NEWS_PERMISSIONS = ("news.manage_posts", "news.approve_posts", "news.publish_crisis")

# Which role holds which permission, as "app_label.codename" (apps above identity declare them; they are
# named here, never imported).
ROLE_PERMISSIONS = {
    CIVIL_AFFAIRS: ("identity.view_register_data", "certificates.decide_certificate_request"),
    DESK_AGENT: ("desk.handle_case", "desk.view_handling_reports"),
    DEPARTMENT_STAFF: ("desk.handle_case", "desk.view_handling_reports"),
    ADMINISTRATOR: ("identity.view_register_data", "certificates.decide_certificate_request",
                    "desk.handle_case", "desk.view_handling_reports", *NEWS_PERMISSIONS),
    COMMUNICATION: NEWS_PERMISSIONS,
}


def ensure_roles(**kwargs) -> None:
    """Create the role groups and give each its permissions (idempotent).

    Connected to post_migrate, so the roles exist after every migrate and every test-database flush.
    """
    from django.contrib.auth.models import Group, Permission

    for name in ROLE_LABELS:
        group, _created = Group.objects.get_or_create(name=name)
        for permission in ROLE_PERMISSIONS.get(name, ()):
            app_label, codename = permission.split(".")
            found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if found is not None:  # an app that is not installed has no permission to give
                group.permissions.add(found)


def roles_of(user) -> list[str]:
    """The role identifiers (group names) a user holds, in ROLE_LABELS order."""
    names = set(user.groups.values_list("name", flat=True))
    return [role for role in ROLE_LABELS if role in names]


def role_labels_of(user) -> list[str]:
    return [ROLE_LABELS[role] for role in roles_of(user)]


def is_administrator(user) -> bool:
    return user.is_superuser or ADMINISTRATOR in roles_of(user)
