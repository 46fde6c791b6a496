"""The admin site is django-otp's two-factor site (portal/admin_site.py), installed as Django's default site."""
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django_otp.admin import OTPAdminSite

from portal.admin_site import StaffAdminSite
from tests.factories.identity import StaffUserFactory
from tests.identity.test_staff_helpers import sign_in


def test_admin_site_is_the_two_factor_site_under_the_usual_name():
    assert isinstance(admin.site, StaffAdminSite) and isinstance(admin.site, OTPAdminSite)
    assert admin.site.name == "admin" and reverse("admin:index") == "/admin/"
    assert admin.site._registry  # the apps' admin modules registered on it


def test_admin_site_itself_refuses_staff_without_a_verified_second_factor(rf):
    """Even without identity's StaffTwoFactorMiddleware in front of it."""
    request = rf.get("/admin/")
    request.user = SimpleNamespace(is_active=True, is_staff=True, is_verified=lambda: False)
    assert not admin.site.has_permission(request)
    request.user.is_verified = lambda: True
    assert admin.site.has_permission(request)


@pytest.mark.parametrize(("language", "expected"), [
    ("nl", ("Thuisloket · beheer", "Beheer van het Thuisloket", "Aanmelden met een app (medewerkers)",
            "Authenticator-apps", "Reservecodes (medewerkers)", "Reeksen reservecodes")),
    ("fr", ("Thuisloket · administration", "Applications d&#x27;authentification", "Codes de secours (personnel)")),
    ("en", ("Thuisloket · administration", "Authenticator apps", "Sets of backup codes")),
])
@pytest.mark.django_db
def test_the_admin_is_the_thuisloket_admin_in_the_staff_members_language(client, language, expected):
    sign_in(client, StaffUserFactory(username="beheer", is_superuser=True))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("admin:index")).content.decode()
    for text in expected:
        assert text in page
    for stock in ("Django-beheer", "Django administration", "Otp_Totp", "OTP_TOTP", "TOTP devices", "Otp_Static"):
        assert stock not in page
