"""The admin site: django-otp's OTPAdminSite, so the admin asks for a verified second factor too
(identity.middleware.StaffTwoFactorMiddleware checks it before the admin does).

Installed the way Django documents for a custom default site: ``portal.apps.AdminConfig`` (in
INSTALLED_APPS instead of ``django.contrib.admin``) names this class as ``default_site``, so
``django.contrib.admin.site`` is an instance of it from the start.

Titled as the city's Thuisloket, not "Django-beheer"; django-otp's models, whose English names we cannot
change without a migration in the library, get staff's names in the app list (index and sidebar).
"""
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

# (app label, model name) → the name staff read in the admin's lists.
MODEL_NAMES = {
    ("otp_totp", "totpdevice"): _("Authenticator-apps"),
    ("otp_static", "staticdevice"): _("Reeksen reservecodes"),
}


class StaffAdminSite(OTPAdminSite):
    # OTPAdminSite's default instance name is "otpadmin"; the URL namespace stays "admin" (admin:index).
    name = "admin"
    site_header = _("Thuisloket · beheer")
    site_title = _("Thuisloket-beheer")
    index_title = _("Beheer van het Thuisloket")

    def __init__(self, name: str = "admin"):
        super().__init__(name)

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        for app in apps:
            for model in app["models"]:
                name = MODEL_NAMES.get((app["app_label"], model["object_name"].lower()))
                if name is not None:
                    model["name"] = name
        return apps
