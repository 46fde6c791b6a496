"""The admin site: django-otp's OTPAdminSite, so the admin asks for a verified second factor too
(identity.middleware.StaffTwoFactorMiddleware checks it before the admin does).

Installed the way Django documents for a custom default site: ``portal.apps.AdminConfig`` (in
INSTALLED_APPS instead of ``django.contrib.admin``) names this class as ``default_site``, so
``django.contrib.admin.site`` is an instance of it from the start.
"""
from django_otp.admin import OTPAdminSite


class StaffAdminSite(OTPAdminSite):
    # OTPAdminSite's default instance name is "otpadmin"; the URL namespace stays "admin" (admin:index).
    name = "admin"

    def __init__(self, name: str = "admin"):
        super().__init__(name)
