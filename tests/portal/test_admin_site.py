"""The admin site is django-otp's two-factor site (portal/admin_site.py), installed as Django's default site."""
from types import SimpleNamespace

from django.contrib import admin
from django.urls import reverse
from django_otp.admin import OTPAdminSite

from portal.admin_site import StaffAdminSite


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
