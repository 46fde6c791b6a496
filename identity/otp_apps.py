"""django-otp's two device apps under names staff understand, in the admin and everywhere Django shows an app.

Django's documented way: an AppConfig subclass named in INSTALLED_APPS instead of the package (the label,
and so the tables, migrations and admin URLs, stay django-otp's). Without it the admin lists "OTP_TOTP" and
"OTP_STATIC". The model names are relabelled by the admin site (portal/admin_site.py): changing a library
model's Meta would make ``makemigrations`` write a migration into django-otp.
"""
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticDefaultConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPDefaultConfig


class TOTPConfig(TOTPDefaultConfig):
    verbose_name = _("Aanmelden met een app (medewerkers)")


class StaticConfig(StaticDefaultConfig):
    verbose_name = _("Reservecodes (medewerkers)")
