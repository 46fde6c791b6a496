"""Staff roles as groups, and the permission to look people up in the register."""
from django.db import migrations

ROLES = ["burgerzaken", "desk_agent", "department_staff", "volunteer", "administrator"]
REGISTER_ROLES = ["burgerzaken", "administrator"]
CODENAME = "view_register_data"
PERMISSION_NAME = "Mag registergegevens raadplegen"


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Content types are normally made after migrate (post_migrate); this one is needed now.
    resident_type, _ = ContentType.objects.get_or_create(app_label="identity", model="resident")
    permission, _ = Permission.objects.get_or_create(
        content_type=resident_type, codename=CODENAME, defaults={"name": PERMISSION_NAME}
    )
    for name in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        if name in REGISTER_ROLES:
            group.permissions.add(permission)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.filter(name__in=ROLES).delete()
    Permission.objects.filter(content_type__app_label="identity", codename=CODENAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("identity", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
