import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from identity.models import User
from identity.staff import roles
from tests.factories.identity import ResidentFactory, StaffUserFactory

from .test_staff_helpers import sign_in

pytestmark = pytest.mark.django_db


def test_staff_roles_exist_and_only_civil_affairs_and_administrators_may_read_the_register():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLE_LABELS)
    for name in roles.ROLE_LABELS:
        user = StaffUserFactory(username=f"user-{name}", role=name, with_device=False)
        expected = name in (roles.CIVIL_AFFAIRS, roles.ADMINISTRATOR)
        assert user.has_perm(roles.VIEW_REGISTER_DATA) is expected, name


# The table identity/staff/roles.py held before each app declared its own permissions on its AppConfig.
EXPECTED_ROLE_PERMISSIONS = {
    roles.CIVIL_AFFAIRS: {"identity.view_register_data", "certificates.decide_certificate_request"},
    roles.DESK_AGENT: {"desk.handle_case", "desk.view_handling_reports"},
    roles.DEPARTMENT_STAFF: {"desk.handle_case", "desk.view_handling_reports"},
    roles.VOLUNTEER: set(),
    roles.ADMINISTRATOR: {"identity.view_register_data", "certificates.decide_certificate_request",
                          "desk.handle_case", "desk.view_handling_reports",
                          "news.manage_posts", "news.approve_posts", "news.publish_crisis"},
    roles.COMMUNICATION: {"news.manage_posts", "news.approve_posts", "news.publish_crisis"},
}


def group_permissions() -> dict[str, set[str]]:
    return {group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
            for group in Group.objects.filter(name__in=roles.ROLE_LABELS).prefetch_related("permissions__content_type")}


def test_after_migrate_each_role_group_holds_exactly_the_permissions_the_apps_declare():
    assert {role: set(perms) for role, perms in roles.role_permissions().items()} == EXPECTED_ROLE_PERMISSIONS
    assert group_permissions() == EXPECTED_ROLE_PERMISSIONS  # the test database was built by migrate
    roles.ensure_roles()
    assert group_permissions() == EXPECTED_ROLE_PERMISSIONS  # idempotent


def test_identity_names_no_permission_of_the_apps_above_it():
    import inspect

    source = inspect.getsource(roles)
    for app in ("certificates.", "desk.", "news."):
        assert f'"{app}' not in source


def test_a_permission_for_an_unknown_role_is_refused(monkeypatch):
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setattr(apps.get_app_config("news"), "role_permissions", {"editor": ("news.manage_posts",)})
    with pytest.raises(ImproperlyConfigured, match="news gives permissions to 'editor'"):
        roles.role_permissions()


def test_staff_home_shows_roles_and_links_by_role(client):
    clerk = StaffUserFactory(username="bart", role=roles.CIVIL_AFFAIRS, first_name="Bart")
    sign_in(client, clerk)
    html = client.get(reverse("staff:home")).content.decode()
    assert "Dag Bart" in html and "Burgerzaken" in html
    assert reverse("staff:register_lookup") in html
    assert reverse("admin:index") not in html
    client.post(reverse("identity:sign_out"))

    admin = StaffUserFactory(username="berta", role=roles.ADMINISTRATOR)
    sign_in(client, admin)
    html = client.get(reverse("staff:home")).content.decode()
    assert reverse("admin:index") in html and reverse("staff:register_lookup") in html


def test_create_demo_staff_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("create_demo_staff")
    assert not User.objects.filter(username="burgerzaken").exists()


def test_create_demo_staff_is_idempotent_and_creates_no_device(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.delenv("DEMO_STAFF_PASSWORD", raising=False)
    call_command("create_demo_staff", stdout=io.StringIO())
    call_command("create_demo_staff", stdout=io.StringIO())
    users = {u.username: u for u in User.objects.filter(is_staff=True)}
    assert set(users) == {"burgerzaken", "balie", "verlichting", "vrijwilliger", "beheerder", "communicatie",
                          "communicatie2"}
    assert all(u.check_password("Thuisloket-demo-2026") for u in users.values())
    assert users["beheerder"].is_superuser and not users["burgerzaken"].is_superuser
    assert users["burgerzaken"].has_perm(roles.VIEW_REGISTER_DATA)
    assert not users["vrijwilliger"].has_perm(roles.VIEW_REGISTER_DATA)
    assert not TOTPDevice.objects.exists()


def test_admin_shows_residents_with_masked_national_number(client):
    admin = StaffUserFactory(username="berta", role=roles.ADMINISTRATOR, is_superuser=True)
    ResidentFactory(user__username="resident-1", national_number="85073003328", family_name="Janssens")
    sign_in(client, admin)
    html = client.get(reverse("admin:identity_resident_changelist")).content.decode()
    assert "85.07.30-***.**" in html
    assert "85073003328" not in html and "033.28" not in html
