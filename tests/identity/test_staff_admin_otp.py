"""The admin shows no TOTP secret: OTP_ADMIN_HIDE_SENSITIVE_DATA."""
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.identity import StaffUserFactory

from .test_staff_helpers import sign_in


def test_the_admin_totp_device_page_does_not_show_the_key(client, settings, db):
    assert settings.OTP_ADMIN_HIDE_SENSITIVE_DATA is True
    user = StaffUserFactory(username="beheer", is_superuser=True)
    sign_in(client, user)
    device = TOTPDevice.objects.get(user=user, confirmed=True)

    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert device.key not in body and device.key.upper() not in body
    assert 'name="key"' not in body
    assert device.config_url not in body
    for name in ("admin:otp_totp_totpdevice_config", "admin:otp_totp_totpdevice_qrcode"):
        assert client.get(reverse(name, args=[device.pk])).status_code == 403
